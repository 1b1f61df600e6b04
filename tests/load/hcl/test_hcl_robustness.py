"""Property tests: bad input is a syntax error or an Unknown, never a crash."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacsim.load.hcl import EvalContext, HclFile, HclSyntaxError, evaluate, parse_expression, parse_file
from iacsim.load.hcl.functions.encoding import json_encode
from iacsim.values import Unknown

HCL_CHARS = st.sampled_from(
    [*list('abcxyz_019 \n\t"{}[]()=:,.?!<>+-*/%&|#~$\\'), "${", "%{", "<<EOT\n", "EOT\n", "//"]
)

settings.register_profile("hcl", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("hcl")


@given(st.lists(HCL_CHARS, max_size=60).map("".join))
@settings(max_examples=300)
def test_any_text_parses_or_raises_syntax_error(text: str) -> None:
    try:
        result = parse_file("fuzz.tf", text)
    except HclSyntaxError as exc:
        assert exc.line >= 1 and exc.column >= 1
    else:
        assert isinstance(result, HclFile)


JSON_CHARS = st.sampled_from(
    [*list('{}[]:,"  \nabc01-.'), '"resource"', '"locals"', '"${', '"//"', "true", "null"]
)


@given(st.lists(JSON_CHARS, max_size=50).map("".join))
@settings(max_examples=300)
def test_any_json_text_parses_or_raises_syntax_error(text: str) -> None:
    try:
        result = parse_file("fuzz.tf.json", text)
    except HclSyntaxError as exc:
        assert exc.line >= 1
    else:
        assert isinstance(result, HclFile)


TOKENS = st.sampled_from(
    [
        "1", "0", "-1", "2.5", '"s"', '""', "true", "null", "var.x", "var.m", "var.l", "local.u",
        "+", "-", "*", "/", "%", "==", "<", "&&", "||", "!", "?", ":", "(", ")", "[", "]", "{", "}", ",",
        "[*]", ".*", ".a", "[0]", '["k"]', "for", "in", "if", "=>", "...", "x", "=",
        "length(", "merge(", "jsonencode(", "try(", "element(", "lookup(", "upper(", "split(", "range(",
    ]
)  # fmt: skip

VARIABLES: dict[str, Any] = {
    "var": {"x": 3, "m": {"k": "v", "a": [1, 2]}, "l": [{"a": 1}, None, "s"]},
    "local": {"u": Unknown("unknowable")},
}


@given(st.lists(TOKENS, min_size=1, max_size=12).map(" ".join))
@settings(max_examples=400)
def test_evaluating_any_expression_never_raises(src: str) -> None:
    try:
        expr = parse_expression(src)
    except HclSyntaxError:
        return
    value = evaluate(expr, EvalContext(variables=VARIABLES))
    assert value is None or isinstance(value, str | int | float | bool | list | dict | Unknown)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_jsonencode_is_go_json_of_the_value(value: Any) -> None:
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        expected = expected.replace(raw, escaped)
    # Go writes \b and \f short, other control characters as \u00XX, like Python; lone surrogates become U+FFFD.
    if any("\ud800" <= ch <= "\udfff" for ch in json.dumps(value, ensure_ascii=False)):
        return
    assert json_encode(value) == expected
    assert json.loads(json_encode(value)) == value
