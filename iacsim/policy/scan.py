"""Match one compiled policy against a request: which statements allow, which deny, what nearly did."""

from __future__ import annotations

from dataclasses import dataclass, field

from iacsim.policy.conditions import Context
from iacsim.policy.document import Policy, Statement
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
    detail: str


@dataclass
class ScanResult:
    """The statements of one policy that apply to a request."""

    kind: str
    name: str
    allows: list[tuple[Statement, PrincipalMatch]] = field(default_factory=list)
    denies: list[Statement] = field(default_factory=list)
    ineffective: list[tuple[Statement, str]] = field(default_factory=list)
    near_miss: NearMiss | None = None

    @property
    def allowed(self) -> bool:
        return bool(self.allows)


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
    AWS-RULES.md §4 "a statement missing Action/Resource is silently ineffective").
    """
    result = ScanResult(kind, name)
    for statement in policy.statements:
        if not statement.action_matches(action):
            continue
        allow = statement.effect == "Allow"
        if statement.resource is None:
            if not missing_resource_matches:
                result.ineffective.append((statement, "it has no Resource element, so it applies to nothing"))
                continue
        else:
            resource_hit = statement.resource.matches(resource, context)
            if not resource_hit:
                if allow:
                    why = ("its Resource uses a policy variable that has no value in the request"
                           if resource_hit is None else
                           f"its {'NotResource' if statement.resource.negated else 'Resource'} "
                           f"{_short_list(statement.resource.patterns)} does not cover {resource}")
                    _note(result, _SCORE_RESOURCE, statement, why)
                continue
        match: PrincipalMatch | None = "any"
        if principal is not None:
            match = statement.principal_match(principal)
            if match is None:
                if allow:
                    _note(result, _SCORE_PRINCIPAL, statement, _principal_miss(statement, principal))
                continue
        failed = None
        for condition in statement.conditions:
            if not condition.holds(context):
                failed = condition
                break
        if failed is not None:
            if allow:
                _note(result, _SCORE_CONDITION, statement, failed.describe_failure(context))
            continue
        if allow:
            result.allows.append((statement, match))
        else:
            result.denies.append(statement)
    return result


def _note(result: ScanResult, score: int, statement: Statement, detail: str) -> None:
    if result.near_miss is None or score > result.near_miss.score:
        result.near_miss = NearMiss(score, statement, detail)


def _short_list(values: tuple[str, ...]) -> str:
    if len(values) == 1:
        return values[0]
    shown = ", ".join(values[:3])
    return f"[{shown}{', ...' if len(values) > 3 else ''}]"


def _principal_miss(statement: Statement, principal: Principal) -> str:
    assert statement.principals is not None
    written = _short_list(statement.principals.written)
    if statement.principals_negated:
        return f"its NotPrincipal {written} excludes {principal.arn}"
    return f"its Principal {written} does not name {principal.arn}"
