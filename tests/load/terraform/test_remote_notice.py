"""A remote module that is not downloaded is said once, as a coverage notice naming the call — not a finding."""

from pathlib import Path

from iacsim.load import LoadOptions
from iacsim.pipeline import scan


def test_not_downloaded_remote_module_is_reported_once(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'module "kms" {\n  source  = "terraform-aws-modules/kms/aws"\n  version = "~> 3.0"\n}\n'
        'resource "aws_ssm_parameter" "a" {\n  name  = "/a"\n  type  = "String"\n  value = module.kms.key_arn\n}\n'
        'resource "aws_ssm_parameter" "b" {\n  name  = "/b"\n  type  = "String"\n  value = module.kms.key_id\n}\n')
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "info")
    assert [f for f in report.findings if f.category == "parse-error"] == []
    notices = [(n.rule_id, n.code, n.file, n.line) for n in report.coverage.notices]
    assert notices == [("PARSE003", "module-not-downloaded", "main.tf", 1)]
    assert "terraform init" in report.coverage.notices[0].what_to_do
    assert report.summary["verdict"] == "pass"
    assert report.summary["notices"] == 1
