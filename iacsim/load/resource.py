"""The loader's output contract: format-independent resource records.

Every loader (Terraform HCL and JSON, Terraform plan JSON, CloudFormation)
produces :class:`Resource` records. The model layer translates them; nothing
after the model knows which format a resource came from.

Attribute conventions (``Resource.attrs``):

* plain JSON-like Python values: ``str``, ``int``, ``float``, ``bool``, ``None``,
  ``list``, ``dict`` — plus :class:`iacsim.values.Unknown` wherever a value
  cannot be resolved;
* Terraform nested blocks are a *list of dicts* under the block name
  (``rule: [{"destination": [{...}]}]``), exactly as ``terraform show -json``
  represents them, so HCL and plan inputs look the same to translators;
* CloudFormation resources carry their ``Properties`` map as ``attrs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from iacsim.values import Unknown

DEFAULT_ACCOUNT = "111111111111"
"""Stable account id used when nothing in the scan says which account; always labelled as assumed."""

DEFAULT_REGION = "us-east-1"
"""Region used when nothing in the scan says which region; always labelled as assumed."""

Origin = Literal["terraform", "tfplan", "cloudformation"]


@dataclass(frozen=True)
class SourceLocation:
    file: str
    """Path relative to the scanned root, with ``/`` separators."""
    line: int
    """1-based line of the resource (block or template entry)."""
    end_line: int | None = None


@dataclass(frozen=True)
class Placement:
    """Where a resource lives: which account and region, and how we know."""

    account: str | Unknown
    region: str | Unknown
    account_assumed: bool = False
    """True when the account is the labelled default, not read from the code."""
    region_assumed: bool = False
    provider: str | None = None
    """Terraform provider address such as ``aws`` or ``aws.west``; CFN: the stack name."""
    partition: str = "aws"
    deployer: str | Unknown | None = None
    """The principal ARN Terraform or CloudFormation acts as for this resource: the provider's final
    ``assume_role.role_arn``, the stack's ``role_arn`` in ``.iacsim.yml``, else ``.iacsim.yml deployer:``;
    None when nothing says (checks that depend on who deploys are then ``unknown``)."""
    credentials: str | None = None
    """When the account is assumed: what the provider authenticates with (``profile var.dest_profile``), so
    resources whose providers name different credentials are known to be perhaps in different accounts even
    though both sit in the one stand-in account. None when the code names no credentials at all."""


@dataclass(frozen=True)
class Suppression:
    """An inline ``# iacsim:ignore ID reason`` or CFN ``Metadata.iacsim.ignore`` entry."""

    rule_id: str
    reason: str
    line: int


@dataclass(frozen=True)
class ModuleArgument:
    """One argument written in a ``module`` block."""

    name: str
    line: int
    reads: tuple[str, ...] = ()
    """The caller's variables (``var.NAME``) its expression reads: how a value travels through nested calls."""


@dataclass(frozen=True)
class ModuleCall:
    """A ``module`` block a resource was instantiated through (findings name it: docs/architecture.md §4)."""

    address: str
    """``module.kms``, ``module.kms[0].module.label``."""
    file: str
    line: int
    arguments: tuple[ModuleArgument, ...] = ()


@dataclass
class Resource:
    """One resource (or data source) instance after evaluation."""

    type: str
    """Provider type: ``aws_kms_key`` or ``AWS::KMS::Key``."""
    address: str
    """``aws_kms_key.primary``, ``module.kms.aws_kms_key.this[0]``, ``data.aws_caller_identity.current``
    or CFN ``Template.yaml#Resources/Key``."""
    attrs: dict[str, Any] = field(repr=False)
    """Evaluated attributes. Never in repr: they can hold secrets as written (SecureString values)."""
    source: SourceLocation
    placement: Placement
    origin: Origin
    mode: Literal["managed", "data", "module"] = "managed"
    """``module``: a ``module`` call whose source is not downloaded (type ``module``, attrs its ``source``
    and the inputs it is given; :mod:`iacsim.load.terraform.unread`). Not a resource: never counted as one."""
    name: str = ""
    """Logical name (Terraform resource name or CFN logical id)."""
    attr_lines: dict[str, int] = field(default_factory=dict)
    """Line of each attribute/property where known, for precise findings: top-level names, nested ones
    as dotted paths through the attrs shape (HCL ``rule.0.id``, CloudFormation ``Rules.0.Status``).
    Empty for plans: ``terraform show -json`` records carry no source lines."""
    suppressions: tuple[Suppression, ...] = ()
    module_calls: tuple[ModuleCall, ...] = ()
    """The ``module`` blocks this resource was created through, outermost first (Terraform HCL only)."""
    attr_vars: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Inside a module: each top-level attribute → the module's variables its expression reads, so a finding
    on the attribute can name the module argument that fed it."""
    unit: str = ""
    """The deployment unit the resource belongs to, relative to the scanned root: the Terraform root
    module directory, the CloudFormation template or the plan file. Each unit is simulated as its own
    world unless ``.iacsim.yml`` ``worlds`` or :attr:`links` join units (:mod:`iacsim.worlds`)."""
    links: tuple[str, ...] = ()
    """What the placement itself says this unit is deployed with: ``stacks:<directory>`` for a
    CloudFormation template placed by a ``stacks`` entry of the ``.iacsim.yml`` in that directory
    (relative to the scanned root, ``.`` for the root), and the templates (relative to the scanned
    root) its ``{{iacsim:…}}`` stack-reference parameters name."""
    repetition: str | None = None
    """Why it is not known how many instances of this resource there are (a ``count``/``for_each`` over a
    value known only at apply, a CloudFormation ``Condition`` that cannot be evaluated), naming the
    expression; the record then stands for zero or more instances. None when the instances are known."""


Severity = Literal["info", "warning", "error"]

EXPAND_IT = "; to expand it: "
"""Where an ``unknown-repetition`` notice starts listing the inputs without value its ``count``/``for_each``
reads, each with the option that supplies it (the coverage section takes its hints from them)."""

NOTICE_CODES = frozenset({
    "module-not-downloaded", "not-simulated", "unknown-repetition", "data-source-unresolved", "unused-parameter",
})
"""Diagnostic codes that say what the scan could not read or simulate in *valid* input — a remote module
that is not downloaded, a transform or nested stack that is not expanded, a ``count`` that depends on
such a value, a data source that reads live infrastructure, a ``--cfn-param`` a template does not declare.
They are notices for the report's coverage section, never findings (docs/architecture.md §4 "Notices are
not findings"); every other code is a problem with the input itself."""


@dataclass(frozen=True)
class Diagnostic:
    """What a loader says about the input: a problem with the input itself (a ``parse-error`` finding) or,
    for the :data:`NOTICE_CODES`, a notice of what the scan could not see (the coverage section)."""

    file: str
    line: int
    message: str
    severity: Severity = "error"
    code: str = "parse-error"
    """``parse-error`` for unreadable input; other codes (``eval-cycle``, ``not-simulated``…) for warnings."""

    @property
    def is_notice(self) -> bool:
        return self.code in NOTICE_CODES


@dataclass
class LoadResult:
    resources: list[Resource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every file read, relative to its scanned root."""
    assumptions: list[str] = field(default_factory=list)
    """Human sentences such as 'account 111111111111 assumed for provider aws (no assume_role)'."""

    def extend(self, other: LoadResult) -> None:
        self.resources.extend(other.resources)
        self.diagnostics.extend(other.diagnostics)
        self.files.extend(other.files)
        for a in other.assumptions:
            if a not in self.assumptions:
                self.assumptions.append(a)
