"""samples/terraform/s3-replication{,-broken} through load_paths → build_world, field by field."""

from __future__ import annotations

import pytest
from sample_pipeline import SAMPLES, LoadedSample, line_of, load_sample, provider_json, root_statement, trust

ACCOUNT = "111122223333"
SRC, DST = "acme-invoices-111122223333-use1", "acme-invoices-111122223333-usw2"
SRC_ARN, DST_ARN = f"arn:aws:s3:::{SRC}", f"arn:aws:s3:::{DST}"
REPLICATION = "aws_s3_bucket_replication_configuration.invoices"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/s3-replication-invoices"
POLICY_ARN = f"arn:aws:iam::{ACCOUNT}:policy/s3-replication-invoices"

ROOT_ONLY_POLICY = {"Version": "2012-10-17", "Statement": [root_statement(ACCOUNT)]}


def replication_policy(source_key_arn: str, replica_key_arn: str, encrypt_via: str) -> dict[str, object]:
    """The role's policy as the provider renders it (reverse-sorted actions, sorted condition keys)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadReplicationConfiguration",
                "Effect": "Allow",
                "Action": ["s3:ListBucket", "s3:GetReplicationConfiguration"],
                "Resource": SRC_ARN,
            },
            {
                "Sid": "ReadSourceObjectVersions",
                "Effect": "Allow",
                "Action": ["s3:GetObjectVersionTagging", "s3:GetObjectVersionForReplication",
                           "s3:GetObjectVersionAcl"],
                "Resource": f"{SRC_ARN}/*",
            },
            {
                "Sid": "WriteReplicas",
                "Effect": "Allow",
                "Action": ["s3:ReplicateTags", "s3:ReplicateObject", "s3:ReplicateDelete"],
                "Resource": f"{DST_ARN}/*",
            },
            {
                "Sid": "DecryptSourceObjects",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": source_key_arn,
                "Condition": {"StringLike": {
                    "kms:EncryptionContext:aws:s3:arn": [SRC_ARN, f"{SRC_ARN}/*"],
                    "kms:ViaService": "s3.us-east-1.amazonaws.com",
                }},
            },
            {
                "Sid": "EncryptReplicas",
                "Effect": "Allow",
                "Action": ["kms:GenerateDataKey", "kms:Encrypt"],
                "Resource": replica_key_arn,
                "Condition": {"StringLike": {
                    "kms:EncryptionContext:aws:s3:arn": [DST_ARN, f"{DST_ARN}/*"],
                    "kms:ViaService": encrypt_via,
                }},
            },
        ],
    }


@pytest.fixture(scope="module")
def good() -> LoadedSample:
    return load_sample("s3-replication")


@pytest.fixture(scope="module")
def broken() -> LoadedSample:
    return load_sample("s3-replication-broken")


def test_loads_without_diagnostics(good: LoadedSample) -> None:
    assert good.result.diagnostics == []
    assert good.world.diagnostics == ()


def test_addresses(good: LoadedSample) -> None:
    assert good.addresses() == {
        "aws_kms_key.source", "aws_kms_key.replica", "aws_kms_alias.source", "aws_kms_alias.replica",
        "aws_s3_bucket.source", "aws_s3_bucket.destination",
        "aws_s3_bucket_versioning.source", "aws_s3_bucket_versioning.destination",
        "aws_s3_bucket_server_side_encryption_configuration.source",
        "aws_s3_bucket_server_side_encryption_configuration.destination",
        "aws_iam_role.replication", "aws_iam_policy.replication", "aws_iam_role_policy_attachment.replication",
        REPLICATION,
    }


@pytest.mark.parametrize(("address", "region"), [
    ("aws_kms_key.source", "us-east-1"), ("aws_kms_alias.source", "us-east-1"), ("aws_s3_bucket.source", "us-east-1"),
    ("aws_kms_key.replica", "us-west-2"), ("aws_kms_alias.replica", "us-west-2"),
    ("aws_s3_bucket.destination", "us-west-2"),
])
def test_placement(good: LoadedSample, address: str, region: str) -> None:
    obj = good.obj(address)
    assert (obj.account, obj.region, obj.account_assumed, obj.region_assumed) == (ACCOUNT, region, False, False)


@pytest.mark.parametrize(("address", "region", "alias"), [
    ("aws_kms_key.source", "us-east-1", "alias/invoices-source"),
    ("aws_kms_key.replica", "us-west-2", "alias/invoices-replica"),
])
def test_one_single_region_key_per_region(good: LoadedSample, address: str, region: str, alias: str) -> None:
    from iacsim.model import KmsKey

    key = good.obj(address, KmsKey)
    assert key.arn == f"arn:aws:kms:{region}:{ACCOUNT}:key/{key.key_id}"
    assert not key.key_id.startswith("mrk-") and key.multi_region is False
    assert (key.spec, key.usage, key.rotation_enabled, key.deletion_window_days) == (
        "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", True, 30)
    assert key.policy.document == ROOT_ONLY_POLICY
    assert key.policy.text_length == len(provider_json(ROOT_ONLY_POLICY))
    assert [a.name for a in good.world.aliases_of(key)] == [alias]


@pytest.mark.parametrize(("address", "name", "key", "region"), [
    ("aws_s3_bucket.source", SRC, "aws_kms_key.source", "us-east-1"),
    ("aws_s3_bucket.destination", DST, "aws_kms_key.replica", "us-west-2"),
])
def test_buckets_are_versioned_and_sse_kms_with_their_regional_key(good: LoadedSample, address: str, name: str, key: str,
                                                                  region: str) -> None:
    from iacsim.model import S3Bucket

    bucket = good.obj(address, S3Bucket)
    suffix = address.split(".")[1]
    assert (bucket.name, bucket.arn) == (name, f"arn:aws:s3:::{name}")
    assert good.world.find_bucket(name) is bucket
    assert bucket.versioning is not None
    assert (bucket.versioning.address, bucket.versioning.status, bucket.versioning.enabled) == (
        f"aws_s3_bucket_versioning.{suffix}", "Enabled", True)
    enc = bucket.encryption
    assert enc is not None
    assert enc.address == f"aws_s3_bucket_server_side_encryption_configuration.{suffix}"
    assert (enc.sse_algorithm, enc.bucket_key_enabled) == ("aws:kms", True)
    assert good.world.find_key(enc.kms_key, account=ACCOUNT, region=region) is good.obj(key)
    assert bucket.policy is None
    assert bucket.object_lock_enabled is False


def test_destination_has_no_replication_of_its_own(good: LoadedSample) -> None:
    assert good.obj("aws_s3_bucket.destination").replication is None


def test_replication_rule(good: LoadedSample) -> None:
    source = good.obj("aws_s3_bucket.source")
    config = source.replication
    assert config is not None
    root = SAMPLES / "s3-replication"
    assert (config.address, config.source.file, config.source.line, config.legacy_inline) == (
        REPLICATION, "replication.tf",
        line_of(root / "replication.tf", 'resource "aws_s3_bucket_replication_configuration" "invoices"'), False)
    assert config.role == ROLE_ARN
    assert good.world.find_role(config.role) is good.obj("aws_iam_role.replication")
    assert len(config.rules) == 1
    rule = config.rules[0]
    assert (rule.id, rule.status, rule.priority) == ("replicate-everything", "Enabled", None)
    assert (rule.has_filter, rule.prefix, rule.filter_tags) == (True, None, None)
    assert rule.sse_kms_encrypted_objects is True
    assert rule.delete_marker_replication is False
    assert (rule.replica_modifications, rule.existing_object_replication) == (None, None)
    dest = rule.destination
    assert (dest.bucket, dest.account, dest.storage_class) == (DST_ARN, None, "STANDARD")
    assert good.world.find_bucket(dest.bucket) is good.obj("aws_s3_bucket.destination")
    assert dest.replica_kms_key_id == good.obj("aws_kms_key.replica").arn
    assert good.world.find_key(dest.replica_kms_key_id) is good.obj("aws_kms_key.replica")
    assert dest.access_control_translation_owner is None


def test_replication_role_and_its_managed_policy(good: LoadedSample) -> None:
    from iacsim.model import IamPolicy, IamRole

    role = good.obj("aws_iam_role.replication", IamRole)
    assert (role.name, role.arn) == ("s3-replication-invoices", ROLE_ARN)
    assert role.trust_policy.document == trust({"Service": "s3.amazonaws.com"})
    assert role.inline_policies == ()
    assert [(a.address, a.policy_arn) for a in role.attached_policies] == [
        ("aws_iam_role_policy_attachment.replication", POLICY_ARN)]
    policy = good.obj("aws_iam_policy.replication", IamPolicy)
    assert good.world.find_policy(POLICY_ARN) is policy
    assert (policy.name, policy.arn, policy.path) == ("s3-replication-invoices", POLICY_ARN, "/")
    expected = replication_policy(good.obj("aws_kms_key.source").arn, good.obj("aws_kms_key.replica").arn,
                                  "s3.us-west-2.amazonaws.com")
    assert policy.policy.document == expected
    assert policy.policy.text_length == len(provider_json(expected))
    assert good.resource("aws_iam_policy.replication").attrs["policy"] == provider_json(expected)


# ---------------------------------------------------------------- broken variant

def test_broken_encrypt_statement_names_the_source_regions_s3(broken: LoadedSample) -> None:
    policy = broken.obj("aws_iam_policy.replication").policy
    assert policy.document == replication_policy(
        broken.obj("aws_kms_key.source").arn, broken.obj("aws_kms_key.replica").arn,
        "s3.us-east-1.amazonaws.com")


def test_broken_replication_configuration_itself_is_unchanged(good: LoadedSample, broken: LoadedSample) -> None:
    assert broken.addresses() == good.addresses()
    g, b = good.obj("aws_s3_bucket.source").replication, broken.obj("aws_s3_bucket.source").replication
    assert (b.role, b.rules[0].sse_kms_encrypted_objects, b.rules[0].destination.bucket) == (
        g.role, g.rules[0].sse_kms_encrypted_objects, g.rules[0].destination.bucket)
    assert broken.world.find_key(b.rules[0].destination.replica_kms_key_id) is broken.obj("aws_kms_key.replica")
