"""Terraform JSON syntax (``.tf.json``) → the same AST as native HCL.

Follows https://developer.hashicorp.com/terraform/language/syntax/json:

* the root object's properties are block types; how many levels of property
  names below it are *labels* depends on the block type (``resource`` and
  ``data`` two, ``variable``/``output``/``module``/``provider``/``check`` one,
  ``locals``/``terraform``/``moved``/``import``/``removed`` none); at any level
  an array stands for several blocks with the same labels;
* strings are string templates (``"${var.x}"``), except where Terraform reads
  a reference or type instead (``depends_on``, ``provider``, ``providers``,
  ``lifecycle.ignore_changes``, ``variable.type``, ``moved.from``…);
* a variable's ``default`` is a literal value: its strings are not templates;
* a ``"//"`` property in a body is a comment; we keep it as one (with its line)
  so ``"//": "iacsim:ignore KMS003 reason"`` works like ``# iacsim:ignore``.

Only Terraform's own nested blocks (and the AWS provider's configuration
blocks) are recognised as blocks below a body; a resource's schema blocks stay
attributes holding objects or lists of objects, because without the provider
schema they are indistinguishable from map attributes (``tags``).
"""

from __future__ import annotations

from iacsim.load.hcl.ast import (
    Attribute,
    Block,
    Body,
    Comment,
    Expr,
    HclFile,
    Literal,
    ObjectExpr,
    ObjectItem,
    TupleExpr,
    Variable,
)
from iacsim.load.hcl.errors import HclSyntaxError
from iacsim.load.hcl.jsonpos import JNode, JProp, last_line, parse_json_positions
from iacsim.load.hcl.parser import number_from_text, parse_expression
from iacsim.load.hcl.template import assemble, scan_template

_ROOT_LABELS = {
    "resource": 2,
    "data": 2,
    "variable": 1,
    "output": 1,
    "module": 1,
    "provider": 1,
    "check": 1,
    "locals": 0,
    "terraform": 0,
    "moved": 0,
    "import": 0,
    "removed": 0,
}

# Nested blocks Terraform itself defines, per enclosing block type: name → label count.
_LIFECYCLE_LIKE = {"lifecycle": 0, "provisioner": 1, "connection": 0, "dynamic": 1}
_NESTED_BLOCKS: dict[str, dict[str, int]] = {
    "resource": _LIFECYCLE_LIKE,
    "data": {"lifecycle": 0, "dynamic": 1},
    "lifecycle": {"precondition": 0, "postcondition": 0},
    "provisioner": {"connection": 0},
    "dynamic": {"content": 0},
    "content": {"dynamic": 1},
    "terraform": {"required_providers": 0, "backend": 1, "cloud": 0, "provider_meta": 1},
    "cloud": {"workspaces": 0},
    "variable": {"validation": 0},
    "output": {"precondition": 0},
    "check": {"data": 2, "assert": 0},
    "removed": {"lifecycle": 0, "provisioner": 1},
    # The AWS provider's configuration blocks, which iacsim reads for placement.
    "provider": {
        "assume_role": 0,
        "assume_role_with_web_identity": 0,
        "default_tags": 0,
        "ignore_tags": 0,
        "endpoints": 0,
    },
}

# Attributes whose strings are expressions (references, types), not templates.
_EXPRESSION_ATTRS: dict[str, frozenset[str]] = {
    "resource": frozenset({"depends_on", "provider"}),
    "data": frozenset({"depends_on", "provider"}),
    "module": frozenset({"depends_on", "providers"}),
    "output": frozenset({"depends_on"}),
    "variable": frozenset({"type"}),
    "lifecycle": frozenset({"ignore_changes", "replace_triggered_by"}),
    "moved": frozenset({"from", "to"}),
    "import": frozenset({"to", "provider"}),
    "removed": frozenset({"from"}),
}
# Attributes whose strings are taken literally.
_LITERAL_ATTRS: dict[str, frozenset[str]] = {
    "variable": frozenset({"default", "description"}),
}


def parse_json(filename: str, text: str) -> HclFile:
    """Parse a ``.tf.json`` file. Raises :class:`HclSyntaxError`."""
    root = parse_json_positions(filename, text)
    conv = _JsonConverter(filename)
    if root.kind != "object":
        raise HclSyntaxError(filename, root.line, 1, "the root of a Terraform JSON file must be an object")
    blocks: list[Block] = []
    for prop in root.value:
        if prop.name == "//":
            conv.comment(prop)
            continue
        if prop.name not in _ROOT_LABELS:
            raise HclSyntaxError(filename, prop.line, 1, f"unsupported block type {prop.name!r}")
        blocks.extend(conv.blocks(prop.name, prop.value, _ROOT_LABELS[prop.name], (), prop.line))
    body = Body({}, tuple(blocks), 1, last_line(text))
    return HclFile(filename, body, tuple(sorted(conv.comments, key=lambda c: c.line)), "json")


class _JsonConverter:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.comments: list[Comment] = []

    def comment(self, prop: JProp) -> None:
        texts = [prop.value] if prop.value.kind != "array" else prop.value.value
        for node in texts:
            if node.kind == "string":
                self.comments.append(Comment(prop.line, f"// {node.value}"))

    def blocks(
        self, type_: str, node: JNode, nlabels: int, labels: tuple[str, ...], line: int
    ) -> list[Block]:
        if node.kind == "array":
            return [b for item in node.value for b in self.blocks(type_, item, nlabels, labels, item.line)]
        if node.kind != "object":
            raise HclSyntaxError(self.filename, node.line, 1, f"{type_} block must be a JSON object")
        if nlabels == 0:
            body = self.body(type_, node)
            return [Block(type_, labels, body, line, body.end_line)]
        out: list[Block] = []
        for prop in node.value:
            if prop.name == "//":
                self.comment(prop)
                continue
            out.extend(self.blocks(type_, prop.value, nlabels - 1, (*labels, prop.name), prop.line))
        return out

    def body(self, type_: str, node: JNode) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        nested = _NESTED_BLOCKS.get(type_, {})
        end_line = _end_line(node)
        for prop in node.value:
            if prop.name == "//":
                self.comment(prop)
                continue
            if prop.name in nested and prop.value.kind in ("object", "array"):
                blocks.extend(self.blocks(prop.name, prop.value, nested[prop.name], (), prop.line))
                continue
            if prop.name in attributes:
                raise HclSyntaxError(
                    self.filename, prop.line, 1, f"attribute {prop.name!r} redefined in {type_} block"
                )
            expr = self.attribute_expr(type_, prop)
            attributes[prop.name] = Attribute(prop.name, expr, prop.line, _end_line(prop.value))
        return Body(attributes, tuple(blocks), node.line, end_line)

    def attribute_expr(self, type_: str, prop: JProp) -> Expr:
        if prop.name in _EXPRESSION_ATTRS.get(type_, frozenset()):
            return self.reference_expr(prop.value)
        if prop.name in _LITERAL_ATTRS.get(type_, frozenset()):
            return literal_expr(prop.value)
        return self.expr(prop.value)

    def expr(self, node: JNode) -> Expr:
        if node.kind == "string":
            return self.template(node.value, node.line)
        if node.kind == "array":
            return TupleExpr(tuple(self.expr(i) for i in node.value), node.line)
        if node.kind == "object":
            items = tuple(
                ObjectItem(self.template(p.name, p.line), self.expr(p.value), p.line) for p in node.value
            )
            return ObjectExpr(items, node.line)
        return literal_expr(node)

    def template(self, text: str, line: int) -> Expr:
        flat = scan_template(text, line, self.filename, self.parse_inner)
        return assemble(flat, line, self.filename)

    def reference_expr(self, node: JNode) -> Expr:
        """Strings here hold references (``"aws.west"``) or types, written without ``${}``."""
        if node.kind == "string":
            text = node.value
            if text.startswith("${") and text.endswith("}"):
                text = text[2:-1]
            return self.parse_inner(text, node.line)
        if node.kind == "array":
            return TupleExpr(tuple(self.reference_expr(i) for i in node.value), node.line)
        if node.kind == "object":
            items = []
            for p in node.value:
                key = self.parse_inner(p.name, p.line)
                # A bare name key is the key itself, as in `providers = { aws = aws.west }`.
                if isinstance(key, Variable):
                    key = Literal(key.name, p.line)
                items.append(ObjectItem(key, self.reference_expr(p.value), p.line))
            return ObjectExpr(tuple(items), node.line)
        return literal_expr(node)

    def parse_inner(self, text: str, line: int) -> Expr:
        return parse_expression(text, self.filename, line)


def literal_expr(node: JNode) -> Expr:
    """A JSON value taken literally (no templates)."""
    if node.kind == "number":
        return Literal(number_from_text(node.value), node.line)
    if node.kind == "array":
        return TupleExpr(tuple(literal_expr(i) for i in node.value), node.line)
    if node.kind == "object":
        return ObjectExpr(
            tuple(ObjectItem(Literal(p.name, p.line), literal_expr(p.value), p.line) for p in node.value),
            node.line,
        )
    return Literal(node.value, node.line)


def _end_line(node: JNode) -> int:
    return max(node.line, node.end_line)
