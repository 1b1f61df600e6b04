"""Inline suppressions: findings stay in the report, marked suppressed with the reason."""

from pathlib import Path

from iacsim.load import LoadOptions
from iacsim.pipeline import scan


def _findings(root: Path) -> list[tuple[str, str, bool, str | None]]:
    report, _, _ = scan([root], LoadOptions(use_cache=False), "high")
    return sorted((f.rule_id, f.resource, f.suppressed, f.suppression_reason) for f in report.findings)


def test_hcl_comment_above_the_resource(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        '# iacsim:ignore KMS202 legacy key, rotated by the vendor tool\n'
        'resource "aws_kms_key" "legacy" {}\n\n'
        'resource "aws_kms_key" "other" {}\n')
    assert _findings(tmp_path) == [
        ("KMS202", "aws_kms_key.legacy", True, "legacy key, rotated by the vendor tool"),
        ("KMS202", "aws_kms_key.other", False, None),
    ]


def test_suppression_of_another_rule_does_not_hide_this_one(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "k" { # iacsim:ignore KMS001 not this one\n}\n')
    assert _findings(tmp_path) == [("KMS202", "aws_kms_key.k", False, None)]


def test_cloudformation_metadata(tmp_path: Path) -> None:
    (tmp_path / "kms.yaml").write_text(
        "Resources:\n"
        "  Legacy:\n"
        "    Type: AWS::KMS::Key\n"
        "    Metadata:\n"
        "      iacsim:\n"
        "        ignore:\n"
        "          - id: KMS202\n"
        "            reason: decommissioned next quarter\n"
        "    Properties: {}\n")
    assert _findings(tmp_path) == [("KMS202", "kms.yaml#Resources/Legacy", True, "decommissioned next quarter")]


def test_suppressed_findings_do_not_fail_the_scan(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_ssm_parameter" "p" { # iacsim:ignore SSM201 placeholder, replaced at deploy\n'
        '  name  = "/app/password"\n  type  = "String"\n  value = "x"\n}\n')
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "high")
    assert report.summary["verdict"] == "pass"
    assert report.summary["findings"]["suppressed"] == 1
