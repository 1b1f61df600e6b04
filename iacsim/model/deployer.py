"""Who deploys an object: the identity Terraform or CloudFormation acts as (docs/architecture.md §4).

The loader records it on each object's placement: the provider's final ``assume_role.role_arn``, the
stack's ``role_arn`` in ``.iacsim.yml``, else ``.iacsim.yml deployer:`` (a principal ARN or the address of a
role or user in the scan). Checks that act as the deployer (the key-policy lockout check, enabling rotation,
parameter writes, values encrypted at apply) use :func:`deployer_of`; when it answers None the deployer is not
known: what the account is granted is assumed to reach it through IAM (the replay says so, ``flows/deployer.py``)
and a denial it might escape is ``unknown`` with :data:`DEPLOYER_UNKNOWN` — never a deny.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacsim.aws.arn import Arn
from iacsim.model.base import ModelObject
from iacsim.model.iam import IamRole, IamUser
from iacsim.model.world import World
from iacsim.values import Unknown

DEPLOYER_UNKNOWN = ("the deployer is not known: set `deployer:` in .iacsim.yml or the provider's assume_role "
                    "(a stack's role_arn in .iacsim.yml for CloudFormation)")


@dataclass(frozen=True)
class Deployer:
    """A known deployer: its principal ARN, and the role or user of the scan it is, when it is one."""

    arn: str
    modelled: IamRole | IamUser | None = None


def deployer_of(world: World, obj: ModelObject) -> Deployer | Unknown | None:
    """The deployer of ``obj``; Unknown (with why) when it is named but cannot be resolved; None when
    nothing names it."""
    named = obj.deployer
    if named is None or isinstance(named, Unknown):
        return named
    arn = Arn.parse_iam(named)
    if arn is not None:
        found = world.find_role(named) if ":role/" in named else world.find_user(named) if ":user/" in named \
            else None
        return Deployer(named, found)
    found = world.find_role(named) or world.find_user(named)
    if found is None:
        return Unknown(f"the deployer {named} named in .iacsim.yml is not a role or user of the scan")
    if isinstance(found.arn, Unknown):
        return Unknown(f"the ARN of the deployer {named} is not known statically")
    return Deployer(str(found.arn), found)
