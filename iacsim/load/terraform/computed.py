"""Computed attributes (``arn``, ``id``, ``key_id`` …) synthesized from configuration.

Terraform knows these only after apply. iacsim needs them earlier: a key policy
or a replication rule that names ``aws_kms_key.db.arn`` must point at *that*
key in the model. So, where AWS's format is fully determined by configuration
and placement, we synthesize a realistic value; where it is not (a role's
``unique_id``, a name generated from ``name_prefix``) the attribute stays absent and
referencing it yields ``Unknown("known after apply", ref=<address>.<attr>)``. A secret's
random 6-character ARN suffix is synthesized like a key id: without it every policy and
ECS container definition naming the secret would collapse into one Unknown.

Random identifiers (KMS key ids, AMI ids) are derived deterministically from
the root module directory and the resource address (``uuid5`` / SHA-256), so the
same code always gives the same ids, and two roots that both declare
``aws_kms_key.this`` get different keys.

**Mapping back.** Every synthesized value is stored in the owning Resource's
``attrs`` (``attrs["arn"]``, ``attrs["key_id"]``, ``attrs["id"]`` …), exactly as
``terraform show -json`` shows them for applied state. To map an ARN found in a
policy back to its resource, index resources by ``attrs["arn"]`` (and KMS keys
by ``attrs["key_id"]``); :func:`synthesized_names` lists which attributes of a
type were synthesized.

ARN formats: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html and
the service authorization reference pages for KMS, IAM, S3, SSM, EC2, SNS, SQS, Logs.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.load.resource import Placement
from iacsim.values import Unknown

_NAMESPACE = uuid.UUID("5b0a4d8e-2f5c-4a57-9a0b-6f1d3c7e9a21")
"""Fixed namespace: ids must not change between iacsim versions."""


def stable_uuid(identity: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, identity))


def stable_hex(identity: str, length: int) -> str:
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:length]


def synthetic_key_id(identity: str, multi_region: bool) -> str:
    """KMS key id: a UUID, or ``mrk-`` + 32 hex digits for multi-region keys (AWS's formats)."""
    if multi_region:
        return "mrk-" + stable_uuid(identity).replace("-", "")
    return stable_uuid(identity)


class _Ctx:
    def __init__(self, attrs: Mapping[str, Any], placement: Placement, identity: str, address: str) -> None:
        self.attrs = attrs
        self.placement = placement
        self.identity = identity
        self.address = address

    def unknown(self, attr: str, why: str) -> Unknown:
        return Unknown(why, f"{self.address}.{attr}")

    @property
    def partition(self) -> str:
        return self.placement.partition

    def where(self, attr: str) -> tuple[str, str] | Unknown:
        """(region, account) or an Unknown naming which one is unknown."""
        region, account = self.placement.region, self.placement.account
        if isinstance(region, Unknown):
            return self.unknown(attr, f"region unknown: {region.reason}")
        if isinstance(account, Unknown):
            return self.unknown(attr, f"account unknown: {account.reason}")
        return region, account

    def name(self, key: str, attr: str) -> str | Unknown:
        value = self.attrs.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, Unknown):
            return self.unknown(attr, f"{key} unknown: {value.reason}")
        return self.unknown(attr, f"{key} not set: AWS/Terraform generates it at apply")


def _kms_key(c: _Ctx) -> dict[str, Any]:
    multi = c.attrs.get("multi_region") is True
    key_id = synthetic_key_id(c.identity, multi)
    loc = c.where("arn")
    arn: Any = loc if isinstance(loc, Unknown) else str(Arn.kms_key(c.partition, loc[0], loc[1], key_id))
    return {"arn": arn, "key_id": key_id, "id": key_id}


def _kms_replica_key(c: _Ctx) -> dict[str, Any]:
    primary = c.attrs.get("primary_key_arn")
    primary_arn = Arn.parse(primary)
    if primary_arn is not None and primary_arn.service == "kms" and primary_arn.resource_type == "key":
        key_id: Any = primary_arn.resource_id
    elif isinstance(primary, Unknown):
        key_id = c.unknown("key_id", f"primary_key_arn unknown: {primary.reason}")
    else:
        key_id = c.unknown("key_id", "primary_key_arn is not a key ARN")
    loc = c.where("arn")
    if isinstance(loc, Unknown):
        arn: Any = loc
    elif isinstance(key_id, Unknown):
        arn = c.unknown("arn", key_id.reason)
    else:
        arn = str(Arn.kms_key(c.partition, loc[0], loc[1], key_id))
    return {"arn": arn, "key_id": key_id, "id": key_id}


def _kms_alias(c: _Ctx) -> dict[str, Any]:
    name = c.name("name", "arn")
    loc = c.where("arn")
    out: dict[str, Any] = {"id": name}
    if isinstance(name, Unknown):
        out["arn"] = name
    elif isinstance(loc, Unknown):
        out["arn"] = loc
    else:
        out["arn"] = str(Arn.kms_alias(c.partition, loc[0], loc[1], name))
    target = c.attrs.get("target_key_id")
    if isinstance(target, str) and target.startswith("arn:"):
        out["target_key_arn"] = target
    elif isinstance(target, str) and not isinstance(loc, Unknown):
        out["target_key_arn"] = str(Arn.kms_key(c.partition, loc[0], loc[1], target))
    elif isinstance(target, Unknown):
        out["target_key_arn"] = c.unknown("target_key_arn", f"target_key_id unknown: {target.reason}")
    return out


def _iam(kind: str, id_is_arn: bool = False) -> Callable[[_Ctx], dict[str, Any]]:
    def build(c: _Ctx) -> dict[str, Any]:
        name = c.name("name", "arn")
        path = c.attrs.get("path", "/")
        if not isinstance(path, str):
            path = "/"
        account = c.placement.account
        if isinstance(name, Unknown):
            arn: Any = name
        elif isinstance(account, Unknown):
            arn = c.unknown("arn", f"account unknown: {account.reason}")
        else:
            arn = str(Arn.iam(c.partition, account, kind, name, path))
        return {"arn": arn, "id": arn if id_is_arn else name}
    return build


def _s3_bucket(c: _Ctx) -> dict[str, Any]:
    name = c.name("bucket", "arn")
    region = c.placement.region
    if isinstance(name, Unknown):
        return {"arn": name, "id": name}
    out: dict[str, Any] = {"arn": str(Arn.s3_bucket(c.partition, name)), "id": name,
                           "bucket_domain_name": f"{name}.s3.amazonaws.com"}
    if isinstance(region, str):
        out["bucket_regional_domain_name"] = f"{name}.s3.{region}.amazonaws.com"
        out.setdefault("region", region)
    return out


def _ssm_parameter(c: _Ctx) -> dict[str, Any]:
    name = c.name("name", "arn")
    loc = c.where("arn")
    if isinstance(name, Unknown):
        return {"arn": name, "id": name}
    if isinstance(loc, Unknown):
        return {"arn": loc, "id": name}
    return {"arn": str(Arn.ssm_parameter(c.partition, loc[0], loc[1], name)), "id": name}


def _ec2_id(prefix: str, kind: str, with_account: bool) -> Callable[[_Ctx], dict[str, Any]]:
    def build(c: _Ctx) -> dict[str, Any]:
        ident = f"{prefix}-{stable_hex(c.identity, 17)}"
        loc = c.where("arn")
        if isinstance(loc, Unknown):
            return {"id": ident, "arn": loc}
        account = loc[1] if with_account else ""
        return {"id": ident, "arn": str(Arn.ec2(c.partition, loc[0], account, kind, ident))}
    return build


def _regional(service: str, fmt: str, id_is_arn: bool, name_key: str = "name") -> Callable[[_Ctx], dict[str, Any]]:
    def build(c: _Ctx) -> dict[str, Any]:
        name = c.name(name_key, "arn")
        loc = c.where("arn")
        if isinstance(name, Unknown):
            return {"arn": name, "id": name}
        if isinstance(loc, Unknown):
            return {"arn": loc, "id": loc if id_is_arn else name}
        arn = str(Arn(c.partition, service, loc[0], loc[1], fmt.format(name=name)))
        return {"arn": arn, "id": arn if id_is_arn else name}
    return build


def _secretsmanager_secret(c: _Ctx) -> dict[str, Any]:
    # "arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>"; Terraform's id is the ARN.
    out = _regional("secretsmanager", "secret:{name}-" + stable_hex(c.identity, 6), id_is_arn=True)(c)
    return out


def _sqs_queue(c: _Ctx) -> dict[str, Any]:
    out = _regional("sqs", "{name}", id_is_arn=False)(c)
    loc = c.where("url")
    name = out["id"]
    if isinstance(name, str) and not isinstance(loc, Unknown):
        url = f"https://sqs.{loc[0]}.amazonaws.com/{loc[1]}/{name}"
        out["id"] = url
        out["url"] = url
    return out


def _event_rule(c: _Ctx) -> dict[str, Any]:
    # Default bus: "arn:aws:events:<region>:<account>:rule/<name>", id = name; other buses are left unknown.
    bus = c.attrs.get("event_bus_name")
    if bus is not None and bus != "default":
        return {}
    return _regional("events", "rule/{name}", id_is_arn=False)(c)


_SYNTHESIZERS: dict[str, Callable[[_Ctx], dict[str, Any]]] = {
    "aws_kms_key": _kms_key,
    "aws_kms_external_key": _kms_key,
    "aws_kms_replica_key": _kms_replica_key,
    "aws_kms_replica_external_key": _kms_replica_key,
    "aws_kms_alias": _kms_alias,
    "aws_iam_role": _iam("role"),
    "aws_iam_user": _iam("user"),
    "aws_iam_group": _iam("group"),
    "aws_iam_instance_profile": _iam("instance-profile"),
    "aws_iam_policy": _iam("policy", id_is_arn=True),
    "aws_s3_bucket": _s3_bucket,
    "aws_ssm_parameter": _ssm_parameter,
    "aws_ami": _ec2_id("ami", "image", with_account=False),
    "aws_ami_copy": _ec2_id("ami", "image", with_account=False),
    "aws_ami_from_instance": _ec2_id("ami", "image", with_account=False),
    "aws_ebs_snapshot": _ec2_id("snap", "snapshot", with_account=False),
    "aws_ebs_snapshot_copy": _ec2_id("snap", "snapshot", with_account=False),
    "aws_instance": _ec2_id("i", "instance", with_account=True),
    "aws_sns_topic": _regional("sns", "{name}", id_is_arn=True),
    "aws_sqs_queue": _sqs_queue,
    # Producers that topic/queue/key policies name in aws:SourceArn (issue 8, messaging).
    "aws_cloudwatch_event_rule": _event_rule,
    "aws_cloudwatch_metric_alarm": _regional("cloudwatch", "alarm:{name}", id_is_arn=False, name_key="alarm_name"),
    "aws_secretsmanager_secret": _secretsmanager_secret,
    "aws_cloudwatch_log_group": _regional("logs", "log-group:{name}", id_is_arn=False),
    "aws_lambda_function": _regional("lambda", "function:{name}", id_is_arn=False, name_key="function_name"),
    "aws_dynamodb_table": _regional("dynamodb", "table/{name}", id_is_arn=False),
}


def synthesized_names(type_: str) -> frozenset[str]:
    """Names of the attributes :func:`synthesize` adds for ``type_`` (empty if none)."""
    return _NAMES.get(type_, frozenset())


def synthesize(type_: str, attrs: Mapping[str, Any], placement: Placement, identity: str,
               address: str) -> dict[str, Any]:
    """Computed attributes for one resource instance; configuration values win over them.

    ``identity`` must be stable and unique per instance: the loader passes
    ``"<root module dir>|<address>"``.
    """
    build = _SYNTHESIZERS.get(type_)
    if build is None:
        return {}
    computed = build(_Ctx(attrs, placement, identity, address))
    return {k: v for k, v in computed.items() if attrs.get(k) is None}


def _names() -> dict[str, frozenset[str]]:
    from iacsim.load.resource import DEFAULT_ACCOUNT, DEFAULT_REGION

    probe = Placement(account=DEFAULT_ACCOUNT, region=DEFAULT_REGION)
    sample = {"name": "n", "bucket": "b", "function_name": "f", "alarm_name": "a", "primary_key_arn": "arn:aws:kms:r:a:key/k",
              "target_key_id": "k"}
    return {t: frozenset(b(_Ctx(sample, probe, "probe", "probe"))) for t, b in _SYNTHESIZERS.items()}


_NAMES = _names()


OPTIONAL_COMPUTED: dict[str, frozenset[str]] = {
    "aws_kms_key": frozenset({"policy", "description", "multi_region", "rotation_period_in_days"}),
    "aws_kms_external_key": frozenset({"policy", "description", "multi_region"}),
    "aws_kms_replica_key": frozenset({"policy", "description"}),
    "aws_kms_alias": frozenset({"name", "name_prefix"}),
    "aws_iam_role": frozenset({"name", "name_prefix", "managed_policy_arns", "inline_policy"}),
    "aws_iam_policy": frozenset({"name", "name_prefix"}),
    "aws_iam_instance_profile": frozenset({"name", "name_prefix"}),
    "aws_iam_role_policy": frozenset({"name", "name_prefix"}),
    "aws_s3_bucket": frozenset({"bucket", "bucket_prefix", "acl", "policy", "object_lock_enabled",
                                # the inline settings provider v4 deprecated in favour of their own resources
                                "acceleration_status", "cors_rule", "grant", "lifecycle_rule", "logging",
                                "object_lock_configuration", "replication_configuration", "request_payer",
                                "server_side_encryption_configuration", "versioning", "website"}),
    "aws_ssm_parameter": frozenset({"type", "tier", "key_id", "data_type", "value", "insecure_value"}),
    "aws_sqs_queue": frozenset({"name", "name_prefix", "policy", "sqs_managed_sse_enabled",
                                "kms_data_key_reuse_period_seconds", "redrive_policy", "redrive_allow_policy"}),
    "aws_sns_topic": frozenset({"name", "name_prefix", "policy", "signature_version"}),
    "aws_cloudwatch_log_group": frozenset({"name", "name_prefix", "log_group_class"}),
    "aws_secretsmanager_secret": frozenset({"name", "name_prefix", "policy"}),
    "aws_ebs_volume": frozenset({"encrypted", "kms_key_id", "iops", "throughput", "type", "snapshot_id"}),
    "aws_instance": frozenset({"ami", "instance_type", "availability_zone", "subnet_id", "key_name"}),
    "aws_db_instance": frozenset({"identifier", "identifier_prefix", "kms_key_id", "engine_version"}),
    "aws_rds_cluster": frozenset({"cluster_identifier", "cluster_identifier_prefix", "kms_key_id"}),
    "aws_launch_template": frozenset({"name", "name_prefix"}),
    "aws_lambda_function": frozenset({"architectures"}),
}
"""Arguments the AWS provider schema marks *Optional + Computed* (the Argument/Attribute Reference of each
resource page in the provider documentation, registry.terraform.io/providers/hashicorp/aws): when the
configuration leaves one out or sets it to ``null``, AWS (or the provider) chooses the value at apply —
a generated bucket or role name, the default key policy. Terraform then plans it as "known after
apply", not null, so an expression reading it (``aws_s3_bucket.b.bucket == null ? …``) is unknown."""

_COMPUTED_EVERYWHERE = frozenset({"tags_all", "region", "name_prefix"})
"""Optional + Computed on every AWS resource type that has them (``region``: provider v6)."""


def unset_argument(type_: str, attr: str) -> bool:
    """True for an Optional + Computed *argument* of ``type_`` (not an attribute only the provider sets).

    A plan marks such an argument "known after apply" when the configuration does not write it; the
    configuration's own form leaves it out. Both mean "not set here": AWS's default applies.
    """
    return attr in OPTIONAL_COMPUTED.get(type_, ()) and attr not in synthesized_names(type_)


def known_after_apply_when_null(type_: str, attr: str) -> bool:
    """True when ``attr`` set to ``null`` on a ``type_`` resource is chosen at apply (not null afterwards)."""
    return (attr in _COMPUTED_EVERYWHERE or attr in OPTIONAL_COMPUTED.get(type_, ())
            or attr in synthesized_names(type_))


def reference_view(type_: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """What references to a resource see: Optional + Computed arguments written as ``null`` are left out,
    so reading one is ``Unknown("known after apply")`` like an argument that is not written at all."""
    return {k: v for k, v in attrs.items() if not (v is None and known_after_apply_when_null(type_, k))}
