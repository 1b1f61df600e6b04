"""Hostile inputs built by code, never checked in: each at a size that proves its bound.

Every generator writes into a directory it is given and returns the path it wrote, relative to that
directory, so the suite can name the file each finding must point at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

VALID_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: !Ref Key
"""
VALID_MODULE = """\
resource "aws_kms_key" "app" {
  description         = "app"
  enable_key_rotation = true
}
"""
SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT"
"""Content of a file outside the scanned root: it must never appear in any report."""

HTML_PAYLOAD = "<img src=x onerror=alert(1)>"
MARKDOWN_PAYLOAD = "[click](https://evil.example)![i](https://evil.example/i.png)`|"
ANSI_PAYLOAD = "\x1b[2J\x1b]8;;https://evil.example\x07"


def write(root: Path, rel: str, text: str | bytes) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return rel


def alias_bomb(root: Path, levels: int = 10) -> str:
    """The "billion laughs" shape: each anchor is ten aliases of the previous one (10^levels leaves)."""
    lines = ['AWSTemplateFormatVersion: "2010-09-09"', "l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    lines += ["Resources:", "  Topic:", "    Type: AWS::SNS::Topic", "    Properties:",
              f"      Tags: *l{levels - 1}"]
    return write(root, "hostile/bomb.yaml", "\n".join(lines) + "\n")


def deep_json(root: Path, depth: int = 100_000) -> str:
    value = "[" * depth + "]" * depth
    return write(root, "hostile/deep.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": '
                                            f'{{"T": {{"Type": "AWS::SNS::Topic", "Properties": {{"A": {value}}}}}}}}}')


def deep_yaml(root: Path, depth: int = 100_000) -> str:
    return write(root, "hostile/deep.yaml", 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  T:\n'
                                            f"    Type: AWS::SNS::Topic\n    Properties:\n      A: {'[' * depth}{']' * depth}\n")


def deep_hcl(root: Path, depth: int = 100_000) -> str:
    return write(root, "deephcl/main.tf", f"locals {{\n  x = {'[' * depth}{']' * depth}\n}}\n")


def huge_file(root: Path, size: int = 50 * 1024 * 1024) -> str:
    """A 50 MB "template", sparse: it costs no disk and no time unless something reads it."""
    rel = write(root, "hostile/huge.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {')
    with (root / rel).open("r+b") as fh:
        fh.truncate(size)
    return rel


def binary_file(root: Path) -> str:
    return write(root, "hostile/binary.json", b'{"AWSTemplateFormatVersion"\0\0\x89PNG')


def latin1_module(root: Path) -> str:
    return write(root, "latin1/main.tf", 'resource "aws_kms_key" "k" {\n  description = "caf\xe9"\n}\n'
                 .encode("latin-1"))


def python_tag(root: Path) -> str:
    """A YAML tag that would run code under an unsafe loader."""
    return write(root, "hostile/tag.yaml", 'AWSTemplateFormatVersion: "2010-09-09"\n'
                                           "X: !!python/object/apply:os.system ['touch pwned']\nResources: {}\n")


def symlink_loop(root: Path) -> str:
    (root / "hostile").mkdir(parents=True, exist_ok=True)
    os.symlink("loop-b.yaml", root / "hostile" / "loop-a.yaml")
    os.symlink("loop-a.yaml", root / "hostile" / "loop-b.yaml")
    return "hostile/loop-a.yaml"


def symlink_out(root: Path, outside: Path) -> str:
    (root / "hostile").mkdir(parents=True, exist_ok=True)
    os.symlink(outside, root / "hostile" / "outside.yaml")
    return "hostile/outside.yaml"


def escaping_module(root: Path, outside_dir: Path) -> str:
    """``file()`` of a path outside the root, and a module whose source is outside it."""
    rel_out = os.path.relpath(outside_dir, root / "escape")
    return write(root, "escape/main.tf", f"""\
resource "aws_kms_key" "leak" {{
  description         = file("{rel_out}/secret.txt")
  enable_key_rotation = true
}}

module "outside" {{
  source = "./{rel_out}"
}}
""")


def include_transform(root: Path, outside: Path) -> str:
    """CloudFormation ``AWS::Include`` naming a file outside the root: never fetched."""
    return write(root, "hostile/include.yaml", f"""\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Fn::Transform:
        Name: AWS::Include
        Parameters: {{Location: "file://{outside}"}}
""")


def payload_names(root: Path) -> str:
    """A key whose logical id carries HTML, Markdown and ANSI payloads, a forged CI line and a lone surrogate."""
    name = json.dumps(HTML_PAYLOAD + MARKDOWN_PAYLOAD + ANSI_PAYLOAD + "\n::error::forged \ud800")
    return write(root, "payload/names.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": '
                                             f'{{{name}: {{"Type": "AWS::KMS::Key"}}}}}}')
