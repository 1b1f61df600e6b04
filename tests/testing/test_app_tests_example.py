"""``examples/app-tests``: the application's tests pass against its Terraform, and fail — naming why — when a
defect is seeded in the key policy or in the role's policy. Each run is a separate pytest process, as CI
runs the example (the tests there are the user's, unchanged; only ``APP_INFRA`` points at the copy)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "app-tests"

KEY_POLICY_DENY = ('        Resource  = "*"\n      },\n',
                   '        Resource  = "*"\n      },\n'
                   '      {\n'
                   '        Sid       = "DenyDecryptExceptBreakGlass"\n'
                   '        Effect    = "Deny"\n'
                   '        Principal = { AWS = "*" }\n'
                   '        Action    = "kms:Decrypt"\n'
                   '        Resource  = "*"\n'
                   '        Condition = { ArnNotEquals = { "aws:PrincipalArn" = '
                   '"arn:aws:iam::${local.account_id}:role/break-glass" } }\n'
                   '      },\n')
ROLE_WITHOUT_DECRYPT = ('["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]', '["kms:Encrypt", "kms:GenerateDataKey"]')


def run_example(infra: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "APP_INFRA": str(infra), "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "-p", "no:randomly", str(EXAMPLE / "tests")],
                          cwd=EXAMPLE, env=env, capture_output=True, text=True, timeout=300, check=False)


def seeded(tmp_path: Path, defect: tuple[str, str]) -> Path:
    infra = tmp_path / "infra"
    shutil.copytree(EXAMPLE / "infra", infra)
    text = (infra / "main.tf").read_text(encoding="utf-8")
    assert text.count(defect[0]) >= 1, "the defect no longer applies to the example's Terraform"
    (infra / "main.tf").write_text(text.replace(defect[0], defect[1], 1), encoding="utf-8")
    return infra


def test_the_examples_tests_pass_with_its_infrastructure() -> None:
    result = run_example(EXAMPLE / "infra")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_a_key_policy_deny_fails_them_naming_the_statement(tmp_path: Path) -> None:
    result = run_example(seeded(tmp_path, KEY_POLICY_DENY))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "3 failed, 1 passed" in result.stdout
    assert "AccessDeniedException" in result.stdout
    assert "key policy 'key policy' statement 'DenyDecryptExceptBreakGlass' explicitly denies kms:Decrypt" \
        in result.stdout


def test_a_role_without_kms_decrypt_fails_them_saying_what_is_missing(tmp_path: Path) -> None:
    result = run_example(seeded(tmp_path, ROLE_WITHOUT_DECRYPT))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "3 failed, 1 passed" in result.stdout
    assert ("enables IAM policies for account 123456789012 but no identity policy allows "
            "arn:aws:sts::123456789012:assumed-role/app/iacsim-test to kms:Decrypt") in result.stdout
