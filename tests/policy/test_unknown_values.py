"""Three-valued evaluation: a value not known before apply blanks out only what it can change.

docs/architecture.md §4 ("Missing is unknown too") and docs/aws-behaviour.md §5: a statement with
an unknown part matches, does not match, or maybe matches; the outcome is ``unknown`` only when a
maybe-matching statement could change it (explicit deny first, then allows; for keys the key
policy must allow or trust the account).
"""

from __future__ import annotations

import json
from typing import Any

from iacsim.policy import AuthorizationRequest, compile_policy, evaluate
from iacsim.policy.unknowns import MARKER, policy_json
from iacsim.values import Unknown

ACCOUNT = "111111111111"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
APP = f"arn:aws:iam::{ACCOUNT}:role/app"
OTHER = f"arn:aws:iam::{ACCOUNT}:role/other"
CALLER = Unknown("data source aws_caller_identity is not resolved statically (it reads live infrastructure)",
                 "data.aws_caller_identity.current.arn")
ROOT = {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*", "Resource": "*"}
ADMINS = {"Sid": "KeyAdmins", "Effect": "Allow", "Principal": {"AWS": CALLER}, "Action": "kms:*", "Resource": "*"}
IAM_ALLOW = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}


def key_policy(*statements: Any) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def decrypt(principal: str = APP, **context: str) -> AuthorizationRequest:
    return AuthorizationRequest(principal, "kms:Decrypt", KEY, context=context)


def uses(*principals: Any, sid: str = "Use", effect: Any = "Allow", **extra: Any) -> dict[str, Any]:
    return {"Sid": sid, "Effect": effect, "Principal": {"AWS": list(principals)}, "Action": "kms:Decrypt",
            "Resource": "*", **extra}


def test_an_unknown_principal_entry_still_matches_the_known_ones() -> None:
    policy = key_policy(uses(APP, CALLER))
    assert evaluate(decrypt(APP), resource_policy=policy).outcome == "allowed"
    other = evaluate(decrypt(OTHER), resource_policy=policy)
    assert other.outcome == "unknown"
    assert other.summary == (
        "unknown: key policy statement 'Use' principal data.aws_caller_identity.current.arn is not known before "
        "apply (data source aws_caller_identity is not resolved statically (it reads live infrastructure)); "
        "it could allow kms:Decrypt")
    assert [r.role for r in other.reasons][-2:] == ["unknown", "decisive"]


def test_a_statement_the_unknown_cannot_reach_is_decided_by_the_known_parts() -> None:
    policy = key_policy(uses(APP, CALLER))
    encrypt = AuthorizationRequest(OTHER, "kms:Encrypt", KEY)
    assert evaluate(encrypt, resource_policy=policy).outcome == "implicit_deny"


def test_an_unknown_allow_next_to_a_known_allow_is_an_allow() -> None:
    policy = key_policy(uses(APP), {**ADMINS, "Sid": "MaybeMore"})
    assert evaluate(decrypt(APP), resource_policy=policy).outcome == "allowed"


def test_a_known_explicit_deny_denies_whatever_the_unknowns() -> None:
    deny = {"Sid": "NoDecrypt", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}
    decision = evaluate(decrypt(APP), resource_policy=key_policy(ADMINS, uses(APP, CALLER), deny))
    assert decision.outcome == "explicit_deny"
    assert decision.decisive is not None and decision.decisive.statement == "'NoDecrypt'"


def test_an_unknown_deny_next_to_a_known_allow_is_unknown() -> None:
    deny = uses(CALLER, sid="DenyCaller", effect="Deny")
    decision = evaluate(decrypt(APP), resource_policy=key_policy(uses(APP), deny))
    assert decision.outcome == "unknown"
    assert "statement 'DenyCaller' principal data.aws_caller_identity.current.arn" in decision.summary
    assert decision.summary.endswith("it could deny kms:Decrypt")


def test_an_unknown_effect_could_be_either() -> None:
    maybe = uses("*", sid="Either", effect=CALLER)
    assert evaluate(decrypt(APP), resource_policy=key_policy(uses(APP), maybe)).outcome == "unknown"
    assert evaluate(decrypt(APP), resource_policy=key_policy(maybe)).outcome == "unknown"


def test_an_unknown_condition_value() -> None:
    source = Unknown("known after apply", "aws_sns_topic.alerts.arn")
    policy = key_policy(uses(APP, Condition={"StringEquals": {"aws:SourceArn": ["arn:aws:sns:::known", source]}}))
    assert evaluate(decrypt(APP, **{"aws:SourceArn": "arn:aws:sns:::other"}), resource_policy=policy).outcome \
        == "unknown"
    # a known value that matches decides the OR of the values
    assert evaluate(decrypt(APP, **{"aws:SourceArn": "arn:aws:sns:::known"}), resource_policy=policy).allowed
    # a key absent from the request fails a positive operator, whatever the values
    assert evaluate(decrypt(APP), resource_policy=policy).outcome == "implicit_deny"
    negated = key_policy(uses(APP, Condition={"StringNotEquals": {"aws:SourceArn": source}}))
    assert evaluate(decrypt(APP, **{"aws:SourceArn": "x"}), resource_policy=negated).outcome == "unknown"


def test_kms_key_policy_trusting_the_account_with_an_unknown_admin_statement() -> None:
    policy = key_policy(ROOT, ADMINS)
    # the account trust and an IAM allow decide it, whoever the admin is
    assert evaluate(decrypt(APP), resource_policy=policy, identity_policies=[IAM_ALLOW]).outcome == "allowed"
    # without an IAM allow, the admin statement could name the caller: not known
    assert evaluate(decrypt(APP), resource_policy=policy).outcome == "unknown"
    # an admin statement that does not cover the action changes nothing: the missing IAM allow is a real deny
    admins = {**ADMINS, "Action": ["kms:Create*", "kms:Describe*", "kms:Put*", "kms:ScheduleKeyDeletion"]}
    missing = evaluate(decrypt(APP), resource_policy=key_policy(ROOT, admins))
    assert missing.outcome == "implicit_deny"
    assert "no identity policy allows" in missing.summary


def test_a_defect_in_another_statement_is_still_found() -> None:
    # The Use statement names the wrong role: with the admin's ARN unknown, Decrypt by the app is still denied.
    admins = {**ADMINS, "Action": ["kms:Create*", "kms:Describe*", "kms:Put*"]}
    decision = evaluate(decrypt(APP), resource_policy=key_policy(admins, uses(OTHER)))
    assert decision.outcome == "implicit_deny"


def test_unknown_actions_resources_and_whole_statements() -> None:
    some_action = Unknown("variable actions has no value", "var.actions")
    policy = key_policy({"Sid": "Ops", "Effect": "Allow", "Principal": {"AWS": APP},
                         "Action": ["kms:Encrypt", some_action], "Resource": "*"})
    assert evaluate(AuthorizationRequest(APP, "kms:Encrypt", KEY), resource_policy=policy).allowed
    assert evaluate(decrypt(APP), resource_policy=policy).outcome == "unknown"
    not_action = key_policy({"Effect": "Allow", "Principal": {"AWS": APP}, "NotAction": ["kms:Decrypt", some_action],
                             "Resource": "*"})
    assert evaluate(decrypt(APP), resource_policy=not_action).outcome == "implicit_deny"
    assert evaluate(AuthorizationRequest(APP, "kms:Encrypt", KEY), resource_policy=not_action).outcome == "unknown"
    resource = key_policy({"Effect": "Allow", "Principal": {"AWS": APP}, "Action": "kms:Decrypt",
                           "Resource": CALLER})
    assert evaluate(decrypt(APP), resource_policy=resource).outcome == "unknown"
    whole = evaluate(decrypt(APP), resource_policy=key_policy(uses(APP), CALLER))
    assert whole.outcome == "unknown"
    assert "key policy statement Statement[1] is not known before apply (data.aws_caller_identity" in whole.summary
    assert evaluate(decrypt(APP), resource_policy={"Version": "2012-10-17", "Statement": CALLER}).outcome == "unknown"


def test_not_principal_with_an_unknown_entry() -> None:
    guard = {"Sid": "OnlyAdmins", "Effect": "Deny", "NotPrincipal": {"AWS": [APP, CALLER]}, "Action": "kms:*",
             "Resource": "*"}
    policy = key_policy(uses(APP, OTHER), guard)
    assert evaluate(decrypt(OTHER), resource_policy=policy).outcome == "unknown"


def test_policies_travel_as_json_text_with_markers() -> None:
    text = policy_json(key_policy(uses(APP, CALLER)))
    assert json.loads(text)["Statement"][0]["Principal"]["AWS"][1] == {
        MARKER: CALLER.reason, "ref": "data.aws_caller_identity.current.arn"}
    assert compile_policy(text, "resource").has_unknowns
    assert evaluate(decrypt(OTHER), resource_policy=json.loads(text)).outcome == "unknown"
    assert not compile_policy(key_policy(uses(APP)), "resource").has_unknowns


def test_known_policies_are_unchanged() -> None:
    # Same decisions as before for a policy without unknowns (the fast path).
    policy = key_policy(ROOT, uses(APP))
    assert evaluate(decrypt(APP), resource_policy=policy).outcome == "allowed"
    assert evaluate(decrypt(OTHER), resource_policy=policy).outcome == "implicit_deny"
