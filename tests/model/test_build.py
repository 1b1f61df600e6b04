"""build_world: registry discovery, unknown types, data sources, placement, robustness."""

from __future__ import annotations

import pytest
from model_factory import ACCOUNT, OTHER_ACCOUNT, REGION, build, res

from iacsim.model import (
    UNKNOWN_ACCOUNT,
    UNKNOWN_REGION,
    DuplicateTranslatorError,
    KmsKey,
    ModelObject,
    Unmodelled,
    World,
    registered_types,
    registry,
    translates,
)
from iacsim.model.translate.attrs import placement_fields
from iacsim.values import Unknown

TERRAFORM_TYPES = {
    "aws_kms_key",
    "aws_kms_external_key",
    "aws_kms_replica_key",
    "aws_kms_replica_external_key",
    "aws_kms_alias",
    "aws_kms_grant",
    "aws_kms_key_policy",
    "aws_ssm_parameter",
    "awscc_ssm_parameter",
    "aws_s3_bucket",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_replication_configuration",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy",
    "aws_iam_policy_attachment",
    "aws_iam_user",
    "aws_iam_user_policy",
    "aws_iam_user_policy_attachment",
    "aws_iam_group",
    "aws_iam_group_policy",
    "aws_iam_group_policy_attachment",
    "aws_iam_group_membership",
    "aws_iam_user_group_membership",
    "aws_iam_instance_profile",
    "aws_ami",
    "aws_ami_copy",
    "aws_ami_from_instance",
    "aws_ami_launch_permission",
    "aws_snapshot_create_volume_permission",
    "aws_ebs_snapshot",
    "aws_ebs_snapshot_copy",
    "aws_ebs_volume",
    "aws_ebs_default_kms_key",
    "aws_ebs_encryption_by_default",
    "aws_instance",
    "aws_launch_template",
    "aws_imagebuilder_distribution_configuration",
}


def test_discovery_registers_every_terraform_type_of_the_brief():
    assert set(registered_types()) >= TERRAFORM_TYPES


def test_registering_a_type_twice_raises():
    def other(resource):  # pragma: no cover - never called
        return []

    with pytest.raises(DuplicateTranslatorError, match="aws_kms_key"):
        translates("aws_kms_key")(other)
    # The original translator is still the registered one.
    assert registry.translator_for("aws_kms_key") is not other


def test_unknown_types_are_counted_not_modelled_and_data_sources_skipped():
    world = build(
        res("aws_kinesis_stream", "aws_kinesis_stream.a"),
        res("aws_kinesis_stream", "aws_kinesis_stream.b"),
        res("aws_caller_identity", "data.aws_caller_identity.current", mode="data"),
        res("aws_kms_key", "data.aws_kms_key.by_alias", mode="data"),
        res("aws_kms_key", "aws_kms_key.k"),
    )
    assert world.unmodelled == (
        Unmodelled(type="aws_kinesis_stream", count=2, addresses=("aws_kinesis_stream.a", "aws_kinesis_stream.b")),
    )
    assert world.data_sources == 2
    assert [o.address for o in world.objects()] == ["aws_kms_key.k"]


def test_objects_are_placed_by_account_and_region():
    world = build(
        res("aws_kms_key", "aws_kms_key.a"),
        res("aws_kms_key", "aws_kms_key.b", region="eu-west-1"),
        res("aws_kms_key", "aws_kms_key.c", account=OTHER_ACCOUNT),
    )
    assert list(world.accounts) == [ACCOUNT, OTHER_ACCOUNT]
    assert list(world.account(ACCOUNT).regions) == ["eu-west-1", REGION]
    assert [k.address for k in world.account(ACCOUNT).region(REGION).keys] == ["aws_kms_key.a"]
    assert [k.address for k in world.account(ACCOUNT).region("eu-west-1").keys] == ["aws_kms_key.b"]
    assert [k.address for k in world.account(OTHER_ACCOUNT).region(REGION).keys] == ["aws_kms_key.c"]
    # Asking for an account or region with nothing in it gives an empty one, not an error.
    assert world.account("999999999999").region("ap-south-1").keys == ()
    assert [k.address for k in world.kms_keys()] == ["aws_kms_key.b", "aws_kms_key.a", "aws_kms_key.c"]


def test_assumed_default_account_is_labelled():
    world = build(res("aws_kms_key", "aws_kms_key.a", account="111111111111", account_assumed=True))
    account = world.account("111111111111")
    assert account.assumed is True
    assert world.by_address("aws_kms_key.a").account_assumed is True


def test_unknown_placement_is_indexed_under_unknown_with_the_reason():
    world = build(
        res(
            "aws_kms_key",
            "aws_kms_key.a",
            account=Unknown("role ARN from a variable"),
            region=Unknown("region from a variable"),
        )
    )
    key = world.account(UNKNOWN_ACCOUNT).region(UNKNOWN_REGION).keys[0]
    assert key.placement_unknown == "account: role ARN from a variable; region: region from a variable"


def test_a_failing_translator_becomes_a_diagnostic_without_the_values(monkeypatch):
    def broken(resource):
        raise ValueError("secret-value-must-not-leak")

    monkeypatch.setitem(registry._TRANSLATORS, "aws_kms_key", broken)
    world = build(res("aws_kms_key", "aws_kms_key.a"), res("aws_iam_role", "aws_iam_role.r", {"name": "r"}))
    (diag,) = world.diagnostics
    assert diag.code == "translate-error" and diag.address == "aws_kms_key.a"
    assert "secret-value-must-not-leak" not in diag.message and "ValueError" in diag.message
    assert world.find_role("r") is not None


def test_wrongly_shaped_attributes_become_unknown_not_crashes():
    world = build(
        res(
            "aws_kms_key",
            "aws_kms_key.a",
            {"deletion_window_in_days": "soon", "enable_key_rotation": "maybe", "policy": 42, "tags": "x"},
        )
    )
    key = world.by_address("aws_kms_key.a")
    assert isinstance(key.deletion_window_days, Unknown) and isinstance(key.rotation_enabled, Unknown)
    assert key.policy.parse_error is not None and key.tags == {}


def test_numbers_and_booleans_given_as_strings_are_coerced():
    world = build(
        res("aws_kms_key", "aws_kms_key.a", {"deletion_window_in_days": "7", "enable_key_rotation": "true"})
    )
    key = world.by_address("aws_kms_key.a")
    assert key.deletion_window_days == 7 and key.rotation_enabled is True


def test_model_objects_are_immutable():
    world = build(res("aws_kms_key", "aws_kms_key.a"))
    key = world.by_address("aws_kms_key.a")
    with pytest.raises(AttributeError):
        key.enabled = False  # type: ignore[misc]


def test_world_of_type_and_by_address():
    world = build(res("aws_kms_key", "aws_kms_key.a"), res("aws_iam_role", "aws_iam_role.r", {"name": "r"}))
    assert [k.address for k in world.of_type(KmsKey)] == ["aws_kms_key.a"]
    assert world.by_address("aws_iam_role.r").name == "r"
    assert world.by_address("nope") is None
    assert isinstance(world, World) and all(isinstance(o, ModelObject) for o in world.objects())


def test_placement_fields_copy_provenance():
    r = res("aws_kms_key", "module.kms.aws_kms_key.this[0]", line=7)
    fields = placement_fields(r)
    assert fields["address"] == "module.kms.aws_kms_key.this[0]"
    assert fields["source"].line == 7 and fields["account"] == ACCOUNT and fields["region"] == REGION


def test_find_by_address_with_index_and_attribute_suffix():
    world = build(res("aws_kms_key", 'module.kms.aws_kms_key.this["a.b"]'))
    key = world.by_address('module.kms.aws_kms_key.this["a.b"]')
    assert world.find_key(Unknown("x", 'module.kms.aws_kms_key.this["a.b"].arn')) is key


def test_deref_names_the_object_and_attribute_behind_a_reference():
    world = build(
        res("aws_kms_key", "module.kms.aws_kms_key.this[0]"),
        res("aws_s3_bucket", "aws_s3_bucket.b", {"bucket": "b"}),
    )
    key = world.by_address("module.kms.aws_kms_key.this[0]")
    assert world.deref(Unknown("known after apply", "module.kms.aws_kms_key.this[0].arn")) == (key, "arn")
    assert world.deref("aws_s3_bucket.b") == (world.find_bucket("b"), "")
    assert world.deref(Unknown("remote module")) is None
    assert world.deref("aws_s3_bucket.elsewhere.id") is None
    assert world.deref(None) is None
