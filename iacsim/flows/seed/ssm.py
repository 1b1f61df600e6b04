"""Parameter Store parameters with values, for a cloud that stands for the deployed infrastructure.

:func:`iacsim.flows.seed.seed_world` does not create parameters: the ``ssm-secure-string`` replay writes
each one as its deployer, and that write is a step whose outcome the scan reports. A cloud handed to an
application's tests (:mod:`iacsim.testing.infra`) stands for the infrastructure *after* apply, so its
parameters exist with a value: a ``String``/``StringList`` value as the code writes it, and for a
``SecureString`` — whose real value the code rarely holds, and which iacsim never reads back out — a
placeholder unless the test gives one. The write is setup, not a replay: outside the audit trail and
without authorization (the deployer's right to write is the scan's question, not the application's); the
parameter's own checks (name, type, tier, allowed pattern, data type, the key existing and being usable)
still apply, and a rejected parameter is recorded in :attr:`SeededCloud.failed` as the apply would fail.
PutParameter: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from iacsim.flows.clients import SsmClient, client
from iacsim.flows.keys import simulated_key
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.common import attempt, unplaceable
from iacsim.model import World
from iacsim.model.ssm import SsmParameter
from iacsim.sim import unchecked
from iacsim.sim.audit import paused

PLACEHOLDER = "iacsim-simulated-value"
"""The value a SecureString gets when nobody supplies one (the replays write it too)."""

_AMI_PLACEHOLDER = "ami-0123456789abcdef0"
"""A value of data type ``aws:ec2:image`` must be an AMI id (PutParameter ``DataType``)."""


def placeholder(parameter: SsmParameter) -> str:
    """The stand-in value for a parameter whose value the code does not give statically."""
    return _AMI_PLACEHOLDER if parameter.data_type == "aws:ec2:image" else PLACEHOLDER


def seed_parameters(world: World, seeded: SeededCloud, values: Mapping[str, str]) -> None:
    """Create every parameter of the world; ``values`` maps a parameter's address to its value (an address
    absent from it gets :func:`placeholder`). A parameter whose name, type or key is not known statically is
    recorded in :attr:`SeededCloud.unknown` and not created."""
    with paused(), unchecked():
        for p in world.of_type(SsmParameter):
            if unplaceable(seeded, p):
                continue
            args = _put_args(world, seeded, p, values.get(p.address, placeholder(p)))
            if args is None:
                continue
            ssm = client(seeded.cloud, SsmClient, region=p.region, account=p.account)
            if attempt(seeded, p.address, partial(ssm.put_parameter, **args)) is not None:
                seeded.remember(p.address, name=args["Name"])


def _put_args(world: World, seeded: SeededCloud, p: SsmParameter, value: str) -> dict[str, Any] | None:
    if not isinstance(p.name, str) or not isinstance(p.type, str):
        seeded.unknown.setdefault(p.address, "the parameter's name or type is not known statically")
        return None
    args: dict[str, Any] = {"Name": p.name, "Value": value, "Type": p.type}
    if p.type == "SecureString" and p.key is not None:
        key = simulated_key(world, seeded, p.key, p.account, p.region, near=p.address)
        if key.problem is not None:
            seeded.unknown.setdefault(p.address, key.problem)
            return None
        key_id = key.arn if key.arn is not None else key.written
        if not isinstance(key_id, str):
            seeded.unknown.setdefault(p.address, "the parameter's key is not known statically")
            return None
        args["KeyId"] = key_id
    for arg, attr in (("Tier", p.tier), ("DataType", p.data_type), ("AllowedPattern", p.allowed_pattern),
                      ("Description", p.description)):
        if isinstance(attr, str):
            args[arg] = attr
    return args
