"""The findings vocabulary: what rules and flows produce and every report consumes.

This module sits below :mod:`iacsim.rules`, :mod:`iacsim.flows` and
:mod:`iacsim.report` and imports none of them, so a rule or a flow never reaches
up into the renderers for its types. Severities, categories, flow kinds and
verdicts are defined here once, as ``Literal`` types and the tuples that
enumerate them (in rank order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
"""Lowest first: :func:`severity_rank` is the position in this tuple."""

Category = Literal["apply-error", "broken-flow", "security", "cost", "lint", "parse-error"]
CATEGORIES: tuple[Category, ...] = get_args(Category)
"""``lint``: the code works as AWS runs it but says something other than it means or more than it needs
(IAM Access Analyzer's WARNING and SUGGESTION policy checks); never ``apply-error`` nor a security gap."""

FlowKind = Literal[
    "ssm-secure-string", "s3-replication", "ami-sharing", "multi-region-key", "key-rotation",
    "service-encryption", "code-secret", "expectation",
]
FLOW_KINDS: tuple[FlowKind, ...] = get_args(FlowKind)

KEY_FLOW_KINDS: frozenset[str] = frozenset(FLOW_KINDS)
"""Flow kinds whose replay carries a KMS key decision: an ``unknown`` flow of one of these fails CI under
``--fail-on-unknown`` (``fail_on_unknown:`` in ``.iacsim.yml``). Today every kind does — each replay
encrypts or decrypts with a key, or shares/rotates one — so the set is all of :data:`FLOW_KINDS`; a
future kind that touches no key stays out of it."""

Verdict = Literal["pass", "fail", "unknown"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

StepDecision = Literal["allowed", "denied", "error", "unknown"]


def severity_rank(severity: str) -> int:
    """Position in :data:`SEVERITIES`; ``none`` ranks above everything (nothing fails)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class RuleMeta:
    """What renderers need to describe a rule (SARIF ``tool.driver.rules``, docs links)."""

    id: str
    name: str
    short_description: str
    category: str
    default_severity: str
    help_markdown: str = ""
    help_uri: str = ""
    peers: tuple[str, ...] = ()
    """The peer scanners' check ids this rule corresponds to (``CKV_AWS_27``, ``AVD-AWS-0096``)."""
    customer_managed_key_service: str | None = None
    """For a rule off unless ``.iacsim.yml`` lists this service in ``encryption.customer_managed_key``."""


@dataclass(frozen=True)
class ModuleCallSite:
    """A ``module`` block a finding's resource was created through: where the user can fix or suppress it.

    A resource inside a module is written once in the module's code but configured by each call; the call
    (and, where iacsim can tell, the argument that fed the value the finding is about) is where a user of
    the module acts.
    """

    module: str
    """The call's address: ``module.kms`` or ``module.kms.module.label`` (instance keys included)."""
    file: str
    """File of the ``module`` block, relative to the scanned root."""
    line: int
    """Line of the argument that fed the value when known, else of the ``module`` block."""
    argument: str | None = None
    """The module argument whose value reached the attribute the finding is about, when iacsim can tell."""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    category: str
    resource: str
    """Resource address, or the file itself for parse errors."""
    file: str
    line: int
    message: str
    fix: str | None = None
    suppressed: bool = False
    suppression_reason: str | None = None
    flow: str | None = None
    """Name of the replayed flow this finding comes from, when it comes from one."""
    module_calls: tuple[ModuleCallSite, ...] = ()
    """For a resource inside a module: the chain of ``module`` blocks that created it, outermost first.
    Not part of the fingerprint (rule, file, resource, flow)."""


@dataclass(frozen=True)
class FlowStep:
    principal: str
    action: str
    resource: str
    decision: str
    """``allowed``, ``denied``, ``error`` (the call failed for a non-authorization reason) or ``unknown``."""
    reason: str
    events: tuple[str, ...] = ()
    """``eventID``s of the CloudTrail-shaped records this step's calls made (see :mod:`iacsim.sim.audit`)."""
    error_code: str | None = None
    """The AWS error code of a failed call (``AccessDeniedException``, ``KMSInvalidStateException``…), so
    callers never re-parse it from :attr:`reason`."""
    after: tuple[int, ...] | None = None
    """Indexes of the earlier steps of the same flow whose outcome this step depends on; ``None`` (the
    default) means every earlier step, ``()`` none (a reader of an object the replay made sure exists). An
    ``unknown`` step makes a later denial ``unknown`` only when the denial depends on it (docs/architecture.md,
    flows)."""


@dataclass(frozen=True)
class FlowResult:
    kind: str
    name: str
    verdict: Verdict
    steps: tuple[FlowStep, ...] = ()
    events: tuple[dict[str, Any], ...] = ()
    """Every CloudTrail-shaped record the replay made, in call order (``iacsim plan --audit-log``)."""
