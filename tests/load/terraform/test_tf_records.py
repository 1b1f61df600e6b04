"""Resource records: addresses, attrs shape, source locations, suppressions, synthesized computed values."""

from __future__ import annotations

import json
from pathlib import Path

from tf_helpers import by_address, load_dir, load_fixture, write_tree

from iacsim.load.resource import SourceLocation, Suppression
from iacsim.load.terraform.computed import synthetic_key_id
from iacsim.values import Unknown


def test_count_and_for_each_addresses_and_values() -> None:
    resources = by_address(load_fixture("basic"))
    assert resources["aws_kms_key.this[0]"].attrs["description"] == "prod-kms-0"
    assert resources["aws_kms_key.this[1]"].attrs["description"] == "prod-kms-1"
    # for_each over a set: each.key == each.value
    assert resources['aws_kms_key.app["web"]'].attrs["description"] == "key for web (web)"
    assert resources['aws_kms_key.app["web"]'].name == "app"
    assert resources['aws_kms_key.app["web"]'].type == "aws_kms_key"


def test_meta_arguments_are_not_attributes() -> None:
    key = by_address(load_fixture("basic"))["aws_kms_key.this[0]"]
    for meta in ("count", "for_each", "provider", "depends_on", "lifecycle"):
        assert meta not in key.attrs
    assert by_address(load_fixture("basic"))['aws_kms_key.app["api"]'].attrs.get("provider") is None


def test_data_sources_are_records_with_mode_data() -> None:
    resources = by_address(load_fixture("basic"))
    doc = resources["data.aws_iam_policy_document.key"]
    assert doc.mode == "data"
    assert doc.name == "key"
    assert resources["aws_kms_key.this[0]"].mode == "managed"


def test_source_location_and_attr_lines() -> None:
    key = by_address(load_fixture("basic"))["aws_kms_key.this[0]"]
    assert key.source == SourceLocation("main.tf", 67, 79)
    assert key.origin == "terraform"
    assert key.attr_lines["description"] == 69
    assert key.attr_lines["policy"] == 72
    doc = by_address(load_fixture("basic"))["data.aws_iam_policy_document.key"]
    assert doc.attr_lines["statement"] == 118  # first statement block


def test_nested_blocks_are_lists_of_dicts_and_dynamic_blocks_expand() -> None:
    doc = by_address(load_fixture("basic"))["data.aws_iam_policy_document.key"]
    statements = doc.attrs["statement"]
    assert [s["sid"] for s in statements] == ["Root", "Use", "Describeapi", "Describeweb"]
    assert statements[1]["principals"] == [{"type": "AWS", "identifiers": ["arn:aws:iam::123456789012:role/prod-app"]}]
    assert statements[1]["condition"] == [{"test": "StringEquals", "variable": "kms:ViaService",
                                           "values": ["ssm.eu-west-1.amazonaws.com"]}]


def test_key_policy_reference_resolves_to_the_document_json() -> None:
    resources = by_address(load_fixture("basic"))
    policy = resources["aws_kms_key.this[0]"].attrs["policy"]
    assert policy == resources["data.aws_iam_policy_document.key"].attrs["json"]
    statements = json.loads(policy)["Statement"]
    assert statements[0] == {"Sid": "Root", "Effect": "Allow", "Action": "kms:*", "Resource": "*",
                             "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}
    assert statements[1]["Action"] == ["kms:Encrypt", "kms:Decrypt"]


def test_suppressions_from_comments_above_and_on_the_first_line() -> None:
    resources = by_address(load_fixture("basic"))
    assert resources["aws_kms_key.this[1]"].suppressions == (
        Suppression("KMS001", "rotation is handled by an external process", 65),
        Suppression("KMS009", "", 66),
    )
    assert resources["aws_ssm_parameter.db"].suppressions == (
        Suppression("SSM002", "value comes from a vault at deploy time", 93),)
    assert resources["aws_kms_alias.this"].suppressions == ()


def test_suppression_needs_adjacent_comment_lines(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """# iacsim:ignore KMS001 far away

resource "aws_kms_key" "a" {}

/* iacsim:ignore KMS002,KMS003 block comment */
resource "aws_kms_key" "b" {}
"""})
    resources = by_address(load_dir(root))
    assert resources["aws_kms_key.a"].suppressions == ()
    assert resources["aws_kms_key.b"].suppressions == (Suppression("KMS002", "block comment", 5),
                                                       Suppression("KMS003", "block comment", 5))


def test_kms_key_arn_is_synthesized_deterministically_from_root_and_address() -> None:
    first = by_address(load_fixture("basic"))
    second = by_address(load_fixture("basic"))
    key = first["aws_kms_key.this[0]"]
    # identity = "<root module dir relative to the scan root>|<address>"; the scan root is the root here.
    key_id = synthetic_key_id(".|aws_kms_key.this[0]", multi_region=False)
    assert key.attrs["key_id"] == key_id == second["aws_kms_key.this[0]"].attrs["key_id"]
    assert key.attrs["arn"] == f"arn:aws:kms:eu-west-1:123456789012:key/{key_id}"
    assert first["aws_kms_key.this[1]"].attrs["key_id"] != key_id
    mrk = first['aws_kms_key.app["web"]'].attrs
    assert mrk["key_id"].startswith("mrk-") and len(mrk["key_id"]) == 36
    assert mrk["arn"] == f"arn:aws:kms:us-west-2:210987654321:key/{mrk['key_id']}"


def test_references_to_synthesized_attributes_carry_the_same_values() -> None:
    resources = by_address(load_fixture("basic"))
    alias = resources["aws_kms_alias.this"]
    assert alias.attrs["target_key_id"] == resources["aws_kms_key.this[0]"].attrs["key_id"]
    assert alias.attrs["arn"] == "arn:aws:kms:eu-west-1:123456789012:alias/prod-kms"
    assert resources["aws_ssm_parameter.db"].attrs["key_id"] == alias.attrs["arn"]
    assert resources["aws_iam_role.app"].attrs["arn"] == "arn:aws:iam::123456789012:role/prod-app"
    assert resources["aws_ssm_parameter.db"].attrs["arn"] == "arn:aws:ssm:eu-central-1:123456789012:parameter/app/prod/db"


def test_underivable_computed_attribute_is_unknown_with_ref(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
resource "aws_iam_role" "r" {
  name_prefix        = "app-"
  assume_role_policy = "{}"
}
resource "aws_sns_topic" "t" {
  name         = "t"
  display_name = aws_iam_role.r.unique_id
  policy       = aws_iam_role.r.arn
}
"""})
    topic = by_address(load_dir(root))["aws_sns_topic.t"]
    unique_id, arn = topic.attrs["display_name"], topic.attrs["policy"]
    assert isinstance(unique_id, Unknown) and unique_id.ref == "aws_iam_role.r.unique_id"
    assert isinstance(arn, Unknown) and arn.ref == "aws_iam_role.r.arn"
    assert arn.reason == "name not set: AWS/Terraform generates it at apply"


def test_unknown_count_emits_one_unindexed_instance_with_a_warning(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
variable "n" { type = number }
resource "aws_kms_key" "k" {
  count       = var.n
  description = "k-${count.index}"
}
"""})
    result = load_dir(root)
    assert [r.address for r in result.resources] == ["aws_kms_key.k"]
    assert isinstance(result.resources[0].attrs["description"], Unknown)
    assert [(d.code, d.severity, d.line) for d in result.diagnostics] == [("unknown-repetition", "warning", 3)]


def test_count_zero_emits_nothing_and_for_each_map_uses_values(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
resource "aws_kms_key" "none" { count = 0 }
resource "aws_ssm_parameter" "p" {
  for_each = { db = "/app/db", "api key" = "/app/api" }
  name     = each.value
  type     = "String"
  value    = each.key
}
"""})
    resources = by_address(load_dir(root))
    assert sorted(resources) == ['aws_ssm_parameter.p["api key"]', 'aws_ssm_parameter.p["db"]']
    assert resources['aws_ssm_parameter.p["db"]'].attrs["name"] == "/app/db"


def test_tf_json_files_load_like_hcl(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf.json": json.dumps({
        "variable": {"env": {"default": "dev"}},
        "resource": {"aws_kms_key": {"k": {"description": "${var.env}-key", "count": 1}}},
    }, indent=1)})
    key = by_address(load_dir(root))["aws_kms_key.k[0]"]
    assert key.attrs["description"] == "dev-key"
    assert key.source.file == "main.tf.json"


def test_tf_json_nested_blocks_become_lists_but_maps_stay_maps(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf.json": json.dumps({"resource": {"aws_s3_bucket_versioning": {"v": {
        "bucket": "b",
        "versioning_configuration": {"status": "Enabled"},
    }}, "aws_s3_bucket": {"b": {"bucket": "b", "tags": {"Team": "x"}}}}})})
    resources = by_address(load_dir(root))
    assert resources["aws_s3_bucket_versioning.v"].attrs["versioning_configuration"] == [{"status": "Enabled"}]
    assert resources["aws_s3_bucket.b"].attrs["tags"] == {"Team": "x"}
