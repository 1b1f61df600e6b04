"""HCL: parse Terraform files (native and JSON syntax) into a picklable AST and evaluate expressions.

Public API:

* :func:`parse_file` — ``.tf`` / ``.tf.json`` text → :class:`HclFile`; raises :class:`HclSyntaxError`.
* :func:`parse_expression` — one expression's source → :class:`Expr`.
* :func:`evaluate` — an :class:`Expr` in an :class:`EvalContext` → a value (Unknown where not knowable).
* :func:`references` — the traversals an expression depends on.
* :mod:`iacsim.load.hcl.functions` — the Terraform function table (``FUNCTIONS``).
"""

from __future__ import annotations

from iacsim.load.hcl import functions
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
from iacsim.load.hcl.convert import EvalError, PartialObject
from iacsim.load.hcl.errors import HclSyntaxError
from iacsim.load.hcl.evaluate import EvalContext, evaluate, evaluate_strict, traversal_text
from iacsim.load.hcl.parser import parse_expression, parse_hcl
from iacsim.load.hcl.references import Traversal, references


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
    "EvalContext",
    "EvalError",
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
    "PartialObject",
    "Splat",
    "SplatItem",
    "TemplateExpr",
    "TemplateFor",
    "TemplateIf",
    "Traversal",
    "TupleExpr",
    "UnaryOp",
    "Variable",
    "evaluate",
    "evaluate_strict",
    "functions",
    "parse_expression",
    "parse_file",
    "references",
    "traversal_text",
]
