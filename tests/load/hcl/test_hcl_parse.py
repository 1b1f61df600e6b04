"""Parsing native HCL into the AST: structure, lines, comments, templates, errors."""

from __future__ import annotations

import pickle

import pytest

from iacsim.load.hcl import (
    BinaryOp,
    Comment,
    Conditional,
    ForExpr,
    FunctionCall,
    GetAttr,
    HclSyntaxError,
    Index,
    Literal,
    ObjectExpr,
    Splat,
    SplatItem,
    TemplateExpr,
    TemplateFor,
    TemplateIf,
    Variable,
    parse_expression,
    parse_file,
)

SAMPLE = """\
# iacsim:ignore KMS003 rotation handled elsewhere
resource "aws_kms_key" "this" { // trailing
  description = "key for ${var.name}"
  count       = var.enabled ? 1 : 0

  /* block
     comment */
  policy = jsonencode({
    Version = "2012-10-17"
  })

  dynamic "grant" {
    for_each = var.grants
    content {
      name = grant.key
    }
  }
}

locals {
  ids = aws_kms_key.this[*].id
}
"""


def test_blocks_attributes_and_lines() -> None:
    f = parse_file("main.tf", SAMPLE)
    assert f.syntax == "hcl"
    res, loc = f.body.blocks
    assert (res.type, res.labels, res.line, res.end_line) == ("resource", ("aws_kms_key", "this"), 2, 18)
    assert list(res.body.attributes) == ["description", "count", "policy"]
    assert res.body.attributes["policy"].line == 8
    assert res.body.attributes["policy"].end_line == 10
    dyn = res.body.blocks_of("dynamic")[0]
    assert dyn.labels == ("grant",)
    assert dyn.body.blocks[0].type == "content"
    assert dyn.body.blocks[0].body.attributes["name"].expr == GetAttr(Variable("grant", 15), "key", 15)
    assert loc.type == "locals" and loc.labels == ()


def test_comments_keep_their_lines() -> None:
    f = parse_file("main.tf", SAMPLE)
    assert f.comments == (
        Comment(1, "# iacsim:ignore KMS003 rotation handled elsewhere"),
        Comment(2, "// trailing"),
        Comment(6, "/* block\n     comment */"),
    )


def test_comment_before_continued_operator_is_kept() -> None:
    # python-hcl2 folds a comment that ends the line before an operator into the operator token.
    f = parse_file("x.tf", "a = [1 # why\n  + 2]\n")
    assert f.comments == (Comment(1, "# why"),)


def test_parse_result_pickles() -> None:
    f = parse_file("main.tf", SAMPLE)
    assert pickle.loads(pickle.dumps(f)) == f


def test_template_single_interpolation_unwraps() -> None:
    assert parse_expression('"${var.x}"') == GetAttr(Variable("var", 1), "x", 1)
    assert parse_expression('"plain"') == Literal("plain", 1)


def test_template_directives_nest_and_strip() -> None:
    e = parse_expression('"a %{ if x ~} b %{~ else } c %{ endif }d"')
    assert isinstance(e, TemplateExpr)
    assert e.parts[0] == Literal("a ", 1)
    cond = e.parts[1]
    assert isinstance(cond, TemplateIf)
    # `~}` strips the whitespace after the directive, `%{~` the whitespace before.
    assert cond.then.parts == (Literal("b", 1),)
    assert cond.else_ is not None and cond.else_.parts == (Literal(" c ", 1),)


def test_template_for_directive() -> None:
    e = parse_expression('"%{ for k, v in m }${k}=${v};%{ endfor }"')
    assert isinstance(e, TemplateExpr)
    loop = e.parts[0]
    assert isinstance(loop, TemplateFor)
    assert (loop.key_var, loop.value_var) == ("k", "v")


def test_string_escapes() -> None:
    assert parse_expression(r'"a\"b\n\t\u00e9 $${x} %%{y}"') == Literal('a"b\n\té ${x} %{y}', 1)


def test_heredoc_and_indented_heredoc() -> None:
    f = parse_file("h.tf", "a = <<EOT\n  x ${y}\nEOT\nb = <<-EOT\n    one\n      two\n    EOT\n")
    a = f.body.attributes["a"].expr
    assert isinstance(a, TemplateExpr)
    assert a.parts == (Literal("  x ", 2), Variable("y", 2), Literal("\n", 2))
    assert f.body.attributes["b"].expr == Literal("one\n  two\n", 4)


def test_heredoc_closing_marker_may_end_with_whitespace() -> None:
    # HCL trims the closing line (bytes.TrimSpace in hclsyntax's scan_tokens.rl): `POLICY  ` closes the
    # heredoc, as Checkov's CKV_AWS_33 fixture writes it; the closing line's whitespace is not content.
    text = "a = <<POLICY\n  x  \n  POLICY \t\nb = <<-EOT\n    y\n  EOT\u3000\r\nc = <<EOT\nEOT  \nd = 1\n"
    attrs = parse_file("h.tf", text).body.attributes
    assert attrs["a"].expr == Literal("  x  \n", 1)
    assert attrs["b"].expr == Literal("y\n", 4)
    assert attrs["c"].expr == Literal("", 7)
    assert attrs["d"].expr == Literal(1, 9)


def test_heredoc_ends_at_the_first_line_equal_to_its_marker_once_trimmed() -> None:
    # A later bare `EOT` is then outside the heredoc, as in Terraform; a `<<EOT` in a comment opens nothing.
    with pytest.raises(HclSyntaxError) as info:
        parse_file("h.tf", "a = <<EOT\nx\nEOT  \nEOT\n")
    assert info.value.line == 5
    f = parse_file("h.tf", "# <<EOT\nx = <<EOF\nEOT   \nEOF\n")
    assert f.body.attributes["x"].expr == Literal("EOT   \n", 2)


def test_expression_shapes() -> None:
    assert isinstance(parse_expression("a ? b : c"), Conditional)
    op = parse_expression("1 + 2 * 3")
    assert isinstance(op, BinaryOp) and op.op == "+" and isinstance(op.right, BinaryOp)
    assert parse_expression("a.0") == Index(Variable("a", 1), Literal(0, 1), 1)
    splat = parse_expression("a[*].b")
    assert splat == Splat(Variable("a", 1), GetAttr(SplatItem(1), "b", 1), 1)
    fe = parse_expression("{for k, v in m : v => k... if k != 1}")
    assert isinstance(fe, ForExpr) and fe.grouping and fe.key_var == "k" and fe.cond is not None
    fc = parse_expression("concat(a, b...)")
    assert isinstance(fc, FunctionCall) and fc.expand_final and len(fc.args) == 2
    obj = parse_expression('{a = 1, (b) = 2, "c" = 3}')
    assert isinstance(obj, ObjectExpr)
    assert [i.key for i in obj.items] == [Literal("a", 1), Variable("b", 1), Literal("c", 1)]


def test_attr_splat_index_applies_to_result() -> None:
    # `.*` carries attribute steps only; the index selects from the result list.
    e = parse_expression("a.*.b[0]")
    assert e == Index(Splat(Variable("a", 1), GetAttr(SplatItem(1), "b", 1), 1), Literal(0, 1), 1)


def test_numbers_are_int_when_integral() -> None:
    assert parse_expression("2.5e3") == Literal(2500, 1)
    assert parse_expression("1.5") == Literal(1.5, 1)


def test_syntax_error_has_position() -> None:
    with pytest.raises(HclSyntaxError) as info:
        parse_file("bad.tf", 'resource "a" "b" {\n  x = \n}\n')
    err = info.value
    # The attribute's value is missing: the newline after `=` on line 2 is the offending token.
    assert (err.filename, err.line) == ("bad.tf", 2)
    assert err.column == 7
    assert err.message == ("expected a value (a string, number, bool, list, object, reference or function call), "
                           "found the end of the line")
    assert pickle.loads(pickle.dumps(err)).line == 2


@pytest.mark.parametrize(("text", "where", "message"), [
    ('resource "a" "b" {\n  x = 1\n', (3, 1), "expected '}', found the end of the file"),
    ('resource "a" "b" \n  x = 1\n}\n', (2, 3), "expected '{', found 'x'"),
    ('x = [1, 2\n', (2, 1), "expected ',', a new line or ']', found the end of the file"),
    ('x = {a = 1 b}\n', (1, 13), "expected ':' or '=', found '}'"),
    ('resource "a" "b" {\n  x = "abc\n}\n', (2, 8), "expected the closing '\"' of the string"),
    ('resource "a" "b" {\n  x 1\n}\n', (2, 5), "expected '=' (an argument) or a block label / '{' (a block)"),
])
def test_syntax_errors_say_what_was_expected_in_words(text: str, where: tuple[int, int], message: str) -> None:
    """A Terraform syntax error names its line and column and says what was expected, never the parser's
    token names (LBRACE, DBLQUOTE, STRING_CHARS)."""
    with pytest.raises(HclSyntaxError) as info:
        parse_file("bad.tf", text)
    assert (info.value.line, info.value.column) == where
    assert info.value.message.startswith(message)
    assert not any(name in info.value.message for name in ("LBRACE", "RBRACE", "DBLQUOTE", "STRING_CHARS", "NAME"))


def test_redefined_attribute_is_an_error() -> None:
    with pytest.raises(HclSyntaxError) as info:
        parse_file("dup.tf", "a = 1\na = 2\n")
    assert info.value.line == 2 and "redefined" in info.value.message


def test_unclosed_template_if_is_an_error() -> None:
    with pytest.raises(HclSyntaxError):
        parse_expression('"%{ if x }y"')


def test_interpolation_strip_markers_in_quoted_strings() -> None:
    # python-hcl2's grammar lacks `${~`/`~}`; they are blanked before parsing and restored as flags.
    e = parse_expression('"a ${~ x ~} b"')
    assert e == TemplateExpr((Literal("a", 1), Variable("x", 1), Literal("b", 1)), 1)


def test_strip_marker_lookalikes_in_comments_and_heredocs_are_untouched() -> None:
    text = '# ${~ not a marker ~}\nh = <<EOT\n  ${~ y ~}  \nEOT\ns = "keep ~} ${"~}"}"\n'
    f = parse_file("m.tf", text)
    assert f.comments == (Comment(1, "# ${~ not a marker ~}"),)
    assert f.body.attributes["h"].expr == TemplateExpr((Variable("y", 3),), 2)
    assert f.body.attributes["s"].expr == TemplateExpr((Literal("keep ~} ", 5), Literal("~}", 5)), 5)
