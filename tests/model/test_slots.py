"""Every model class declares where the World keeps it; placement and lookup follow the declarations."""

from __future__ import annotations

import dataclasses

from model_factory import res

from iacsim.model import Account, AccountRegion, World
from iacsim.model.base import ModelObject, ServiceObject
from iacsim.model.build import _place
from iacsim.model.ids import AccountId, Address, Region
from iacsim.model.schema import model_classes
from iacsim.model.slot import REGION_SERVICES


def test_every_class_is_stored_in_a_field_that_exists() -> None:
    holders = {"account": Account, "region": AccountRegion}
    for cls in model_classes():
        if not issubclass(cls, ModelObject) or cls in (ModelObject, ServiceObject):
            continue
        slot = cls.stored_in
        names = {f.name for f in dataclasses.fields(holders[slot.scope])}
        assert slot.field in names, f"{cls.__name__} is stored in {slot.scope}.{slot.field}, which does not exist"


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Widget(ServiceObject):
    """A service added later: one model class, nothing else."""

    name: str
    widget_id: str

    named_by = ("name", "widget_id")


def test_a_new_service_is_placed_and_found_from_its_declarations_alone() -> None:
    source = res("aws_kms_key", "k", {}).source
    widget = _Widget(address=Address("aws_widget.w"), source=source, account=AccountId("111111111111"),
                     region=Region("us-east-1"), name="w", widget_id="wid-1")
    world = World(accounts=_place([widget]))
    assert _Widget.stored_in is REGION_SERVICES
    assert world.account("111111111111").region("us-east-1").services == (widget,)
    assert world.find_service(_Widget, "wid-1") is widget and world.find_service(_Widget, "w") is widget
    assert list(world.of_type(_Widget)) == [widget]
