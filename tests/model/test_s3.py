"""S3 buckets: split resources and legacy inline blocks merge into the same bucket fields."""

from __future__ import annotations

import json

from model_factory import ACCOUNT, REGION, build, key_arn, res

from iacsim.model import BucketVersioning, ReplicationConfiguration, S3Bucket
from iacsim.values import Unknown

SRC, DST = "acme-invoices-use1", "acme-invoices-usw2"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/s3-replication-invoices"


def bucket(address: str, name: str, region: str = REGION, **extra: object):
    return res(
        "aws_s3_bucket",
        address,
        {"bucket": name, "arn": f"arn:aws:s3:::{name}", "id": name, **extra},
        region=region,
    )


def split_resources():
    src_ref = Unknown("known after apply", "aws_s3_bucket.source.id")
    return [
        bucket("aws_s3_bucket.source", SRC),
        bucket("aws_s3_bucket.destination", DST, region="us-west-2"),
        res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.source",
            {"bucket": src_ref, "versioning_configuration": [{"status": "Enabled", "mfa_delete": None}]},
            line=30,
        ),
        res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.destination",
            {"bucket": DST, "versioning_configuration": [{"status": "Enabled"}]},
            region="us-west-2",
        ),
        res(
            "aws_s3_bucket_server_side_encryption_configuration",
            "aws_s3_bucket_server_side_encryption_configuration.source",
            {
                "bucket": SRC,
                "rule": [
                    {
                        "apply_server_side_encryption_by_default": [
                            {"sse_algorithm": "aws:kms", "kms_master_key_id": key_arn("k-src")}
                        ],
                        "bucket_key_enabled": True,
                    }
                ],
            },
        ),
        res(
            "aws_s3_bucket_policy",
            "aws_s3_bucket_policy.destination",
            {"bucket": DST, "policy": json.dumps({"Version": "2012-10-17", "Statement": []})},
            region="us-west-2",
        ),
        res(
            "aws_s3_bucket_replication_configuration",
            "aws_s3_bucket_replication_configuration.invoices",
            {
                "bucket": SRC,
                "role": ROLE_ARN,
                "rule": [
                    {
                        "id": "replicate-everything",
                        "status": "Enabled",
                        "priority": 1,
                        "filter": [{}],
                        "delete_marker_replication": [{"status": "Disabled"}],
                        "source_selection_criteria": [{"sse_kms_encrypted_objects": [{"status": "Enabled"}]}],
                        "destination": [
                            {
                                "bucket": f"arn:aws:s3:::{DST}",
                                "storage_class": "STANDARD",
                                "account": "444455556666",
                                "encryption_configuration": [
                                    {"replica_kms_key_id": key_arn("k-dst", "us-west-2")}
                                ],
                                "access_control_translation": [{"owner": "Destination"}],
                                "replication_time": [{"status": "Enabled", "time": [{"minutes": 15}]}],
                                "metrics": [{"status": "Enabled"}],
                            }
                        ],
                    }
                ],
            },
            line=50,
        ),
    ]


def test_split_resources_merge_into_the_bucket_and_keep_their_addresses():
    world = build(*split_resources())
    src = world.account(ACCOUNT).region(REGION).buckets[0]
    assert isinstance(src, S3Bucket)
    assert src.name == SRC and src.arn == f"arn:aws:s3:::{SRC}"
    assert src.versioning is not None
    assert src.versioning.address == "aws_s3_bucket_versioning.source" and src.versioning.source.line == 30
    assert src.versioning.status == "Enabled" and src.versioning.enabled is True
    assert src.encryption is not None
    assert src.encryption.sse_algorithm == "aws:kms"
    assert src.encryption.kms_key == key_arn("k-src")
    assert src.encryption.bucket_key_enabled is True
    assert src.policy is None
    dst = world.find_bucket(DST)
    assert dst.region == "us-west-2"
    assert dst.policy is not None and dst.policy.policy.document == {"Version": "2012-10-17", "Statement": []}
    assert world.diagnostics == ()


def test_replication_rule_fields():
    world = build(*split_resources())
    repl = world.find_bucket(SRC).replication
    assert isinstance(repl, ReplicationConfiguration)
    assert repl.address == "aws_s3_bucket_replication_configuration.invoices"
    assert repl.role == ROLE_ARN and repl.legacy_inline is False
    (rule,) = repl.rules
    assert (rule.id, rule.status, rule.priority) == ("replicate-everything", "Enabled", 1)
    assert rule.has_filter is True and rule.prefix is None and rule.filter_tags is None
    assert rule.sse_kms_encrypted_objects is True
    assert rule.delete_marker_replication is False
    assert rule.replica_modifications is None and rule.existing_object_replication is None
    dest = rule.destination
    assert dest.bucket == f"arn:aws:s3:::{DST}"
    assert dest.account == "444455556666" and dest.storage_class == "STANDARD"
    assert dest.replica_kms_key_id == key_arn("k-dst", "us-west-2")
    assert dest.access_control_translation_owner == "Destination"
    assert dest.replication_time_enabled is True and dest.metrics_enabled is True
    assert world.find_bucket(dest.bucket) is world.find_bucket(DST)


def test_rule_without_source_selection_criteria_says_none():
    # None (block absent) is what makes S3 skip SSE-KMS objects; it must not read as False/True.
    world = build(
        bucket("aws_s3_bucket.s", SRC),
        res(
            "aws_s3_bucket_replication_configuration",
            "aws_s3_bucket_replication_configuration.r",
            {
                "bucket": SRC,
                "role": ROLE_ARN,
                "rule": [
                    {
                        "status": "Enabled",
                        "filter": [{"and": [{"prefix": "logs/", "tags": {"a": "b"}}]}],
                        "destination": [{"bucket": f"arn:aws:s3:::{DST}"}],
                    }
                ],
            },
        ),
    )
    (rule,) = world.find_bucket(SRC).replication.rules
    assert rule.sse_kms_encrypted_objects is None
    assert rule.prefix == "logs/" and rule.filter_tags == {"a": "b"}
    assert rule.destination.replica_kms_key_id is None


def test_legacy_inline_blocks_fill_the_same_fields():
    world = build(
        bucket(
            "aws_s3_bucket.legacy",
            SRC,
            versioning=[{"enabled": True, "mfa_delete": False}],
            server_side_encryption_configuration=[
                {
                    "rule": [
                        {
                            "apply_server_side_encryption_by_default": [
                                {"sse_algorithm": "AES256", "kms_master_key_id": None}
                            ]
                        }
                    ]
                }
            ],
            policy='{"Version": "2012-10-17", "Statement": []}',
            replication_configuration=[
                {
                    "role": ROLE_ARN,
                    "rules": [
                        {
                            "id": "r1",
                            "status": "Enabled",
                            "prefix": "docs/",
                            "priority": 0,
                            "destination": [
                                {
                                    "bucket": f"arn:aws:s3:::{DST}",
                                    "replica_kms_key_id": key_arn("k-dst", "us-west-2"),
                                    "account_id": "444455556666",
                                    "access_control_translation": [{"owner": "Destination"}],
                                }
                            ],
                            "source_selection_criteria": [{"sse_kms_encrypted_objects": [{"enabled": True}]}],
                        }
                    ],
                }
            ],
        )
    )
    b = world.find_bucket(SRC)
    assert b.versioning.status == "Enabled" and b.versioning.address == "aws_s3_bucket.legacy"
    assert b.encryption.sse_algorithm == "AES256" and b.encryption.kms_key is None
    assert b.encryption.bucket_key_enabled is False
    assert b.policy.policy.document == {"Version": "2012-10-17", "Statement": []}
    repl = b.replication
    assert repl.legacy_inline is True and repl.role == ROLE_ARN
    (rule,) = repl.rules
    assert rule.prefix == "docs/" and rule.has_filter is False
    assert rule.sse_kms_encrypted_objects is True
    assert rule.destination.replica_kms_key_id == key_arn("k-dst", "us-west-2")
    assert rule.destination.account == "444455556666"
    assert rule.destination.access_control_translation_owner == "Destination"


def test_plan_style_disabled_legacy_versioning_is_not_a_setting():
    # terraform show -json reports versioning [{enabled: false}] on every bucket; a separate
    # aws_s3_bucket_versioning must not then be reported as a duplicate.
    world = build(
        bucket("aws_s3_bucket.b", SRC, versioning=[{"enabled": False, "mfa_delete": False}]),
        res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.b",
            {"bucket": SRC, "versioning_configuration": [{"status": "Enabled"}]},
        ),
    )
    assert world.find_bucket(SRC).versioning.address == "aws_s3_bucket_versioning.b"
    assert world.diagnostics == ()


def test_inline_and_separate_setting_both_present_is_a_duplicate():
    world = build(
        bucket("aws_s3_bucket.b", SRC, versioning=[{"enabled": True}]),
        res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.b",
            {"bucket": SRC, "versioning_configuration": [{"status": "Suspended"}]},
        ),
    )
    (diag,) = world.diagnostics
    assert diag.code == "duplicate-setting" and diag.address == "aws_s3_bucket_versioning.b"
    assert world.find_bucket(SRC).versioning.status == "Suspended"


def test_setting_for_a_bucket_outside_the_scan_is_unattached():
    world = build(
        res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.x",
            {"bucket": "someone-elses", "versioning_configuration": [{"status": "Enabled"}]},
        )
    )
    (obj,) = world.account(ACCOUNT).region(REGION).unattached
    assert isinstance(obj, BucketVersioning)
    assert world.diagnostics[0].code == "unresolved-target"


def test_bucket_name_from_prefix_is_unknown_with_a_ref():
    world = build(res("aws_s3_bucket", "aws_s3_bucket.p", {"bucket_prefix": "logs-"}))
    b = world.by_address("aws_s3_bucket.p")
    assert isinstance(b.name, Unknown) and b.name.ref == "aws_s3_bucket.p.bucket"
    assert isinstance(b.arn, Unknown)
    # Split resources referring to it by address still attach.
    world = build(
        res("aws_s3_bucket", "aws_s3_bucket.p", {"bucket_prefix": "logs-"}),
        res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.p",
            {
                "bucket": Unknown("known after apply", "aws_s3_bucket.p.id"),
                "versioning_configuration": [{"status": "Enabled"}],
            },
        ),
    )
    assert world.by_address("aws_s3_bucket.p").versioning.status == "Enabled"


def test_unknown_rule_block_keeps_rules_unknown():
    dyn = Unknown("dynamic block over unknown collection", "var.rules")
    world = build(
        bucket("aws_s3_bucket.s", SRC),
        res(
            "aws_s3_bucket_replication_configuration",
            "aws_s3_bucket_replication_configuration.r",
            {"bucket": SRC, "role": ROLE_ARN, "rule": dyn},
        ),
    )
    assert world.find_bucket(SRC).replication.rules == dyn


def test_setting_read_back_into_the_bucket_by_a_plan_is_not_a_duplicate():
    # Plan JSON of applied infrastructure shows aws_s3_bucket.policy = the aws_s3_bucket_policy's document.
    doc = '{"Version": "2012-10-17", "Statement": []}'
    world = build(
        bucket("aws_s3_bucket.b", SRC, policy=doc),
        res("aws_s3_bucket_policy", "aws_s3_bucket_policy.b", {"bucket": SRC, "policy": doc}),
    )
    assert world.diagnostics == ()
    assert world.find_bucket(SRC).policy.address == "aws_s3_bucket_policy.b"


def test_tf_json_blocks_written_as_single_objects_read_the_same():
    # In .tf.json a nested block may be one object instead of a list of objects.
    world = build(
        bucket("aws_s3_bucket.s", SRC),
        res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.s",
            {"bucket": SRC, "versioning_configuration": {"status": "Enabled"}},
        ),
        res(
            "aws_s3_bucket_replication_configuration",
            "aws_s3_bucket_replication_configuration.r",
            {
                "bucket": SRC,
                "role": ROLE_ARN,
                "rule": {
                    "id": "one",
                    "status": "Enabled",
                    "filter": {"prefix": "a/"},
                    "source_selection_criteria": {"sse_kms_encrypted_objects": {"status": "Enabled"}},
                    "destination": {
                        "bucket": f"arn:aws:s3:::{DST}",
                        "encryption_configuration": {"replica_kms_key_id": key_arn("k", "us-west-2")},
                    },
                },
            },
        ),
    )
    b = world.find_bucket(SRC)
    assert b.versioning.status == "Enabled"
    (rule,) = b.replication.rules
    assert (rule.id, rule.prefix, rule.sse_kms_encrypted_objects) == ("one", "a/", True)
    assert rule.destination.replica_kms_key_id == key_arn("k", "us-west-2")


def test_object_lock_from_the_argument_or_the_deprecated_inline_block(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from iacsim.config import parse_config
    from iacsim.load import LoadOptions, load_paths
    from iacsim.model import build_world
    from iacsim.model.s3 import S3Bucket

    (tmp_path / "main.tf").write_text('''
resource "aws_s3_bucket" "argument" {
  bucket              = "a-111122223333"
  object_lock_enabled = true
}
resource "aws_s3_bucket" "inline" {
  bucket = "b-111122223333"
  object_lock_configuration {
    object_lock_enabled = "Enabled"
  }
}
resource "aws_s3_bucket" "none" {
  bucket = "c-111122223333"
}
''')
    loaded = load_paths([tmp_path], LoadOptions(config=parse_config(None, "test"), use_cache=False))
    world = build_world(loaded.result.resources)
    locks = {b.address: b.object_lock_enabled for b in world.of_type(S3Bucket)}
    assert locks == {"aws_s3_bucket.argument": True, "aws_s3_bucket.inline": True, "aws_s3_bucket.none": False}
