"""Terraform DynamoDB tables and replicas → :mod:`iacsim.model.dynamodb`.

Provider docs ``r/dynamodb_table``: ``server_side_encryption { enabled, kms_key_arn }`` ("If enabled is
false then server-side encryption is set to AWS-owned key"; enabled without ``kms_key_arn`` uses
``alias/aws/dynamodb``) and ``replica { region_name, kms_key_arn }``; ``r/dynamodb_table_replica``
(``global_table_arn``, ``kms_key_arn``).
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.dynamodb import (
    DynamoEncryption,
    DynamoReplica,
    DynamoResourcePolicy,
    DynamoTable,
    DynamoTableReplica,
)
from iacsim.model.ids import Arn
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import (
    arn,
    attr,
    block,
    blocks,
    first_set,
    get_str,
    parse_policy,
    placement_fields,
    req_str,
    tags,
    to_bool,
)
from iacsim.values import Unknown


def _str(value: object, name: str) -> str | Unknown | None:
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        return value or None
    return Unknown(f"{name}: expected a string, got {type(value).__name__}")


def encryption_type(enabled: bool | Unknown | None, key: str | Unknown | None) -> DynamoEncryption | Unknown:
    """Which key encrypts a table: AWS owned, AWS managed (``aws/dynamodb``) or customer managed."""
    if isinstance(enabled, Unknown):
        return enabled
    if enabled is not True:
        return "aws_owned"
    if key is None:
        return "aws_managed"
    if isinstance(key, str) and key.endswith("alias/aws/dynamodb"):
        return "aws_managed"
    return "customer_managed"


@translates("aws_dynamodb_table")
def dynamodb_table(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = req_str(a, "name", "table")
    given = a.get("arn")
    table_arn: Arn | Unknown
    if isinstance(given, str) and given:
        table_arn = Arn(given)
    elif isinstance(name, str) and "unknown" not in (fields["region"], fields["account"]):
        table_arn = Arn(arn(fields["partition"], "dynamodb", fields["region"], fields["account"], f"table/{name}"))
    else:
        table_arn = Unknown("known after apply", f"{resource.address}.arn")
    sse = block(a, "server_side_encryption")
    enabled = to_bool(attr(sse, "enabled"), "server_side_encryption.enabled")
    key = _str(attr(sse, "kms_key_arn"), "server_side_encryption.kms_key_arn")
    found = blocks(a, "replica")
    replicas: tuple[DynamoReplica, ...] | Unknown
    if isinstance(found, Unknown):
        replicas = found
    else:
        replicas = tuple(
            DynamoReplica(
                region=first_set(_str(r.get("region_name"), "replica.region_name"),
                                 Unknown("replica.region_name not set")),
                kms_key=_str(r.get("kms_key_arn"), "replica.kms_key_arn"),
            )
            for r in found
        )
    yield DynamoTable(
        **fields,
        name=name,
        arn=table_arn,
        encryption=encryption_type(enabled, key),
        kms_key=key,
        replicas=replicas,
        tags=tags(a),
    )


@translates("aws_dynamodb_table_replica", attrs={
    "global_table": "global_table_arn",
    "kms_key": "kms_key_arn",
})
def dynamodb_table_replica(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    yield DynamoTableReplica(
        **placement_fields(resource),
        global_table=req_str(a, "global_table_arn", "table replica"),
        kms_key=get_str(a, "kms_key_arn"),
    )


@translates("aws_dynamodb_resource_policy", attrs={"resource": "resource_arn", "policy": "policy"})
def dynamodb_resource_policy(resource: Resource) -> Iterator[ModelObject]:
    """Provider docs ``r/dynamodb_resource_policy``: ``resource_arn``, ``policy``."""
    a = resource.attrs
    yield DynamoResourcePolicy(
        **placement_fields(resource),
        resource=req_str(a, "resource_arn", "resource policy"),
        policy=parse_policy(a.get("policy")),
    )
