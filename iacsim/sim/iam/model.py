"""IAM entities kept by the simulated IAM backend (mutable simulation state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from iacsim.policy import NamedPolicy as EvaluatorPolicy

PolicyDocument = dict[str, Any]


@dataclass
class ManagedPolicy:
    name: str
    path: str
    arn: str
    policy_id: str
    created: datetime
    description: str = ""
    versions: dict[str, PolicyDocument] = field(default_factory=dict)
    """version id (``v1``) -> parsed document."""
    version_dates: dict[str, datetime] = field(default_factory=dict)
    default_version: str = "v1"
    next_version: int = 2
    attachment_count: int = 0
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def document(self) -> PolicyDocument:
        return self.versions[self.default_version]


@dataclass
class Entity:
    """What users, roles and groups share: name, path, ARN, inline and attached policies."""

    name: str
    path: str
    arn: str
    entity_id: str
    created: datetime
    inline: dict[str, PolicyDocument] = field(default_factory=dict)
    attached: list[str] = field(default_factory=list)
    """Attached managed policy ARNs, in attachment order."""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class User(Entity):
    boundary: str | None = None
    groups: list[str] = field(default_factory=list)


@dataclass
class Role(Entity):
    assume_role_policy: PolicyDocument = field(default_factory=dict)
    description: str = ""
    max_session_duration: int = 3600
    boundary: str | None = None


@dataclass
class Group(Entity):
    members: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NamedPolicy:
    """One identity policy as the evaluator receives it, with where it came from."""

    source: str
    """``role/app inline p``, ``arn:aws:iam::111111111111:policy/x``, ``group/dev inline g``."""
    document: PolicyDocument


@dataclass(frozen=True, eq=False)
class Identity:
    """Everything IAM contributes to authorizing one principal."""

    principal_arn: str
    account: str
    policies: tuple[NamedPolicy, ...]
    """Identity-based policies (inline + attached, including the groups' for users)."""
    boundary: NamedPolicy | None
    """Permissions boundary, if any."""
    entity_arn: str
    """The IAM user/role ARN (the role's ARN, path included, for an assumed-role session)."""
    tags: tuple[tuple[str, str], ...] = ()
    """Principal tags (``aws:PrincipalTag/<k>``)."""
    incomplete: str | None = None
    """Why the identity policies above may not be all the principal has (an attached policy whose document
    is not known, a policy-bearing resource the scan does not translate); None when they are complete.
    A denial that a missing Allow could turn into an allow is then undecidable (:mod:`iacsim.sim.authz`)."""

    @cached_property
    def evaluator_policies(self) -> tuple[EvaluatorPolicy, ...]:
        """The identity policies in the evaluator's form (built once per cached identity)."""
        return tuple(EvaluatorPolicy(p.source, p.document) for p in self.policies)

    @cached_property
    def evaluator_boundaries(self) -> tuple[EvaluatorPolicy, ...]:
        return (EvaluatorPolicy(self.boundary.source, self.boundary.document),) if self.boundary else ()
