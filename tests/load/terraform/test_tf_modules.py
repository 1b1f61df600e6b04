"""Root discovery, local module calls (nested, count/for_each, inputs/outputs) and remote modules."""

from __future__ import annotations

from pathlib import Path

from tf_helpers import FIXTURES, by_address, load_dir, load_fixture, parse, write_tree

from iacsim.load.terraform.discovery import find_roots
from iacsim.load.terraform.module import load_module
from iacsim.values import Unknown


def _roots(root: Path) -> list[str]:
    dirs = sorted({p.parent for p in root.rglob("*.tf") if ".terraform" not in p.parts})
    found = find_roots(dirs, lambda d: load_module(d, parse, lambda p: p.as_posix()))
    return [d.relative_to(root.resolve()).as_posix() for d in found]


def test_called_directories_are_not_roots() -> None:
    assert _roots(FIXTURES / "modules_root") == ["."]


def test_self_call_and_mutual_calls_still_get_a_root() -> None:
    assert _roots(FIXTURES / "cycles") == ["locals", "selfcall", "mutual/a"]


def test_module_addresses_for_each_count_and_nesting() -> None:
    resources = by_address(load_fixture("modules_root"))
    assert set(resources) == {
        "aws_ssm_parameter.p", "aws_ssm_parameter.q",
        'module.kms["a"].aws_kms_key.this[0]', 'module.kms["b"].aws_kms_key.this[0]',
        'module.kms["a"].module.inner.aws_kms_alias.a', 'module.kms["b"].module.inner.aws_kms_alias.a',
        "module.single.aws_kms_key.this[0]", "module.single.module.inner.aws_kms_alias.a",
        "module.counted[0].aws_kms_key.this[0]", "module.counted[0].module.inner.aws_kms_alias.a",
    }


def test_module_inputs_outputs_and_path_module() -> None:
    resources = by_address(load_fixture("modules_root"))
    key_a = resources['module.kms["a"].aws_kms_key.this[0]']
    assert key_a.attrs["description"] == "key a in modules/kms"
    assert key_a.source.file == "modules/kms/main.tf"
    # output of a for_each instance feeds the root
    assert resources["aws_ssm_parameter.p"].attrs["key_id"] == key_a.attrs["arn"]
    # output of a nested module, passed up through the middle module's output
    alias = resources["module.single.module.inner.aws_kms_alias.a"]
    assert alias.attrs["name"] == "alias/single"
    assert alias.attrs["target_key_id"] == resources["module.single.aws_kms_key.this[0]"].attrs["key_id"]
    assert resources["aws_ssm_parameter.q"].attrs["key_id"] == alias.attrs["arn"]
    assert resources["aws_ssm_parameter.q"].attrs["value"] == "key c0 in modules/kms"


def test_same_module_instances_get_distinct_synthesized_ids() -> None:
    resources = by_address(load_fixture("modules_root"))
    ids = {resources[a].attrs["key_id"] for a in resources if a.endswith("aws_kms_key.this[0]")}
    assert len(ids) == 4


def test_remote_module_from_modules_json_is_evaluated() -> None:
    resources = by_address(load_fixture("remote"))
    key = resources["module.kms.aws_kms_key.this"]
    assert key.attrs["description"] == "downloaded"
    assert key.source.file == ".terraform/modules/kms/main.tf"
    assert resources["aws_ssm_parameter.downloaded"].attrs["key_id"] == key.attrs["arn"]


def test_remote_module_not_downloaded_has_unknown_outputs() -> None:
    value = by_address(load_fixture("remote"))["aws_ssm_parameter.missing"].attrs["key_id"]
    assert isinstance(value, Unknown)
    assert value.reason.startswith('remote module "missing" (git::https://example.com/modules/kms.git?ref=v1) '
                                   "not downloaded")
    assert value.ref == "module.missing"


def test_module_outputs_used_as_a_whole_object(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": """
module "m" {
  source   = "./m"
  for_each = { x = 1, y = 2 }
  n        = each.value
}
resource "aws_sns_topic" "t" {
  name   = "t"
  policy = jsonencode({ for k, m in module.m : k => m.doubled })
}
""",
        "m/main.tf": 'variable "n" { type = number }\noutput "doubled" { value = var.n * 2 }\n',
    })
    assert by_address(load_dir(root))["aws_sns_topic.t"].attrs["policy"] == '{"x":2,"y":4}'


def test_module_input_may_depend_on_another_output_of_the_same_module(tmp_path: Path) -> None:
    # Terraform evaluates module variables and outputs as separate graph nodes; so do we.
    root = write_tree(tmp_path, {
        "main.tf": 'module "m" {\n  source = "./m"\n  a = "x"\n  b = module.m.from_a\n}\n',
        "m/main.tf": """
variable "a" {}
variable "b" {}
output "from_a" { value = "${var.a}-a" }
resource "aws_sns_topic" "t" { name = var.b }
""",
    })
    result = load_dir(root)
    assert by_address(result)["module.m.aws_sns_topic.t"].attrs["name"] == "x-a"
    assert result.diagnostics == []


def test_override_files_merge_into_the_declared_block(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": 'resource "aws_kms_key" "k" {\n  description = "base"\n  enable_key_rotation = false\n}\n',
        "main_override.tf": 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n',
    })
    key = by_address(load_dir(root))["aws_kms_key.k"]
    assert key.attrs == {"description": "base", "enable_key_rotation": True, "arn": key.attrs["arn"],
                         "key_id": key.attrs["key_id"], "id": key.attrs["id"]}


def test_missing_local_module_directory_is_reported(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": 'module "gone" { source = "./gone" }\n'})
    result = load_dir(root)
    assert [(d.code, d.line) for d in result.diagnostics] == [("invalid-module", 1)]
