"""Pass 0 of seeding: the id, name and ARN every object will have in the simulated cloud.

Values the code fixes are kept; values known only after apply (a CloudFormation role
without ``RoleName``, a key id in a plan) get a stable synthetic one derived from the
model address. Assigning them all first lets key policies name roles and role
policies name keys, whatever order the objects are then created in.
"""

from __future__ import annotations

import hashlib

from iacsim.aws.arn import Arn
from iacsim.flows.seed import SeededCloud, synthetic_id
from iacsim.model import World
from iacsim.model.base import ServiceObject
from iacsim.model.iam import IamGroup, IamPolicy, IamRole, IamUser
from iacsim.model.kms import KmsKey
from iacsim.model.s3 import S3Bucket


def _synthetic_name(prefix: str, address: str) -> str:
    return f"{prefix}-{hashlib.sha256(address.encode()).hexdigest()[:12]}"


def assign_names(world: World, seeded: SeededCloud) -> None:
    keys = list(world.of_type(KmsKey))
    for key in keys:
        if key.replica_of is None:
            key_id = key.key_id if isinstance(key.key_id, str) else synthetic_id(key.address, key.multi_region is True)
            _key(seeded, key, key_id)
    for key in keys:
        if key.replica_of is not None:
            primary = world.primary_of(key)
            shared = seeded.values.get(primary.address, {}).get("key_id") if primary is not None else None
            if shared is not None:
                _key(seeded, key, shared)
    principals: list[tuple[IamRole | IamUser | IamGroup, str, str]] = [
        *((r, "role", "iacsim-role") for r in world.of_type(IamRole)),
        *((u, "user", "iacsim-user") for u in world.of_type(IamUser)),
        *((g, "group", "iacsim-group") for g in world.of_type(IamGroup))]
    for obj, kind, prefix in principals:
        name = obj.name if isinstance(obj.name, str) else _synthetic_name(prefix, obj.address)
        path = obj.path if isinstance(obj.path, str) else "/"
        arn = str(Arn.iam(obj.partition, obj.account, kind, name, path))
        seeded.remember(obj.address, name=name, id=name, ref=name, path=path, arn=arn)
    for pol in world.of_type(IamPolicy):
        name = pol.name if isinstance(pol.name, str) else _synthetic_name("iacsim-policy", pol.address)
        path = pol.path if isinstance(pol.path, str) else "/"
        arn = str(Arn.iam(pol.partition, pol.account, "policy", name, path))
        seeded.remember(pol.address, name=name, path=path, arn=arn, id=arn, ref=arn)
    for bucket in world.of_type(S3Bucket):
        name = bucket.name if isinstance(bucket.name, str) else _synthetic_name("iacsim-bucket", bucket.address)
        seeded.remember(bucket.address, name=name, bucket=name, id=name, ref=name,
                        arn=str(Arn.s3_bucket(bucket.partition, name)))
    # Service objects (topics, queues, log groups…) that define seed_values() name their own ids/ARNs,
    # so key policies and IAM policies referencing them resolve before anything is created.
    for service_obj in world.of_type(ServiceObject):
        values = getattr(service_obj, "seed_values", None)
        if callable(values):
            seeded.remember(service_obj.address, **values())


def _key(seeded: SeededCloud, key: KmsKey, key_id: str) -> None:
    arn = str(Arn.kms_key(key.partition, key.region, key.account, key_id))
    seeded.remember(key.address, key_id=key_id, keyid=key_id, id=key_id, ref=key_id, arn=arn)
