"""CloudFormation DynamoDB tables → :class:`iacsim.model.dynamodb.DynamoTable`.

AWS CloudFormation User Guide ``AWS::DynamoDB::Table`` (``SSESpecification``: ``SSEEnabled`` — "If
enabled (true), server-side encryption type is set to KMS and an AWS managed key is used"; otherwise the
AWS owned key; ``KMSMasterKeyId`` for a customer managed key) and ``AWS::DynamoDB::GlobalTable``
(``SSESpecification`` {``SSEEnabled``, ``SSEType``} for every replica, ``Replicas[]`` with ``Region`` and
``SSESpecification.KMSMasterKeyId`` — the key of that replica's Region).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.dynamodb import DynamoReplica, DynamoResourcePolicy, DynamoTable
from iacsim.model.ids import Arn
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import arn, get_str, parse_policy, placement_fields, tags, to_bool
from iacsim.model.translate.cloudformation.common import deploy_time, field_of, first, items, mapping
from iacsim.model.translate.terraform.dynamodb import encryption_type
from iacsim.values import Unknown


def _str(value: Any) -> str | Unknown | None:
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        return value or None
    return str(value)


def _table_arn(resource: Resource, fields: dict[str, Any], name: str | Unknown) -> Arn | Unknown:
    if isinstance(name, str) and "unknown" not in (fields["region"], fields["account"]):
        return Arn(arn(fields["partition"], "dynamodb", fields["region"], fields["account"], f"table/{name}"))
    return deploy_time(resource, "Arn", "the table ARN")


@translates("AWS::DynamoDB::Table", attrs={"tags": "Tags"})
def dynamodb_table(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = first(get_str(a, "TableName"), deploy_time(resource, "Ref", "the table name"))
    sse = mapping(a.get("SSESpecification"))
    enabled = to_bool(field_of(sse, "SSEEnabled"), "SSEEnabled")
    key = _str(field_of(sse, "KMSMasterKeyId"))
    yield DynamoTable(
        **fields,
        name=name,
        arn=_table_arn(resource, fields, name),
        encryption=encryption_type(enabled, key),
        kms_key=key,
        tags=tags(a, "Tags"),
    )
    document = field_of(mapping(a.get("ResourcePolicy")), "PolicyDocument")
    if document is not None:  # ResourcePolicy.PolicyDocument: the table's resource-based policy
        yield DynamoResourcePolicy(**fields, resource=deploy_time(resource, "Arn", "the table ARN"),
                                   policy=parse_policy(document))


@translates("AWS::DynamoDB::GlobalTable", attrs={"tags": "Tags"})
def dynamodb_global_table(resource: Resource) -> Iterator[ModelObject]:
    a = resource.attrs
    fields = placement_fields(resource)
    name = first(get_str(a, "TableName"), deploy_time(resource, "Ref", "the table name"))
    sse = mapping(a.get("SSESpecification"))
    enabled = to_bool(field_of(sse, "SSEEnabled"), "SSEEnabled")
    own_key: str | Unknown | None = None
    replicas: list[DynamoReplica] = []
    unknown: Unknown | None = None
    found = items(a.get("Replicas"))
    if isinstance(found, Unknown):
        unknown = found
    else:
        for raw in found:
            entry = mapping(raw)
            if entry is None:
                continue
            if isinstance(entry, Unknown):
                unknown = entry
                break
            region = first(_str(entry.get("Region")), Unknown("Replicas[].Region not set"))
            key = _str(field_of(mapping(entry.get("SSESpecification")), "KMSMasterKeyId"))
            if region == fields["region"]:
                own_key = key  # the stack's Region holds the table itself
            else:
                replicas.append(DynamoReplica(region=region, kms_key=key))
    any_key = own_key if own_key is not None else next((r.kms_key for r in replicas if r.kms_key is not None), None)
    yield DynamoTable(
        **fields,
        name=name,
        arn=_table_arn(resource, fields, name),
        encryption=encryption_type(enabled, any_key),
        kms_key=own_key,
        replicas=unknown if unknown is not None else tuple(replicas),
        global_table=True,
        tags=tags(a, "Tags"),
    )
