"""Native HCL syntax: python-hcl2's raw Lark tree → our :mod:`ast`.

We use only the Lark parse tree (``hcl2.api.parses_to_tree``), not hcl2's
dict output, because the dict form loses line numbers, comments and the
difference between ``"${x}"`` and ``x``. The conversion below keeps all three
and leaves no Lark object behind.
"""

from __future__ import annotations

import re
from decimal import Decimal

from hcl2.api import parses_to_tree
from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from iacsim.load.hcl.ast import (
    Attribute,
    BinaryOp,
    Block,
    Body,
    Comment,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    HclFile,
    Index,
    Literal,
    ObjectExpr,
    ObjectItem,
    Splat,
    SplatItem,
    TupleExpr,
    UnaryOp,
    Variable,
)
from iacsim.load.hcl.errors import HclSyntaxError
from iacsim.load.hcl.strip_markers import NONE as NO_MARKERS
from iacsim.load.hcl.strip_markers import StripMarkers, prepare_for_lexer
from iacsim.load.hcl.template import (
    Flat,
    FlatElse,
    FlatEndFor,
    FlatEndIf,
    FlatFor,
    FlatIf,
    FlatInterp,
    FlatLit,
    assemble,
    scan_template,
)

_OPERATORS = {
    "DOUBLE_EQ": "==",
    "NEQ": "!=",
    "LT": "<",
    "GT": ">",
    "LEQ": "<=",
    "GEQ": ">=",
    "MINUS": "-",
    "ASTERISK": "*",
    "SLASH": "/",
    "PERCENT": "%",
    "DOUBLE_AMP": "&&",
    "DOUBLE_PIPE": "||",
    "PLUS": "+",
    "NOT": "!",
}
# python-hcl2's post-lexer merges a newline (or comment) that precedes a binary
# operator into the operator token, so comments can hide there too.
_MERGED_TOKEN_TYPES = frozenset({*_OPERATORS, "QMARK"}) - {"NOT"}
_COMMENT_IN_TOKEN = re.compile(r"#[^\n]*|//[^\n]*|/\*.*?\*/", re.S)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
LTree = Tree[Token]
_HEREDOC_HEAD = re.compile(r"<<(-?)([A-Za-z][\w.-]*)\r?\n")


def parse_hcl(filename: str, text: str) -> HclFile:
    """Parse native-syntax HCL text. Raises :class:`HclSyntaxError`."""
    tree, markers = _lark_parse(filename, text)
    conv = _Converter(filename, 0, markers)
    body_tree = tree.children[0]
    assert isinstance(body_tree, Tree)
    body = conv.body(body_tree, 1, max(1, text.count("\n") + 1))
    return HclFile(filename, body, tuple(_comments(tree)), "hcl")


def parse_expression(text: str, filename: str = "<expr>", line: int = 1) -> Expr:
    """Parse one expression (as found inside ``${ }``, a directive or a .tf.json value).

    ``line`` is the line the text starts on, so nodes carry file lines.
    """
    # Parentheses let the expression span lines and hold leading/trailing
    # newlines, exactly as inside an interpolation.
    try:
        tree, markers = _lark_parse(filename, f"__iacsim_expr = (\n{text}\n)", line_offset=line - 2)
    except HclSyntaxError as exc:
        # An error found at the wrapper's closing parenthesis belongs to the expression's last line.
        last = line + text.count("\n")
        raise HclSyntaxError(filename, max(line, min(exc.line, last)), exc.column, exc.message) from None
    body = tree.children[0]
    assert isinstance(body, Tree)
    attr = next(c for c in body.children if isinstance(c, Tree) and c.data == "attribute")
    conv = _Converter(filename, line - 2, markers)
    wrapped = attr.children[-1]
    assert isinstance(wrapped, Tree)
    inner = [c for c in wrapped.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]
    return conv.expr(inner[0])


def _lark_parse(filename: str, text: str, line_offset: int = 0) -> tuple[LTree, StripMarkers]:
    blanked, markers = prepare_for_lexer(text)
    try:
        try:
            return parses_to_tree(blanked), markers
        except UnexpectedInput as exc:
            tree = _with_core_calls(blanked)
            if tree is None:
                raise _syntax_error(filename, text, exc, line_offset) from None
            return tree, markers
    except RecursionError:
        raise HclSyntaxError(filename, 1, 1, "expression nested too deeply") from None


_CORE_CALL = re.compile(r"(?<![\w:.-])core::(?=[A-Za-z_][\w-]*[ \t]*\()")
"""``core::max(`` — Terraform 1.8+'s namespaced name of a built-in function, which python-hcl2's grammar (8.x)
rejects: it knows only the three-part ``provider::<name>::<function>(``."""

_CORE_MARK = "core__"
"""What ``core::`` is rewritten to before parsing: an identifier prefix of the same length (no position moves)
that no Terraform function has; the converter turns it back into ``core::``."""


def _with_core_calls(text: str) -> LTree | None:
    """The tree of ``text`` whose ``core::`` calls are rewritten to a name the grammar accepts, when that parses;
    a rewrite that landed inside a string (``"core::max(1)"`` as text) is undone, so the text stays as written.
    None when it does not parse even so: the caller reports the original syntax error."""
    matches = list(_CORE_CALL.finditer(text))
    starts = [m.start() for m in matches]
    for _ in range(2):  # once with every match, once more with only those that are calls
        if not starts:
            return None
        rewritten = text
        for at in starts:
            rewritten = rewritten[:at] + _CORE_MARK + rewritten[at + len(_CORE_MARK):]
        try:
            tree = parses_to_tree(rewritten)
        except UnexpectedInput:
            return None
        calls = _core_call_offsets(tree, text)
        if calls == set(starts):
            return tree
        starts = [at for at in starts if at in calls]
    return None


def _core_call_offsets(tree: LTree, text: str) -> set[int]:
    """Where in ``text`` the rewritten ``core::`` function names of ``tree`` start."""
    line_starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    found: set[int] = set()
    for node in tree.iter_subtrees():
        names = [c for c in _trees(node) if c.data == "identifier"] if node.data == "function_call" else []
        token = names[0].children[0] if names else None
        if isinstance(token, Token) and str(token).startswith(_CORE_MARK) and token.line and token.column:
            found.add(line_starts[token.line - 1] + token.column - 1)
    return found


def _syntax_error(filename: str, text: str, exc: UnexpectedInput, line_offset: int) -> HclSyntaxError:
    line = exc.line if isinstance(exc.line, int) and exc.line > 0 else text.count("\n") + 1
    column = exc.column if isinstance(exc.column, int) and exc.column > 0 else 1
    if isinstance(exc, UnexpectedToken):
        expected = _expected_in_words(set(exc.expected))
        found = _found_in_words(exc.token)
        message = f"expected {expected}, found {found}" if expected else f"unexpected {found}"
    elif isinstance(exc, UnexpectedCharacters):
        message = f"unexpected character {exc.char!r}"
    elif isinstance(exc, UnexpectedEOF):
        message = "unexpected end of file"
    else:
        message = str(exc).splitlines()[0]
    return HclSyntaxError(filename, line + line_offset, column, message)


# The parser's terminal names, in the words a Terraform user knows (terraform's own messages read
# "An argument or block definition is required here", "Missing expression"): a syntax error says what
# was expected, never LBRACE or DBLQUOTE.
_VALUE_START = frozenset({"DBLQUOTE", "FLOAT_LITERAL", "INT_LITERAL", "HEREDOC_TEMPLATE", "HEREDOC_TEMPLATE_TRIM",
                          "LBRACE", "LPAR", "LSQB", "MINUS", "NAME", "NOT", "TEMPLATE_STRING", "TRUE", "FALSE",
                          "NULL", "FOR"})
_STRING_INSIDE = frozenset({"STRING_CHARS", "DIRECTIVE_START", "ESCAPED_DIRECTIVE", "ESCAPED_INTERPOLATION",
                            "INTERP_START"})
_PUNCTUATION = {"RBRACE": "'}'", "LBRACE": "'{'", "RSQB": "']'", "LSQB": "'['", "RPAR": "')'", "LPAR": "'('",
                "COMMA": "','", "EQ": "'='", "COLON": "':'", "QMARK": "'?'", "DBLQUOTE": "'\"'",
                "NL_OR_COMMENT": "a new line", "ELLIPSIS": "'...'", "INTERP_END": "'}'"}


def _expected_in_words(expected: set[str]) -> str:
    words: list[str] = []
    if expected & {"INT_LITERAL", "FLOAT_LITERAL"}:
        words.append("a value (a string, number, bool, list, object, reference or function call)")
        expected -= _VALUE_START
    if expected & _STRING_INSIDE and "DBLQUOTE" in expected:
        words.append("the closing '\"' of the string (a quoted string cannot span lines; use a heredoc)")
        expected -= _STRING_INSIDE | {"DBLQUOTE"}
    if {"EQ", "LBRACE"} <= expected:
        words.append("'=' (an argument) or a block label / '{' (a block)")
        expected -= {"EQ", "LBRACE", "DBLQUOTE", "NAME"}
    words += [_PUNCTUATION[t] for t in sorted(expected) if t in _PUNCTUATION]
    if len(words) > 4:
        return ""  # almost anything could follow: a list would say nothing ("unexpected '@'" does)
    if len(words) > 1:
        return ", ".join(words[:-1]) + " or " + words[-1]
    return words[0] if words else ""


def _found_in_words(tok: Token) -> str:
    value = str(tok)
    if tok.type == "$END" or not value:
        return "the end of the line" if tok.type != "$END" else "the end of the file"
    if value.startswith(("\n", "\r")):
        return "the end of the line"
    first = value.strip().splitlines()[0] if value.strip() else value
    return repr(first if len(first) <= 30 else first[:29] + "…")


def _comments(tree: LTree) -> list[Comment]:
    out: list[Comment] = []
    for tok in tree.scan_values(lambda v: isinstance(v, Token)):
        if tok.type == "NL_OR_COMMENT":
            text = str(tok).strip()
            if text:
                out.append(Comment(tok.line or 1, text))
        elif tok.type in _MERGED_TOKEN_TYPES and ("#" in tok or "/" in tok[:-1]):
            value = str(tok)
            for m in _COMMENT_IN_TOKEN.finditer(value):
                # The token keeps the operator's position; count back the
                # newlines between the comment and the operator.
                out.append(Comment((tok.line or 1) - value.count("\n", m.start()), m.group(0).strip()))
    out.sort(key=lambda c: c.line)
    return out


def unescape_quoted(raw: str) -> str:
    """Process the backslash escapes of a quoted HCL string."""

    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in "uU" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        if esc not in _SIMPLE_ESCAPES:
            raise ValueError(f'"\\{esc}" is not a valid escape sequence')
        return _SIMPLE_ESCAPES[esc]

    return _ESCAPE.sub(one, raw)


def _trees(node: LTree) -> list[LTree]:
    """Child trees, without newline/comment filler."""
    return [c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]


class _Converter:
    def __init__(self, filename: str, line_offset: int, markers: StripMarkers = NO_MARKERS) -> None:
        self.filename = filename
        self.line_offset = line_offset
        self.markers = markers
        """``${~``/``~}`` of interpolations, blanked before parsing (see strip_markers)."""

    def line(self, node: LTree | Token) -> int:
        raw = node.line if isinstance(node, Token) else (None if node.meta.empty else node.meta.line)
        return (raw or 1) + self.line_offset

    def end_line(self, node: LTree) -> int:
        return (node.meta.end_line if not node.meta.empty else 1) + self.line_offset

    # -- structure ---------------------------------------------------------

    def body(self, node: LTree, line: int, end_line: int) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        for child in _trees(node):
            if child.data == "attribute":
                attr = self.attribute(child)
                if attr.name in attributes:
                    first = attributes[attr.name].line
                    raise HclSyntaxError(
                        self.filename,
                        attr.line,
                        1,
                        f"attribute {attr.name!r} redefined (first defined on line {first})",
                    )
                attributes[attr.name] = attr
            elif child.data == "block":
                blocks.append(self.block(child))
        return Body(attributes, tuple(blocks), line, end_line)

    def name(self, node: LTree) -> str:
        tok = node.children[0]
        return str(tok)

    def attribute(self, node: LTree) -> Attribute:
        name_node, value = _trees(node)[0], _trees(node)[-1]
        return Attribute(self.name(name_node), self.expr(value), self.line(node), self.end_line(node))

    def block(self, node: LTree) -> Block:
        parts = _trees(node)
        type_ = self.name(parts[0])
        labels: list[str] = []
        body_node: LTree | None = None
        for part in parts[1:]:
            if part.data == "body":
                body_node = part
            elif part.data == "string":
                labels.append(self.static_string(part))
            else:
                labels.append(self.name(part))
        assert body_node is not None
        rbrace = node.children[-1]
        end_line = self.line(rbrace) if isinstance(rbrace, Token) else self.end_line(node)
        body_start = self.line(body_node) if not body_node.meta.empty else self.line(node)
        return Block(
            type_, tuple(labels), self.body(body_node, body_start, end_line), self.line(node), end_line
        )

    def static_string(self, node: LTree) -> str:
        flat = self.string_flat(node)
        if not all(isinstance(f, FlatLit) for f in flat):
            raise HclSyntaxError(
                self.filename, self.line(node), 1, "block labels cannot contain interpolations"
            )
        return "".join(f.text for f in flat if isinstance(f, FlatLit))

    # -- expressions -------------------------------------------------------

    def expr(self, node: LTree) -> Expr:
        kind = node.data
        line = self.line(node)
        if kind == "expr_term":  # a wrapper, also around parentheses (which only matter for object keys)
            return self.expr(_trees(node)[0])
        if kind == "conditional":
            cond, then, else_ = _trees(node)
            return Conditional(self.expr(cond), self.expr(then), self.expr(else_), line)
        if kind == "binary_op":
            left, term = _trees(node)[:2]
            op_node, right = _trees(term)
            op_tok = op_node.children[0]
            assert isinstance(op_tok, Token)
            return BinaryOp(_OPERATORS[op_tok.type], self.expr(left), self.expr(right), line)
        if kind == "unary_op":
            op_tok = node.children[0]
            assert isinstance(op_tok, Token)
            return UnaryOp(_OPERATORS[op_tok.type], self.expr(_trees(node)[0]), line)
        if kind in ("int_lit", "float_lit"):
            return Literal(number_from_text(str(node.children[0])), line)
        if kind == "literal_value":
            return Literal({"true": True, "false": False, "null": None}[str(node.children[0])], line)
        if kind == "identifier":
            return Variable(str(node.children[0]), line)
        if kind == "string":
            return assemble(self.string_flat(node), line, self.filename)
        if kind == "template_string":
            try:
                return Literal(unescape_quoted(str(node.children[0])[2:-2]), line)
            except ValueError as exc:
                raise HclSyntaxError(self.filename, line, 1, str(exc)) from None
        if kind == "tuple":
            return TupleExpr(tuple(self.expr(c) for c in _trees(node)), line)
        if kind == "object":
            return ObjectExpr(tuple(self.object_item(c) for c in _trees(node)), line)
        if kind == "function_call":
            return self.function_call(node)
        if kind in ("heredoc_template", "heredoc_template_trim"):
            tok = node.children[0]
            assert isinstance(tok, Token)
            return self.heredoc(str(tok), self.line(tok))
        if kind == "index_expr_term":
            source, index = _trees(node)
            return Index(self.expr(source), self.index_key(index), line)
        if kind == "get_attr_expr_term":
            source, get_attr = _trees(node)
            return GetAttr(self.expr(source), self.attr_name(get_attr), line)
        if kind in ("attr_splat_expr_term", "full_splat_expr_term"):
            source, splat = _trees(node)
            return self.splat(self.expr(source), splat, kind == "attr_splat_expr_term", line)
        if kind in ("for_tuple_expr", "for_object_expr"):
            return self.for_expr(node, kind == "for_object_expr")
        raise HclSyntaxError(self.filename, line, 1, f"unsupported syntax {kind}")

    def object_item(self, node: LTree) -> ObjectItem:
        key_node, value = _trees(node)
        key_parts = _trees(key_node)
        line = self.line(node)
        key: Expr
        if not key_parts:  # a keyword such as `for` or `in` used as a key
            keyword = key_node.children[0]
            assert isinstance(keyword, Tree)
            key = Literal(str(keyword.children[0]), line)
        else:
            key = self._object_key(key_parts[0], line)
        return ObjectItem(key, self.expr(value), line)

    def _object_key(self, node: LTree, line: int) -> Expr:
        if node.data == "keyword":
            return Literal(str(node.children[0]), line)
        if node.data == "expr_term":
            is_paren = any(isinstance(c, Token) and c.type == "LPAR" for c in node.children)
            inner = _trees(node)[0]
            if not is_paren and inner.data == "identifier":
                # `{ a = 1 }`: a bare name is the key itself, not a variable.
                return Literal(str(inner.children[0]), line)
            if not is_paren and inner.data == "literal_value":
                return Literal(str(inner.children[0]), line)
        return self.expr(node)

    def attr_name(self, get_attr: LTree) -> str:
        return str(_trees(get_attr)[0].children[0])

    def index_key(self, index: LTree) -> Expr:
        if index.data == "short_index":  # legacy `list.0`
            tok = index.children[-1]
            return Literal(int(str(tok)), self.line(index))
        return self.expr(_trees(index)[0])

    def splat(self, source: Expr, node: LTree, attr_only: bool, line: int) -> Expr:
        each: Expr = SplatItem(line)
        steps = _trees(node)
        rest: list[LTree] = []
        for i, step in enumerate(steps):
            if step.data == "get_attr":
                each = GetAttr(each, self.attr_name(step), self.line(step))
            elif attr_only:
                # `.*` applies only attribute steps to each element; an index
                # after it applies to the resulting list.
                rest = steps[i:]
                break
            else:
                each = Index(each, self.index_key(step), self.line(step))
        result: Expr = Splat(source, each, line)
        for step in rest:
            if step.data == "get_attr":
                result = GetAttr(result, self.attr_name(step), self.line(step))
            else:
                result = Index(result, self.index_key(step), self.line(step))
        return result

    def function_call(self, node: LTree) -> FunctionCall:
        names = [str(c.children[0]) for c in _trees(node) if c.data == "identifier"]
        args_node = next((c for c in _trees(node) if c.data == "arguments"), None)
        args: tuple[Expr, ...] = ()
        expand = False
        if args_node is not None:
            args = tuple(self.expr(c) for c in _trees(args_node))
            expand = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in args_node.children)
        name = "::".join(names)
        if name.startswith(_CORE_MARK):  # core::max, see _with_core_calls
            name = "core::" + name[len(_CORE_MARK):]
        return FunctionCall(name, args, expand, self.line(node))

    def for_expr(self, node: LTree, is_object: bool) -> ForExpr:
        intro = next(c for c in _trees(node) if c.data == "for_intro")
        names = [str(c.children[0]) for c in _trees(intro) if c.data == "identifier"]
        collection = next(c for c in _trees(intro) if c.data != "identifier")
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        exprs = [c for c in _trees(node) if c.data not in ("for_intro", "for_cond")]
        cond_node = next((c for c in _trees(node) if c.data == "for_cond"), None)
        cond = self.expr(_trees(cond_node)[0]) if cond_node is not None else None
        grouping = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in node.children)
        key_expr = self.expr(exprs[0]) if is_object else None
        value_expr = self.expr(exprs[-1])
        return ForExpr(
            key_var, value_var, self.expr(collection), key_expr, value_expr, cond, grouping, self.line(node)
        )

    # -- templates ---------------------------------------------------------

    def string_flat(self, node: LTree) -> list[Flat]:
        flat: list[Flat] = []
        for part in _trees(node):
            piece = part.children[0]
            if isinstance(piece, Token):
                # `$${` / `%%{` escapes stand for the literal `${` / `%{`.
                try:
                    text = unescape_quoted(str(piece)) if piece.type == "STRING_CHARS" else str(piece)[1:]
                except ValueError as exc:
                    raise HclSyntaxError(
                        self.filename, self.line(piece), piece.column or 1, str(exc)
                    ) from None
                if flat and isinstance(flat[-1], FlatLit):
                    flat[-1].text += text
                else:
                    flat.append(FlatLit(text, self.line(piece)))
            else:
                flat.append(self.directive(piece))
        return flat

    def directive(self, node: LTree) -> Flat:
        line = self.line(node)
        toks = [c for c in node.children if isinstance(c, Token)]
        strip_left = len(toks) > 1 and toks[1].type == "STRIP_MARKER"
        strip_right = len(toks) > 1 and toks[-2].type == "STRIP_MARKER"
        exprs = [c for c in _trees(node) if c.data != "identifier"]
        if node.data == "interpolation":
            start, end = toks[0], toks[-1]
            return FlatInterp(
                self.expr(exprs[0]),
                (start.line, start.column) in self.markers.left,
                (end.line, end.column) in self.markers.right,
                line,
            )
        if node.data == "template_if_start":
            return FlatIf(self.expr(exprs[0]), strip_left, strip_right, line)
        if node.data == "template_else":
            return FlatElse(strip_left, strip_right, line)
        if node.data == "template_endif":
            return FlatEndIf(strip_left, strip_right, line)
        if node.data == "template_for_start":
            names = [str(c.children[0]) for c in _trees(node) if c.data == "identifier"]
            key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
            return FlatFor(key_var, value_var, self.expr(exprs[0]), strip_left, strip_right, line)
        if node.data == "template_endfor":
            return FlatEndFor(strip_left, strip_right, line)
        raise HclSyntaxError(self.filename, line, 1, f"unsupported template part {node.data}")

    def heredoc(self, raw: str, line: int) -> Expr:
        head = _HEREDOC_HEAD.match(raw)
        assert head is not None
        trim, marker = head.group(1) == "-", head.group(2)
        rest = raw[head.end() :].rstrip("\r\n")
        assert rest.endswith(marker)
        body = rest[: rest.rfind("\n", 0, len(rest) - len(marker)) + 1]  # the closing line is not content
        flat = scan_template(body, line + 1, self.filename, self.parse_inner)
        return assemble(flat, line, self.filename, unwrap=False, flush=trim)

    def parse_inner(self, text: str, line: int) -> Expr:
        return parse_expression(text, self.filename, line)


def number_from_text(text: str) -> int | float:
    """Terraform numbers are decimal; an integral value is an int here (``2.5e3`` → 2500)."""
    value = Decimal(text)
    if value.is_zero() and value.is_signed():
        return -0.0
    if value == value.to_integral_value():
        return int(value)
    return float(value)
