"""``evaluate``: can the principal do the action on the resource, the way AWS decides it.

IAM User Guide, "Policy evaluation logic"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html) and
"Cross-account policy evaluation logic"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):

1. an explicit Deny in any applicable policy wins;
2. every level of SCPs (caller's account) and of RCPs (resource's account) must allow;
3. every VPC endpoint policy on the path must allow;
4. within one account, an identity-based *or* a resource-based policy allow suffices — identity
   allows being limited by permissions boundaries and session policies; across accounts the
   resource-based policy must trust the caller (or its account) *and* an identity-based policy in
   the caller's account must allow.

AWS KMS Developer Guide, "Determining access to an AWS KMS key"
(https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html) and
"Default key policy": for a KMS key the **key policy must allow** — naming the caller, or trusting
the account principal, which is what enables IAM policies; an IAM allow alone never suffices.
Grants are the alternative to the key policy. Only the operations in
:data:`~iacsim.policy.kms_rules.CROSS_ACCOUNT_OPERATIONS` work cross-account.

Three-valued: a statement holding a value not known before apply may match. More allows never
turn an allow into a deny and more denies never turn a deny into an allow, so the request is
decided twice — once with every such statement denying where it could and allowing nowhere,
once the other way round — and the outcome is ``unknown`` only when the two disagree: a known
explicit Deny denies whatever the unknowns, an unknown Allow next to a known Allow allows, an
unknown Deny next to a known Allow is unknown (docs/aws-behaviour.md §5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from iacsim.policy.aws_rules import (
    ALWAYS_ALLOWED_ACTIONS,
    protected_resource_refusal,
    rcps_apply_to_action,
    requested_resource,
)
from iacsim.policy.context import build_context
from iacsim.policy.decision import Decision, Outcome, Reason, ReasonRole
from iacsim.policy.document import Policy, PolicyDocument, PolicyShape, Statement, compile_policy
from iacsim.policy.errors import PolicyError
from iacsim.policy.grants import Grant, constraint_failure, grant_operation, normalize_grant
from iacsim.policy.kms_rules import (
    CROSS_ACCOUNT_OPERATIONS,
    aws_managed_key_policy,
    is_key_arn,
    operations_for_key,
)
from iacsim.policy.principal_element import compile_principal_element
from iacsim.policy.principals import Principal, parse_principal
from iacsim.policy.request import AuthorizationRequest, account_of_arn, region_of_arn
from iacsim.policy.scan import NearMiss, ScanResult, and3, scan_policy
from iacsim.policy.standins import standin_decision
from iacsim.policy.unknowns import describe_unknown

_TRUST_ACTIONS = frozenset({
    "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession",
    "sts:setsourceidentity", "sts:setcontext",
})

_MANAGED_KEY_SERVICE_OPERATIONS = frozenset({
    "encrypt", "decrypt", "reencryptfrom", "reencryptto", "generatedatakey", "generatedatakeywithoutplaintext",
    "generatedatakeypair", "generatedatakeypairwithoutplaintext", "creategrant",
})


@dataclass(frozen=True)
class NamedPolicy:
    """A policy document with a name to show in explanations (``AppReadPolicy``)."""

    name: str
    document: PolicyDocument


PolicyInput = PolicyDocument | NamedPolicy

EvaluationArgs = tuple[list[PolicyInput], PolicyInput | None, list[PolicyInput], list[list[PolicyInput]],
                       list[list[PolicyInput]], PolicyInput | None, list[PolicyInput], list[Grant]]
"""What :func:`evaluate` decides against, normalized: identity policies, resource policy, boundaries, SCP
levels, RCP levels, session policy, endpoint policies, grants."""


def evaluate(
    request: AuthorizationRequest,
    identity_policies: Iterable[PolicyInput] = (),
    resource_policy: PolicyInput | None = None,
    permission_boundaries: Iterable[PolicyInput] = (),
    scps: Iterable[Iterable[PolicyInput]] = (),
    rcps: Iterable[Iterable[PolicyInput]] = (),
    session_policy: PolicyInput | None = None,
    endpoint_policies: Iterable[PolicyInput] = (),
    grants: Iterable[Grant | Mapping[str, Any]] = (),
) -> Decision:
    """Decide ``request`` against the given policies; raises :class:`PolicyError` on a malformed one.

    ``scps`` / ``rcps`` hold one list of policies per organization level, root first.
    """
    if request.action.lower() in ALWAYS_ALLOWED_ACTIONS:
        return _always_allowed(request)
    # Empty-argument fast paths: most calls pass only identity and resource policies.
    args: EvaluationArgs = (
        list(identity_policies) if identity_policies else [],
        resource_policy,
        list(permission_boundaries) if permission_boundaries else [],
        [list(level) for level in scps] if scps else [],
        [list(level) for level in rcps] if rcps else [],
        session_policy,
        list(endpoint_policies) if endpoint_policies else [],
        [normalize_grant(g, i) for i, g in enumerate(grants)] if grants else [],
    )
    decision = _decide(request, args)
    if request.unknown_accounts and decision.outcome != "unknown":
        return standin_decision(request, args, decision, _decide)
    return decision


def _decide(request: AuthorizationRequest, args: EvaluationArgs) -> Decision:
    """The decision, three-valued for values not known before apply (see the module docstring)."""
    denying = _Evaluation(request, "deny")
    low = denying.run(*args)
    if not denying.saw_maybe:
        return low
    allowing = _Evaluation(request, "allow")
    high = allowing.run(*args)
    if "unknown" in (low.outcome, high.outcome) and not low.allowed and not high.allowed:
        return low if low.outcome == "unknown" else high
    if low.allowed == high.allowed:
        # The unknowns cannot change the answer; explain it by what is known.
        decisive = low.decisive
        by_maybe = decisive is not None and any(
            scan.name == decisive.policy and st.label == decisive.statement for scan, st, _ in denying.applied)
        return high if not low.allowed and by_maybe else low
    return _unknown_decision(request.action, low, denying.applied + allowing.applied)


def _always_allowed(request: AuthorizationRequest) -> Decision:
    """sts:GetCallerIdentity needs no permission and cannot be denied (iacsim.policy.aws_rules)."""
    message = (f"{request.action} needs no permission: AWS allows it whatever the policies say, an explicit "
               f"deny included")
    return Decision("allowed", (Reason("decisive", "rule", "AWS rule", None, message),), f"allowed: {message}")


def _unknown_decision(action: str, low: Decision, applied: list[tuple[ScanResult, Statement, str]]) -> Decision:
    """The request is allowed or denied depending on statements with values not known before apply."""
    reasons = [r for r in low.reasons if r.role != "decisive"]
    seen: set[tuple[str, int]] = set()
    unknown: list[Reason] = []
    for scan, statement, effect in applied:
        if (scan.name, statement.index) in seen:
            continue
        seen.add((scan.name, statement.index))
        parts = "; ".join(describe_unknown(_PART_WORDS.get(part, part), value) for part, value in statement.unknowns)
        unknown.append(Reason("unknown", scan.kind, scan.name, statement.label,
                              f"{scan.name} statement {statement.label} {parts}; it could {effect} {action}"))
    first = unknown[0]
    more = f" (and {len(unknown) - 1} more statement(s) with unknown values)" if len(unknown) > 1 else ""
    decisive = Reason("decisive", first.kind, first.policy, first.statement, first.message + more)
    return Decision("unknown", (*reasons, *unknown, decisive), f"unknown: {first.message}{more}")


_PART_WORDS = {"Principal": "principal", "Action": "action", "Resource": "resource", "Effect": "effect"}
"""How a reason names a statement element (the negated ones keep their element name)."""


@dataclass(frozen=True)
class _ResourceFacts:
    account: str | None
    region: str | None
    is_key: bool
    """A KMS action on a key ARN: the key policy must allow."""
    is_trust: bool
    """An sts:AssumeRole* action on a role: the trust policy must allow (IAM User Guide, policy
    evaluation logic: "IAM role trust policies and KMS key policies are exceptions ... because they
    must explicitly allow access for principals")."""
    resource_word: str
    resource: str
    """What the request is evaluated against: ``*`` for an action without a resource type."""
    refusal: str | None
    """Why AWS refuses the action on this resource whatever the policies say (alias/aws/…, AWS managed
    policies), or None."""


@lru_cache(maxsize=8192)
def _resource_facts(action: str, resource: str) -> _ResourceFacts:
    """What the evaluator needs from (action, resource), derived once per distinct pair."""
    evaluated = requested_resource(action, resource)
    is_key = action[:4].lower() == "kms:" and is_key_arn(evaluated)
    is_trust = action.lower() in _TRUST_ACTIONS and ":role/" in evaluated
    word = "key policy" if is_key else "trust policy" if is_trust else "resource policy"
    return _ResourceFacts(account_of_arn(resource), region_of_arn(resource), is_key, is_trust, word, evaluated,
                          protected_resource_refusal(action, evaluated))


def _compile(item: PolicyInput, default_name: str, shape: PolicyShape) -> tuple[Policy, str]:
    name = default_name
    document: PolicyDocument
    if type(item) is dict:
        try:
            return compile_policy(item, shape), name
        except PolicyError as exc:
            raise exc.within(name) from None
    if isinstance(item, NamedPolicy):
        name = f"{default_name.split(' #')[0]} '{item.name}'"
        document = item.document
    else:
        document = item
    try:
        return compile_policy(document, shape), name
    except PolicyError as exc:
        raise exc.within(name) from None


class _Evaluation:
    def __init__(self, request: AuthorizationRequest, assume: Literal["deny", "allow"] = "deny") -> None:
        self.request = request
        self.assume = assume
        """What statements that only *may* match do: deny where they could (and allow nowhere), or
        allow where they could (and deny nowhere)."""
        self.saw_maybe = False
        self.applied: list[tuple[ScanResult, Statement, str]] = []
        """Maybe-matching statements this evaluation counted, with the effect counted."""
        self.caller: Principal = parse_principal(request.principal)
        facts = _resource_facts(request.action, request.resource)
        self.context = build_context(request, facts.account, facts.region)
        self.action = request.action
        self.resource = facts.resource
        self.refusal = facts.refusal
        self.resource_account = request.resource_account or facts.account
        self.is_key = facts.is_key
        self.is_trust = facts.is_trust
        self.must_trust = facts.is_key or facts.is_trust
        self.resource_word = facts.resource_word
        self.reasons: list[Reason] = []
        self.near_misses: list[tuple[ScanResult, NearMiss]] = []

    # -- scanning -------------------------------------------------------------------------------

    def _scan(self, item: PolicyInput, kind: str, name: str, shape: PolicyShape,
              with_principal: bool) -> ScanResult:
        if type(item) is dict:
            try:
                policy = compile_policy(item, shape)
            except PolicyError as exc:
                raise exc.within(name) from None
        else:
            policy, name = _compile(item, name, shape)
        # A key-policy statement without Resource is ignored (docs/aws-behaviour.md §5); role trust
        # policies have no Resource at all (the role is the resource), so there it means "this".
        result = scan_policy(policy, kind, name, self.action, self.resource, self.context,
                             self.caller if with_principal else None, not (shape == "resource" and self.is_key))
        # Kept even when another statement of the policy allowed: a key policy's root statement
        # may allow (delegating to IAM) while the statement meant for the caller narrowly failed.
        if result.near_miss is not None:
            self.near_misses.append((result, result.near_miss))
        if result.maybe:
            self._assume(result)
        return result

    def _assume(self, result: ScanResult) -> None:
        """Count the statements that may match as :attr:`assume` says."""
        self.saw_maybe = True
        for statement, match in result.maybe:
            unknown_effect = statement.effect_unknown is not None
            if self.assume == "deny" and (unknown_effect or statement.effect == "Deny"):
                result.denies = (*result.denies, statement)
                self.applied.append((result, statement, "deny"))
            elif self.assume == "allow" and (unknown_effect or statement.effect == "Allow"):
                result.allows.append((statement, match))
                self.applied.append((result, statement, "allow"))

    def _scan_all(self, docs: list[PolicyInput], kind: str, prefix: str, shape: PolicyShape,
                  with_principal: bool, collect: list[ScanResult]) -> list[ScanResult]:
        results = []
        for i, doc in enumerate(docs):
            result = self._scan(doc, kind, f"{prefix} #{i}", shape, with_principal)
            results.append(result)
            collect.append(result)
        return results

    # -- the decision ---------------------------------------------------------------------------

    def run(
        self,
        identity_docs: list[PolicyInput],
        resource_doc: PolicyInput | None,
        boundary_docs: list[PolicyInput],
        scp_levels: list[list[PolicyInput]],
        rcp_levels: list[list[PolicyInput]],
        session_doc: PolicyInput | None,
        endpoint_docs: list[PolicyInput],
        grants: list[Grant],
    ) -> Decision:
        caller = self.caller
        request = self.request
        managed_service = request.aws_managed_key_service
        is_managed = self.is_key and ((request.key_manager or "").upper() == "AWS" or bool(managed_service))
        if resource_doc is None and is_managed and managed_service and self.resource_account:
            region = region_of_arn(self.resource) or "us-east-1"
            resource_doc = NamedPolicy("AWS managed key policy",
                                       aws_managed_key_policy(managed_service, self.resource_account, region))

        resource_kind = "key" if self.is_key else "resource"
        resource_name = self.resource_word
        has_identity = caller.kind not in ("service", "anonymous", "root")
        every_scan: list[ScanResult] = []
        identity = (self._scan_all(identity_docs, "identity", "identity policy", "identity", False, every_scan)
                    if has_identity and identity_docs else [])
        resource = None
        if resource_doc is not None:
            resource = self._scan(resource_doc, resource_kind, resource_name, "resource", True)
            every_scan.append(resource)
        # A federated user session is limited by the boundary of the IAM user who federated (IAM User
        # Guide, "Policy evaluation logic": IAM federated user sessions).
        boundaries_apply = caller.kind in ("user", "role", "assumed_role", "federated_user")
        boundaries = (self._scan_all(boundary_docs, "boundary", "permissions boundary", "identity", False, every_scan)
                      if boundaries_apply and boundary_docs else [])
        session_applies = caller.kind in ("role", "assumed_role", "federated_user")
        session = None
        if session_doc is not None and session_applies:
            session = self._scan(session_doc, "session", "session policy", "identity", False)
            every_scan.append(session)
        scps: list[list[ScanResult]] = []
        # SCPs restrict principals of member accounts; they never restrict service principals or
        # service-linked roles (AWS Organizations User Guide, "Service control policies").
        if scp_levels and caller.kind not in ("service", "anonymous", "other") and not caller.is_service_linked_role:
            scps = [self._scan_all(level, "scp", f"SCP level {lvl} policy", "organization", False, every_scan)
                    for lvl, level in enumerate(scp_levels)]
        # RCPs restrict every caller of member-account resources of the services that support them,
        # AWS service principals included (the KMS guide's confused-deputy RCP example), but not
        # service-linked roles, never AWS managed keys and never kms:RetireGrant (iacsim.policy.aws_rules).
        if rcp_levels and not caller.is_service_linked_role and not is_managed \
                and rcps_apply_to_action(self.action):
            for lvl, rcp_level in enumerate(rcp_levels):  # only their denies count, collected in every_scan
                self._scan_all(rcp_level, "rcp", f"RCP level {lvl} policy", "endpoint", True, every_scan)
        endpoints = (self._scan_all(endpoint_docs, "endpoint", "VPC endpoint policy", "endpoint", True, every_scan)
                     if endpoint_docs else [])

        # 1. Explicit deny anywhere wins.
        denies: list[tuple[ScanResult, Statement]] = []
        for scan in every_scan:
            if scan.denies:
                denies.extend((scan, st) for st in scan.denies)
        if boundary_docs and boundaries_apply and resource is not None:
            # IAM User Guide, "Permissions boundaries for IAM entities": a Deny with NotPrincipal
            # always denies a principal that has a permissions boundary, whatever NotPrincipal lists.
            for st in self._boundary_notprincipal_denies(resource_doc):
                denies.append((resource, st))
                if st.unknowns:
                    self.applied.append((resource, st, "deny"))
        for scan in every_scan:
            for statement, match in scan.allows:
                self._add("allow", scan, statement, self._allow_message(scan, statement, match))
            if not scan.ineffective:
                continue
            for statement, why in scan.ineffective:
                self._add("rule", scan, statement, f"{scan.name} statement {statement.label} is ignored: {why}")
        for scan, statement in denies:
            self._add("deny", scan, statement, f"{scan.name} statement {statement.label} explicitly denies "
                                               f"{self.action} on {self.resource}")
        if denies:
            scan, statement = denies[0]
            return self._decide("explicit_deny", scan.kind, scan.name, statement.label,
                                f"{scan.name} statement {statement.label} explicitly denies {self.action}"
                                f"{self._deny_principal_note(statement)}")

        # 2. Organization guardrails: every SCP level must allow. Every RCP level allows: RCPFullAWSAccess
        # is attached to each and cannot be detached, so only an RCP's Deny decides (iacsim.policy.aws_rules).
        for lvl, level in enumerate(scps):
            if not any(scan.allowed for scan in level):
                return self._implicit("scp", f"SCP level {lvl}",
                                      f"no SCP at organization level {lvl} allows {self.action} "
                                      f"(every level from the root down must allow it)", level)
        # 3. Endpoint policies on the path.
        for scan in endpoints:
            if not scan.allowed:
                return self._implicit("endpoint", scan.name, f"{scan.name} does not allow {self.action} on "
                                                             f"{self.resource}", [scan])

        principal_account = caller.account
        cross_account = bool(principal_account and self.resource_account
                             and principal_account != self.resource_account)
        if self.resource_account is None and principal_account and not caller.is_service:
            self._rule(f"the resource account is not known (no account in {self.resource}); "
                       f"assuming it is the caller's account {principal_account}")

        # AWS's own resources (alias/aws/…, AWS managed policies): refused whatever allows them.
        if self.refusal:
            return self._decide("implicit_deny", "rule", "AWS rule", None, self.refusal)

        # 4. KMS special rules.
        if self.is_key and is_managed:
            refusal = self._managed_key_refusal(cross_account, managed_service)
            if refusal:
                return self._decide("implicit_deny", "rule", "AWS managed key", None, refusal)
        operation = request.operation
        if self.is_key and cross_account and operation.lower() not in CROSS_ACCOUNT_OPERATIONS:
            return self._decide(
                "implicit_deny", "rule", "KMS cross-account rule", None,
                f"{self.action} cannot be used cross-account: only cryptographic operations, DescribeKey, "
                f"GetPublicKey, grant operations and GetKeyRotationStatus work on a key in another account "
                f"({principal_account} -> {self.resource_account})")

        # 5. Identity side (limited by boundaries and session policies) and resource side.
        identity_allows = caller.kind == "root"
        for scan in identity:
            if scan.allows:
                identity_allows = True
                break
        boundary_ok = True
        for scan in boundaries:
            if not scan.allows:
                boundary_ok = False
        session_ok = session is None or session.allowed
        identity_ok = identity_allows and boundary_ok and session_ok
        matches: set[str] = set()
        if resource is not None:
            for _, m in resource.allows:
                matches.add(m)
        direct_unlimited = "specific" in matches
        direct_limited = bool(matches & {"role", "any"})
        direct_ok = direct_unlimited or (direct_limited and boundary_ok and session_ok)
        delegated = "account" in matches or (caller.kind == "root" and direct_unlimited)
        grant = self._matching_grant(grants) if self.is_key and grants else None

        if grant is not None:
            self._add_reason("allow", "grant", grant.label, None,
                             f"{grant.label} gives {caller.arn} {operation} on this key")

        if caller.kind in ("service", "anonymous"):
            allowed = direct_ok or grant is not None
        elif cross_account:
            allowed = ((direct_ok or delegated) and identity_ok) or grant is not None
        elif self.must_trust:
            allowed = direct_ok or (delegated and identity_ok) or grant is not None
        else:
            allowed = direct_ok or identity_ok
        if allowed:
            return self._allowed(resource, identity, direct_ok, identity_ok, grant, cross_account)
        if caller.kind == "federated_user" and not cross_account and boundary_ok and session_ok:
            federator = self._federating_user_grant(resource_doc)
            if federator is not None and resource is not None:
                return self._federator_undecided(resource, *federator)
        if resource is not None and "any" in matches and not cross_account and (not boundary_ok or not session_ok) \
                and caller.kind not in ("service", "anonymous"):
            return self._wildcard_undecided(resource, boundary_ok)
        return self._explain_denial(resource, identity, boundaries, session, identity_allows, boundary_ok,
                                    session_ok, direct_ok, direct_limited, delegated, cross_account)

    def _wildcard_undecided(self, resource: ScanResult, boundary_ok: bool) -> Decision:
        """A same-account resource policy allows ``Principal: "*"`` and a boundary or session policy does not.

        IAM User Guide, "Policy evaluation logic", "Resource-based policies and implicit denies in other
        policy types (same account)": a grant to an IAM user ARN or a session ARN is not limited by an
        implicit deny in a permissions boundary or session policy, a grant to a role ARN is. The page
        (and "Permissions boundaries for IAM entities", "Session policies") says nothing of a grant to
        ``*``, and simulators disagree, so the engine does not guess: ``unknown`` (docs/aws-behaviour.md §5).
        """
        statement = next(st for st, m in resource.allows if m == "any")
        limiter = "permissions boundary" if not boundary_ok else "session policy"
        message = (f"{resource.name} statement {statement.label} allows {self.action} to any principal (\"*\") "
                   f"but the {limiter} does not allow it; AWS's evaluation-logic page says an implicit deny "
                   f"in a {limiter} limits grants to a role ARN and not grants to a user or session ARN, and "
                   f"does not say which applies to \"*\": name {self.caller.arn} (not limited) or its role "
                   f"(limited) in the {resource.name} to decide")
        return self._undecided(resource, statement, message)

    def _federating_user_grant(self, resource_doc: PolicyInput | None) -> tuple[Statement, str] | None:
        """An Allow of the resource policy naming an IAM user of the caller's account, for a federated user.

        IAM User Guide, "Policy evaluation logic" (IAM federated user sessions): a grant to the ARN of the
        IAM user who federated applies to the session's requests, limited by an implicit deny in a
        permissions boundary or session policy. A federated-user ARN does not say which IAM user called
        GetFederationToken, so such a grant may or may not be the caller's.
        """
        if resource_doc is None:
            return None
        policy, _ = _compile(resource_doc, "resource policy", "resource")
        marker = f"arn:{self.caller.partition}:iam::{self.caller.account}:user/"
        for statement in policy.statements:
            if statement.effect != "Allow" or statement.principals is None or statement.principals_negated \
                    or statement.unknowns:
                continue
            user = next((a for a in sorted(statement.principals.arns) if a.startswith(marker)), None)
            if user is None or not statement.action_matches(self.action):
                continue
            if statement.resource is not None and not statement.resource.matches(self.resource, self.context):
                continue
            if all(c.holds(self.context) for c in statement.conditions):
                return statement, user
        return None

    def _federator_undecided(self, resource: ScanResult, statement: Statement, user: str) -> Decision:
        message = (f"{resource.name} statement {statement.label} allows {self.action} to {user}; it applies to "
                   f"{self.caller.arn} only if {user} created that federated session (GetFederationToken), "
                   f"which the request does not say (IAM User Guide, policy evaluation logic: IAM federated "
                   f"user sessions)")
        return self._undecided(resource, statement, message)

    def _undecided(self, resource: ScanResult, statement: Statement, message: str) -> Decision:
        """``unknown`` because AWS's pages do not decide whether the resource policy's grant applies."""
        self.reasons.append(Reason("unknown", resource.kind, resource.name, statement.label, message))
        self.reasons.append(Reason("decisive", resource.kind, resource.name, statement.label, message))
        return Decision("unknown", tuple(self.reasons), f"unknown: {message}")

    def _boundary_notprincipal_denies(self, resource_doc: PolicyInput | None) -> list[Statement]:
        if resource_doc is None:
            return []
        policy, _ = _compile(resource_doc, "resource policy", "resource")
        hits: list[Statement] = []
        for statement in policy.statements:
            if statement.unknowns:
                if self._maybe_boundary_deny(statement):
                    hits.append(statement)
                continue
            if statement.effect != "Deny" or not statement.principals_negated:
                continue
            if statement.principal_match(self.caller) is not None:
                continue  # already applies through the normal NotPrincipal logic
            if not statement.action_matches(self.action):
                continue
            if statement.resource is not None and not statement.resource.matches(self.resource, self.context):
                continue
            if all(c.holds(self.context) for c in statement.conditions):
                hits.append(statement)
        return hits

    def _maybe_boundary_deny(self, statement: Statement) -> bool:
        """A NotPrincipal Deny with unknown parts counts only where unknowns are assumed to deny."""
        if self.assume != "deny" or not statement.principals_negated or statement.principals is None:
            return False
        if statement.effect != "Deny" and statement.effect_unknown is None:
            return False
        if statement.principals.excludes(self.caller) and statement.principals.unknown is None:
            return False
        self.saw_maybe = True
        decided = statement.action_tri(self.action)
        if statement.resource is not None:
            decided = and3(decided, statement.resource.tri(self.resource, self.context))
        for condition in statement.conditions:
            decided = and3(decided, condition.tri(self.context))
        return decided is not False

    # -- KMS helpers ----------------------------------------------------------------------------

    def _managed_key_refusal(self, cross_account: bool, service: str | None) -> str | None:
        key = self.resource
        if cross_account:
            return (f"{key} is an AWS managed key: it cannot be used from another account "
                    f"({self.caller.account}); share a customer managed key instead")
        # The managed key policy lets the account read key metadata directly (Describe*, Get*,
        # List*); only use of the key (cryptographic operations, CreateGrant) is tied to the service.
        if service and self.request.operation.lower() in _MANAGED_KEY_SERVICE_OPERATIONS:
            region = region_of_arn(key) or ""
            expected = f"{service}.{region}.amazonaws.com".lower()
            via = [v.lower() for v in self.context.get("kms:viaservice", ())]
            if expected not in via:
                shown = via[0] if via else "a direct call (no kms:ViaService)"
                return (f"{key} is the AWS managed key aws/{service}: it is usable only through "
                        f"{expected}, not {shown}")
        return None

    def _matching_grant(self, grants: list[Grant]) -> Grant | None:
        operation = self.request.operation
        supported = operations_for_key(self.request.key_spec, self.request.key_usage)
        for grant in grants:
            principal_type = "Service" if parse_principal(grant.grantee_principal).is_service else "AWS"
            grantee = compile_principal_element({principal_type: grant.grantee_principal},
                                                f"{grant.label}.GranteePrincipal")
            match = grantee.match(self.caller)
            if match is None or match == "account":
                continue
            covered = grant_operation(grant, operation)
            if covered is None:
                self._add_reason("near_miss", "grant", grant.label, None,
                                 f"{grant.label} names {self.caller.arn} but does not include {operation} "
                                 f"(it allows {', '.join(grant.operations)})")
                continue
            if supported is not None and covered not in supported:
                key_type = " ".join(t for t in (self.request.key_spec, self.request.key_usage) if t)
                self._add_reason("rule", "grant", grant.label, None,
                                 f"{grant.label} lists {covered}, which a {key_type} key does not support; "
                                 f"it has no effect")
                continue
            failure = constraint_failure(grant, operation, self.request.encryption_context)
            if failure:
                self._add_reason("near_miss", "grant", grant.label, None,
                                 f"{grant.label} would allow {operation} but {failure}")
                continue
            return grant
        return None

    # -- explanations ---------------------------------------------------------------------------

    def _allow_message(self, scan: ScanResult, statement: Statement, match: str) -> str:
        if statement.unknowns and any(st is statement for _, st, _ in self.applied):
            return (f"{scan.name} statement {statement.label} may allow {self.action} "
                    f"(it holds values not known before apply)")
        how = ""
        if match == "account":
            how = f" to account {self.caller.account} (delegating to that account's IAM policies)"
        elif match == "role":
            how = f" to role {self.caller.principal_arn}"
        elif match == "any" and scan.kind in ("key", "resource"):
            how = " to any principal"
        elif match == "specific" and scan.kind in ("key", "resource"):
            how = f" to {self.caller.arn}"
        return f"{scan.name} statement {statement.label} allows {self.action}{how}"

    def _deny_principal_note(self, statement: Statement) -> str:
        if statement.principals is not None and statement.principals_negated:
            if statement.principal_match(self.caller) is None:
                return (" (NotPrincipal never exempts a principal that has a permissions boundary, "
                        "whatever it lists)")
            missing = statement.principals.missing_for_exemption(self.caller)
            if missing:
                return (f" (its NotPrincipal does not exempt {self.caller.arn}: it would also have to list "
                        f"{', '.join(missing)})")
        return ""

    def _add(self, role: ReasonRole, scan: ScanResult, statement: Statement | None, message: str) -> None:
        self.reasons.append(Reason(role, scan.kind, scan.name, statement.label if statement else None, message))

    def _add_reason(self, role: ReasonRole, kind: str, policy: str, statement: str | None, message: str) -> None:
        self.reasons.append(Reason(role, kind, policy, statement, message))

    def _rule(self, message: str) -> None:
        self.reasons.append(Reason("rule", "rule", "AWS rule", None, message))

    def _decide(self, outcome: Outcome, kind: str, policy: str, statement: str | None, message: str,
                near: Reason | None = None) -> Decision:
        if near is not None:
            self.reasons.append(near)
        self.reasons.append(Reason("decisive", kind, policy, statement, message))
        verb = "allowed" if outcome == "allowed" else "denied"
        summary = f"{verb}: {message}"
        if near is not None:
            summary += f"; closest: {near.message}"
        return Decision(outcome, tuple(self.reasons), summary)

    def _best_near_miss(self, scans: Sequence[ScanResult]) -> Reason | None:
        best: tuple[ScanResult, NearMiss] | None = None
        wanted = {id(s) for s in scans}
        for scan, near in self.near_misses:
            if id(scan) in wanted and (best is None or near.score > best[1].score):
                best = (scan, near)
        if best is None:
            return None
        scan, near = best
        return Reason("near_miss", scan.kind, scan.name, near.statement.label,
                      f"{scan.name} statement {near.statement.label} would match but {near.detail}")

    def _implicit(self, kind: str, policy: str, message: str, scans: Sequence[ScanResult]) -> Decision:
        return self._decide("implicit_deny", kind, policy, None, message, self._best_near_miss(scans))

    def _allowed(self, resource: ScanResult | None, identity: list[ScanResult], direct_ok: bool,
                 identity_ok: bool, grant: Grant | None, cross_account: bool) -> Decision:
        """The decisive reason for an allow: the path that actually granted it."""
        caller = self.caller
        direct = [st for st, m in resource.allows if m != "account"] if resource is not None else []
        trusting = resource.allows[0][0] if resource is not None and resource.allows else None
        id_scan = next((s for s in identity if s.allows), None)
        if resource is not None and direct_ok and direct and not cross_account:
            statement = direct[0]
            return self._decide("allowed", resource.kind, resource.name, statement.label,
                                f"{resource.name} statement {statement.label} allows {caller.arn} to {self.action}")
        if resource is not None and trusting is not None and identity_ok and (self.must_trust or cross_account):
            statement = direct[0] if direct_ok and direct else trusting
            whom = caller.arn if direct_ok and direct else f"account {caller.account}"
            id_part = (f"{id_scan.name} statement {id_scan.allows[0][0].label}" if id_scan is not None
                       else "the account root's implicit permissions")
            return self._decide("allowed", resource.kind, resource.name, statement.label,
                                f"{resource.name} statement {statement.label} trusts {whom} "
                                f"and {id_part} allows {self.action}")
        if grant is not None:
            return self._decide("allowed", "grant", grant.label, None,
                                f"{grant.label} allows {caller.arn} to {self.request.operation} on {self.resource}")
        if id_scan is not None:
            statement = id_scan.allows[0][0]
            return self._decide("allowed", "identity", id_scan.name, statement.label,
                                f"{id_scan.name} statement {statement.label} allows {self.action} on {self.resource}")
        return self._decide("allowed", "rule", "account root", None,
                            f"the root user of {caller.account} has full access to its own account's resources")

    def _explain_denial(self, resource: ScanResult | None, identity: list[ScanResult],
                        boundaries: list[ScanResult], session: ScanResult | None, identity_allows: bool,
                        boundary_ok: bool, session_ok: bool, direct_ok: bool, direct_limited: bool,
                        delegated: bool, cross_account: bool) -> Decision:
        caller = self.caller
        action = self.action
        res_name = resource.name if resource else self.resource_word
        # Near misses worth showing: from the identity policies and the resource policy, except
        # where the resource side already allowed (then only the identity side can be fixed).
        identity_side = [*identity, *([resource] if resource else [])]
        identity_only: list[ScanResult] = [*identity]
        if identity_allows and not boundary_ok:
            failing = next(s for s in boundaries if not s.allowed)
            return self._implicit("boundary", failing.name,
                                  f"an identity policy allows {action} but {failing.name} does not, and a "
                                  f"permissions boundary caps identity permissions", [failing])
        if identity_allows and not session_ok and session is not None:
            return self._implicit("session", session.name,
                                  f"an identity policy allows {action} but the session policy does not; "
                                  f"a session's permissions are the intersection of both", [session])
        if direct_limited and not direct_ok:
            limiter = "permissions boundary" if not boundary_ok else "session policy"
            return self._implicit(resource.kind if resource else "resource", res_name,
                                  f"the {res_name} allows {caller.principal_arn} but the {limiter} does not "
                                  f"allow {action}, and it limits grants made to a role ARN",
                                  [*boundaries, *([session] if session else [])])
        if caller.kind in ("service", "anonymous"):
            return self._implicit(resource.kind if resource else "resource", res_name,
                                  f"the {res_name} of {self.resource} has no statement allowing "
                                  f"{caller.arn} to {action}"
                                  + (" (there is no resource policy)" if resource is None else ""),
                                  [resource] if resource else [])
        if cross_account:
            if not (direct_ok or delegated):
                extra = (f"; an IAM allow in {caller.account} is not enough" if identity_allows else "")
                return self._implicit(resource.kind if resource else "resource", res_name,
                                      f"the {res_name} of {self.resource} has no statement allowing account "
                                      f"{caller.account}{extra}", [resource] if resource else [])
            return self._implicit("identity", "identity policies",
                                  f"the {res_name} of {self.resource} allows {caller.account} but no identity "
                                  f"policy in {caller.account} allows {caller.arn} to {action} "
                                  f"(cross-account access needs both)", identity_only)
        if self.must_trust:
            word = self.resource_word
            kind = "key" if self.is_key else "resource"
            if identity_allows and not delegated:
                return self._implicit(kind, res_name,
                                      f"the {word} of {self.resource} neither allows {caller.principal_arn} "
                                      f"nor trusts account {caller.account} (which is what enables IAM "
                                      f"policies); an IAM allow is not enough",
                                      [resource] if resource else [])
            if delegated and not identity_allows:
                return self._implicit("identity", "identity policies",
                                      f"the {word} of {self.resource} enables IAM policies for account "
                                      f"{caller.account} but no identity policy allows {caller.arn} to {action}",
                                      identity_side)
            alternatives = "IAM policy or grant" if self.is_key else "IAM policy"
            return self._implicit(kind, res_name,
                                  f"neither the {word} of {self.resource} nor any {alternatives} "
                                  f"allows {caller.arn} to {action}", identity_side)
        return self._implicit("identity", "identity policies",
                              f"no identity-based or resource-based policy allows {caller.arn} to {action} "
                              f"on {self.resource}", identity_side)
