"""Every user error (configuration, usage file, baseline, --base, encrypt arguments, unknown rule) exits 2
with one line ``error: …`` on stderr, from the one handler in the command group."""

from __future__ import annotations

import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from iacsim.cli import main
from iacsim.compare import BaseRefError
from iacsim.config import ConfigError
from iacsim.cost.usage import UsageError
from iacsim.errors import EncryptArgumentError, IacsimUserError
from iacsim.report.baseline import BaselineError

KEY_TF = 'resource "aws_kms_key" "app" {\n  description = "app"\n}\n'


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IACSIM_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.mark.parametrize("error", [ConfigError, UsageError, BaselineError, BaseRefError, EncryptArgumentError])
def test_user_errors_share_one_root(error: type[Exception]) -> None:
    assert issubclass(error, IacsimUserError)


def _user_error_cases(root: Path) -> dict[str, list[str]]:
    (root / "main.tf").write_text(KEY_TF)
    (root / "bad.yml").write_text("stacks:\n  - template: x.yaml\n    colour: red\n")
    (root / "usage.yml").write_text("version: 7\n")
    (root / "baseline.json").write_text('{"not": "a baseline"}')
    return {
        "config": ["plan", str(root), "--config", str(root / "bad.yml")],
        "usage": ["plan", str(root), "--usage-file", str(root / "usage.yml")],
        "baseline": ["plan", str(root), "--baseline", str(root / "baseline.json")],
        "base-ref": ["plan", str(root), "--base", "no-such-revision-anywhere"],
        "encrypt": ["encrypt", str(root), "--key", "aws_kms_key.missing"],
        "translate-config": ["translate", str(root), "--config", str(root / "bad.yml")],
        "explain": ["explain", "NOPE999"],
    }


@pytest.mark.parametrize("case", ["config", "usage", "baseline", "base-ref", "encrypt", "translate-config",
                                  "explain"])
def test_every_user_error_exits_2_with_one_line(case: str, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    args = _user_error_cases(tmp_path)[case]
    result = CliRunner().invoke(main, args, input=b"secret", catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert result.stdout == ""


def test_a_multi_line_message_is_printed_on_one_line() -> None:
    @click.command()
    def boom() -> None:
        raise ConfigError("first\nsecond")

    main.add_command(boom, "boom-for-test")
    try:
        result = CliRunner().invoke(main, ["boom-for-test"])
    finally:
        main.commands.pop("boom-for-test")
    assert result.exit_code == 2 and result.stderr == "error: first second\n"
