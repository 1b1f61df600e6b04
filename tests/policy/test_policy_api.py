"""The public API contract of iacsim.policy (issue 4) and its explanations."""

from __future__ import annotations

import json

import pytest

from iacsim.policy import (
    AuthorizationRequest,
    Decision,
    Grant,
    NamedPolicy,
    PolicyError,
    Reason,
    aws_managed_key_policy,
    evaluate,
)

KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DEFAULT_KEY_POLICY = {
    "Version": "2012-10-17",
    "Id": "key-default-1",
    "Statement": [{"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "kms:*", "Resource": "*"}],
}
IAM_DECRYPT = {"Version": "2012-10-17",
               "Statement": [{"Sid": "Decrypt", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}


def test_cross_account_denial_reads_like_the_issue_example() -> None:
    decision = evaluate(
        AuthorizationRequest(principal="arn:aws:iam::222222222222:role/app", action="kms:Decrypt", resource=KEY),
        identity_policies=[IAM_DECRYPT], resource_policy=DEFAULT_KEY_POLICY,
    )
    assert isinstance(decision, Decision)
    assert decision.outcome == "implicit_deny"
    assert decision.allowed is False
    assert str(decision).startswith(
        f"denied: the key policy of {KEY} has no statement allowing account 222222222222; "
        "an IAM allow in 222222222222 is not enough")
    # The identity allow that was not enough is listed, and the decisive reason is the key policy.
    roles = [(r.role, r.kind) for r in decision.reasons]
    assert ("allow", "identity") in roles
    assert decision.decisive is not None and decision.decisive.kind == "key"


def test_near_miss_names_the_statement_and_the_failed_condition() -> None:
    key_policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowReplication", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/repl"},
         "Action": "kms:Decrypt", "Resource": "*",
         "Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}]}
    decision = evaluate(
        AuthorizationRequest("arn:aws:iam::111111111111:role/repl", "kms:Decrypt", KEY,
                             context={"kms:ViaService": "s3.us-east-1.amazonaws.com"}),
        resource_policy=key_policy)
    near = [r for r in decision.reasons if r.role == "near_miss"]
    assert len(near) == 1
    assert near[0].statement == "'AllowReplication'"
    assert ("statement 'AllowReplication' would match but its condition "
            "kms:ViaService=s3.eu-west-1.amazonaws.com did not match s3.us-east-1.amazonaws.com") in near[0].message
    assert "closest:" in str(decision)


def test_every_matching_statement_is_listed_and_exactly_one_decides() -> None:
    deny = {"Version": "2012-10-17", "Statement": [
        {"Sid": "A", "Effect": "Allow", "Action": "kms:*", "Resource": "*"},
        {"Sid": "D1", "Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"},
        {"Sid": "D2", "Effect": "Deny", "Action": "kms:*", "Resource": "*"}]}
    decision = evaluate(AuthorizationRequest("arn:aws:iam::111111111111:role/app", "kms:Decrypt", KEY),
                        identity_policies=[deny], resource_policy=DEFAULT_KEY_POLICY)
    assert decision.outcome == "explicit_deny"
    listed = {(r.role, r.statement) for r in decision.reasons}
    assert {("allow", "'A'"), ("deny", "'D1'"), ("deny", "'D2'"),
            ("allow", "'Enable IAM User Permissions'")} <= listed
    assert [r.role for r in decision.reasons].count("decisive") == 1
    assert decision.reasons[-1].role == "decisive"


def test_decision_serializes_to_json() -> None:
    decision = evaluate(AuthorizationRequest("arn:aws:iam::111111111111:role/app", "kms:Decrypt", KEY),
                        identity_policies=[IAM_DECRYPT], resource_policy=DEFAULT_KEY_POLICY)
    data = json.loads(json.dumps(decision.to_dict()))
    assert data["outcome"] == "allowed" and data["allowed"] is True
    assert data["summary"] == str(decision)
    assert all(set(r) == {"role", "kind", "policy", "statement", "message"} for r in data["reasons"])
    assert all(isinstance(r, Reason) for r in decision.reasons)


def test_named_policies_appear_in_explanations() -> None:
    decision = evaluate(AuthorizationRequest("arn:aws:iam::111111111111:role/app", "kms:Decrypt", KEY),
                        identity_policies=[NamedPolicy("AppKmsRead", IAM_DECRYPT)],
                        resource_policy=DEFAULT_KEY_POLICY)
    assert decision.allowed
    assert "identity policy 'AppKmsRead' statement 'Decrypt'" in str(decision)


def test_grant_objects_and_list_grants_dicts_are_equivalent() -> None:
    request = AuthorizationRequest("arn:aws:iam::111111111111:role/app", "kms:Decrypt", KEY,
                                   encryption_context={"tenant": "a"})
    as_object = Grant("arn:aws:iam::111111111111:role/app", ("Decrypt",),
                      constraints={"EncryptionContextSubset": {"tenant": "a"}}, grant_id="g1")
    as_dict = {"GrantId": "g1", "GranteePrincipal": "arn:aws:iam::111111111111:role/app",
               "Operations": ["Decrypt"], "Constraints": {"EncryptionContextSubset": {"tenant": "a"}}}
    assert Grant.from_dict(as_dict) == as_object
    for grant in (as_object, as_dict):
        assert evaluate(request, resource_policy={"Version": "2012-10-17", "Statement": []}, grants=[grant]).allowed


def test_a_policy_mutated_in_place_is_recompiled() -> None:
    # Compiled policies are cached; a dict changed after a first evaluation must not be served stale.
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    request = AuthorizationRequest("arn:aws:iam::111111111111:role/app", "s3:GetObject", "arn:aws:s3:::b/k",
                                   resource_account="111111111111")
    assert evaluate(request, identity_policies=[policy]).allowed
    policy["Statement"][0]["Effect"] = "Deny"
    assert evaluate(request, identity_policies=[policy]).outcome == "explicit_deny"


def test_policy_error_names_policy_statement_and_problem() -> None:
    bad = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {"a:b": "c"}}}]}
    with pytest.raises(PolicyError) as caught:
        evaluate(AuthorizationRequest("arn:aws:iam::111111111111:role/app", "s3:GetObject", "*"),
                 identity_policies=[IAM_DECRYPT, bad])
    assert str(caught.value) == "identity policy #1: Statement[2].Condition: unknown operator 'StringEqualz'"
    assert caught.value.location == "identity policy #1: Statement[2].Condition"
    assert caught.value.message == "unknown operator 'StringEqualz'"


def test_aws_managed_key_policy_has_the_documented_conditions() -> None:
    policy = aws_managed_key_policy("ssm", "111111111111", "eu-west-1")
    use = policy["Statement"][0]
    assert use["Condition"]["StringEquals"] == {"kms:CallerAccount": "111111111111",
                                                "kms:ViaService": "ssm.eu-west-1.amazonaws.com"}
    via_ssm = AuthorizationRequest("arn:aws:iam::111111111111:role/app", "kms:Decrypt",
                                   "arn:aws:kms:eu-west-1:111111111111:key/m",
                                   context={"kms:ViaService": "ssm.eu-west-1.amazonaws.com"})
    assert evaluate(via_ssm, resource_policy=policy).allowed


def test_unknown_values_in_a_policy_are_reported_not_guessed() -> None:
    from iacsim.values import Unknown

    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": Unknown("data source not read", "data.aws_s3_bucket.x")}]}
    request = AuthorizationRequest("arn:aws:iam::111111111111:role/app", "s3:GetObject", "arn:aws:s3:::b/k",
                                   resource_account="111111111111")
    decision = evaluate(request, identity_policies=[policy])
    assert decision.outcome == "unknown"
    assert decision.summary == ("unknown: identity policy #0 statement Statement[0] resource data.aws_s3_bucket.x is "
                                "not known before apply (data source not read); it could allow s3:GetObject")
    # For a key without a key policy an identity policy never allows: the unknown Resource cannot change that.
    key_policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": Unknown("data source not read", "data.aws_kms_key.x")}]}
    key_request = AuthorizationRequest("arn:aws:iam::111111111111:role/app", "kms:Decrypt", KEY)
    assert evaluate(key_request, identity_policies=[key_policy]).outcome == "implicit_deny"


def test_bool_condition_with_a_variable_that_is_not_a_boolean_matches_nothing() -> None:
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
         "Condition": {"Bool": {"aws:SecureTransport": "${aws:PrincipalTag/tls}"}}}]}
    request = AuthorizationRequest("arn:aws:iam::111111111111:role/app", "s3:GetObject", "arn:aws:s3:::b/k",
                                   resource_account="111111111111",
                                   context={"aws:PrincipalTag/tls": "maybe", "aws:SecureTransport": "true"})
    assert evaluate(request, identity_policies=[policy]).outcome == "implicit_deny"
    tagged = AuthorizationRequest("arn:aws:iam::111111111111:role/app", "s3:GetObject", "arn:aws:s3:::b/k",
                                  resource_account="111111111111",
                                  context={"aws:PrincipalTag/tls": "TRUE", "aws:SecureTransport": "true"})
    assert evaluate(tagged, identity_policies=[policy]).allowed


def test_cross_account_grant_with_identity_allow_but_no_key_policy_allow_is_explained_by_the_grant() -> None:
    request = AuthorizationRequest("arn:aws:iam::222222222222:role/app", "kms:Decrypt", KEY)
    decision = evaluate(request, identity_policies=[IAM_DECRYPT], resource_policy=DEFAULT_KEY_POLICY,
                        grants=[Grant("arn:aws:iam::222222222222:role/app", ("Decrypt",), grant_id="g-x")])
    assert decision.allowed
    assert decision.decisive is not None and decision.decisive.kind == "grant"
    assert "grant g-x allows arn:aws:iam::222222222222:role/app to Decrypt" in str(decision)


def test_allow_names_the_statement_that_granted_directly() -> None:
    key_policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "App", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/app"},
         "Action": "kms:Decrypt", "Resource": "*"}]}
    decision = evaluate(AuthorizationRequest("arn:aws:iam::111111111111:role/app", "kms:Decrypt", KEY),
                        resource_policy=key_policy)
    assert decision.allowed
    assert str(decision) == ("allowed: key policy statement 'App' allows arn:aws:iam::111111111111:role/app "
                             "to kms:Decrypt")


def test_near_miss_is_shown_even_when_another_statement_of_the_policy_allowed() -> None:
    # The root statement "allows" (delegating to IAM) but no IAM policy exists; the statement that
    # was meant for the replication role failed on its encryption-context condition: say so.
    key_policy = {"Version": "2012-10-17", "Statement": [
        DEFAULT_KEY_POLICY["Statement"][0],
        {"Sid": "AllowReplication", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::111111111111:role/replication"}, "Action": "kms:Decrypt",
         "Resource": "*", "Condition": {"StringLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::src/logs/*"}}}]}
    request = AuthorizationRequest("arn:aws:sts::111111111111:assumed-role/replication/s3", "kms:Decrypt", KEY,
                                   encryption_context={"aws:s3:arn": "arn:aws:s3:::src/data/x"})
    decision = evaluate(request, resource_policy=key_policy)
    assert decision.outcome == "implicit_deny"
    assert ("closest: key policy statement 'AllowReplication' would match but its condition StringLike "
            "kms:EncryptionContext:aws:s3:arn=arn:aws:s3:::src/logs/* did not match arn:aws:s3:::src/data/x") in str(decision)


def test_explain_lists_the_summary_then_every_reason() -> None:
    decision = evaluate(AuthorizationRequest("arn:aws:iam::111111111111:role/app", "kms:Decrypt", KEY),
                        identity_policies=[IAM_DECRYPT], resource_policy=DEFAULT_KEY_POLICY)
    lines = decision.explain().splitlines()
    assert lines[0] == str(decision)
    assert lines[1:] == [f"  - [{r.role}] {r.message}" for r in decision.reasons]
