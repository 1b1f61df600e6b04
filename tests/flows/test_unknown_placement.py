"""A Region that is not known (a variable without a value) or not a Region (``usw2``) makes the scenarios of
the objects placed there unknown with the reason — never an internal error that drops whole flow families."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacsim.load import LoadOptions
from iacsim.pipeline import scan

CODE = '''
provider "aws" { region = REGION }
provider "aws" {
  alias  = "east"
  region = "us-east-1"
}
resource "aws_kms_key" "k" { enable_key_rotation = true }
resource "aws_s3_bucket" "b" { bucket = "b" }
resource "aws_cloudwatch_log_group" "g" {
  name       = "g"
  kms_key_id = aws_kms_key.k.arn
}
resource "aws_kms_key" "east" {
  provider            = aws.east
  enable_key_rotation = true
}
'''


@pytest.mark.parametrize(("region", "why"), [("var.region", 'variable "region" has no value'),
                                             ('"usw2"', "is not an AWS Region name")])
def test_unplaceable_objects_are_unknown_and_the_rest_still_replays(tmp_path: Path, region: str, why: str) -> None:
    (tmp_path / "main.tf").write_text(('variable "region" {}\n' if region.startswith("var") else "")
                                      + CODE.replace("REGION", region))
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    reasons = [s.reason for f in report.flows for s in f.steps]
    assert not any("please report this" in r for r in reasons)
    by_name = {f.name: f for f in report.flows}
    assert by_name["aws_kms_key.k rotation"].verdict == "unknown" and why in by_name["aws_kms_key.k rotation"].steps[0].reason
    assert "aws_kms_key.east rotation" in by_name  # the other provider's key is still replayed
    assert (["PLACE001"] if "usw2" in region else []) == [f.rule_id for f in report.findings if f.rule_id == "PLACE001"]
