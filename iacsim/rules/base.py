"""What a rule is: stable id, metadata, documentation, and a check over the model.

A rule is one module under ``iacsim/rules/<family>/``, defining one subclass of
:class:`Rule`. Its docstring is its documentation and must have the sections
*What it does*, *Why it matters*, *Example*, *Fix* and *References* (a
meta-test enforces it; ``iacsim explain ID`` prints it; ``docs/rules.md`` is
generated from it). Rules run once on the normalized model, never per input
format.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from iacsim.config import CMK_SERVICES, Config
from iacsim.findings import CATEGORIES as ALL_CATEGORIES
from iacsim.findings import SEVERITIES, FlowResult
from iacsim.model import World
from iacsim.model.base import ModelObject

DOC_SECTIONS = ("What it does", "Why it matters", "Example", "Fix", "References")
CATEGORIES: tuple[str, ...] = tuple(c for c in ALL_CATEGORIES if c != "parse-error")
"""What a rule on the model may report (``parse-error`` is for :mod:`iacsim.rules.parse`, whose findings come
from the loaders' diagnostics)."""
_ID = re.compile(r"^[A-Z][A-Z0-9]*\d{3}$")
_PEER = re.compile(r"^(CKV2?_AWS_\d+|AVD-AWS-\d{4})$")
"""A Checkov check id (``CKV_AWS_27``, ``CKV2_AWS_62``) or a Trivy/tfsec AVD id (``AVD-AWS-0096``)."""


@dataclass(frozen=True)
class Hit:
    """One problem a rule found on one model object."""

    obj: ModelObject
    message: str
    fix: str | None = None
    line: int | None = None
    """A more precise line than the object's own, when the rule knows it (prefer ``attr``)."""
    attr: str | None = None
    """The model attribute that is wrong (``rotation_enabled``): the finding points at the line where
    the input writes it (``enable_key_rotation`` / ``EnableKeyRotation``), else at the resource."""

    def source_line(self) -> int:
        """The line the finding points at."""
        if self.line is not None:
            return self.line
        return self.obj.line_of(self.attr) if self.attr is not None else self.obj.source.line


@dataclass(frozen=True)
class RuleContext:
    world: World
    config: Config
    flows: tuple[FlowResult, ...] = ()
    """The world's replayed flows, run before the rules: a rule whose verdict depends on a flow's (a queue
    "encrypted with a customer managed key" its producers cannot use) reads it through
    :mod:`iacsim.rules.flow_links`, never replays anything itself."""


class Rule:
    """Base class of every rule; subclasses set the class attributes and implement :meth:`check`."""

    id: ClassVar[str]
    name: ClassVar[str]
    """Short kebab-case name, e.g. ``rotation-on-asymmetric-key``."""
    summary: ClassVar[str]
    """One sentence: what is wrong when this rule fires."""
    category: ClassVar[str]
    severity: ClassVar[str]
    help_uri: ClassVar[str] = ""
    peers: ClassVar[tuple[str, ...]] = ()
    """The peer scanners' checks this rule corresponds to (``("CKV_AWS_27", "AVD-AWS-0096")``), each confirmed
    in the peer's own source: ``iacsim rules --format json`` and docs/rules.md list them, so a team can move
    its suppressions. A property iacsim judges differently says so in the docstring."""
    customer_managed_key_service: ClassVar[str | None] = None
    """Set on an *encrypted with a customer managed key* rule: the service (``CMK_SERVICES``) that
    ``.iacsim.yml`` must list in ``encryption.customer_managed_key`` for the rule to run (off by default)."""

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        raise NotImplementedError

    @classmethod
    def docs(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The documentation split into its named sections."""
        sections: dict[str, str] = {}
        current = None
        for line in cls.docs().splitlines():
            header = line.rstrip(":").strip()
            if header in DOC_SECTIONS and line.strip().endswith(":"):
                current = header
                sections[current] = ""
            elif current:
                sections[current] += line + "\n"
        # dedent: the docstring's section bodies are indented under their headers
        return {k: textwrap.dedent(v).strip() for k, v in sections.items()}

    @classmethod
    def allowed_categories(cls) -> tuple[str, ...]:
        """The categories this kind of rule may have (:meth:`validate` checks ``category`` against them)."""
        return CATEGORIES

    @classmethod
    def validate(cls) -> None:
        """Raise if the rule's metadata is incomplete; called at registration."""
        where = f"{cls.__module__}.{cls.__name__}"
        for attr in ("id", "name", "summary", "category", "severity"):
            if not isinstance(getattr(cls, attr, None), str) or not getattr(cls, attr):
                raise TypeError(f"{where}: missing `{attr}`")
        if not _ID.match(cls.id):
            raise TypeError(f"{where}: id {cls.id!r} is not FAMILY + three digits")
        if cls.category not in cls.allowed_categories():
            raise TypeError(f"{where}: category {cls.category!r} not in {cls.allowed_categories()}")
        if cls.severity not in SEVERITIES:
            raise TypeError(f"{where}: severity {cls.severity!r} not in {SEVERITIES}")
        bad = [p for p in cls.peers if not _PEER.match(p)]
        if bad or len(set(cls.peers)) != len(cls.peers):
            raise TypeError(f"{where}: peers {cls.peers!r}: each a Checkov CKV_AWS_… or an AVD-AWS-… id, once")
        if cls.customer_managed_key_service not in (None, *CMK_SERVICES):
            raise TypeError(f"{where}: customer_managed_key_service {cls.customer_managed_key_service!r} "
                            f"not in {CMK_SERVICES}")


class FlowRule(Rule):
    """A ``broken-flow`` rule: its findings come from replayed flows, not from a static check.

    The flow that detects the failure emits the finding with this rule's id, so
    every broken-flow finding is documented, configurable and suppressible like
    any other rule. ``check`` finds nothing by itself.
    """

    category: ClassVar[str] = "broken-flow"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        return iter(())


def fix_for(obj: ModelObject, terraform: str, cloudformation: str) -> str:
    """The fix in the language the resource is written in (a plan's resources are written in Terraform)."""
    return cloudformation if obj.provenance.origin == "cloudformation" else terraform
