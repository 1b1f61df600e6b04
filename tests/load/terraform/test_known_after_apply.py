"""Values Terraform knows only after apply stay unknown; values it knows at plan time are known.

* An Optional + Computed argument set to ``null`` is chosen at apply (a generated bucket name, the
  default key policy): references and conditionals on it are unknown, not null.
* A resource object of a type iacsim does not model, passed out of a module, keeps its computed
  attributes as unknown (through outputs, lists, maps, ``merge`` and object-typed variables).
* ``plantimestamp()`` is the scan's clock, so an imported key's expiry built from it can be judged.
* A call of a function Terraform does not have is a PARSE004 error naming file and line;
  ``rsadecrypt()`` is a notice, its value unknown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iacsim.load import LoadOptions, load_paths
from iacsim.pipeline import scan
from iacsim.values import Unknown

MODULE = """
variable "name" {
  type    = string
  default = null
}
resource "aws_ecr_repository" "r" {
  name = "repo"
}
resource "aws_s3_bucket" "b" {
  bucket = var.name
}
resource "aws_kms_key" "k" {
  description = "k"
  policy      = null
}
output "repo" { value = aws_ecr_repository.r }
output "repos" { value = [aws_ecr_repository.r] }
output "by_name" { value = { a = aws_ecr_repository.r } }
output "bucket" { value = aws_s3_bucket.b }
output "key" { value = aws_kms_key.k }
"""

ROOT = """
module "m" { source = "./mod" }
variable "repo" {
  type    = object({ name = string, repository_url = string })
  default = null
}
locals {
  values = {
    url         = module.m.repo.repository_url
    from_list   = module.m.repos[0].repository_url
    from_map    = module.m.by_name["a"].repository_url
    merged      = merge(module.m.repo, { extra = 1 }).repository_url
    bucket      = module.m.bucket.bucket
    bucket_cond = module.m.bucket.bucket == null ? "none" : "some"
    key_policy  = module.m.key.policy == null ? "default" : "custom"
    description = module.m.key.description
  }
}
resource "aws_ssm_parameter" "p" {
  for_each = local.values
  name     = "/x/${each.key}"
  type     = "String"
  value    = each.value
}
"""


def _values(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text(MODULE)
    (tmp_path / "main.tf").write_text(ROOT)
    loaded = load_paths([tmp_path], LoadOptions(use_cache=False))
    assert [d for d in loaded.result.diagnostics if d.severity == "error"] == []
    return {r.address.split('"')[1]: r.attrs["value"] for r in loaded.result.resources
            if r.type == "aws_ssm_parameter"}


def test_computed_attributes_of_module_outputs_are_unknown_not_unsupported(tmp_path: Path) -> None:
    values = _values(tmp_path)
    for name in ("url", "from_list", "from_map", "merged"):
        value = values[name]
        assert isinstance(value, Unknown), name
        assert value.reason == "known after apply", (name, value.reason)
        assert value.ref == "module.m.aws_ecr_repository.r.repository_url", name


def test_optional_computed_set_to_null_is_known_after_apply(tmp_path: Path) -> None:
    values = _values(tmp_path)
    for name in ("bucket", "bucket_cond", "key_policy"):
        assert isinstance(values[name], Unknown), (name, values[name])
    assert values["bucket"].ref == "module.m.aws_s3_bucket.b.bucket"  # type: ignore[union-attr]
    assert values["description"] == "k"  # what the code sets stays known


def test_optional_only_argument_set_to_null_stays_null(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudwatch_log_group" "g" {\n  name       = "g"\n  kms_key_id = null\n}\n'
        'resource "aws_ssm_parameter" "p" {\n  name  = "/p"\n  type  = "String"\n'
        '  value = aws_cloudwatch_log_group.g.kms_key_id == null ? "plain" : "kms"\n}\n')
    loaded = load_paths([tmp_path], LoadOptions(use_cache=False))
    (param,) = [r for r in loaded.result.resources if r.type == "aws_ssm_parameter"]
    assert param.attrs["value"] == "plain"  # kms_key_id is Optional only: null after apply too


@pytest.mark.parametrize(("hours", "fires"), [("9000h", True), ("720h", False)])
def test_plantimestamp_lets_an_imported_key_expiry_be_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hours: str, fires: bool
) -> None:
    monkeypatch.setenv("IACSIM_NOW", "2026-01-15T00:00:00Z")
    (tmp_path / "main.tf").write_text(
        'resource "aws_kms_external_key" "k" {\n  description = "imported"\n'
        '  key_material_base64 = "c2FtcGxlLWltcG9ydGVkLWtleS1tYXRlcmlhbC0zMmI="\n'
        f'  valid_to = timeadd(plantimestamp(), "{hours}")\n}}\n')
    report, _world, _input = scan([tmp_path], LoadOptions(use_cache=False))
    hits = [f for f in report.findings if f.rule_id == "KMS011"]
    assert bool(hits) is fires
    if fires:
        assert hits[0].resource == "aws_kms_external_key.k" and "2027-01-25" in hits[0].message  # 375 days on


def test_unknown_function_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'locals {\n  a = upper("x")\n  b = try(timeaddd("2020-01-01T00:00:00Z", "1h"), "x")\n'
        '  c = rsadecrypt("Y2lwaGVy", "key")\n  d = provider::aws::arn_parse("arn:aws:s3:::b")\n}\n'
        'variable "v" {\n  type = list(object({ a = optional(string) }))\n  default = []\n}\n')
    report, _world, _input = scan([tmp_path], LoadOptions(use_cache=False))
    parse = [(f.rule_id, f.file, f.line, f.severity) for f in report.findings if f.rule_id.startswith("PARSE")]
    assert parse == [("PARSE004", "main.tf", 3, "high")]  # upper, the provider function, the type are fine
    # rsadecrypt: a notice in the coverage section, not a finding
    assert any((n.rule_id, n.file, n.line) == ("PARSE003", "main.tf", 4) and "rsadecrypt" in n.message
               for n in report.coverage.notices)
    (unknown,) = [f for f in report.findings if f.rule_id == "PARSE004"]
    assert 'unknown function "timeaddd"' in unknown.message


def test_core_namespaced_builtins_parse_and_evaluate_and_provider_functions_are_named_notices(tmp_path: Path) -> None:
    # Terraform 1.8+: core::<name> is the built-in <name>; provider::<p>::<f> runs in the provider plugin
    (tmp_path / "main.tf").write_text(
        'locals {\n  n = core::max(1, 2)\n  up = core::upper("abc")\n  s = "core::max(1) stays text"\n}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = "x-${local.n}-${core::lower(local.up)}"\n'
        '  tags = { a = provider::aws::arn_build("aws", "s3", "", "", "b"), s = local.s }\n}\n')
    report, _world, _input = scan([tmp_path], LoadOptions(use_cache=False))
    assert not [f for f in report.findings if f.rule_id.startswith("PARSE")]
    (bucket,) = [r for r in _input.result.resources if r.address == "aws_s3_bucket.b"]
    assert bucket.attrs["bucket"] == "x-2-abc" and bucket.attrs["tags"]["s"] == "core::max(1) stays text"
    assert isinstance(bucket.attrs["tags"]["a"], Unknown)
    assert any((n.rule_id, n.line) == ("PARSE003", 8) and "provider::aws::arn_build" in n.message
               for n in report.coverage.notices)


def test_a_core_call_that_still_does_not_parse_is_a_parse_finding_not_a_dropped_file(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('locals {\n  n = core::max(1, 2\n}\n')
    report, _world, _input = scan([tmp_path], LoadOptions(use_cache=False))
    assert [(f.rule_id, f.file) for f in report.findings if f.rule_id.startswith("PARSE")] == [("PARSE001", "main.tf")]
