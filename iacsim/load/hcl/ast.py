"""The HCL abstract syntax tree: small, frozen and picklable.

Both native syntax (``.tf``) and Terraform JSON syntax (``.tf.json``) are
converted into these classes, so nothing after the parser knows which one a
file was written in. No Lark object survives the conversion: parse results are
cached on disk and shipped between worker processes, so they must pickle.

Every node carries ``line`` (1-based, in the file it came from) so that any
evaluation error or resource can point back at source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral
from typing import TypeAlias

# --------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    """A literal: string, number (int when integral), bool or null (``None``)."""

    value: str | int | float | bool | None
    line: int


@dataclass(frozen=True)
class Variable:
    """A bare root name: ``var``, ``local``, ``each``, ``aws_kms_key`` or a for/iterator variable."""

    name: str
    line: int


@dataclass(frozen=True)
class GetAttr:
    """``source.name``."""

    source: Expr
    name: str
    line: int


@dataclass(frozen=True)
class Index:
    """``source[key]`` (also the legacy ``source.0`` form)."""

    source: Expr
    key: Expr
    line: int


@dataclass(frozen=True)
class SplatItem:
    """The current element inside a :class:`Splat`'s ``each`` expression."""

    line: int


@dataclass(frozen=True)
class Splat:
    """``source[*].each`` or ``source.*.each``.

    ``each`` is evaluated once per element with :class:`SplatItem` standing for
    the element; a non-list source is treated as a one-element list and
    ``null`` as an empty one, as Terraform does.
    """

    source: Expr
    each: Expr
    line: int


@dataclass(frozen=True)
class TupleExpr:
    """``[a, b, c]``."""

    items: tuple[Expr, ...]
    line: int


@dataclass(frozen=True)
class ObjectItem:
    key: Expr
    """A bare identifier key (``a = 1``) is already a string :class:`Literal`."""
    value: Expr
    line: int


@dataclass(frozen=True)
class ObjectExpr:
    """``{ key = value, ... }``."""

    items: tuple[ObjectItem, ...]
    line: int


@dataclass(frozen=True)
class FunctionCall:
    """``name(args...)``; ``expand_final`` is the trailing ``...`` that spreads the last argument.

    Provider functions (``provider::aws::arn_parse``) keep their full name.
    """

    name: str
    args: tuple[Expr, ...]
    expand_final: bool
    line: int


@dataclass(frozen=True)
class Conditional:
    """``cond ? then : else_``."""

    cond: Expr
    then: Expr
    else_: Expr
    line: int


@dataclass(frozen=True)
class BinaryOp:
    op: str
    """One of ``+ - * / % == != < > <= >= && ||``."""
    left: Expr
    right: Expr
    line: int


@dataclass(frozen=True)
class UnaryOp:
    op: str
    """``-`` or ``!``."""
    operand: Expr
    line: int


@dataclass(frozen=True)
class ForExpr:
    """``[for k, v in coll : value if cond]`` or ``{for k, v in coll : key => value... if cond}``."""

    key_var: str | None
    """The first name of a two-name ``for k, v``; ``None`` for ``for v``."""
    value_var: str
    collection: Expr
    key_expr: Expr | None
    """Present only for the object form."""
    value_expr: Expr
    cond: Expr | None
    grouping: bool
    """Object form with ``...``: values with the same key are collected into lists."""
    line: int


@dataclass(frozen=True)
class TemplateExpr:
    """A string template: the concatenation of its parts, each converted to string.

    Parts are string :class:`Literal`\\ s, interpolated expressions,
    :class:`TemplateIf` and :class:`TemplateFor`. Strip markers (``~``) are
    already applied to the neighbouring literals by the parser. A template that
    is exactly one interpolation (``"${x}"``) is not a TemplateExpr: the parser
    returns the inner expression, because Terraform then yields the value
    itself, unconverted.
    """

    parts: tuple[Expr, ...]
    line: int


@dataclass(frozen=True)
class TemplateIf:
    """``%{ if cond }then%{ else }else_%{ endif }``."""

    cond: Expr
    then: TemplateExpr
    else_: TemplateExpr | None
    line: int


@dataclass(frozen=True)
class TemplateFor:
    """``%{ for k, v in coll }body%{ endfor }``."""

    key_var: str | None
    value_var: str
    collection: Expr
    body: TemplateExpr
    line: int


Expr: TypeAlias = (
    Literal
    | Variable
    | GetAttr
    | Index
    | SplatItem
    | Splat
    | TupleExpr
    | ObjectExpr
    | FunctionCall
    | Conditional
    | BinaryOp
    | UnaryOp
    | ForExpr
    | TemplateExpr
    | TemplateIf
    | TemplateFor
)

# --------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    """``name = expr`` inside a body."""

    name: str
    expr: Expr
    line: int
    end_line: int


@dataclass(frozen=True)
class Block:
    """``type "label" ... { body }``."""

    type: str
    labels: tuple[str, ...]
    body: Body
    line: int
    end_line: int


@dataclass(frozen=True)
class Body:
    attributes: Mapping[str, Attribute]
    """In source order; names are unique (a redefinition is a syntax error)."""
    blocks: tuple[Block, ...]
    """In source order."""
    line: int
    end_line: int

    def blocks_of(self, type_: str) -> tuple[Block, ...]:
        """The blocks of one type, in source order."""
        return tuple(b for b in self.blocks if b.type == type_)


@dataclass(frozen=True)
class Comment:
    """A comment and the line it starts on.

    ``text`` is the comment as written with its marker (``# iacsim:ignore KMS003
    reason``, ``// ...``, ``/* ... */``); in ``.tf.json`` a ``"//"`` property
    becomes ``// <value>`` on the line of the property.
    """

    line: int
    text: str


@dataclass(frozen=True)
class HclFile:
    filename: str
    body: Body
    comments: tuple[Comment, ...] = field(default=())
    syntax: TypingLiteral["hcl", "json"] = "hcl"
    """``json`` for Terraform JSON syntax. There, nested blocks inside resource,
    data and module bodies (other than lifecycle/provisioner/connection/dynamic)
    stay attributes holding objects or lists of objects: only the provider
    schema could tell them apart from map attributes."""
