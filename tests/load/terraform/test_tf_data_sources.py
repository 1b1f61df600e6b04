"""Data sources answered statically, and everything else Unknown with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from tf_helpers import by_address, load_dir, load_fixture, write_tree

from iacsim.load.resource import Placement
from iacsim.load.terraform.data import KmsRegistry
from iacsim.values import Unknown


def test_caller_identity_region_and_partition_come_from_the_provider() -> None:
    resources = by_address(load_fixture("basic"))
    identity = resources["data.aws_caller_identity.current"].attrs
    assert identity["account_id"] == "123456789012"
    assert isinstance(identity["arn"], Unknown)
    region = resources["data.aws_region.current"].attrs
    assert (region["name"], region["region"], region["endpoint"]) == ("eu-west-1", "eu-west-1",
                                                                      "ec2.eu-west-1.amazonaws.com")
    partition = resources["data.aws_partition.current"].attrs
    assert (partition["partition"], partition["dns_suffix"]) == ("aws", "amazonaws.com")


def test_other_data_sources_keep_arguments_and_are_unknown_when_referenced() -> None:
    resources = by_address(load_fixture("basic"))
    external = resources["data.aws_ssm_parameter.external"]
    assert external.attrs == {"name": "/shared/external"}
    assert external.mode == "data"


def test_kms_key_lookup_by_alias_finds_a_key_defined_in_another_root() -> None:
    resources = by_address(load_fixture("kms_lookup"))
    shared_key = resources["aws_kms_key.shared"]
    by_alias = resources["data.aws_kms_key.by_alias"].attrs
    assert by_alias["key_id"] == "alias/shared"  # the argument as written
    assert by_alias["id"] == shared_key.attrs["key_id"]
    assert by_alias["arn"] == shared_key.attrs["arn"]
    assert by_alias["resolved_from"] == "aws_kms_key.shared"
    assert resources["aws_ssm_parameter.p"].attrs["key_id"] == shared_key.attrs["arn"]


def test_kms_alias_lookup_within_the_same_root_without_a_reference() -> None:
    alias = by_address(load_fixture("kms_lookup"))["data.aws_kms_alias.self"].attrs
    assert alias["arn"] == "arn:aws:kms:us-east-1:123456789012:alias/shared"
    assert alias["target_key_arn"].endswith(alias["target_key_id"])


def test_kms_lookup_misses_other_regions_and_unknown_names() -> None:
    result = load_fixture("kms_lookup")
    resources = by_address(result)
    assert resources["data.aws_kms_key.wrong_region"].attrs == {"key_id": "alias/shared"}
    assert resources["data.aws_kms_key.missing"].attrs == {"key_id": "alias/nope"}
    # Evaluating twice (second pass) must not duplicate records.
    assert len(result.resources) == len(resources)


def test_registry_lookups_by_key_arn_alias_arn_and_key_id() -> None:
    result = load_fixture("kms_lookup")
    registry = KmsRegistry()
    for r in result.resources:
        registry.add(r)
    key = by_address(result)["aws_kms_key.shared"]
    here = Placement(account="123456789012", region="us-east-1")
    elsewhere = Placement(account="123456789012", region="eu-west-1")
    assert registry.key(key.attrs["arn"], elsewhere) is key  # an ARN names its region itself
    assert registry.key("arn:aws:kms:us-east-1:123456789012:alias/shared", elsewhere) is key
    assert registry.key(key.attrs["key_id"], here) is key
    assert registry.key(key.attrs["key_id"], elsewhere) is None
    assert registry.key("alias/shared", Placement(account="999999999999", region="us-east-1")) is None


def test_unknown_module_for_each_makes_outputs_unknown(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": """
variable "names" {}
module "m" {
  source   = "./m"
  for_each = var.names
  name     = each.key
}
resource "aws_sns_topic" "t" {
  name = "t"
  display_name = module.m["a"].out
}
""",
        "m/main.tf": 'variable "name" {}\noutput "out" { value = var.name }\nresource "aws_sqs_queue" "q" { name = var.name }\n',
    })
    result = load_dir(root)
    resources = by_address(result)
    shown = resources["aws_sns_topic.t"].attrs["display_name"]
    assert isinstance(shown, Unknown) and "for_each of module.m unknown" in shown.reason
    # the module body is still evaluated once, without an instance key
    assert isinstance(resources["module.m.aws_sqs_queue.q"].attrs["name"], Unknown)
    assert [d.code for d in result.diagnostics] == ["unknown-repetition"]


def test_lookup_of_a_key_already_evaluated_needs_no_second_pass(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from iacsim.load.terraform.run import RootRun

    runs: list[Path] = []
    original = RootRun.run

    def counting(self: RootRun) -> None:
        runs.append(self.root_dir)
        original(self)

    monkeypatch.setattr(RootRun, "run", counting)
    root = write_tree(tmp_path, {"main.tf": """
resource "aws_kms_key" "k" { description = "mine" }
data "aws_kms_key" "k" { key_id = aws_kms_key.k.arn }
"""})
    resources = by_address(load_dir(root))
    assert resources["data.aws_kms_key.k"].attrs["description"] == "mine"
    assert len(runs) == 1
