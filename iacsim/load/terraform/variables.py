"""Root module variable values: tfvars files, ``--var-file`` and ``--var``, in Terraform's precedence.

https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
— later sources override earlier ones:

1. ``terraform.tfvars``
2. ``terraform.tfvars.json``
3. ``*.auto.tfvars`` / ``*.auto.tfvars.json``, in lexical order of their file names
4. ``--var-file`` files in the order given, then ``--var k=v`` values (the CLI keeps
   them in two lists, so files come before single values).

Environment variables (``TF_VAR_x``) are deliberately not read: a scan depends on
the repository and the command line only. A variable nobody sets falls back to
its ``default``; without one its value is ``Unknown``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacsim.bounds import Limits
from iacsim.load.hcl import EvalContext, HclSyntaxError, evaluate, parse_expression, parse_file
from iacsim.load.limits import LimitExceeded, check_json_depth, limit_diagnostic
from iacsim.load.resource import Diagnostic
from iacsim.load.terraform.types import TypeSpec, convert, needs_hcl_parsing


@dataclass
class VarSource:
    """Where a variable's value came from (for messages and tests)."""

    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def auto_var_files(root: Path) -> list[Path]:
    """The tfvars files Terraform loads by itself from a root module directory, in precedence order."""
    out = [p for p in (root / "terraform.tfvars", root / "terraform.tfvars.json") if p.is_file()]
    try:
        autos = sorted((p for p in root.iterdir()
                        if p.is_file() and p.name.endswith((".auto.tfvars", ".auto.tfvars.json"))),
                       key=lambda p: p.name)
    except OSError:
        autos = []
    return out + autos


def read_var_file(path: Path, display: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Values of one ``.tfvars`` (HCL) or ``.tfvars.json`` file; errors become diagnostics."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Diagnostic(display, 1, f"cannot read variables file: {exc}")]
    if path.name.endswith(".json"):
        try:
            check_json_depth(text, Limits())
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return {}, [Diagnostic(display, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")]
        except LimitExceeded as exc:
            return {}, [limit_diagnostic(exc, display)]
        if not isinstance(data, dict):
            return {}, [Diagnostic(display, 1, "a .tfvars.json file must hold a JSON object")]
        return data, []
    try:
        # Parsed as a .tf body: a tfvars file is a sequence of `name = value` attributes.
        parsed = parse_file(display, text)
    except HclSyntaxError as exc:
        return {}, [Diagnostic(display, max(exc.line, 1), exc.message)]
    diagnostics = [Diagnostic(display, b.line, f"unexpected block {b.type!r} in a variables file")
                   for b in parsed.body.blocks]
    ctx = EvalContext(variables={})
    return {name: evaluate(attr.expr, ctx) for name, attr in parsed.body.attributes.items()}, diagnostics


def cli_var_value(raw: str, spec: TypeSpec) -> Any:
    """``--var k=v``: a literal string for primitive types, an HCL expression for collections."""
    if not needs_hcl_parsing(spec):
        return convert(raw, spec)
    try:
        return convert(evaluate(parse_expression(raw, "<--var>"), EvalContext(variables={})), spec)
    except HclSyntaxError:
        return raw


def root_variable_values(root: Path, var_files: list[Path], cli_vars: Mapping[str, str],
                         types: Mapping[str, TypeSpec], display: Any) -> VarSource:
    """Values for the root module at ``root`` (later sources override earlier ones)."""
    src = VarSource()
    for path in [*auto_var_files(root), *var_files]:
        shown = display(path)
        values, diags = read_var_file(path, shown)
        src.files.append(path)
        src.diagnostics.extend(diags)
        for name, value in values.items():
            src.values[name] = value
            src.origin[name] = shown
    for name, raw in cli_vars.items():
        src.values[name] = cli_var_value(raw, types.get(name, TypeSpec("any")))
        src.origin[name] = "--var"
    return src
