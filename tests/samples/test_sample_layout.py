"""The samples themselves: each scenario has a correct and a broken variant, the broken one
differs in exactly the file its README names, and every file is `terraform fmt` clean."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sample_pipeline import SAMPLES, SCENARIOS

# The files holding each broken variant's defects (besides its README.md): one per defect's home, so a
# reader diffing the twins finds every mistake marked where it is.
BROKEN_FILES = {
    "multi-region-key": {"replicas.tf"},
    "imported-key": {"terraform.tfvars"},
    "ssm-parameters": {"main.tf"},
    "s3-replication": {"replication.tf"},
    "ami-sharing": {"kms.tf"},
    "audit-logging": {"kms.tf", "trail.tf"},
    "notifications": {"kms.tf"},
    "app-secrets": {"ecs.tf", "lambda.tf", "secrets.tf"},
    "datastores": {"dynamodb.tf", "efs.tf", "kms.tf", "rds.tf"},
    "code-secrets": {"secrets.tf", "workers.tf"},
}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_scenario_has_both_variants_and_nothing_else() -> None:
    expected = {name for s in SCENARIOS for name in (s, f"{s}-broken")}
    present = {p.name for p in SAMPLES.iterdir() if p.is_dir()}
    assert present == expected


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_broken_variant_differs_only_in_its_declared_file(scenario: str) -> None:
    good = _files(SAMPLES / scenario)
    bad = _files(SAMPLES / f"{scenario}-broken")
    assert set(bad) == set(good), "broken and correct variants must have the same files"
    changed = {name for name in good if good[name] != bad[name]}
    assert changed == {"README.md", *BROKEN_FILES[scenario]}
    for name in BROKEN_FILES[scenario]:
        assert "# BROKEN:" in bad[name].decode("utf-8"), f"{name}: the defect is marked where it is"
        assert "# BROKEN:" not in good[name].decode("utf-8")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_broken_readme_names_the_defect_and_the_expected_result(scenario: str) -> None:
    readme = (SAMPLES / f"{scenario}-broken" / "README.md").read_text(encoding="utf-8")
    for name in BROKEN_FILES[scenario]:
        assert name in readme
    assert "Nothing else differs" in readme
    assert ("apply-error" in readme) or ("broken-flow" in readme) or ("flow **fail**" in readme)


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform binary not installed")
def test_samples_are_terraform_fmt_clean() -> None:
    # fmt needs neither providers nor network; validate would, so it is not run.
    proc = subprocess.run(
        ["terraform", "fmt", "-check", "-recursive", "-list=true", str(SAMPLES)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, f"not fmt-clean: {proc.stdout}{proc.stderr}"
