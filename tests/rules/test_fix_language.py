"""Fixes are written in the input's own language."""

from pathlib import Path

from iacsim.load import LoadOptions
from iacsim.pipeline import scan


def _fixes(root: Path, rule_id: str) -> dict[str, str | None]:
    report, _, _ = scan([root], LoadOptions(use_cache=False), "none")
    return {f.resource: f.fix for f in report.findings if f.rule_id == rule_id}


def test_terraform_and_cloudformation_get_their_own_syntax(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "app" {\n  deletion_window_in_days = 3\n}\n')
    (tmp_path / "kms.yaml").write_text("Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n"
                                       "      PendingWindowInDays: 45\n")
    assert _fixes(tmp_path, "KMS202") == {"aws_kms_key.app": "enable_key_rotation = true",
                                          "kms.yaml#Resources/Key": "EnableKeyRotation: true"}
    assert _fixes(tmp_path, "KMS003") == {"aws_kms_key.app": "deletion_window_in_days = 7",
                                          "kms.yaml#Resources/Key": "PendingWindowInDays: 30"}
