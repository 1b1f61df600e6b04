"""Match one compiled policy against a request: which statements allow, which deny, what nearly did.

Speed: the parts of a statement that depend only on (action, resource, caller) — Action,
Resource without variables, Principal — are decided once per policy and memoized; a request then
only evaluates the conditions of the surviving statements. Near-miss sentences are built only
when an explanation needs them.

A statement holding a value not known before apply takes a separate, three-valued path: it
matches, does not match, or *maybe* matches (:attr:`ScanResult.maybe`); the evaluator then
decides whether that maybe could change the outcome. Fully known policies never enter that path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from iacsim.policy.conditions import Condition, Context
from iacsim.policy.document import Policy, Statement, Tri
from iacsim.policy.principal_element import PrincipalMatch
from iacsim.policy.principals import Principal

# Near-miss ranking: how far an Allow statement got before failing. Only statements whose
# action matched are worth showing to a user.
_SCORE_RESOURCE = 1
_SCORE_PRINCIPAL = 2
_SCORE_CONDITION = 3


@dataclass
class NearMiss:
    score: int
    statement: Statement
    describe: Callable[[], str]

    @property
    def detail(self) -> str:
        return self.describe()


class ScanResult:
    """The statements of one policy that apply to a request (a plain slotted class: one is made per
    policy per request, so construction cost matters)."""

    __slots__ = ("allows", "denies", "ineffective", "kind", "maybe", "name", "near_miss")

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name
        self.allows: list[tuple[Statement, PrincipalMatch]] = []
        # Usually empty: share one empty tuple until a statement lands there.
        self.denies: Sequence[Statement] = ()
        self.ineffective: Sequence[tuple[Statement, str]] = ()
        self.near_miss: NearMiss | None = None
        self.maybe: Sequence[tuple[Statement, PrincipalMatch]] = ()
        """Statements that may match (or whose Effect is unknown), depending on unknown values."""

    @property
    def allowed(self) -> bool:
        return bool(self.allows)


@dataclass(frozen=True)
class _Candidates:
    """What survives Action, Resource (without variables) and Principal for one request shape."""

    survivors: tuple[tuple[Statement, PrincipalMatch, bool], ...]
    """(statement, principal match, resource still to check because it uses variables)."""
    static_miss: NearMiss | None
    ineffective: tuple[tuple[Statement, str], ...]
    uncertain: tuple[tuple[Statement, PrincipalMatch, Tri, bool], ...] = ()
    """Statements with unknown parts that may apply: (statement, principal match if it does, what is
    decided so far, resource still to check)."""


def and3(a: Tri, b: Tri) -> Tri:
    """Three-valued AND: False wins, then unknown."""
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def scan_policy(
    policy: Policy,
    kind: str,
    name: str,
    action: str,
    resource: str,
    context: Context,
    principal: Principal | None,
    missing_resource_matches: bool,
) -> ScanResult:
    """Evaluate every statement of ``policy``.

    ``principal`` is given for resource-based policies (the Principal element is checked) and
    None for identity-like policies. ``missing_resource_matches`` says whether a statement with no
    Resource element applies to every resource (SCPs, endpoint policies) or to none (key policies:
    docs/aws-behaviour.md §5 "a statement missing Action/Resource is silently ineffective").
    """
    cache = policy.memo
    key = (action.lower(), resource, principal.raw if principal is not None else None, missing_resource_matches)
    candidates = cache.get(key)
    if candidates is None:
        if len(cache) > 4096:
            cache.clear()
        candidates = _candidates(policy, action, resource, principal, missing_resource_matches)
        cache[key] = candidates
    result = ScanResult(kind, name)
    if candidates.ineffective:
        result.ineffective = candidates.ineffective
    near = candidates.static_miss
    for statement, match, check_resource in candidates.survivors:
        allow = statement.effect == "Allow"
        if check_resource:
            assert statement.resource is not None
            if not statement.resource.matches(resource, context):
                if allow and (near is None or near.score < _SCORE_RESOURCE):
                    near = NearMiss(_SCORE_RESOURCE, statement, _resource_miss(statement, resource, context))
                continue
        failed: Condition | None = None
        for condition in statement.conditions:
            if not condition.holds(context):
                failed = condition
                break
        if failed is not None:
            if allow and (near is None or near.score < _SCORE_CONDITION):
                near = NearMiss(_SCORE_CONDITION, statement, _condition_miss(failed, context))
            continue
        if allow:
            result.allows.append((statement, match))
        else:
            result.denies = (*result.denies, statement)
    if candidates.uncertain:
        _scan_uncertain(result, candidates.uncertain, resource, context)
    result.near_miss = near
    return result


def _scan_uncertain(result: ScanResult, uncertain: Sequence[tuple[Statement, PrincipalMatch, Tri, bool]],
                    resource: str, context: Context) -> None:
    for statement, match, decided, check_resource in uncertain:
        if check_resource:
            assert statement.resource is not None
            decided = and3(decided, statement.resource.tri(resource, context))
        for condition in statement.conditions:
            if decided is False:
                break
            decided = and3(decided, condition.tri(context))
        if decided is False:
            continue
        if decided and statement.effect_unknown is None:
            if statement.effect == "Allow":
                result.allows.append((statement, match))
            else:
                result.denies = (*result.denies, statement)
        else:
            result.maybe = (*result.maybe, (statement, match))


def _candidates(policy: Policy, action: str, resource: str, principal: Principal | None,
                missing_resource_matches: bool) -> _Candidates:
    survivors: list[tuple[Statement, PrincipalMatch, bool]] = []
    ineffective: list[tuple[Statement, str]] = []
    uncertain: list[tuple[Statement, PrincipalMatch, Tri, bool]] = []
    near: NearMiss | None = None
    for statement in policy.statements_for(action):
        if statement.unknowns:
            _static_uncertain(statement, action, resource, principal, missing_resource_matches, uncertain,
                              ineffective)
            continue
        allow = statement.effect == "Allow"
        check_resource = False
        if statement.resource is None:
            if not missing_resource_matches:
                ineffective.append((statement, "it has no Resource element, so it applies to nothing"))
                continue
        elif statement.resource.matchers is None:
            check_resource = True
        elif not statement.resource.matches(resource, {}):
            if allow and (near is None or near.score < _SCORE_RESOURCE):
                near = NearMiss(_SCORE_RESOURCE, statement, _resource_miss(statement, resource, {}))
            continue
        match: PrincipalMatch = "any"
        if principal is not None:
            principal_match = statement.principal_match(principal)
            if principal_match is None:
                if allow and (near is None or near.score < _SCORE_PRINCIPAL):
                    near = NearMiss(_SCORE_PRINCIPAL, statement, _principal_miss(statement, principal))
                continue
            match = principal_match
        survivors.append((statement, match, check_resource))
    return _Candidates(tuple(survivors), near, tuple(ineffective), tuple(uncertain))


def _static_uncertain(statement: Statement, action: str, resource: str, principal: Principal | None,
                      missing_resource_matches: bool, uncertain: list[tuple[Statement, PrincipalMatch, Tri, bool]],
                      ineffective: list[tuple[Statement, str]]) -> None:
    """The request-shape part of a statement with unknown parts, three-valued."""
    decided = statement.action_tri(action)
    check_resource = False
    if statement.resource is None:
        if not missing_resource_matches:
            ineffective.append((statement, "it has no Resource element, so it applies to nothing"))
            return
    elif statement.resource.matchers is None:
        check_resource = True
    else:
        decided = and3(decided, statement.resource.tri(resource, {}))
    match: PrincipalMatch = "any"
    if principal is not None:
        named, match = statement.principal_tri(principal)
        decided = and3(decided, named)
    if decided is not False:
        uncertain.append((statement, match, decided, check_resource))


def _short_list(values: tuple[str, ...]) -> str:
    if len(values) == 1:
        return values[0]
    shown = ", ".join(values[:3])
    return f"[{shown}{', ...' if len(values) > 3 else ''}]"


def _resource_miss(statement: Statement, resource: str, context: Context) -> Callable[[], str]:
    def describe() -> str:
        assert statement.resource is not None
        if statement.resource.matches(resource, context) is None:
            return "its Resource uses a policy variable that has no value in the request"
        element = "NotResource" if statement.resource.negated else "Resource"
        verb = "excludes" if statement.resource.negated else "does not cover"
        return f"its {element} {_short_list(statement.resource.patterns)} {verb} {resource}"
    return describe


def _condition_miss(condition: Condition, context: Context) -> Callable[[], str]:
    return lambda: condition.describe_failure(context)


def _principal_miss(statement: Statement, principal: Principal) -> Callable[[], str]:
    def describe() -> str:
        assert statement.principals is not None
        written = _short_list(statement.principals.written)
        if statement.principals_negated:
            return f"its NotPrincipal {written} excludes {principal.arn}"
        return f"its Principal {written} does not name {principal.arn}"
    return describe
