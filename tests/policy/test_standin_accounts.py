"""Stand-in accounts in the request context (``AuthorizationRequest.unknown_accounts``): a decision that would
change had the stand-in been an account the request or the policies name is ``unknown``, never an allow or a
deny (issue 13 §1, :mod:`iacsim.policy.standins`). Without stand-ins nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

from iacsim.policy import AuthorizationRequest, NamedPolicy, evaluate

STANDIN = "111111111111"
NAMED = "222222222222"
KEY = f"arn:aws:kms:us-east-1:{STANDIN}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
APP = f"arn:aws:iam::{STANDIN}:role/app"
HOW = "give it with --account-id"
IAM_ALLOW = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}


def policy(*statements: Any) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def root_of(account: str, sid: str = "Root", **extra: Any) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "kms:*", "Resource": "*", **extra}


def decrypt(principal: str = APP, resource: str = KEY, standins: bool = True) -> AuthorizationRequest:
    return AuthorizationRequest(principal, "kms:Decrypt", resource,
                                unknown_accounts={STANDIN: HOW} if standins else {})


def test_a_key_policy_naming_another_account_is_unknown_for_a_stand_in_not_denied():
    key_policy = NamedPolicy("key policy", policy(root_of(NAMED, "Enable IAM User Permissions")))
    assert evaluate(decrypt(standins=False), [IAM_ALLOW], key_policy).outcome == "implicit_deny"
    decision = evaluate(decrypt(), [IAM_ALLOW], key_policy)
    assert decision.outcome == "unknown"
    assert decision.summary.startswith(f"unknown: account {STANDIN} is a stand-in")
    assert f"had it been {NAMED}" in decision.summary and HOW in decision.summary
    decisive = decision.decisive
    assert decisive is not None and (decisive.policy, decisive.statement) == ("key policy 'key policy'",
                                                                              "'Enable IAM User Permissions'")
    assert [r.role for r in decision.reasons].count("unknown") == 1


def test_a_deny_that_matches_only_because_the_stand_in_is_not_the_named_account_is_unknown():
    guard = {"Sid": "OnlyNamed", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
             "Condition": {"StringNotEquals": {"kms:CallerAccount": NAMED}}}
    key_policy = policy(root_of(STANDIN), guard)
    assert evaluate(decrypt(standins=False), [IAM_ALLOW], key_policy).outcome == "explicit_deny"
    decision = evaluate(decrypt(), [IAM_ALLOW], key_policy)
    assert decision.outcome == "unknown" and "would be allowed" in decision.summary


@pytest.mark.parametrize("condition", [{"StringEquals": {"aws:PrincipalAccount": NAMED}},
                                       {"StringEquals": {"kms:CallerAccount": NAMED}},
                                       {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{NAMED}:role/*"}}])
def test_a_condition_comparing_the_stand_in_with_a_literal_account_is_unknown(condition: dict[str, Any]):
    key_policy = policy({"Sid": "Named", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt",
                         "Resource": "*", "Condition": condition})
    assert evaluate(decrypt(standins=False), [], key_policy).outcome == "implicit_deny"
    assert evaluate(decrypt(), [], key_policy).outcome == "unknown"


def test_two_stand_ins_of_one_scan_are_one_account_and_an_unrelated_literal_changes_nothing():
    """The caller and the key share the stand-in; a statement for the named account allows nothing more."""
    key_policy = policy(root_of(STANDIN), {"Sid": "Partner", "Effect": "Allow",
                                           "Principal": {"AWS": f"arn:aws:iam::{NAMED}:root"},
                                           "Action": "kms:Decrypt", "Resource": "*"})
    assert evaluate(decrypt(), [IAM_ALLOW], key_policy).outcome == "allowed"
    assert evaluate(decrypt(), [], key_policy).outcome == "implicit_deny"  # with no IAM allow, whatever it is


def test_known_accounts_are_decided_as_before():
    """Neither the caller nor the key is in the stand-in: the named account is compared as written."""
    known = "333333333333"
    request = decrypt(f"arn:aws:iam::{known}:role/app", KEY.replace(STANDIN, known))
    key_policy = policy(root_of(NAMED))
    assert evaluate(request, [IAM_ALLOW], key_policy).outcome == "implicit_deny"


def test_a_stand_in_caller_on_a_key_of_a_known_account_may_be_that_account():
    """The key's account is written in the code; the caller's is a stand-in that may be the same account."""
    known_key = KEY.replace(STANDIN, NAMED)
    key_policy = policy(root_of(NAMED))
    assert evaluate(decrypt(standins=False, resource=known_key), [IAM_ALLOW], key_policy).outcome == "implicit_deny"
    assert evaluate(decrypt(resource=known_key), [IAM_ALLOW], key_policy).outcome == "unknown"


def test_a_grant_for_a_role_of_the_named_account_is_unknown_for_a_stand_in_caller():
    grant = {"GranteePrincipal": f"arn:aws:iam::{NAMED}:role/app", "Operations": ["Decrypt"]}
    assert evaluate(decrypt(standins=False), [], policy(), grants=[grant]).outcome == "implicit_deny"
    assert evaluate(decrypt(), [], policy(), grants=[grant]).outcome == "unknown"
