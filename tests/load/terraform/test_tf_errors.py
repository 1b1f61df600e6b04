"""Parse errors and evaluation cycles are reported; the rest of the scan still loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from tf_helpers import by_address, load_dir, load_fixture, write_tree

from iacsim.values import Unknown


def test_parse_error_is_a_diagnostic_and_other_files_load() -> None:
    result = load_fixture("parse_error")
    assert [r.address for r in result.resources] == ["aws_kms_key.fine"]
    [diag] = result.diagnostics
    assert (diag.file, diag.line, diag.code, diag.severity) == ("bad.tf", 2, "parse-error", "error")
    assert diag.message
    assert set(result.files) == {"bad.tf", "good.tf"}


def test_parse_error_in_a_child_module_keeps_the_caller(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": 'module "m" { source = "./m" }\nresource "aws_kms_key" "root" {}\n',
        "m/broken.tf": 'resource "aws_kms_key" {\n',
        "m/ok.tf": 'resource "aws_kms_key" "child" {}\n',
    })
    result = load_dir(root)
    assert sorted(r.address for r in result.resources) == ["aws_kms_key.root", "module.m.aws_kms_key.child"]
    assert [(d.file, d.code) for d in result.diagnostics] == [("m/broken.tf", "parse-error")]


def test_locals_cycle_is_reported_once_and_does_not_hang() -> None:
    result = load_fixture("cycles")
    cycles = [d for d in result.diagnostics if d.file == "locals/main.tf"]
    assert [(d.code, d.line, d.message) for d in cycles] == [
        ("eval-cycle", 2, "evaluation cycle: local.a → local.b → local.a")]
    resources = {r.source.file + ":" + r.address: r for r in result.resources}
    description = resources["locals/main.tf:aws_kms_key.k"].attrs["description"]
    assert isinstance(description, Unknown) and "evaluation cycle" in description.reason
    assert resources["locals/main.tf:aws_kms_key.ok"].attrs["description"] == "fine"


def test_module_calling_itself_is_reported() -> None:
    result = load_fixture("cycles")
    messages = {d.file: d.message for d in result.diagnostics if d.code == "eval-cycle"}
    assert messages["selfcall/main.tf"] == "module call cycle: selfcall → selfcall"
    assert messages["mutual/b/main.tf"] == "module call cycle: mutual/a → mutual/b → mutual/a"
    addresses = {(r.source.file, r.address) for r in result.resources}
    assert ("selfcall/main.tf", "aws_kms_key.k") in addresses
    assert ("mutual/b/main.tf", "module.b.aws_kms_key.b") in addresses


def test_resource_cycle_through_attributes(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
resource "aws_sns_topic" "a" { name = aws_sns_topic.b.name }
resource "aws_sns_topic" "b" { name = aws_sns_topic.a.name }
"""})
    result = load_dir(root)
    assert [d.code for d in result.diagnostics] == ["eval-cycle"]
    assert all(isinstance(r.attrs["name"], Unknown) for r in by_address(result).values())


def test_long_chain_of_locals_evaluates(tmp_path: Path) -> None:
    n = 400
    lines = ["locals {", '  v0 = "x"'] + [f"  v{i} = local.v{i - 1}" for i in range(1, n)] + ["}"]
    lines.append(f'resource "aws_sns_topic" "t" {{ name = local.v{n - 1} }}')
    result = load_dir(write_tree(tmp_path, {"main.tf": "\n".join(lines) + "\n"}))
    assert result.resources[0].attrs["name"] == "x"
    assert result.diagnostics == []


def test_duplicate_resource_is_reported(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "a.tf": 'resource "aws_kms_key" "k" { description = "first" }\n',
        "b.tf": 'resource "aws_kms_key" "k" { description = "second" }\n',
    })
    result = load_dir(root)
    assert [r.attrs["description"] for r in result.resources] == ["first"]
    assert [(d.file, d.code) for d in result.diagnostics] == [("b.tf", "duplicate-declaration")]


def test_internal_error_in_one_root_is_a_diagnostic_without_values(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from iacsim.load.terraform import evaluator

    def explode(*args: object, **kwargs: object) -> object:
        raise ValueError("s3cr3t-value")

    monkeypatch.setattr(evaluator, "synthesize", explode)
    root = write_tree(tmp_path, {
        "a/main.tf": 'resource "aws_kms_key" "k" {}\n',
        "b/main.tf": 'data "aws_region" "r" {}\n',
    })
    result = load_dir(root)
    assert [r.address for r in result.resources] == ["data.aws_region.r"]
    [diag] = result.diagnostics
    assert (diag.file, diag.code) == ("a/main.tf", "eval-error")
    assert "managed.aws_kms_key.k" in diag.message and "ValueError" in diag.message
    assert "s3cr3t" not in diag.message


def test_file_and_templatefile_resolve_from_the_root_like_terraform(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": 'module "m" { source = "./m" }\n',
        "m/policy.json": '{"Version": "2012-10-17"}',
        "m/greeting.tpl": "hello ${name}",
        "m/main.tf": """
resource "aws_iam_policy" "p" {
  name        = "p"
  policy      = file("${path.module}/policy.json")
  description = templatefile("${path.module}/greeting.tpl", { name = "x" })
}
resource "aws_iam_policy" "outside" {
  name   = "o"
  policy = file("/etc/hostname")
}
""",
    })
    resources = by_address(load_dir(root))
    assert resources["module.m.aws_iam_policy.p"].attrs["policy"] == '{"Version": "2012-10-17"}'
    assert resources["module.m.aws_iam_policy.p"].attrs["description"] == "hello x"
    assert isinstance(resources["module.m.aws_iam_policy.outside"].attrs["policy"], Unknown)
