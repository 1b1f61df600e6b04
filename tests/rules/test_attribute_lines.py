"""A finding about one attribute points at the line where that attribute is written, in either form."""

from __future__ import annotations

from pathlib import Path

from iacsim.config import Config
from iacsim.load import LoadOptions
from iacsim.pipeline import scan

TERRAFORM = """\
resource "aws_kms_key" "app" {
  description = "app"

  deletion_window_in_days = 3
  enable_key_rotation     = false
}

resource "aws_kms_key" "quiet" {
  description = "rotation never mentioned"
}
"""

CLOUDFORMATION = """\
Resources:
  App:
    Type: AWS::KMS::Key
    Properties:
      Description: app
      PendingWindowInDays: 3
      EnableKeyRotation: false
"""


def _lines(tmp_path: Path, name: str, text: str) -> dict[tuple[str, str], int]:
    (tmp_path / name).write_text(text)
    report = scan([tmp_path], LoadOptions(config=Config(), use_cache=False), "none")[0]
    return {(f.rule_id, f.resource): f.line for f in report.findings}


def test_terraform_findings_point_at_the_attribute(tmp_path: Path) -> None:
    lines = _lines(tmp_path, "main.tf", TERRAFORM)
    assert lines[("KMS003", "aws_kms_key.app")] == 4
    assert lines[("KMS202", "aws_kms_key.app")] == 5
    # an attribute that is not written: the resource's own line
    assert lines[("KMS202", "aws_kms_key.quiet")] == 8


def test_cloudformation_findings_point_at_the_property(tmp_path: Path) -> None:
    lines = _lines(tmp_path, "template.yaml", CLOUDFORMATION)
    assert lines[("KMS003", "template.yaml#Resources/App")] == 6
    assert lines[("KMS202", "template.yaml#Resources/App")] == 7
