"""Invariants of the evaluator, checked on generated policies and requests (hypothesis).

* adding an explicit Deny anywhere never turns a denial into an allow;
* adding an Allow statement to an identity policy never turns an allow into a denial;
* the order of statements, and of identity policies, does not change the outcome;
* evaluation is deterministic (same decision, same reasons).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacsim.policy import AuthorizationRequest, evaluate

OWNER = "111111111111"
OTHER = "222222222222"
KEY = f"arn:aws:kms:us-east-1:{OWNER}:key/k1"
OBJECT = "arn:aws:s3:::data/obj"

ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:PutKeyPolicy", "s3:GetObject", "s3:PutObject"]
PATTERNS = ["*", "kms:*", "kms:Decrypt", "kms:Enc*", "s3:*", "s3:Get*", "s3:PutObject", "kms:PutKeyPolicy"]
RESOURCES = ["*", KEY, "arn:aws:kms:*:*:key/*", "arn:aws:s3:::data/*", "arn:aws:s3:::other/*"]
PRINCIPALS = [
    f"arn:aws:iam::{OWNER}:role/app", f"arn:aws:sts::{OWNER}:assumed-role/app/s1", f"arn:aws:iam::{OWNER}:user/u",
    f"arn:aws:iam::{OWNER}:root", f"arn:aws:iam::{OTHER}:role/app", f"arn:aws:iam::{OTHER}:root", "s3.amazonaws.com",
]
POLICY_PRINCIPALS: list[Any] = [
    "*", {"AWS": OWNER}, {"AWS": f"arn:aws:iam::{OTHER}:root"}, {"AWS": f"arn:aws:iam::{OWNER}:role/app"},
    {"AWS": f"arn:aws:iam::{OTHER}:role/app"}, {"Service": "s3.amazonaws.com"},
]
CONDITIONS: list[Any] = [
    None,
    {"StringEquals": {"aws:PrincipalTag/team": "red"}},
    {"StringNotEquals": {"aws:PrincipalTag/team": "blue"}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"StringEquals": {"kms:CallerAccount": OWNER}},
    {"StringLikeIfExists": {"kms:ViaService": "s3.*"}},
    {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["a"]}},
    {"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": ["a"]}},
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
]


def statement(effect: str, with_principal: bool) -> st.SearchStrategy[dict[str, Any]]:
    def build(action: str, resource: str, principal: Any, condition: Any) -> dict[str, Any]:
        result: dict[str, Any] = {"Effect": effect, "Action": action, "Resource": resource}
        if with_principal:
            result["Principal"] = principal
        if condition is not None:
            result["Condition"] = condition
        return result
    return st.builds(build, st.sampled_from(PATTERNS), st.sampled_from(RESOURCES),
                     st.sampled_from(POLICY_PRINCIPALS), st.sampled_from(CONDITIONS))


def any_statement(with_principal: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(statement("Allow", with_principal), statement("Deny", with_principal))


def policy(with_principal: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.lists(any_statement(with_principal), min_size=1, max_size=4).map(
        lambda statements: {"Version": "2012-10-17", "Statement": statements})


requests = st.builds(
    lambda principal, action, context: AuthorizationRequest(
        principal=principal, action=action, resource=KEY if action.startswith("kms:") else OBJECT,
        resource_account=OWNER, context=context[0], encryption_context=context[1]),
    st.sampled_from(PRINCIPALS),
    st.sampled_from(ACTIONS),
    st.sampled_from([
        ({}, None),
        ({"aws:PrincipalTag/team": "red", "aws:SecureTransport": "true"}, {"a": "1"}),
        ({"aws:PrincipalTag/team": "blue", "kms:ViaService": "s3.us-east-1.amazonaws.com",
          "aws:SourceIp": "10.1.2.3"}, {"a": "1", "b": "2"}),
    ]),
)

scenarios = st.fixed_dictionaries({
    "identity_policies": st.lists(policy(False), max_size=2),
    "resource_policy": st.one_of(st.none(), policy(True)),
    "permission_boundaries": st.lists(policy(False), max_size=1),
    "scps": st.lists(st.lists(policy(False), min_size=1, max_size=1), max_size=2),
    "session_policy": st.one_of(st.none(), policy(False)),
    "rcps": st.lists(st.lists(policy(True), min_size=1, max_size=1), max_size=1),
    "endpoint_policies": st.lists(policy(True), max_size=1),
    "grants": st.lists(st.fixed_dictionaries({
        "GranteePrincipal": st.sampled_from(PRINCIPALS[:6]),
        "Operations": st.lists(st.sampled_from(["Decrypt", "Encrypt", "DescribeKey", "Sign"]), min_size=1,
                               max_size=3, unique=True),
        "Constraints": st.sampled_from([{}, {"EncryptionContextSubset": {"a": "1"}},
                                        {"EncryptionContextEquals": {"a": "1"}}]),
    }), max_size=2),
})

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with_statement(doc: dict[str, Any] | None, extra: dict[str, Any]) -> dict[str, Any]:
    statements = list(doc["Statement"]) if doc else []
    return {"Version": "2012-10-17", "Statement": [*statements, extra]}


@SETTINGS
@given(requests, scenarios, st.data())
def test_adding_a_deny_never_turns_a_denial_into_an_allow(request: AuthorizationRequest,
                                                         scenario: dict[str, Any], data: st.DataObject) -> None:
    before = evaluate(request, **scenario)
    where = data.draw(st.sampled_from(["identity", "resource", "boundary", "session", "scp"]))
    changed = dict(scenario)
    if where == "resource":
        changed["resource_policy"] = _with_statement(scenario["resource_policy"], data.draw(statement("Deny", True)))
    else:
        deny = data.draw(statement("Deny", False))
        if where == "identity":
            changed["identity_policies"] = [*scenario["identity_policies"], _with_statement(None, deny)]
        elif where == "boundary" and scenario["permission_boundaries"]:
            changed["permission_boundaries"] = [_with_statement(scenario["permission_boundaries"][0], deny)]
        elif where == "session" and scenario["session_policy"] is not None:
            changed["session_policy"] = _with_statement(scenario["session_policy"], deny)
        elif where == "scp" and scenario["scps"]:
            changed["scps"] = [[_with_statement(scenario["scps"][0][0], deny)], *scenario["scps"][1:]]
    after = evaluate(request, **changed)
    if not before.allowed:
        assert not after.allowed, f"{before} -> {after}"


@SETTINGS
@given(requests, scenarios, statement("Allow", False))
def test_adding_an_identity_allow_never_turns_an_allow_into_a_denial(
        request: AuthorizationRequest, scenario: dict[str, Any], allow: dict[str, Any]) -> None:
    before = evaluate(request, **scenario)
    changed = dict(scenario)
    changed["identity_policies"] = [*scenario["identity_policies"], _with_statement(None, allow)]
    after = evaluate(request, **changed)
    if before.allowed:
        assert after.allowed, f"{before} -> {after}"


@SETTINGS
@given(requests, scenarios, st.randoms(use_true_random=False))
def test_statement_and_policy_order_do_not_change_the_outcome(
        request: AuthorizationRequest, scenario: dict[str, Any], rnd: Any) -> None:
    def shuffled(doc: dict[str, Any] | None) -> dict[str, Any] | None:
        if doc is None:
            return None
        statements = list(doc["Statement"])
        rnd.shuffle(statements)
        return {"Version": "2012-10-17", "Statement": statements}

    reordered = {
        "identity_policies": [shuffled(d) for d in reversed(scenario["identity_policies"])],
        "resource_policy": shuffled(scenario["resource_policy"]),
        "permission_boundaries": [shuffled(d) for d in scenario["permission_boundaries"]],
        "scps": [[shuffled(d) for d in level] for level in scenario["scps"]],
        "session_policy": shuffled(scenario["session_policy"]),
        "rcps": [[shuffled(d) for d in level] for level in scenario["rcps"]],
        "endpoint_policies": [shuffled(d) for d in scenario["endpoint_policies"]],
        "grants": list(reversed(scenario["grants"])),
    }
    assert evaluate(request, **scenario).outcome == evaluate(request, **reordered).outcome


@SETTINGS
@given(requests, scenarios)
def test_evaluation_is_deterministic(request: AuthorizationRequest, scenario: dict[str, Any]) -> None:
    first = evaluate(request, **scenario)
    second = evaluate(request, **scenario)
    assert first == second
    assert str(first) == str(second)
    assert sum(1 for r in first.reasons if r.role == "decisive") == 1
