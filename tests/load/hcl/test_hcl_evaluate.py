"""Evaluation semantics: Unknown propagation, laziness, scopes, errors → Unknown."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from iacsim.load.hcl import (
    EvalContext,
    EvalError,
    PartialObject,
    evaluate,
    evaluate_strict,
    parse_expression,
    parse_file,
)
from iacsim.values import Unknown

KEY_ARN = Unknown("known after apply", "aws_kms_key.this.arn")


def ev(src: str, **names: Any) -> Any:
    return evaluate(parse_expression(src), EvalContext(variables=names))


def test_missing_root_name_is_unknown_with_ref() -> None:
    value = ev("data.aws_caller_identity.me.account_id")
    assert value == Unknown('unknown name "data"', "data")


def test_partial_object_missing_attribute_is_known_after_apply() -> None:
    key = PartialObject({"description": "k"}, "aws_kms_key.this")
    assert ev("aws_kms_key.this.description", aws_kms_key={"this": key}) == "k"
    assert ev("aws_kms_key.this.arn", aws_kms_key={"this": key}) == KEY_ARN
    assert ev('aws_kms_key.this["arn"]', aws_kms_key={"this": key}) == KEY_ARN


def test_partial_object_survives_being_passed_through_a_local() -> None:
    key = PartialObject({"description": "k"}, "aws_kms_key.this")
    ctx = EvalContext(variables={"aws_kms_key": {"this": key}})
    whole = evaluate(parse_expression("aws_kms_key.this"), ctx)
    assert isinstance(whole, PartialObject)
    assert evaluate(parse_expression("k.arn"), ctx.with_names(k=whole)) == KEY_ARN


@pytest.mark.parametrize(
    "src",
    [
        "key.arn",
        '"arn=${key.arn}"',
        'key.arn == "x"',
        'key.arn != "x"',
        "length(key.arn)",
        "upper(key.arn)",
        "key.arn[0]",
        "key.arn.x",
        "key.arn ? 1 : 2",
        "[for x in key.arn : x]",
        "{for k, v in key.arn : k => v}",
        "key.arn[*].id",
        "!key.arn",
        "-key.arn",
        "key.arn + 1",
        "jsonencode({a = key.arn})",
        'join(",", [key.arn, "b"])',
        'format("%s", key.arn)',
        '"%{ if key.arn == \\"x\\" }y%{ endif }"',
        '"%{ for x in key.arn }${x}%{ endfor }"',
        "merge({a = 1}, key.arn)",
        "concat([1], key.arn)",
        'try(key.arn, "fallback")',
        "can(key.arn)",
        'coalesce(key.arn, "x")',
        'lookup(key.arn, "k", 1)',
        "element(key.arn, 0)",
        "one(key.arn)",
        "flatten([key.arn])",
    ],
)
def test_unknown_propagates_with_its_reason(src: str) -> None:
    key = PartialObject({}, "aws_kms_key.this")
    assert ev(src, key=key) == KEY_ARN


def test_nested_unknowns_stay_inside_known_collections() -> None:
    key = PartialObject({}, "aws_kms_key.this")
    assert ev('[key.arn, "x"]', key=key) == [KEY_ARN, "x"]
    assert ev("{a = key.arn}", key=key) == {"a": KEY_ARN}
    assert ev("length([key.arn, 1])", key=key) == 2
    assert ev("concat([key.arn], [1])", key=key) == [KEY_ARN, 1]
    assert ev("merge({a = key.arn}, {b = 1})", key=key) == {"a": KEY_ARN, "b": 1}
    assert ev('lookup({a = key.arn, b = 2}, "b")', key=key) == 2


def test_logic_short_circuits_on_known_side_like_cty() -> None:
    key = PartialObject({}, "k")
    assert ev("false && key.x", key=key) is False
    assert ev("key.x || true", key=key) is True
    assert ev("true && key.x", key=key) == Unknown("known after apply", "k.x")


def test_unknown_never_becomes_template_text() -> None:
    value = ev('"prefix-${var.missing_name}"', var=PartialObject({}, "var"))
    assert isinstance(value, Unknown)
    assert "${" not in value.reason


def test_terraform_errors_become_unknown_with_reason_and_line() -> None:
    value = ev("1 +\n {a = 1}.b")
    assert isinstance(value, Unknown)
    assert 'unsupported attribute "b"' in value.reason and "line 2" in value.reason
    with pytest.raises(EvalError, match="unsupported attribute"):
        evaluate_strict(parse_expression("{a = 1}.b"), EvalContext())


def test_try_falls_back_on_errors_but_not_on_unknown() -> None:
    assert ev('try(var.cfg.opt, "default")', var={"cfg": {}}) == "default"
    assert ev('try(var.cfg.opt, "default")', var={"cfg": {"opt": "set"}}) == "set"
    # Terraform cannot tell yet whether an unknown would fail: the result stays unknown.
    assert ev('try(var.cfg.opt, "default")', var=PartialObject({}, "var")) == Unknown(
        "known after apply", "var.cfg"
    )
    assert ev("can(var.cfg.opt)", var={"cfg": {}}) is False


def test_lazy_callables_are_resolved_on_demand() -> None:
    calls: list[str] = []

    def local_a() -> str:
        calls.append("a")
        return "A"

    def explode() -> str:
        raise AssertionError("local.b must not be evaluated")

    ctx = EvalContext(variables={"local": {"a": local_a, "b": explode}})
    assert evaluate(parse_expression('"${local.a}!"'), ctx) == "A!"
    assert calls == ["a"]


class LazyLocals(Mapping[str, Any]):
    """A Mapping that evaluates each local only when read, the way the terraform loader does."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources
        self.reads: list[str] = []
        self.ctx = EvalContext(variables={"local": self})

    def __getitem__(self, name: str) -> Any:
        self.reads.append(name)
        return lambda: evaluate(parse_expression(self.sources[name]), self.ctx)

    def __iter__(self) -> Iterator[str]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)


def test_custom_mapping_resolves_only_what_is_read() -> None:
    locals_ = LazyLocals({"a": "local.b + 1", "b": "2", "unused": "local.nope.nope"})
    assert evaluate(parse_expression("local.a * 10"), locals_.ctx) == 30
    assert set(locals_.reads) == {"a", "b"}


def test_whole_lazy_object_is_materialized() -> None:
    value = ev("local", local={"a": lambda: 1, "b": [lambda: {"c": lambda: 2}]})
    assert value == {"a": 1, "b": [{"c": 2}]}


def test_for_expression_scopes_do_not_leak() -> None:
    assert ev("[for x in [1, 2] : x + y]", y=10) == [11, 12]
    assert ev("[for x in [1] : x]") == [1]
    assert ev("x", x="outer") == "outer"
    assert ev("[for x in [1] : [for x in [2] : x]]") == [[2]]


def test_for_over_map_is_key_sorted_and_grouping_collects() -> None:
    assert ev("[for k, v in m : k]", m={"b": 1, "a": 2}) == ["a", "b"]
    assert ev('{for v in ["x", "y", "x"] : v => v...}') == {"x": ["x", "x"], "y": ["y"]}
    dup = ev('{for v in ["x", "x"] : v => v}')
    assert isinstance(dup, Unknown) and "duplicate object key" in dup.reason


def test_splats() -> None:
    items = [{"id": "a", "tags": {"n": 1}}, {"id": "b", "tags": {"n": 2}}]
    assert ev("r[*].id", r=items) == ["a", "b"]
    assert ev("r.*.tags.n", r=items) == [1, 2]
    # A full splat applies the index to each element: "a"[1] is an error in Terraform too.
    bad = ev("r[*].id[1]", r=items)
    assert isinstance(bad, Unknown) and "cannot index a string" in bad.reason
    assert ev("r.*.id[1]", r=items) == "b"  # attribute-only splat: the index applies to the result
    assert ev("single[*].id", single={"id": "x"}) == ["x"]
    assert ev("nothing[*].id", nothing=None) == []


def test_numbers_keep_terraform_arithmetic() -> None:
    assert ev("0.1 + 0.2") == 0.3
    assert ev("10 / 2") == 5 and isinstance(ev("10 / 2"), int)
    assert ev('"5" + 1') == 6
    assert ev("1 == 1.0") is True
    assert ev('1 == "1"') is False
    assert ev("true == 1") is False


def test_template_unwrap_returns_raw_value() -> None:
    assert ev('"${m}"', m={"a": [1]}) == {"a": [1]}
    assert ev('"${n}"', n=None) is None


def test_conditional_unifies_with_literal_string_branch() -> None:
    assert ev('true ? 1 : "a"') == "1"
    assert ev("c ? 1 : 2", c="true") == 1


def test_json_file_expressions_evaluate_like_hcl() -> None:
    f = parse_file(
        "x.tf.json",
        '{"locals": {"name": "app-${var.env}", "n": "${length(var.list)}", "raw": 5, "obj": {"k-${var.env}": true}}}',
    )
    attrs = f.body.blocks[0].body.attributes
    ctx = EvalContext(variables={"var": {"env": "prod", "list": [1, 2]}})
    assert evaluate(attrs["name"].expr, ctx) == "app-prod"
    assert evaluate(attrs["n"].expr, ctx) == 2  # a lone interpolation keeps its type
    assert evaluate(attrs["raw"].expr, ctx) == 5
    assert evaluate(attrs["obj"].expr, ctx) == {"k-prod": True}


def test_provider_function_is_unknown() -> None:
    value = ev('provider::aws::arn_parse("arn:aws:kms:us-east-1:111111111111:key/x")')
    assert isinstance(value, Unknown) and "provider function" in value.reason


def test_deep_nesting_does_not_crash() -> None:
    src = "[" * 200 + "1" + "]" * 200
    value = ev(src)
    assert isinstance(value, list | Unknown)
