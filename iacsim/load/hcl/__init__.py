"""HCL: parse Terraform files (native and JSON syntax) into a picklable AST and evaluate expressions.

Public API (see /work/notes/hcl.md):

* :func:`parse_file` — ``.tf`` / ``.tf.json`` text → :class:`HclFile`; raises :class:`HclSyntaxError`.
* :func:`parse_expression` — one expression's source → :class:`Expr`.
"""

from __future__ import annotations

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
    TemplateExpr,
    TemplateFor,
    TemplateIf,
    TupleExpr,
    UnaryOp,
    Variable,
)
from iacsim.load.hcl.errors import HclSyntaxError
from iacsim.load.hcl.parser import parse_expression, parse_hcl


def parse_file(filename: str, text: str) -> HclFile:
    """Parse a Terraform file; the syntax is chosen by suffix (``.tf.json``/``.json`` → JSON syntax)."""
    if filename.endswith(".json"):
        from iacsim.load.hcl.json_syntax import parse_json

        return parse_json(filename, text)
    return parse_hcl(filename, text)


__all__ = [
    "Attribute",
    "BinaryOp",
    "Block",
    "Body",
    "Comment",
    "Conditional",
    "Expr",
    "ForExpr",
    "FunctionCall",
    "GetAttr",
    "HclFile",
    "HclSyntaxError",
    "Index",
    "Literal",
    "ObjectExpr",
    "ObjectItem",
    "Splat",
    "SplatItem",
    "TemplateExpr",
    "TemplateFor",
    "TemplateIf",
    "TupleExpr",
    "UnaryOp",
    "Variable",
    "parse_expression",
    "parse_file",
]
