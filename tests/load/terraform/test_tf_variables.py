"""Variable values: defaults, tfvars files, --var-file and --var in Terraform's precedence; type conversion."""

from __future__ import annotations

from pathlib import Path

from tf_helpers import FIXTURES, by_address, load_dir, load_fixture, write_tree

from iacsim.values import Unknown


def test_auto_tfvars_json_is_applied_after_auto_tfvars_and_terraform_tfvars() -> None:
    # terraform.tfvars says 10, a.auto.tfvars 14, b.auto.tfvars.json "21" (lexical order: b last).
    key = by_address(load_fixture("basic"))["aws_kms_key.this[0]"]
    assert key.attrs["deletion_window_in_days"] == 21  # the string "21" converted to the number type


def test_var_file_overrides_tfvars_and_cli_var_overrides_var_file() -> None:
    extra = FIXTURES / "basic-extra.tfvars"
    only_file = by_address(load_fixture("basic", var_files=[extra]))["aws_ssm_parameter.db"]
    assert only_file.attrs["tags"] == {"Owner": "varfile"}
    both = by_address(load_fixture("basic", var_files=[extra], vars={"owner": "cli"}))["aws_ssm_parameter.db"]
    assert both.attrs["tags"] == {"Owner": "cli"}
    neither = by_address(load_fixture("basic"))["aws_ssm_parameter.db"]
    assert neither.attrs["tags"] == {"Owner": "tfvars"}


def test_var_file_is_reported_as_a_file_read() -> None:
    result = load_fixture("basic", var_files=[FIXTURES / "basic-extra.tfvars"])
    assert {"main.tf", "terraform.tfvars", "a.auto.tfvars", "b.auto.tfvars.json", "../basic-extra.tfvars"} <= set(
        result.files)


def test_set_variable_is_deduplicated_and_sorted_like_terraform() -> None:
    # a.auto.tfvars sets apps = ["web", "api", "web"]; type set(string) → ["api", "web"].
    resources = by_address(load_fixture("basic"))
    assert [a for a in resources if a.startswith("aws_kms_key.app")] == [
        'aws_kms_key.app["api"]', 'aws_kms_key.app["web"]']


def test_variable_without_value_is_unknown_with_reason() -> None:
    value = by_address(load_fixture("basic"))["aws_ssm_parameter.db"].attrs["value"]
    assert isinstance(value, Unknown)
    assert value.reason == 'variable "db_password" has no value: no default, not set in a .tfvars file or with --var'
    assert value.ref == "var.db_password"


def test_object_type_fills_optional_defaults() -> None:
    resources = by_address(load_fixture("basic"))
    # settings default {tier = "Standard"}; optional(bool, true) fills rotate.
    assert resources["aws_kms_key.this[0]"].attrs["enable_key_rotation"] is True
    assert resources["aws_ssm_parameter.db"].attrs["tier"] == "Standard"


def test_cli_var_for_a_collection_type_is_parsed_as_hcl(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
variable "names" { type = list(string) }
variable "count_n" { type = number }
variable "flag" { type = bool }
variable "raw" {}
resource "aws_sns_topic" "t" {
  for_each = toset(var.names)
  name     = "${each.key}-${var.count_n + 1}-${var.flag ? "on" : "off"}-${var.raw}"
}
"""})
    result = load_dir(root, vars={"names": '["a", "b"]', "count_n": "2", "flag": "true", "raw": "[x]"})
    names = sorted(r.attrs["name"] for r in result.resources)
    assert names == ["a-3-on-[x]", "b-3-on-[x]"]


def test_tfvars_syntax_error_is_a_diagnostic_and_defaults_still_apply(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": 'variable "n" { default = "dflt" }\nresource "aws_sns_topic" "t" { name = var.n }\n',
        "terraform.tfvars": 'n = "unterminated\n',
    })
    result = load_dir(root)
    assert [d.file for d in result.diagnostics] == ["terraform.tfvars"]
    assert result.resources[0].attrs["name"] == "dflt"


def test_module_input_missing_without_default_is_unknown(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": 'module "m" { source = "./m" }\n',
        "m/main.tf": 'variable "needed" {}\nresource "aws_sns_topic" "t" { name = var.needed }\n',
    })
    value = by_address(load_dir(root))["module.m.aws_sns_topic.t"].attrs["name"]
    assert isinstance(value, Unknown)
    assert value.reason == 'required input "needed" of module.m is not set'


def test_missing_var_file_is_reported_once_for_all_roots(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {"a/main.tf": 'resource "aws_kms_key" "a" {}\n',
                                          "b/main.tf": 'resource "aws_kms_key" "b" {}\n'})
    result = load_dir(root, var_files=[tmp_path / "nope.tfvars"])
    assert [(d.file, d.line) for d in result.diagnostics] == [("../nope.tfvars", 1)]
    assert len(result.resources) == 2
