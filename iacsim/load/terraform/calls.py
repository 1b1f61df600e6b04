"""Function calls a module's files make, checked once per file when the module is read.

Terraform resolves every function name before it evaluates anything: a call of a function that
does not exist is the error "Call to unknown function", whatever branch or ``try()`` it sits in,
so it is reported here with its file and line (rule PARSE004), not left to become a silent
unknown where it happens to be evaluated. Provider functions (``provider::aws::arn_parse``) exist
when the provider does and are evaluated as unknown, each call a notice naming the function; their
``core::`` forms (``core::max``, Terraform 1.8+) are the built-ins. ``rsadecrypt()`` exists but is never
evaluated (the private key it needs would be a secret in the repository): each call is a notice
that the value is unknown. https://developer.hashicorp.com/terraform/language/functions
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping
from typing import Any

from iacsim.load.hcl import FunctionCall, HclFile
from iacsim.load.hcl.functions.hashing import RSADECRYPT_REASON
from iacsim.load.hcl.functions.registry import builtin_name, is_known_function
from iacsim.load.resource import Diagnostic

UNKNOWN_FUNCTION = "unknown-function"
"""Diagnostic code of a call to a function Terraform does not have (rule PARSE004)."""


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of an AST node class (None for anything that is not a dataclass), looked up once per class:
    every file of every scan is walked, so ``dataclasses.fields`` per node was a visible share of a scan."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def function_calls(node: Any) -> Iterator[FunctionCall]:
    """Every function call in an HCL file, body, block or expression, in source order."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, FunctionCall):
            yield item
        if item is None or isinstance(item, str | int | float | bool):
            continue
        if isinstance(item, Mapping):
            children = list(item.values())
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            names = _field_names(type(item))  # type: ignore[arg-type]  # classes are hashable
            if names is None:
                continue
            children = [getattr(item, n) for n in names]
        stack.extend(reversed(children))


def _expressions(hcl_file: HclFile) -> Iterator[Any]:
    """Everything of a file that is evaluated: a variable's ``type = list(string)`` is a type constraint,
    written like calls of ``list``, ``map``, ``object``, ``optional``… that are not functions."""
    body = hcl_file.body
    yield from body.attributes.values()
    for block in body.blocks:
        if block.type == "variable":
            yield from (a for name, a in block.body.attributes.items() if name != "type")
            yield from block.body.blocks
        else:
            yield block


def check_calls(hcl_file: HclFile, file: str) -> list[Diagnostic]:
    """Diagnostics for the calls of one file: unknown functions (errors), ``rsadecrypt`` and provider functions
    (notices)."""
    out: list[Diagnostic] = []
    for call in function_calls(list(_expressions(hcl_file))):
        if not is_known_function(call.name):
            out.append(Diagnostic(
                file, call.line, f'call to unknown function "{call.name}": Terraform rejects the configuration '
                "(there is no such built-in function); values that use it are unknown", "error", UNKNOWN_FUNCTION))
        elif builtin_name(call.name) == "rsadecrypt":
            out.append(Diagnostic(file, call.line, RSADECRYPT_REASON, "info", "not-simulated"))
        elif call.name.startswith("provider::"):
            out.append(Diagnostic(
                file, call.line, f"provider function {call.name}() runs in the provider plugin at plan time and is "
                "not evaluated by iacsim: values that use it are unknown (write the value, or pass it with --var)",
                "info", "not-simulated"))
    return out
