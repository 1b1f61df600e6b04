"""Running the real ``terraform console`` for the comparison tests — offline and configuration-free."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

TERRAFORM = shutil.which("terraform")

Console = Callable[[Path, str], "subprocess.CompletedProcess[str]"]


def _run_console(workdir: Path, line: str) -> subprocess.CompletedProcess[str]:
    """Evaluate one console line in ``workdir``; a HOME and CLI config of its own, no version check."""
    assert TERRAFORM is not None
    cli_config = workdir / "terraformrc"
    cli_config.write_text("")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(workdir),
        "CHECKPOINT_DISABLE": "1",  # no version check: the tests must not touch the network
        "TF_CLI_CONFIG_FILE": str(cli_config),
        "TF_IN_AUTOMATION": "1",
    }
    return subprocess.run(
        [TERRAFORM, "console", "-no-color"],
        input=line + "\n",
        capture_output=True,
        text=True,
        cwd=workdir,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def terraform_console() -> Console:
    if TERRAFORM is None:
        pytest.skip(
            "terraform binary not on PATH: live comparison skipped (recorded outputs are still checked)"
        )
    return _run_console
