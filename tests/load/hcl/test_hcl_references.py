"""references(): the traversals an expression depends on."""

from __future__ import annotations

import pytest

from iacsim.load.hcl import parse_expression, references, traversal_text


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("aws_kms_key.this[0].arn", [("aws_kms_key", "this", 0, "arn")]),
        ('aws_kms_key.this["app"].arn', [("aws_kms_key", "this", "app", "arn")]),
        ("var.x", [("var", "x")]),
        ("aws_kms_key.this[each.key].arn", [("each", "key"), ("aws_kms_key", "this")]),
        ('"${var.a}-${local.b}"', [("var", "a"), ("local", "b")]),
        ("[for k, v in var.m : v.arn if k != local.skip]", [("var", "m"), ("local", "skip")]),
        ("aws_instance.web[*].id", [("aws_instance", "web")]),
        ("var.list[*].x[local.i]", [("var", "list"), ("local", "i")]),
        ("jsonencode({a = module.kms.key_arn})", [("module", "kms", "key_arn")]),
        (
            '"%{ for s in var.subnets }${s}${count.index}%{ endfor }"',
            [("var", "subnets"), ("count", "index")],
        ),
        (
            "var.a == var.a ? data.aws_region.current.name : null",
            [("var", "a"), ("data", "aws_region", "current", "name")],
        ),
        ("{(local.k) = 1}", [("local", "k")]),
        ("1 + 2", []),
    ],
)
def test_references(src: str, expected: list[tuple[str | int, ...]]) -> None:
    assert references(parse_expression(src)) == expected


def test_traversal_text() -> None:
    assert traversal_text(parse_expression('module.kms.aws_kms_key.this["a"].arn')) == (
        'module.kms.aws_kms_key.this["a"].arn'
    )
    assert traversal_text(parse_expression("f(x)")) is None
