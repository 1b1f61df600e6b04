"""A large synthetic Terraform root for the HTML report's tests: 3 accounts × 4 Regions, 200+ objects.

Every (account, Region) cell gets keys with aliases, buckets, SecureString parameters, log groups,
secrets, a topic and a queue that encrypt with the cell's key; each account gets IAM roles. The
s3-replication-broken sample (a cross-Region replication that fails on kms:Encrypt) and the
ami-sharing-broken sample (an AMI shared with another account) are copied in, so the map must show
cross-Region and cross-account arrows and red failing paths among everything else.
"""

from __future__ import annotations

from pathlib import Path

ACCOUNTS = ("111122223333", "444455556666", "777788889999")
REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2")
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "terraform"
_SPECIAL = {("111122223333", "us-east-1"): None, ("111122223333", "us-west-2"): "replica",
            ("444455556666", "us-east-1"): "workloads"}
"""Providers the copied samples refer to: the default one, ``aws.replica`` and ``aws.workloads``."""


def _alias(acct: str, region: str) -> str | None:
    if (acct, region) in _SPECIAL:
        return _SPECIAL[(acct, region)]
    return f"a{ACCOUNTS.index(acct)}_{region.replace('-', '_')}"


def _provider(acct: str, region: str) -> str:
    alias = _alias(acct, region)
    alias_line = f'  alias = "{alias}"\n' if alias else ""
    return (f'provider "aws" {{\n{alias_line}'
            f'  region = "{region}"\n  allowed_account_ids = ["{acct}"]\n'
            f'  assume_role {{\n    role_arn = "arn:aws:iam::{acct}:role/terraform-deployer"\n  }}\n}}\n')


def _cell(acct: str, region: str) -> str:
    alias = _alias(acct, region)
    p = f"  provider = aws.{alias}\n" if alias else ""
    n = f"a{ACCOUNTS.index(acct)}_{region.replace('-', '_')}"
    out = []
    for k in range(2):
        out.append(f'resource "aws_kms_key" "{n}_{k}" {{\n{p}  description = "cell key {k}"\n'
                   f'  enable_key_rotation = true\n}}\n'
                   f'resource "aws_kms_alias" "{n}_{k}" {{\n{p}  name = "alias/{n}-data-{k}"\n'
                   f'  target_key_id = aws_kms_key.{n}_{k}.key_id\n}}\n')
        out.append(f'resource "aws_s3_bucket" "{n}_{k}" {{\n{p}  bucket = "synthetic-{acct}-{region}-{k}"\n}}\n')
    for k in range(4):
        out.append(f'resource "aws_ssm_parameter" "{n}_{k}" {{\n{p}  name = "/app/{n}/setting-{k}"\n'
                   f'  type = "SecureString"\n  value = "not-a-secret"\n  key_id = aws_kms_key.{n}_0.arn\n}}\n')
        out.append(f'resource "aws_cloudwatch_log_group" "{n}_{k}" {{\n{p}  name = "/app/{n}/service-{k}"\n'
                   f'  kms_key_id = aws_kms_key.{n}_1.arn\n}}\n')
    for k in range(2):
        out.append(f'resource "aws_secretsmanager_secret" "{n}_{k}" {{\n{p}  name = "{n}-secret-{k}"\n'
                   f'  kms_key_id = aws_kms_key.{n}_0.arn\n}}\n')
    out.append(f'resource "aws_sns_topic" "{n}" {{\n{p}  name = "{n}-events"\n'
               f'  kms_master_key_id = aws_kms_key.{n}_1.arn\n}}\n')
    out.append(f'resource "aws_sqs_queue" "{n}" {{\n{p}  name = "{n}-work"\n'
               f'  kms_master_key_id = aws_kms_key.{n}_1.arn\n}}\n')
    return "".join(out)


def _roles(acct: str) -> str:
    alias = _alias(acct, "us-east-1")
    p = f"  provider = aws.{alias}\n" if alias else ""
    trust = ('jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", '
             'Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })')
    return "".join(f'resource "aws_iam_role" "a{ACCOUNTS.index(acct)}_{k}" {{\n{p}  name = "service-{k}"\n'
                   f"  assume_role_policy = {trust}\n}}\n" for k in range(6))


def write_large_scan(root: Path) -> Path:
    """Write the root module into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "providers.tf").write_text("".join(_provider(a, r) for a in ACCOUNTS for r in REGIONS), encoding="utf-8")
    (root / "cells.tf").write_text("".join(_cell(a, r) for a in ACCOUNTS for r in REGIONS), encoding="utf-8")
    (root / "roles.tf").write_text("".join(_roles(a) for a in ACCOUNTS), encoding="utf-8")
    for sample, files in (("s3-replication-broken", ("buckets.tf", "kms.tf", "replication.tf", "versions.tf")),
                          ("ami-sharing-broken", ("ami.tf", "iam.tf", "kms.tf", "variables.tf"))):
        for f in files:
            text = (SAMPLES / sample / f).read_text(encoding="utf-8")
            if sample == "ami-sharing-broken":  # both samples declare it; one root may declare it once
                text = text.replace('data "aws_caller_identity" "current" {}', "")
            (root / f"{sample}-{f}").write_text(text, encoding="utf-8")
    return root
