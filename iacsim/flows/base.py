"""What a flow is: a replay of what the infrastructure exists for, on a simulated cloud.

A flow family is one module under ``iacsim/flows/`` defining a :class:`Flow`
subclass. ``Flow.run`` derives its scenarios from the world (every replication
rule, every SecureString reader, every shared image…), replays each on a
simulated cloud built from the world, and yields one :class:`FlowOutcome` per
scenario: the step-by-step :class:`~iacsim.findings.FlowResult` and, when it
fails, findings attributed to a documented :class:`~iacsim.rules.base.FlowRule`.

Verdicts: ``pass``; ``fail`` (a step was denied or errored as AWS would);
``unknown`` when an input is Unknown or outside the scan — the step then says
what was unknown, and assumptions are stated in the step's reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from iacsim.config import Config
from iacsim.findings import FLOW_KINDS, FlowResult
from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.rules.base import FlowRule

if TYPE_CHECKING:
    from iacsim.flows.seed import SeededCloud


@dataclass(frozen=True)
class FlowFailure:
    """A finding a failed flow reports: which rule, on which model object, why, and how to fix it."""

    rule: type[FlowRule]
    obj: ModelObject
    message: str
    fix: str | None = None


@dataclass(frozen=True)
class FlowOutcome:
    result: FlowResult
    failures: tuple[FlowFailure, ...] = ()


@dataclass
class FlowContext:
    world: World
    config: Config
    new_cloud: Callable[[], SeededCloud]
    """Builds a fresh simulated cloud populated from the world (one per scenario, so replays never
    interfere); set by the flow engine."""
    cache: dict[str, object] = field(default_factory=dict)
    """Scratch space shared by flows of one scan (e.g. a cloud reused read-only)."""


class Flow:
    """Base class of every flow family."""

    kind: ClassVar[str]
    """One of the flow kinds of docs/architecture.md §4 (``s3-replication``…)."""

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        raise NotImplementedError

    @classmethod
    def validate(cls) -> None:
        if getattr(cls, "kind", None) not in FLOW_KINDS:
            raise TypeError(f"{cls.__module__}.{cls.__name__}: kind must be one of {FLOW_KINDS}")
