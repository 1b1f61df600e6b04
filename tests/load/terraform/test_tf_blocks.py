"""Dynamic blocks, replica keys sharing the primary's id, configuration_aliases and nullable variables."""

from __future__ import annotations

from pathlib import Path

from tf_helpers import by_address, load_dir, write_tree

from iacsim.values import Unknown


def test_nested_dynamic_blocks_with_default_iterator_names(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
locals {
  rules = [
    { id = "a", dests = ["arn:aws:s3:::x", "arn:aws:s3:::y"] },
    { id = "b", dests = [] },
  ]
}
resource "aws_s3_bucket_replication_configuration" "r" {
  bucket = "src"
  role   = "arn:aws:iam::123456789012:role/replication"
  dynamic "rule" {
    for_each = local.rules
    content {
      id = rule.value.id
      dynamic "destination" {
        for_each = rule.value.dests
        content {
          bucket = "${destination.value}#${destination.key}@${rule.key}"
        }
      }
    }
  }
  rule {
    id = "static"
  }
}
"""})
    rules = by_address(load_dir(root))["aws_s3_bucket_replication_configuration.r"].attrs["rule"]
    assert rules == [
        {"id": "a", "destination": [{"bucket": "arn:aws:s3:::x#0@0"}, {"bucket": "arn:aws:s3:::y#1@0"}]},
        {"id": "b", "destination": []},  # zero blocks: an empty list, as terraform show -json has it
        {"id": "static"},
    ]


def test_dynamic_block_over_unknown_collection_is_unknown(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
variable "statements" {}
data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions = statement.value
    }
  }
}
"""})
    attrs = by_address(load_dir(root))["data.aws_iam_policy_document.d"].attrs
    assert isinstance(attrs["statement"], Unknown)
    assert isinstance(attrs["json"], Unknown)
    assert 'variable "statements" has no value' in attrs["json"].reason


def test_replica_key_shares_the_primary_key_id_in_its_own_region(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}
provider "aws" {
  alias               = "eu"
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]
}
resource "aws_kms_key" "primary" { multi_region = true }
resource "aws_kms_replica_key" "eu" {
  provider        = aws.eu
  primary_key_arn = aws_kms_key.primary.arn
}
"""})
    resources = by_address(load_dir(root))
    primary, replica = resources["aws_kms_key.primary"].attrs, resources["aws_kms_replica_key.eu"].attrs
    assert replica["key_id"] == primary["key_id"]
    assert primary["arn"] == f"arn:aws:kms:us-east-1:123456789012:key/{primary['key_id']}"
    assert replica["arn"] == f"arn:aws:kms:eu-west-1:123456789012:key/{primary['key_id']}"


def test_configuration_aliases_are_passed_by_the_providers_map(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": """
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
module "pair" {
  source = "./pair"
  providers = {
    aws         = aws
    aws.replica = aws.west
  }
}
""",
        "pair/main.tf": """
terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.replica]
    }
  }
}
resource "aws_kms_key" "primary" {}
resource "aws_kms_key" "replica" { provider = aws.replica }
""",
    })
    resources = by_address(load_dir(root))
    assert resources["module.pair.aws_kms_key.primary"].placement.region == "us-east-1"
    assert resources["module.pair.aws_kms_key.replica"].placement.region == "us-west-2"
    assert resources["module.pair.aws_kms_key.replica"].placement.provider == "aws.west"


def test_null_input_uses_default_only_for_non_nullable_variables(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": 'module "m" {\n  source = "./m"\n  a = null\n  b = null\n}\n',
        "m/main.tf": """
variable "a" { default = "da" }
variable "b" {
  default  = "db"
  nullable = false
}
resource "aws_sns_topic" "t" {
  name         = "t"
  display_name = "${coalesce(var.a, "was-null")}-${var.b}"
}
""",
    })
    assert by_address(load_dir(root))["module.m.aws_sns_topic.t"].attrs["display_name"] == "was-null-db"


def test_sets_iterate_with_the_element_as_key(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
variable "names" {
  type    = set(string)
  default = ["b", "a", "b"]
}
locals {
  by_name = { for k, v in var.names : k => upper(v) }
}
resource "aws_kms_alias" "a" {
  for_each      = local.by_name
  name          = "alias/${each.value}"
  target_key_id = "k"
}
data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = toset(["kms:Decrypt", "kms:Encrypt"])
    content {
      sid     = "S${length(statement.key)}"
      actions = [statement.key]
    }
  }
}
"""})
    resources = by_address(load_dir(root))
    assert resources['aws_kms_alias.a["a"]'].attrs["name"] == "alias/A"
    assert resources['aws_kms_alias.a["b"]'].attrs["name"] == "alias/B"
    statements = resources["data.aws_iam_policy_document.d"].attrs["statement"]
    assert [s["actions"] for s in statements] == [["kms:Decrypt"], ["kms:Encrypt"]]
    assert [s["sid"] for s in statements] == ["S11", "S11"]
