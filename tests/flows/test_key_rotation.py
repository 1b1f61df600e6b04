"""key-rotation: ciphertext from before a rotation still decrypts after it, in the key's Region and its replicas."""

from __future__ import annotations

from pathlib import Path

from iacsim.load import LoadOptions
from iacsim.pipeline import scan

PROVIDER = '''provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
'''


def _rotation(tmp_path: Path, key: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    (tmp_path / "main.tf").write_text(PROVIDER + key)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    (flow,) = [f for f in report.flows if f.kind == "key-rotation"]
    return (flow.verdict, [(s.action, s.decision) for s in flow.steps],
            [f.rule_id for f in report.findings if f.category == "broken-flow"])


def test_old_ciphertext_decrypts_after_rotation(tmp_path: Path) -> None:
    verdict, steps, broken = _rotation(tmp_path, 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n')
    assert verdict == "pass" and broken == []
    assert steps == [("kms:Encrypt", "allowed"), ("kms:RotateKeyOnDemand", "allowed"), ("kms:Encrypt", "allowed"),
                     ("kms:Decrypt", "allowed"), ("kms:Decrypt", "allowed")]


def test_a_key_policy_that_keeps_the_root_from_decrypting_makes_the_replay_unknown_not_failed(tmp_path: Path) -> None:
    # Least privilege: administrators manage the key, only the application decrypts. Rotation is KMS's own
    # operation; the root standing in for the key's users being refused is not a rotation failure.
    key = '''resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admins", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" },
        Action = "kms:*", Resource = "*" },
      { Sid = "OnlyTheAppDecrypts", Effect = "Deny", Principal = { AWS = "*" }, Action = "kms:Decrypt",
        Resource = "*",
        Condition = { ArnNotEquals = { "aws:PrincipalArn" = "arn:aws:iam::111122223333:role/app" } } },
    ]
  })
}
'''
    verdict, steps, broken = _rotation(tmp_path, key)
    assert verdict == "unknown" and broken == []
    assert ("kms:Decrypt", "unknown") in steps and ("kms:RotateKeyOnDemand", "allowed") in steps
