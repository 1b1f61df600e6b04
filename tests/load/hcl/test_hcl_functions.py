"""Function behaviour the console table cannot show: file confinement, unknowns, registry."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from iacsim.load.hcl import EvalContext, evaluate, functions, parse_expression
from iacsim.load.hcl.functions.encoding import json_encode
from iacsim.values import Unknown


def ev(src: str, ctx: EvalContext | None = None) -> Any:
    return evaluate(parse_expression(src), ctx or EvalContext())


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "modules" / "kms").mkdir(parents=True)
    (root / "modules" / "kms" / "policy.json").write_text('{"Version": "2012-10-17"}')
    (root / "modules" / "kms" / "policy.tpl").write_text('{"Principal": "${account}"}\n')
    (root / "secret.bin").write_bytes(b"\xff\xfe")
    (tmp_path / "outside.txt").write_text("must never be read")
    return root


def test_file_reads_inside_the_scanned_root(scan: Path) -> None:
    ctx = EvalContext(variables={"path": {"module": "modules/kms"}}, base_dir=scan, root_dir=scan)
    assert ev('jsondecode(file("${path.module}/policy.json"))', ctx) == {"Version": "2012-10-17"}
    assert ev('fileexists("modules/kms/policy.json")', ctx) is True
    assert ev('fileexists("modules/kms/nope.json")', ctx) is False
    assert ev('templatefile("modules/kms/policy.tpl", {account = "111111111111"})', ctx) == (
        '{"Principal": "111111111111"}\n'
    )
    assert ev('fileset(".", "modules/**/*.json")', ctx) == ["modules/kms/policy.json"]


@pytest.mark.parametrize("path", ["../outside.txt", "{outside}", "~/.aws/credentials"])
def test_file_outside_the_root_is_unknown_never_read(scan: Path, path: str) -> None:
    path = path.replace("{outside}", str(scan.parent / "outside.txt"))
    ctx = EvalContext(base_dir=scan, root_dir=scan)
    for fn in ("file", "filebase64", "filesha256", "fileexists"):
        value = ev(f'{fn}("{path}")', ctx)
        assert isinstance(value, Unknown), fn
        assert "outside the scanned root" in value.reason
        assert "must never be read" not in value.reason


def test_symlink_leading_out_of_the_root_is_not_followed(scan: Path) -> None:
    os.symlink(scan.parent / "outside.txt", scan / "link.txt")
    value = ev('file("link.txt")', EvalContext(base_dir=scan, root_dir=scan))
    assert isinstance(value, Unknown) and "outside the scanned root" in value.reason


def test_file_without_a_root_is_unknown(scan: Path) -> None:
    value = ev(f'file("{scan}/modules/kms/policy.json")')
    assert isinstance(value, Unknown) and "no scanned root" in value.reason


def test_missing_or_binary_file_is_an_error_that_try_catches(scan: Path) -> None:
    ctx = EvalContext(base_dir=scan, root_dir=scan)
    assert ev('try(file("nope.txt"), "none")', ctx) == "none"
    binary = ev('file("secret.bin")', ctx)
    assert isinstance(binary, Unknown) and "not valid UTF-8" in binary.reason
    assert ev('filebase64("secret.bin")', ctx) == "//4="


def test_templatefile_sees_only_its_variables(scan: Path) -> None:
    (scan / "t.tpl").write_text("${var.x}")
    ctx = EvalContext(variables={"var": {"x": "leak"}}, base_dir=scan, root_dir=scan)
    value = ev('templatefile("t.tpl", {})', ctx)
    assert isinstance(value, Unknown) and "var" in value.reason


def test_templatefile_with_unknown_variable_stays_partial(scan: Path) -> None:
    (scan / "t.tpl").write_text("static ${a}")
    ctx = EvalContext(variables={"u": Unknown("later")}, base_dir=scan, root_dir=scan)
    assert ev('templatefile("t.tpl", {a = u})', ctx) == Unknown("later")
    (scan / "s.tpl").write_text("static only")
    assert ev('templatefile("s.tpl", {a = u})', ctx) == "static only"


@pytest.mark.parametrize("src", ["uuid()", "timestamp()", 'bcrypt("x")', 'rsadecrypt("c", "k")'])
def test_run_dependent_functions_are_unknown(src: str) -> None:
    value = ev(src)
    assert isinstance(value, Unknown) and value.reason


def test_plantimestamp_is_the_scans_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # A dry run is a plan made now: plantimestamp() is known, and IACSIM_NOW pins it.
    monkeypatch.setenv("IACSIM_NOW", "2026-03-01T10:20:30.5+02:00")
    assert ev("plantimestamp()") == "2026-03-01T08:20:30Z"
    assert ev('timeadd(plantimestamp(), "9000h")') == "2027-03-11T08:20:30Z"  # 375 days
    assert ev('timecmp(plantimestamp(), "2026-03-01T08:20:30Z")') == 0


def test_core_namespace_names_the_same_function() -> None:
    from iacsim.load.hcl.ast import FunctionCall, Literal

    call = FunctionCall("core::upper", (Literal("a", 1),), False, 1)
    assert evaluate(call, EvalContext()) == "A"


def test_jsonencode_is_byte_exact_for_a_key_policy() -> None:
    src = """jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "AllowUse"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111111111111:role/app" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:s3:arn" = "arn:aws:s3:::b/<prefix>&*" } }
      }]
    })"""
    assert ev(src) == (
        '{"Statement":[{"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Condition":{"StringLike":'
        '{"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::b/\\u003cprefix\\u003e\\u0026*"}},'
        '"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/app"},"Resource":"*","Sid":"AllowUse"}],'
        '"Version":"2012-10-17"}'
    )


def test_json_encode_escapes_like_go() -> None:
    assert json_encode("\u2028\u2029\x00\x7f\ud800") == '"\\u2028\\u2029\\u0000\x7f\\ufffd"'
    assert json_encode(1e-7) == "0.0000001"
    assert json_encode(-0.0) == "-0"


def test_every_function_the_brief_names_is_registered() -> None:
    required = [
        "jsonencode",
        "jsondecode",
        "merge",
        "concat",
        "flatten",
        "distinct",
        "compact",
        "keys",
        "values",
        "lookup",
        "element",
        "length",
        "contains",
        "zipmap",
        "coalesce",
        "coalescelist",
        "try",
        "can",
        "format",
        "formatlist",
        "join",
        "split",
        "replace",
        "lower",
        "upper",
        "trimprefix",
        "trimsuffix",
        "trimspace",
        "startswith",
        "endswith",
        "tostring",
        "tonumber",
        "tobool",
        "tolist",
        "toset",
        "tomap",
        "one",
        "range",
        "file",
        "templatefile",
        "base64encode",
        "base64decode",
        "sha256",
        "substr",
        "regex",
        "regexall",
        "max",
        "min",
        "abs",
        "ceil",
        "floor",
        "sort",
        "reverse",
        "slice",
        "setunion",
        "setintersection",
        "setproduct",
        "chunklist",
        "index",
        "sum",
        "alltrue",
        "anytrue",
        "nonsensitive",
        "sensitive",
        "md5",
        "sha1",
        "uuid",
        "timestamp",
        "cidrsubnet",
        "strrev",
        "title",
        "trim",
    ]
    assert sorted(set(required) - set(functions.FUNCTIONS)) == []


def test_lazy_functions_declare_themselves() -> None:
    assert functions.FUNCTIONS["try"].lazy and functions.FUNCTIONS["can"].lazy
    assert not functions.FUNCTIONS["merge"].lazy


def test_unknown_function_is_unknown_not_a_crash() -> None:
    value = ev("nosuchfunction(1)")
    assert isinstance(value, Unknown) and "unknown function" in value.reason


def test_wrong_argument_count_is_unknown_not_a_crash() -> None:
    value = ev('upper("a", "b")')
    assert isinstance(value, Unknown) and value.reason.startswith("upper():")


@pytest.mark.parametrize(
    ("src", "why"),
    [
        ('yamlencode({k = "%s"})' % ("word " * 20), "folds long strings"),
        ('yamlencode({k = "x \\ny"})', "trailing spaces"),
        ('yamlencode("a\\nb")', "lone multi-line string"),
    ],
)
def test_yamlencode_is_unknown_where_terraform_output_is_not_reproduced(src: str, why: str) -> None:
    value = ev(src)
    assert isinstance(value, Unknown) and why in value.reason


def test_templatestring_renders_template_text_from_a_value() -> None:
    ctx = EvalContext(variables={"local": {"tpl": "Hi ${name}%{ for x in xs ~} ${x}%{ endfor ~}!"}})
    # `~}` strips the space before each item, as in any template.
    assert ev('templatestring(local.tpl, {name = "a", xs = [1, 2]})', ctx) == "Hi a12!"
    unknown = ev("templatestring(local.tpl, {})", ctx)
    assert isinstance(unknown, Unknown) and "name" in unknown.reason
