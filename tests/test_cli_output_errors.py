"""Command-line errors a user makes with output paths and empty inputs: one line, exit code 2, before scanning."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iacsim.cli import main

SAMPLE = str(Path(__file__).parent.parent / "samples" / "terraform")


@pytest.mark.parametrize("option", [["-o"], ["--audit-log"], ["--create-baseline"], ["--report", "json:"]])
def test_output_in_a_missing_directory_is_a_one_line_error(option: list[str], tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    flag = [*option[:-1], option[-1] + str(target)] if option[-1].endswith(":") else [*option, str(target)]
    result = CliRunner().invoke(main, ["plan", SAMPLE, "--fail-on", "none", *flag])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"error: {flag[0]} {target}: directory {target.parent} does not exist (create it first)"]
    assert "Traceback" not in result.output
    assert not (tmp_path / "no").exists()  # nothing created the user did not ask for


def test_output_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["translate", SAMPLE, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.output and "Traceback" not in result.output


def test_translate_output_in_a_missing_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["translate", SAMPLE, "-o", str(tmp_path / "x" / "model.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_nothing_to_scan_exits_2_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("no infrastructure here\n")
    result = CliRunner().invoke(main, ["plan", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith("error: no Terraform (.tf, .tf.json), CloudFormation template or Terraform plan")
    assert "--allow-empty" in result.output
    allowed = CliRunner().invoke(main, ["plan", str(tmp_path), "--allow-empty"])
    assert allowed.exit_code == 0, allowed.output


def test_a_directory_with_only_a_broken_file_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "k" {\n  description = \n}\n')
    result = CliRunner().invoke(main, ["plan", str(tmp_path), "--fail-on", "none", "--format", "json"])
    assert result.exit_code == 0
    assert "expected a value" in result.output and "(line 2, column" in result.output
