"""Filesystem functions, confined to the scanned root.

https://developer.hashicorp.com/terraform/language/functions (Filesystem Functions).
Relative paths resolve against ``EvalContext.base_dir`` (Terraform's working
directory, the root module). The scan reads nothing outside
``EvalContext.root_dir``: such a path (absolute, ``..``, a symlink leading out,
``~``) yields an Unknown saying so, never the file's content.
"""

from __future__ import annotations

import base64
import hashlib
import os
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacsim.load import budget
from iacsim.load.hcl.convert import EvalError, TfSet, to_string, type_name
from iacsim.load.hcl.errors import HclSyntaxError
from iacsim.load.hcl.functions.registry import function
from iacsim.load.limits import OUTSIDE_ROOT
from iacsim.values import Unknown

if TYPE_CHECKING:
    from iacsim.load.hcl.evaluate import EvalContext

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Larger files are not read: configuration files are small, anything bigger is not one."""


def resolve(ctx: EvalContext, path: Any) -> Path | Unknown:
    """The real path of ``path`` if it lies inside the scanned root, else an Unknown saying why."""
    if isinstance(path, Unknown):
        return path
    text = to_string(path, "the path")
    if ctx.root_dir is None:
        return Unknown(f'file "{text}" not read: no scanned root to confine file access to')
    if text.startswith("~"):
        return _refused(f'file "{text}" is in a home directory, outside the scanned root; not read')
    candidate = Path(text)
    if not candidate.is_absolute():
        candidate = (ctx.base_dir or ctx.root_dir) / candidate
    real = Path(os.path.realpath(candidate))
    root = Path(os.path.realpath(ctx.root_dir))
    if not real.is_relative_to(root):
        return _refused(f'file "{text}" is outside the scanned root; not read')
    return real


def _refused(message: str) -> Unknown:
    """A path the scan will not read: an unknown value, and a PARSE010 finding at the call's line."""
    meter = budget.current()
    if meter is not None:
        meter.refuse(message, OUTSIDE_ROOT)
    return Unknown(message)


def read_bytes(ctx: EvalContext, path: Any) -> bytes | Unknown:
    where = resolve(ctx, path)
    if isinstance(where, Unknown):
        return where
    if not where.is_file():
        raise EvalError(f'no file exists at "{to_string(path)}"')
    if where.stat().st_size > MAX_FILE_BYTES:
        return Unknown(f'file "{to_string(path)}" is larger than {MAX_FILE_BYTES} bytes; not read')
    return where.read_bytes()


def read_text(ctx: EvalContext, path: Any) -> str | Unknown:
    raw = read_bytes(ctx, path)
    if isinstance(raw, Unknown):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EvalError(
            f'contents of "{to_string(path)}" are not valid UTF-8; use filebase64 instead'
        ) from None


@function("file", needs_ctx=True)
def file(ctx: EvalContext, path: Any) -> Any:
    return read_text(ctx, path)


@function("fileexists", needs_ctx=True)
def fileexists(ctx: EvalContext, path: Any) -> Any:
    where = resolve(ctx, path)
    if isinstance(where, Unknown):
        return where
    return where.is_file()


@function("filebase64", needs_ctx=True)
def filebase64(ctx: EvalContext, path: Any) -> Any:
    raw = read_bytes(ctx, path)
    return raw if isinstance(raw, Unknown) else base64.b64encode(raw).decode("ascii")


def _file_hash(algorithm: str, encode: str) -> Any:
    def impl(ctx: EvalContext, path: Any) -> Any:
        raw = read_bytes(ctx, path)
        if isinstance(raw, Unknown):
            return raw
        digest = hashlib.new(algorithm, raw)
        return digest.hexdigest() if encode == "hex" else base64.b64encode(digest.digest()).decode("ascii")

    return impl


for _name, _algorithm, _encode in (
    ("filemd5", "md5", "hex"),
    ("filesha1", "sha1", "hex"),
    ("filesha256", "sha256", "hex"),
    ("filesha512", "sha512", "hex"),
    ("filebase64sha256", "sha256", "base64"),
    ("filebase64sha512", "sha512", "base64"),
):
    function(_name, needs_ctx=True)(_file_hash(_algorithm, _encode))


@function("fileset", needs_ctx=True)
def fileset(ctx: EvalContext, path: Any, pattern: Any) -> Any:
    where = resolve(ctx, path)
    if isinstance(where, Unknown):
        return where
    root = Path(os.path.realpath(ctx.root_dir)) if ctx.root_dir else where
    found = []
    for match in where.glob(to_string(pattern, "the pattern")):
        real = Path(os.path.realpath(match))
        if match.is_file() and real.is_relative_to(root):
            found.append(match.relative_to(where).as_posix())
    return TfSet(sorted(found))


@function("templatefile", needs_ctx=True, unknown_ok=True)
def templatefile(ctx: EvalContext, path: Any, variables: Any) -> Any:
    from iacsim.load.hcl.evaluate import EvalContext as Ctx
    from iacsim.load.hcl.evaluate import evaluate_strict
    from iacsim.load.hcl.parser import parse_expression
    from iacsim.load.hcl.template import assemble, scan_template

    if isinstance(variables, Unknown):
        return variables
    if not isinstance(variables, Mapping):
        raise EvalError(f"the variables argument must be a map or object, got {type_name(variables)}")
    text = read_text(ctx, path)
    if isinstance(text, Unknown):
        return text
    name = to_string(path)

    def parse_inner(source: str, line: int) -> Any:
        return parse_expression(source, name, line)

    try:
        expr = assemble(scan_template(text, 1, name, parse_inner), 1, name, unwrap=False)
    except HclSyntaxError as exc:
        raise EvalError(f"{name}:{exc.line}: {exc.message}") from None
    # A template sees only the variables passed in, and may not call templatefile again.
    functions = {k: v for k, v in ctx.functions.items() if k != "templatefile"}
    inner = Ctx(variables=dict(variables), base_dir=ctx.base_dir, root_dir=ctx.root_dir, functions=functions)
    return evaluate_strict(expr, inner)


@function("dirname")
def dirname(path: Any) -> str:
    # Go's filepath.Dir: everything up to the last separator, cleaned.
    text = to_string(path)
    head = text[: text.rfind("/") + 1]
    return posixpath.normpath(head) if head else "."


@function("basename")
def basename(path: Any) -> str:
    # Go's filepath.Base: the last element, ignoring trailing separators.
    raw = to_string(path)
    text = raw.rstrip("/")
    if not text:
        return "/" if raw else "."
    return text[text.rfind("/") + 1 :]


@function("pathexpand")
def pathexpand(path: Any) -> Any:
    text = to_string(path)
    if text.startswith("~"):
        return Unknown(f'"{text}" depends on the home directory of the machine running Terraform')
    return text


@function("abspath", needs_ctx=True)
def abspath(ctx: EvalContext, path: Any) -> Any:
    return Unknown(f'abspath("{to_string(path)}") depends on where Terraform runs')


@function("templatestring", needs_ctx=True, unknown_ok=True)
def templatestring(ctx: EvalContext, template: Any, variables: Any) -> Any:
    """Like templatefile, with the template text taken from a string value (Terraform 1.9+)."""
    from iacsim.load.hcl.evaluate import EvalContext as Ctx
    from iacsim.load.hcl.evaluate import evaluate_strict
    from iacsim.load.hcl.parser import parse_expression
    from iacsim.load.hcl.template import assemble, scan_template

    for arg in (template, variables):
        if isinstance(arg, Unknown):
            return arg
    if not isinstance(variables, Mapping):
        raise EvalError(f"the variables argument must be a map or object, got {type_name(variables)}")
    text = to_string(template, "the template")

    def parse_inner(source: str, line: int) -> Any:
        return parse_expression(source, "<templatestring>", line)

    try:
        expr = assemble(
            scan_template(text, 1, "<templatestring>", parse_inner), 1, "<templatestring>", unwrap=False
        )
    except HclSyntaxError as exc:
        raise EvalError(f"template line {exc.line}: {exc.message}") from None
    functions = {k: v for k, v in ctx.functions.items() if k not in ("templatefile", "templatestring")}
    inner = Ctx(variables=dict(variables), base_dir=ctx.base_dir, root_dir=ctx.root_dir, functions=functions)
    return evaluate_strict(expr, inner)
