"""Terraform JSON syntax (.tf.json) maps onto the same AST as native HCL."""

from __future__ import annotations

import pickle

import pytest

from iacsim.load.hcl import (
    Comment,
    FunctionCall,
    GetAttr,
    HclFile,
    HclSyntaxError,
    Literal,
    ObjectExpr,
    TemplateExpr,
    TupleExpr,
    Variable,
    parse_file,
)

DOC = """{
  "//": "iacsim:ignore KMS003 demo",
  "variable": {"name": {"default": "${x}", "type": "list(string)"}},
  "resource": {
    "aws_kms_key": {
      "this": {
        "description": "key ${var.name}",
        "policy": "${jsonencode({a = 1})}",
        "count": 2,
        "provider": "aws.west",
        "depends_on": ["aws_iam_role.x"],
        "lifecycle": {"ignore_changes": ["tags"]},
        "tags": {"Name": "x"},
        "dynamic": {"grant": {"for_each": "${var.s}", "content": {"name": "${grant.value}"}}}
      }
    }
  },
  "provider": {"aws": [{"region": "us-east-1"},
                       {"alias": "west", "region": "us-west-2", "assume_role": {"role_arn": "arn:x"}}]},
  "module": {"kms": {"source": "./m", "providers": {"aws": "aws.west"}}},
  "locals": {"a": "${1 + 2}", "b": "x$${y}"}
}
"""


def _file() -> HclFile:
    return parse_file("main.tf.json", DOC)


def test_blocks_labels_and_lines() -> None:
    f = _file()
    assert f.syntax == "json"
    kinds = [(b.type, b.labels, b.line) for b in f.body.blocks]
    assert kinds == [
        ("variable", ("name",), 3),
        ("resource", ("aws_kms_key", "this"), 6),
        ("provider", ("aws",), 18),
        ("provider", ("aws",), 19),
        ("module", ("kms",), 20),
        ("locals", (), 21),
    ]
    res = f.body.blocks[1]
    assert res.end_line == 15


def test_strings_are_templates_except_references_and_variable_defaults() -> None:
    f = _file()
    var, res = f.body.blocks[0], f.body.blocks[1]
    # variable defaults are literal; the type is an expression as in HCL.
    assert var.body.attributes["default"].expr == Literal("${x}", 3)
    assert var.body.attributes["type"].expr == FunctionCall("list", (Variable("string", 3),), False, 3)
    attrs = res.body.attributes
    desc = attrs["description"].expr
    assert isinstance(desc, TemplateExpr)
    assert desc.parts == (Literal("key ", 7), GetAttr(Variable("var", 7), "name", 7))
    assert isinstance(attrs["policy"].expr, FunctionCall)
    assert attrs["count"].expr == Literal(2, 9)
    assert attrs["provider"].expr == GetAttr(Variable("aws", 10), "west", 10)
    assert attrs["depends_on"].expr == TupleExpr((GetAttr(Variable("aws_iam_role", 11), "x", 11),), 11)
    assert isinstance(attrs["tags"].expr, ObjectExpr)
    locals_ = f.body.blocks[-1].body.attributes
    assert locals_["b"].expr == Literal("x${y}", 21)


def test_terraform_nested_blocks_become_blocks() -> None:
    f = _file()
    res = f.body.blocks[1]
    assert [b.type for b in res.body.blocks] == ["lifecycle", "dynamic"]
    dyn = res.body.blocks[1]
    assert dyn.labels == ("grant",)
    assert dyn.body.blocks[0].type == "content"
    west = f.body.blocks[3]
    assert west.body.blocks[0].type == "assume_role"
    assert west.body.blocks[0].body.attributes["role_arn"].expr == Literal("arn:x", 19)
    module = f.body.blocks[4]
    providers = module.body.attributes["providers"].expr
    assert isinstance(providers, ObjectExpr)
    assert providers.items[0].key == Literal("aws", 20)
    assert providers.items[0].value == GetAttr(Variable("aws", 20), "west", 20)


def test_comment_property_is_kept_with_its_line() -> None:
    assert _file().comments == (Comment(2, "// iacsim:ignore KMS003 demo"),)


def test_pickles() -> None:
    f = _file()
    assert pickle.loads(pickle.dumps(f)) == f


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "resource": {\n    "a": 1,,\n  }\n}', 3),
        ('{"locals": {"a": "${1 +}"}}', 1),
        ('{\n"nonsense": {}\n}', 2),
        ("[1]", 1),
    ],
)
def test_bad_json_reports_position(text: str, line: int) -> None:
    with pytest.raises(HclSyntaxError) as info:
        parse_file("bad.tf.json", text)
    assert info.value.filename == "bad.tf.json"
    assert info.value.line == line
