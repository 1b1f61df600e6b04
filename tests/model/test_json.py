"""world_to_json: validated against docs/model-schema.json, stable, secret-free; docs are current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from model_factory import ACCOUNT, REGION, build, key_arn, res

from iacsim.model import SCHEMA_VERSION, world_to_json
from iacsim.model import schema as schema_module
from iacsim.values import Unknown

DOCS = Path(__file__).resolve().parents[2] / "docs"
SECRET = "Sup3r-S3cret-Value-9876"
MATERIAL = "bWF0ZXJpYWwtbXVzdC1ub3QtbGVhaw=="


def rich_world():
    """One of (nearly) every object, with Unknowns, fragments and an unattached setting."""
    return build(
        res(
            "aws_kms_key",
            "aws_kms_key.k",
            {"key_id": "k", "arn": key_arn("k"), "policy": '{"Version": "2012-10-17"}', "tags": {"a": "b"}},
        ),
        res(
            "aws_kms_external_key",
            "aws_kms_external_key.e",
            {"key_material_base64": MATERIAL, "valid_to": "2027-01-01T00:00:00Z"},
        ),
        res(
            "aws_kms_replica_key",
            "aws_kms_replica_key.r",
            {"primary_key_arn": key_arn("k")},
            region="eu-west-1",
        ),
        res("aws_kms_alias", "aws_kms_alias.a", {"name": "alias/a", "target_key_id": "k"}),
        res(
            "aws_kms_grant",
            "aws_kms_grant.g",
            {
                "key_id": "k",
                "grantee_principal": "arn:aws:iam::1:role/x",
                "operations": ["Decrypt"],
                "constraints": [{"encryption_context_subset": {"a": "b"}}],
            },
        ),
        res("aws_kms_key_policy", "aws_kms_key_policy.orphan", {"key_id": "missing", "policy": "{bad"}),
        res(
            "aws_ssm_parameter",
            "aws_ssm_parameter.p",
            {"name": "/p", "type": "SecureString", "value": SECRET, "key_id": "alias/a"},
        ),
        res(
            "awscc_ssm_parameter",
            "awscc_ssm_parameter.q",
            {"name": "/q", "type": "String", "tier": "Advanced", "policies": "[]", "value": Unknown("var")},
        ),
        res(
            "aws_s3_bucket",
            "aws_s3_bucket.b",
            {
                "bucket": "b",
                "replication_configuration": [
                    {
                        "role": "r",
                        "rules": [{"status": "Enabled", "destination": [{"bucket": "arn:aws:s3:::c"}]}],
                    }
                ],
            },
        ),
        res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.b",
            {"bucket": "b", "versioning_configuration": [{"status": "Enabled"}]},
        ),
        res(
            "aws_s3_bucket_server_side_encryption_configuration",
            "aws_s3_bucket_server_side_encryption_configuration.b",
            {
                "bucket": "b",
                "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}],
            },
        ),
        res("aws_s3_bucket_policy", "aws_s3_bucket_policy.b", {"bucket": "b", "policy": "{}"}),
        res(
            "aws_iam_role",
            "aws_iam_role.r",
            {"name": "r", "assume_role_policy": "{}", "managed_policy_arns": ["arn:aws:iam::aws:policy/X"]},
        ),
        res("aws_iam_role_policy", "aws_iam_role_policy.r", {"role": "r", "name": "p", "policy": "{}"}),
        res("aws_iam_policy", "aws_iam_policy.p", {"name": "p", "policy": "{}"}),
        res("aws_iam_user", "aws_iam_user.u", {"name": "u"}),
        res("aws_iam_group", "aws_iam_group.g", {"name": "g"}),
        res("aws_iam_group_membership", "aws_iam_group_membership.m", {"group": "g", "users": ["u"]}),
        res("aws_iam_instance_profile", "aws_iam_instance_profile.i", {"name": "i", "role": "r"}),
        res("aws_iam_user_policy", "aws_iam_user_policy.orphan", {"user": "ghost", "policy": "{}"}),
        res(
            "aws_ami",
            "aws_ami.a",
            {
                "name": "a",
                "id": "ami-1",
                "ebs_block_device": [{"device_name": "/dev/xvda", "encrypted": True}],
            },
        ),
        res(
            "aws_ami_launch_permission",
            "aws_ami_launch_permission.l",
            {"image_id": "ami-1", "account_id": "444455556666"},
        ),
        res("aws_ebs_snapshot", "aws_ebs_snapshot.s", {"volume_id": "vol-1"}),
        res("aws_ebs_volume", "aws_ebs_volume.v", {"availability_zone": "us-east-1a"}),
        res(
            "aws_snapshot_create_volume_permission",
            "aws_snapshot_create_volume_permission.c",
            {"snapshot_id": "snap-1", "account_id": "1"},
        ),
        res("aws_ebs_default_kms_key", "aws_ebs_default_kms_key.d", {"key_arn": key_arn("k")}),
        res("aws_ebs_encryption_by_default", "aws_ebs_encryption_by_default.e", {"enabled": True}),
        res("aws_instance", "aws_instance.i", {"ami": "ami-1", "root_block_device": [{"encrypted": True}]}),
        res(
            "aws_launch_template",
            "aws_launch_template.t",
            {"name": "t", "block_device_mappings": Unknown("dynamic")},
        ),
        res(
            "aws_imagebuilder_distribution_configuration",
            "aws_imagebuilder_distribution_configuration.d",
            {"name": "d", "distribution": [{"region": "eu-west-1"}]},
        ),
        res("aws_kinesis_stream", "aws_kinesis_stream.q"),
    )


@pytest.fixture(scope="module")
def schema():
    return json.loads((DOCS / "model-schema.json").read_text(encoding="utf-8"))


def test_rich_world_validates_against_the_published_schema(schema):
    doc = world_to_json(rich_world())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    assert doc["schema_version"] == SCHEMA_VERSION


def test_empty_world_validates(schema):
    doc = world_to_json(build())
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    assert doc == {
        "schema_version": SCHEMA_VERSION,
        "accounts": {},
        "unmodelled": [],
        "not_replayed": [],
        "data_sources": 0,
        "diagnostics": [],
    }


def test_schema_rejects_an_undocumented_field(schema):
    doc = world_to_json(rich_world())
    doc["accounts"][ACCOUNT]["regions"][REGION]["keys"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


def test_json_layout_mirrors_the_world():
    doc = world_to_json(rich_world())
    key = doc["accounts"][ACCOUNT]["regions"][REGION]["keys"][0]
    assert key["kind"] == "KmsKey" and next(iter(key)) == "kind"
    assert key["address"] == "aws_kms_key.k" and key["arn"] == key_arn("k")
    assert key["source"] == {"file": "main.tf", "line": 1, "end_line": 6}
    assert key["policy"] == {"document": {"Version": "2012-10-17"}, "text_length": 25, "parse_error": None}
    bucket = doc["accounts"][ACCOUNT]["regions"][REGION]["buckets"][0]
    assert bucket["versioning"]["address"] == "aws_s3_bucket_versioning.b"
    assert bucket["replication"]["legacy_inline"] is True
    role = doc["accounts"][ACCOUNT]["roles"][0]
    assert [p["kind"] for p in role["inline_policies"]] == ["InlinePolicy"]
    unattached = doc["accounts"][ACCOUNT]["regions"][REGION]["unattached"]
    assert [u["kind"] for u in unattached] == ["KeyPolicy"]
    assert doc["unmodelled"] == [{"type": "aws_kinesis_stream", "count": 1, "addresses": ["aws_kinesis_stream.q"]}]
    codes = sorted(d["code"] for d in doc["diagnostics"])
    assert codes == ["invalid-json", "unresolved-target", "unresolved-target"]


def test_unknown_is_serialized_with_reason_and_ref():
    doc = world_to_json(
        build(
            res(
                "aws_kms_key_policy",
                "aws_kms_key_policy.x",
                {"key_id": Unknown("remote module output", "module.remote.key_id"), "policy": "{}"},
            )
        )
    )
    (policy,) = doc["accounts"][ACCOUNT]["regions"][REGION]["unattached"]
    assert policy["key"] == {"unknown": "remote module output", "ref": "module.remote.key_id"}


def test_output_is_deterministic_and_json_serializable():
    first = json.dumps(world_to_json(rich_world()), sort_keys=True)
    second = json.dumps(world_to_json(rich_world()), sort_keys=True)
    assert first == second


def test_no_secret_value_or_key_material_in_the_json():
    text = json.dumps(world_to_json(rich_world()))
    assert SECRET not in text and MATERIAL not in text


def test_checked_in_schema_and_field_reference_are_current():
    # Regenerate with: python -m iacsim.model.schema --write
    assert json.loads((DOCS / "model-schema.json").read_text(encoding="utf-8")) == schema_module.json_schema()
    current = (DOCS / "model-schema.md").read_text(encoding="utf-8")
    assert schema_module.render_markdown(current) == current


def test_every_model_field_is_documented():
    undocumented = [
        f"{cls.__name__}.{name}"
        for cls in schema_module.model_classes()
        if cls.__module__.startswith("iacsim.model")
        for name, _, doc in schema_module._annotated_fields(cls)
        if not name.startswith("_") and not doc
    ]
    assert undocumented == []


def test_exotic_values_inside_documents_do_not_stop_serialization():
    from decimal import Decimal

    world = build(
        res(
            "aws_kms_key",
            "aws_kms_key.k",
            {"policy": {"Version": "2012-10-17", "N": Decimal("1.5"), "S": {"b", "a"}}},
        )
    )
    doc = world_to_json(world)
    policy = doc["accounts"][ACCOUNT]["regions"][REGION]["keys"][0]["policy"]["document"]
    assert policy["N"] == "1.5" and policy["S"] == ["a", "b"]
