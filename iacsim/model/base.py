"""What every model object shares: where it came from and where it lives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from iacsim.load.resource import SourceLocation, Suppression
from iacsim.model.ids import AccountId, Address, Region
from iacsim.model.provenance import NO_PROVENANCE, Provenance
from iacsim.model.slot import REGION_SERVICES, REGION_UNATTACHED, Slot
from iacsim.values import Unknown

Tags = Mapping[str, str | Unknown]
"""Resource tags (values may be unknown)."""


@dataclass(frozen=True, kw_only=True)
class ModelObject:
    """Base of every model object: provenance and placement.

    Translators build these from one :class:`~iacsim.load.resource.Resource`;
    the fields below are copied from it so findings can point at the source.
    """

    address: Address
    """IaC address of the resource this object was built from."""
    source: SourceLocation
    """File (relative to the scanned root) and line of that resource."""
    suppressions: tuple[Suppression, ...] = ()
    """Inline ``iacsim:ignore`` entries on that resource."""
    account: AccountId
    """Account the object lives in (``unknown`` when the loader could not tell; see ``placement_unknown``)."""
    region: Region
    """Region the object lives in (``global`` for IAM; ``unknown`` when the loader could not tell)."""
    partition: str = "aws"
    """AWS partition (``aws``, ``aws-cn``, ``aws-us-gov``)."""
    account_assumed: bool = False
    """True when the account is the labelled default, not read from the code."""
    region_assumed: bool = False
    """True when the region is the labelled default, not read from the code."""
    placement_unknown: str | None = None
    """Why account or region is unknown, when it is."""
    _provenance: Provenance = field(default=NO_PROVENANCE, compare=False, repr=False)
    """Input format and attribute lines (private: not part of the model JSON, and equal objects
    built from different formats stay equal)."""
    _deployer: str | Unknown | None = field(default=None, compare=False, repr=False)
    """Who deploys this object (principal ARN or IaC address; see :attr:`deployer`)."""
    _credentials: str | None = field(default=None, compare=False, repr=False)
    """When the account is a stand-in: the credentials its provider names (``profile var.dest_profile``)."""
    _invalid_region: str | None = field(default=None, compare=False, repr=False)
    """The Region as written when it is not an AWS Region name at all (``usw2``): the apply fails."""

    stored_in: ClassVar[Slot] = REGION_UNATTACHED
    """Where the World keeps objects of this class (see :mod:`iacsim.model.slot`)."""
    named_by: ClassVar[tuple[str, ...]] = ("arn", "name")
    """Attributes by which references name objects of this class (indexed by the World)."""

    @property
    def deployer(self) -> str | Unknown | None:
        """The principal Terraform or CloudFormation acts as when it creates this object (the provider's
        ``assume_role``, the stack's role, ``.iacsim.yml deployer:``); None when nothing says
        (docs/architecture.md §4, "The deployer")."""
        return self._deployer

    @property
    def credentials(self) -> str | None:
        """What the provider of an object with a stand-in account authenticates with (``profile
        var.dest_profile``); None when its account is known or the provider names no credentials."""
        return self._credentials

    @property
    def invalid_region(self) -> str | None:
        """The Region as written when it is not an AWS Region name (the provider refuses it)."""
        return self._invalid_region

    @property
    def provenance(self) -> Provenance:
        """The input format and attribute lines of the resource this object was built from."""
        return self._provenance

    def line_of(self, attr: str) -> int:
        """The line where model attribute ``attr`` is written, else the line of the resource."""
        line = self._provenance.line_of(attr)
        return self.source.line if line is None else line


@dataclass(frozen=True, kw_only=True)
class ServiceObject(ModelObject):
    """Base of the resources of AWS services that use KMS keys, and of what connects them.

    Log groups, trails, topics, queues, secrets, functions, task definitions,
    databases, tables, file systems, their subscriptions, notifications and
    resource policies, and secrets kept in code. Subclasses live in one module
    per service (``iacsim/model/<service>.py``); every instance is placed in its
    region's :attr:`~iacsim.model.world.AccountRegion.services` and found with
    :meth:`~iacsim.model.world.World.of_type` or
    :meth:`~iacsim.model.world.World.find_service`.
    """

    stored_in: ClassVar[Slot] = REGION_SERVICES


@dataclass(frozen=True)
class Policy:
    """A JSON policy document (key, IAM, trust, bucket or SSM parameter policy) as written."""

    document: Mapping[str, Any] | list[Any] | Unknown
    """The parsed document (a list only for SSM parameter policies); Unknown when unresolved or invalid."""
    text_length: int | None = None
    """Length in characters of the JSON text as given (AWS size limits apply to it); None when unknown
    or given as a structure (CloudFormation), in which case it is the length of its compact JSON form."""
    parse_error: str | None = None
    """Why the text is not valid JSON, when it is not (the document is then Unknown)."""


@dataclass(frozen=True)
class ModelDiagnostic:
    """Something the model builder noticed about the input (not a rule finding)."""

    code: str
    """Stable code: ``invalid-json``, ``unresolved-target``, ``duplicate-setting``, ``translate-error``…"""
    message: str
    """Human explanation (never contains secret values)."""
    address: Address
    """The resource concerned."""
    source: SourceLocation
    """Where that resource is written."""


@dataclass(frozen=True)
class NotReplayed:
    """A producer or a sharing the code sets up that no replay exercises (listed in the coverage section)."""

    address: Address
    """The resource."""
    type: str
    """Its type (``aws_imagebuilder_infrastructure_configuration``) or kind (``Image Builder distribution``)."""
    attribute: str
    """The attribute that names what it produces to or shares (``sns_topic_arn``)."""
    what: str
    """``an SNS topic``, ``an SQS queue``, ``a CloudWatch Logs log group``, ``AMI sharing with a KMS key``."""
    file: str
    """Where the resource is written (relative to the scanned root)."""
    line: int
    """The line of the resource there."""


@dataclass(frozen=True)
class Unmodelled:
    """Resource types seen in the input that no translator models (for the summary)."""

    type: str
    """Provider type (``aws_sqs_queue``, ``AWS::SQS::Queue``)."""
    count: int
    """How many resource instances of that type were seen."""
    addresses: tuple[Address, ...] = field(default=())
    """Their addresses."""
