"""Independent worlds: examples side by side in one repository never collide."""

from pathlib import Path

import pytest

from iacsim.config import parse_config
from iacsim.load import LoadOptions
from iacsim.model.kms import KmsAlias
from iacsim.pipeline import scan
from iacsim.worlds import world_of

EXAMPLE = '''
resource "aws_kms_key" "this" {
  enable_key_rotation = true
}
resource "aws_kms_alias" "this" {
  name          = "alias/example"
  target_key_id = aws_kms_key.this.key_id
}
'''


@pytest.mark.parametrize(("unit", "globs", "world"), [
    ("examples/complete", ("examples/*",), "examples/complete"),
    ("examples/complete/modules/x", ("examples/*",), "examples/complete"),
    ("examples/complete/main.tf", ("examples/*",), "examples/complete"),
    ("stacks/kms.yaml", ("examples/*",), ""),
    ("examples", ("examples/*",), ""),
    ("envs/prod/eu", ("envs/*/*", "envs/*"), "envs/prod/eu"),
    ("plans/a.json", ("plans/*",), "plans/a.json"),
])
def test_world_of_matches_whole_path_segments(unit: str, globs: tuple[str, ...], world: str) -> None:
    assert world_of(unit, globs) == world


def _repo(tmp_path: Path) -> Path:
    for name in ("simple", "complete"):
        (tmp_path / "examples" / name).mkdir(parents=True)
        (tmp_path / "examples" / name / "main.tf").write_text(EXAMPLE)
    return tmp_path


def test_without_worlds_two_examples_collide(tmp_path: Path) -> None:
    report, _, _ = scan([_repo(tmp_path)], LoadOptions(use_cache=False), "none")
    assert [(f.rule_id, f.file) for f in report.findings] == [("KMS008", "examples/simple/main.tf")]


def test_worlds_keep_examples_apart(tmp_path: Path) -> None:
    config = parse_config({"worlds": ["examples/*"]}, ".iacsim.yml")
    report, world, _ = scan([_repo(tmp_path)], LoadOptions(config=config, use_cache=False), "none")
    assert [f.rule_id for f in report.findings] == []
    # the model shown in reports is still the union of both examples
    assert sorted(a.source.file for a in world.of_type(KmsAlias)) == ["examples/complete/main.tf",
                                                                      "examples/simple/main.tf"]


def test_a_real_conflict_inside_one_world_is_still_found(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "examples" / "complete" / "extra.tf").write_text(
        'resource "aws_kms_alias" "again" {\n  name          = "alias/example"\n'
        '  target_key_id = aws_kms_key.this.key_id\n}\n')
    config = parse_config({"worlds": ["examples/*"]}, ".iacsim.yml")
    report, _, _ = scan([repo], LoadOptions(config=config, use_cache=False), "none")
    # extra.tf sorts before main.tf, so the alias in main.tf is the second declaration
    assert [(f.rule_id, f.resource, f.file) for f in report.findings] == [
        ("KMS008", "aws_kms_alias.this", "examples/complete/main.tf")]


def test_a_shared_module_outside_the_roots_belongs_to_each_caller(tmp_path: Path) -> None:
    (tmp_path / "modules" / "alias").mkdir(parents=True)
    (tmp_path / "modules" / "alias" / "main.tf").write_text(
        'variable "key_id" {}\nresource "aws_kms_alias" "this" {\n  name          = "alias/shared"\n'
        '  target_key_id = var.key_id\n}\n')
    for name in ("a", "b"):
        (tmp_path / "examples" / name).mkdir(parents=True)
        (tmp_path / "examples" / name / "main.tf").write_text(
            'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n'
            'module "alias" {\n  source = "../../modules/alias"\n  key_id = aws_kms_key.k.key_id\n}\n')
    config = parse_config({"worlds": ["examples/*"]}, ".iacsim.yml")
    report, _, loaded = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    units = sorted({r.unit for r in loaded.result.resources if r.type == "aws_kms_alias"})
    assert units == ["examples/a", "examples/b"]
    assert [f.rule_id for f in report.findings] == []
    # without worlds, both examples' module aliases collide in the assumed default account
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    assert [(f.rule_id, f.resource) for f in report.findings] == [("KMS008", "module.alias.aws_kms_alias.this")]


def test_report_model_keeps_same_addresses_of_two_worlds_apart(tmp_path: Path) -> None:
    bucket = ('resource "aws_s3_bucket" "b" {{\n  bucket = "{name}"\n}}\n'
              'resource "aws_s3_bucket_versioning" "b" {{\n  bucket = aws_s3_bucket.b.id\n'
              '  versioning_configuration {{\n    status = "{status}"\n  }}\n}}\n')
    for name, status in (("one", "Enabled"), ("two", "Suspended")):
        (tmp_path / "examples" / name).mkdir(parents=True)
        (tmp_path / "examples" / name / "main.tf").write_text(bucket.format(name=f"acme-{name}", status=status))
    config = parse_config({"worlds": ["examples/*"]}, ".iacsim.yml")
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    buckets = report.model["accounts"]["111111111111"]["regions"]["us-east-1"]["buckets"]
    assert sorted((b["name"], b["versioning"]["status"]) for b in buckets) == [
        ("acme-one", "Enabled"), ("acme-two", "Suspended")]
    assert report.model["diagnostics"] == []
    assert report.cost["monthly_total"] == 0.0
