"""Where the :class:`~iacsim.model.world.World` keeps each model class, declared by the class itself.

Every model class says which field of :class:`~iacsim.model.world.AccountRegion` or
:class:`~iacsim.model.world.Account` holds its objects (``stored_in``) and by which of its attributes
references name it (``named_by``). ``build_world`` places objects and ``World`` indexes them from these
declarations alone, so a new service is one model module and its translators: neither ``world.py``
nor ``build.py`` lists classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Slot:
    """The field of an account or of an account's region that holds a class's objects."""

    scope: Literal["account", "region"]
    """``account`` for global (IAM) objects, ``region`` for everything else."""
    field: str
    """Field name on :class:`~iacsim.model.world.Account` or :class:`~iacsim.model.world.AccountRegion`."""
    single: bool = False
    """An account+region-wide setting (one value, not a tuple): the last one written wins."""
    merged: bool = False
    """A setting written as its own resource but merged by ``build_world`` into the object it names
    (a key policy into its key); placed in ``field`` only when that object is not in the scan."""


REGION_SERVICES = Slot("region", "services")
"""Resources of services that use KMS keys, and what connects them."""

REGION_UNATTACHED = Slot("region", "unattached")
"""Objects that declare no slot of their own."""

MERGED_REGIONAL = Slot("region", "unattached", merged=True)
"""A regional setting merged into its target (key policy, bucket versioning…); unattached without it."""

MERGED_IAM = Slot("account", "unattached", merged=True)
"""An IAM setting merged into its principal (inline policy, attachment); unattached without it."""
