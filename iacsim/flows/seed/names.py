"""Pass 0 of seeding: the id, name and ARN every object will have in the simulated cloud.

Values the code fixes are kept; values known only after apply (a CloudFormation role
without ``RoleName``, a key id in a plan) get a stable synthetic one derived from the
model address. Assigning them all first lets key policies name roles and role
policies name keys, whatever order the objects are then created in.
"""

from __future__ import annotations

import hashlib

from iacsim.aws.arn import Arn
from iacsim.flows.seed import SeededCloud, stand_in_token, synthetic_id, template_refs
from iacsim.flows.seed.patterns import UnknownName
from iacsim.model import World
from iacsim.model.base import ServiceObject
from iacsim.model.iam import IamGroup, IamPolicy, IamRole, IamUser
from iacsim.model.kms import KmsKey
from iacsim.model.logs import LogGroup
from iacsim.model.messaging import SnsTopic, SqsQueue
from iacsim.model.s3 import S3Bucket
from iacsim.model.secretsmanager import Secret
from iacsim.values import Unknown


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
        name = obj.name if isinstance(obj.name, str) else _stand_in_name(seeded, obj.name, prefix, obj.address, 64)
        path = obj.path if isinstance(obj.path, str) else "/"
        arn = str(Arn.iam(obj.partition, obj.account, kind, name, path))
        seeded.remember(obj.address, name=name, id=name, ref=name, path=path, arn=arn)
        if isinstance(obj.name, Unknown):
            sessions = (f"arn:{obj.partition}:sts::{obj.account}:assumed-role/{name}/*",) if kind == "role" else ()
            _unknown_name(seeded, obj.address, obj.name, name, (arn, *sessions))
    for pol in world.of_type(IamPolicy):
        name = pol.name if isinstance(pol.name, str) else _stand_in_name(seeded, pol.name, "iacsim-policy",
                                                                          pol.address, 128)
        path = pol.path if isinstance(pol.path, str) else "/"
        arn = str(Arn.iam(pol.partition, pol.account, "policy", name, path))
        seeded.remember(pol.address, name=name, path=path, arn=arn, id=arn, ref=arn)
        if isinstance(pol.name, Unknown):
            _unknown_name(seeded, pol.address, pol.name, name, (arn,))
    for bucket in world.of_type(S3Bucket):
        name = bucket.name if isinstance(bucket.name, str) else _stand_in_name(seeded, bucket.name, "iacsim-bucket",
                                                                                bucket.address)
        arn = str(Arn.s3_bucket(bucket.partition, name))
        seeded.remember(bucket.address, name=name, bucket=name, id=name, ref=name, arn=arn)
        if isinstance(bucket.name, Unknown):
            _unknown_name(seeded, bucket.address, bucket.name, name, (arn, f"{arn}/*"))
    # Service objects (topics, queues, log groups…) that define seed_values() name their own ids/ARNs,
    # so key policies and IAM policies referencing them resolve before anything is created.
    for service_obj in world.of_type(ServiceObject):
        values = getattr(service_obj, "seed_values", None)
        if not callable(values):
            continue
        named = _NAMED_SERVICES.get(type(service_obj))
        unknown_name = getattr(service_obj, "name", None)
        if named is None or not isinstance(unknown_name, Unknown):
            seeded.remember(service_obj.address, **values())
            continue
        # a topic, queue, log group or secret named at apply time: the stand-in of its template, so every
        # reference built from the same values (a key policy's aws:logs:arn, a !Sub TopicArn) names it
        given = values(_template_stand_in(seeded, unknown_name, named[0]))
        seeded.remember(service_obj.address, **given)
        arn = given["arn"].removesuffix(":*")
        _unknown_name(seeded, service_obj.address, unknown_name, given["name"],
                      (arn, f"{arn}:*") if named[1] else (arn,), slashes=named[1])


_NAMED_SERVICES: dict[type[ServiceObject], tuple[int, bool]] = {
    SnsTopic: (256, False), SqsQueue: (80, False), LogGroup: (512, True), Secret: (512, False)}
"""Service objects whose name may be known only at apply: the longest name AWS accepts, and whether it is a
log group's (its name may hold ``/``, and policies name it with a ``:*`` suffix too, for its streams)."""


def _unknown_name(seeded: SeededCloud, address: str, name: Unknown, stand_in: str, forms: tuple[str, ...],
                  *, slashes: bool = False) -> None:
    """Record that ``address`` is named ``stand_in`` in the replay only: a policy pattern that must match its
    real name is then undecided (:mod:`iacsim.flows.seed.patterns`)."""
    tokens = tuple(stand_in_token(ref) for ref in template_refs(name.template or ""))
    parts = tuple(t for t in tokens if t in stand_in) or (stand_in,)
    seeded.name_tokens.update(parts)
    written = f"named {name.template!r}" if name.template else "named at apply time"
    seeded.unknown_names.append(UnknownName(
        address, f"{written}, {name.reason}; give it a fixed name, or supply the value with --var/--cfn-param",
        parts, forms, slashes))


def _stand_in_name(seeded: SeededCloud, name: Unknown, prefix: str, address: str, limit: int = 63) -> str:
    """A name known only after apply: the stand-in of its template (``replica-${random_pet.this.id}`` →
    ``replica-1a2b3c4d``, a ``bucket_prefix`` kept), so every reference with the same template names the same
    object; else a synthetic name from the address. Either way the verdict does not depend on the name,
    unless a policy pattern must match the real one (see :func:`name_patterns_unknown`)."""
    return _template_stand_in(seeded, name, limit) or _synthetic_name(prefix, address)


def _template_stand_in(seeded: SeededCloud, name: Unknown, limit: int) -> str | None:
    """The stand-in of ``name``'s template when it has one that makes a valid-length name."""
    if name.template is None:
        return None
    text = seeded.stand_in(name.template, naming=True)
    return text if text is not None and 3 <= len(text) <= limit else None


def _key(seeded: SeededCloud, key: KmsKey, key_id: str) -> None:
    arn = str(Arn.kms_key(key.partition, key.region, key.account, key_id))
    seeded.remember(key.address, key_id=key_id, keyid=key_id, id=key_id, ref=key_id, arn=arn)
