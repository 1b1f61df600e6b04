"""key-rotation: ciphertext from before a rotation still decrypts after it, in the key's Region and its replicas."""

from __future__ import annotations

from pathlib import Path

from iacsim.config import parse_config
from iacsim.load import LoadOptions
from iacsim.pipeline import scan

PROVIDER = '''provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
'''


ROOT = "arn:aws:iam::111122223333:root"


def _rotation(tmp_path: Path, key: str, deployer: str | None = ROOT,
              provider: str = PROVIDER) -> tuple[str, list[tuple[str, str]], list[str]]:
    (tmp_path / "main.tf").write_text(provider + key)
    config = parse_config({"deployer": deployer} if deployer else {}, "test")
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    (flow,) = [f for f in report.flows if f.kind == "key-rotation"]
    return (flow.verdict, [(s.action, s.decision) for s in flow.steps],
            [f.rule_id for f in report.findings if f.category == "broken-flow"])


SIMPLE = 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n'


def test_old_ciphertext_decrypts_after_rotation(tmp_path: Path) -> None:
    verdict, steps, broken = _rotation(tmp_path, SIMPLE)
    assert verdict == "pass" and broken == []
    assert steps == [("kms:EnableKeyRotation", "allowed"), ("kms:Encrypt", "allowed"),
                     ("kms:RotateKeyOnDemand", "allowed"), ("kms:Encrypt", "allowed"),
                     ("kms:Decrypt", "allowed"), ("kms:Decrypt", "allowed")]


def test_an_unknown_deployer_passes_what_the_key_policy_grants_the_account(tmp_path: Path) -> None:
    # The default key policy grants the account: the deployer gets it through IAM, as AWS's guides assume.
    verdict, steps, broken = _rotation(tmp_path, SIMPLE, deployer=None)
    assert verdict == "pass" and broken == [] and steps[0] == ("kms:EnableKeyRotation", "allowed")


ONLY_TERRAFORM = """resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/terraform" },
      Action = "kms:*", Resource = "*" }] })
}
"""


def test_a_policy_admitting_only_the_deploying_role_is_fine_when_terraform_runs_as_it(tmp_path: Path) -> None:
    provider = PROVIDER.replace('allowed_account_ids = ["111122223333"]',
                                'assume_role { role_arn = "arn:aws:iam::111122223333:role/terraform" }')
    _verdict, steps, broken = _rotation(tmp_path, ONLY_TERRAFORM, deployer=None, provider=provider)
    # the role is outside the scan: what the key policy grants it directly decides, its IAM is not needed
    assert steps[0] == ("kms:EnableKeyRotation", "allowed") and broken == []


def test_a_known_deployer_the_key_policy_does_not_admit_fails(tmp_path: Path) -> None:
    verdict, steps, _broken = _rotation(tmp_path, ONLY_TERRAFORM, deployer="arn:aws:iam::111122223333:role/ci")
    assert verdict == "fail" and steps == [("kms:EnableKeyRotation", "denied")]


def test_an_unknown_deployer_is_not_failed_by_a_policy_that_names_another_role(tmp_path: Path) -> None:
    verdict, steps, broken = _rotation(tmp_path, ONLY_TERRAFORM, deployer=None)
    assert verdict == "unknown" and broken == [] and steps[0] == ("kms:EnableKeyRotation", "unknown")


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
