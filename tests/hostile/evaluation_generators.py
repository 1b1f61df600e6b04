"""Generators of hostile input: each writes a small file that asks for an enormous amount of work.

Kept tiny on disk on purpose: the point is that *evaluation* (not parsing) would blow up.
"""

from __future__ import annotations

import json
from pathlib import Path

VALID_KEY = 'resource "aws_kms_key" "fine" {\n  enable_key_rotation = true\n}\n'
"""A valid file written beside each hostile one: it must be scanned fully."""


def self_calling_module(root: Path) -> str:
    (root / "main.tf").write_text('module "me" {\n  source = "./"\n}\n')
    return "main.tf"


def huge_range(root: Path) -> str:
    (root / "main.tf").write_text('locals {\n  r = range(1e9)\n}\noutput "n" {\n  value = length(local.r)\n}\n')
    return "main.tf"


def huge_count(root: Path) -> str:
    (root / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  count = 100000000\n  name  = "q${count.index}"\n}\n')
    return "main.tf"


def setproduct_blowup(root: Path) -> str:
    (root / "main.tf").write_text(
        'locals {\n  a = range(1000)\n  p = setproduct(local.a, local.a, local.a)\n}\n'
        'output "n" {\n  value = length(local.p)\n}\n')
    return "main.tf"


def gigabyte_join(root: Path) -> str:
    lines = ['locals {', f'  s0 = "{"x" * 100}"']
    for i in range(3):
        lines.append(f'  l{i} = [for i in range(1000) : local.s{i}]')
        lines.append(f'  s{i + 1} = join("", local.l{i})')
    (root / "main.tf").write_text("\n".join([*lines, "}", ""]))
    return "main.tf"


def nested_for(root: Path) -> str:
    (root / "main.tf").write_text(
        'locals {\n  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n}\n')
    return "main.tf"


def deep_module_chain(root: Path, depth: int = 40) -> str:
    for i in range(depth):
        (root / f"m{i}").mkdir()
        body = f'module "next" {{\n  source = "../m{i + 1}"\n}}\n' if i < depth - 1 else 'resource "aws_sqs_queue" "q" {}\n'
        (root / f"m{i}" / "main.tf").write_text(body)
    (root / "main.tf").write_text('module "first" {\n  source = "./m0"\n}\n')
    return "main.tf"


def wildcard_policy(root: Path, statements: int = 1000) -> str:
    st = [{"Sid": f"S{i}", "Effect": "Allow" if i % 2 else "Deny", "Principal": {"AWS": "*"},
           "Action": f"kms:*{i % 7}*", "Resource": "*",
           "Condition": {"StringLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/r{i}*"}}} for i in range(statements)]
    policy = json.dumps({"Version": "2012-10-17", "Statement": st})
    (root / "main.tf").write_text(f'resource "aws_kms_key" "k" {{\n  policy = <<POL\n{policy}\nPOL\n}}\n')
    return "main.tf"


def cfn_huge_join(root: Path) -> str:
    (root / "template.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
        "    Properties:\n      TopicName: !Join\n        - ''\n        - - &big " + "y" * 2000 + "\n"
        + "".join("          - *big\n" for _ in range(3000)))
    return "template.yaml"
