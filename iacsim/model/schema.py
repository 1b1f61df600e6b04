"""Generate ``docs/model-schema.json`` and the field reference of ``docs/model-schema.md``.

Both are derived from the model dataclasses (types from their annotations,
descriptions from the attribute docstrings), so the documentation cannot drift
from the code; ``tests/model/test_schema.py`` fails when the checked-in files
are stale. Regenerate with::

    python -m iacsim.model.schema --write
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import inspect
import json
import pkgutil
import sys
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from iacsim.load.resource import SourceLocation, Suppression
from iacsim.model import base, ec2, iam, kms, s3, ssm, world
from iacsim.model.base import ModelObject, ServiceObject
from iacsim.model.to_json import SCHEMA_VERSION
from iacsim.values import Unknown

MODULES = (world, base, kms, ssm, s3, iam, ec2)
"""Core model modules, in documentation order (service modules follow, by name)."""

_NOT_MODEL = frozenset({"build", "effective", "ids", "refs", "registry", "schema", "to_json", "value_shape"})


def _service_modules() -> tuple[types.ModuleType, ...]:
    """Model modules defining :class:`ServiceObject` classes (``iacsim/model/<service>.py``), by name."""
    import iacsim.model as package

    core = {m.__name__ for m in MODULES}
    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        name = f"{package.__name__}.{info.name}"
        if info.ispkg or info.name in _NOT_MODEL or name in core:
            continue
        module = importlib.import_module(name)
        if any(inspect.isclass(o) and issubclass(o, ServiceObject) and o.__module__ == name
               for o in vars(module).values()):
            found.append(module)
    return tuple(found)

EXTERNAL = (SourceLocation, Suppression)
"""Loader dataclasses that appear inside model objects."""

REPO = Path(__file__).resolve().parents[2]
JSON_PATH = REPO / "docs" / "model-schema.json"
MD_PATH = REPO / "docs" / "model-schema.md"
BEGIN = "<!-- BEGIN GENERATED FIELD REFERENCE (python -m iacsim.model.schema --write) -->"
END = "<!-- END GENERATED FIELD REFERENCE -->"


@functools.cache
def _model_classes() -> tuple[type[Any], ...]:
    """Every dataclass defined in the model modules (plus the loader ones they embed), in source order."""
    found: list[type[Any]] = []
    for module in (*MODULES, *_service_modules()):
        members = [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__
        ]
        members.sort(key=lambda c: inspect.getsourcelines(c)[1])
        found.extend(members)
    found.extend(EXTERNAL)
    return tuple(found)


def model_classes() -> list[type[Any]]:
    """Every dataclass defined in the model modules (plus the loader ones they embed), in source order."""
    return list(_model_classes())


def _concrete_object(cls: type[Any]) -> bool:
    return issubclass(cls, ModelObject) and cls not in (ModelObject, ServiceObject)


def _type_schema(tp: Any) -> dict[str, Any]:
    if tp is Any:
        return {}
    if tp is type(None) or tp is None:
        return {"type": "null"}
    if tp is Unknown:
        return {"$ref": "#/$defs/Unknown"}
    supertype = getattr(tp, "__supertype__", None)  # NewType
    if supertype is not None:
        return _type_schema(supertype)
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is ServiceObject:
        refs = [{"$ref": f"#/$defs/{c.__name__}"} for c in model_classes()
                if _concrete_object(c) and issubclass(c, ServiceObject)]
        return {"anyOf": refs} if refs else {"not": {}}
    if tp is ModelObject:
        # The abstract base stands for "any model object": one of the concrete classes, told apart by kind.
        return {"anyOf": [{"$ref": f"#/$defs/{c.__name__}"} for c in model_classes() if _concrete_object(c)]}
    if inspect.isclass(tp) and dataclasses.is_dataclass(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (Union, types.UnionType):
        options: list[dict[str, Any]] = []
        for arg in args:
            option = _type_schema(arg)
            if option not in options:
                options.append(option)
        return {"anyOf": options}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0])}
        return {"type": "array", "prefixItems": [_type_schema(a) for a in args], "items": False}
    if origin in (list, typing.List):  # noqa: UP006
        return {"type": "array", "items": _type_schema(args[0]) if args else {}}
    if origin in (dict, Mapping, typing.Mapping):
        value = _type_schema(args[1]) if len(args) == 2 else {}
        return {"type": "object", "additionalProperties": value} if value else {"type": "object"}
    raise TypeError(f"no JSON schema for {tp!r}")


def _class_schema(cls: type[Any]) -> dict[str, Any]:
    hints = get_type_hints(cls)
    props: dict[str, Any] = {}
    if issubclass(cls, ModelObject):
        props["kind"] = {"const": cls.__name__}
    docs = field_docs(cls)
    for f in dataclasses.fields(cls):
        if f.name.startswith("_"):
            continue
        schema = dict(_type_schema(hints[f.name]))
        if f.name in docs:
            schema["description"] = docs[f.name]
        props[f.name] = schema
    out: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }
    doc = _first_paragraph(cls)
    if doc:
        out["description"] = doc
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :func:`iacsim.model.world_to_json` output."""
    defs: dict[str, Any] = {
        "Unknown": {
            "type": "object",
            "description": "A value that cannot be known statically, with why (and the address it refers to).",
            "properties": {"unknown": {"type": "string"}, "ref": {"type": ["string", "null"]}},
            "required": ["unknown", "ref"],
            "additionalProperties": False,
        }
    }
    for cls in model_classes():
        if cls not in (ModelObject, ServiceObject):
            defs[cls.__name__] = _class_schema(cls)
    root = dict(defs.pop("World"))
    root["properties"] = {"schema_version": {"const": SCHEMA_VERSION}, **root["properties"]}
    root["required"] = ["schema_version", *root["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:iacsim:schema:model",
        "title": "iacsim model",
        **root,
        "$defs": defs,
    }


# -- attribute docstrings ---------------------------------------------------------------------


def _first_paragraph(cls: type[Any]) -> str:
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


@functools.cache
def _module_tree(module_name: str) -> ast.Module:
    return ast.parse(inspect.getsource(sys.modules[module_name]))


def _class_node(cls: type[Any]) -> ast.ClassDef:
    for node in ast.walk(_module_tree(cls.__module__)):
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            return node
    raise LookupError(cls.__name__)


def _annotated_fields(cls: type[Any]) -> Iterator[tuple[str, str, str]]:
    """(name, annotation source, docstring) for each annotated attribute of ``cls`` itself."""
    body = _class_node(cls).body
    for i, stmt in enumerate(body):
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            if ast.unparse(stmt.annotation).startswith("ClassVar"):
                continue  # a class declaration (where the World keeps the class), not a field
            doc = ""
            nxt = body[i + 1] if i + 1 < len(body) else None
            if (
                isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)
            ):
                doc = " ".join(inspect.cleandoc(nxt.value.value).split())
            yield stmt.target.id, ast.unparse(stmt.annotation), doc


def field_docs(cls: type[Any]) -> dict[str, str]:
    """Attribute docstrings of ``cls`` and its dataclass bases."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if dataclasses.is_dataclass(klass) and klass.__module__.startswith("iacsim"):
            docs.update({name: doc for name, _, doc in _annotated_fields(klass)})
    return docs


def field_reference() -> str:
    """The generated Markdown field reference (one table per class)."""
    lines = [BEGIN, ""]
    for cls in model_classes():
        lines.append(f"### `{cls.__name__}`")
        lines.append("")
        doc = _first_paragraph(cls)
        if doc:
            lines.append(doc)
            lines.append("")
        own = list(_annotated_fields(cls))
        bases = [b.__name__ for b in cls.__mro__[1:] if dataclasses.is_dataclass(b)]
        if bases:
            lines.append(f"Also has every field of `{bases[0]}`.")
            lines.append("")
        if issubclass(cls, ModelObject):
            lines.append(f'JSON: `"kind": "{cls.__name__}"` first.')
            lines.append("")
        lines.append("| field | type | meaning |")
        lines.append("|---|---|---|")
        for name, annotation, doc in own:
            if name.startswith("_"):
                continue
            cell = annotation.replace("|", "\\|")
            meaning = doc.replace("|", "\\|")
            lines.append(f"| `{name}` | `{cell}` | {meaning} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"


def render_markdown(current: str) -> str:
    """``current`` (the docs page) with its generated section replaced by the fresh one."""
    start, end = current.index(BEGIN), current.index(END) + len(END)
    return current[:start] + field_reference().rstrip("\n") + current[end:]


def main(argv: list[str]) -> int:
    schema_text = json.dumps(json_schema(), indent=2) + "\n"
    markdown = render_markdown(MD_PATH.read_text(encoding="utf-8"))
    if "--write" in argv:
        JSON_PATH.write_text(schema_text, encoding="utf-8")
        MD_PATH.write_text(markdown, encoding="utf-8")
        return 0
    stale = [
        str(p)
        for p, text in ((JSON_PATH, schema_text), (MD_PATH, markdown))
        if p.read_text(encoding="utf-8") != text
    ]
    if stale:
        print("stale (run python -m iacsim.model.schema --write): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
