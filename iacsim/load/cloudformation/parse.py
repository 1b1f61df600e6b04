"""Read a CloudFormation template (YAML or JSON) keeping line numbers.

cfn-flip's ``cfn_tools.CfnYamlLoader`` understands the short intrinsic forms
(``!Ref``, ``!Sub``, ``!GetAtt A.B``…) and turns them into the long form
(``{"Fn::Sub": …}``), but it builds plain ``ODict`` mappings and so drops the
position of every node. Findings must point at the line of a resource and of
each property, so this module subclasses the loader and builds
:class:`LineDict` mappings that remember the line of the mapping itself and of
each key. JSON templates get the same structure from a small
recursive-descent reader (the stdlib ``json`` module has no positions).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml
from cfn_tools.yaml_loader import UNCONVERTED_SUFFIXES, construct_getatt

from iacsim import safe_yaml
from iacsim.bounds import Limits
from iacsim.load.limits import TOO_DEEP, LimitExceeded, check_json_depth

FN_PREFIX = "Fn::"


class LineDict(dict[str, Any]):
    """A mapping that remembers where it and each of its keys start (1-based lines)."""

    line: int
    key_lines: dict[str, int]
    duplicates: list[tuple[str, int, int]]
    """Keys written twice in this mapping: (key, line of the repeat, line of the first). Only the
    last value is kept, as in every YAML/JSON reader, so the first is silently lost."""

    def __init__(self, *args: Any, line: int = 0, key_lines: dict[str, int] | None = None) -> None:
        super().__init__(*args)
        self.line = line
        self.key_lines = key_lines if key_lines is not None else {}
        self.duplicates = []

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass(frozen=True)
class TemplateSyntaxError(Exception):
    """The file is not readable YAML/JSON; ``line`` is 1-based."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class LineYamlLoader(safe_yaml.BoundedSafeLoader):
    """cfn-flip's ``CfnYamlLoader`` rules (``!Tag`` → ``{"Fn::Tag": …}``, ``!GetAtt a.b`` → ``[a, b]``,
    mappings in order) on the fastest safe base loader, building :class:`LineDict` mappings with
    node start lines. ``tests/load/cloudformation`` checks it reads templates exactly as
    ``cfn_tools.load_yaml`` does. Alias expansion and nesting are bounded (:mod:`iacsim.safe_yaml`):
    a template over a limit raises :class:`iacsim.load.limits.LimitExceeded`."""


def _construct_line_mapping(loader: LineYamlLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)  # resolves YAML merge keys (<<) the way SafeLoader does
    mapping = LineDict(line=node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            # CloudFormation keys are strings; YAML would make `123:` an int.
            key = str(key)
        if key in mapping:
            mapping.duplicates.append((key, key_node.start_mark.line + 1, mapping.key_lines[key]))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_intrinsic(loader: LineYamlLoader, tag_suffix: str, node: yaml.Node) -> LineDict:
    """``!Sub x`` → ``{"Fn::Sub": x}`` as cfn_tools does, but line-aware and deep."""
    name = tag_suffix if tag_suffix in UNCONVERTED_SUFFIXES else FN_PREFIX + tag_suffix
    value: Any
    if name == "Fn::GetAtt":
        value = construct_getatt(node)
    elif isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = [loader.construct_object(child, deep=True) for child in node.value]
    elif isinstance(node, yaml.MappingNode):
        value = _construct_line_mapping(loader, node)
    else:  # pragma: no cover - yaml has no other node kinds
        raise yaml.constructor.ConstructorError(None, None, f"bad tag !{tag_suffix}", node.start_mark)
    line = node.start_mark.line + 1
    return LineDict({name: value}, line=line, key_lines={name: line})


LineYamlLoader.add_constructor("tag:yaml.org,2002:map", _construct_line_mapping)
LineYamlLoader.add_multi_constructor("!", _construct_intrinsic)
# CloudFormation reads `AWSTemplateFormatVersion: 2010-09-09` and `Timestamp: 2030-01-01` as
# strings; PyYAML's SafeLoader would turn them into date objects.
LineYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_yaml(text: str, limits: Limits | None = None) -> Any:
    try:
        return safe_yaml.load(text, limits, LineYamlLoader)  # a safe loader: no arbitrary objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own bound (1000), above ours
            raise LimitExceeded(line, "YAML nests too deeply for libyaml to read; the document is not read",
                                TOO_DEEP) from None
        raise TemplateSyntaxError(line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise TemplateSyntaxError(1, f"invalid YAML: {exc}") from None


# --- JSON with positions -------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")


class _JsonReader:
    """Recursive-descent JSON reader; only called on text ``json.loads`` already accepted."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        # Precomputed newline offsets make line lookups O(log n).
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, pos: int) -> int:
        import bisect

        return bisect.bisect_left(self.newlines, pos) + 1

    def skip(self) -> None:
        self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def value(self) -> Any:
        self.skip()
        ch = self.text[self.pos]
        if ch == "{":
            return self.obj()
        if ch == "[":
            self.pos += 1
            items: list[Any] = []
            self.skip()
            if self.text[self.pos] == "]":
                self.pos += 1
                return items
            while True:
                items.append(self.value())
                self.skip()
                sep = self.text[self.pos]
                self.pos += 1
                if sep == "]":
                    return items
        if ch == '"':
            s, self.pos = json.decoder.scanstring(self.text, self.pos + 1)  # type: ignore[attr-defined]
            return s
        for literal, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(literal, self.pos):
                self.pos += len(literal)
                return val
        m = _NUMBER.match(self.text, self.pos)
        assert m is not None
        self.pos = m.end()
        return float(m.group()) if m.group(1) or m.group(2) else int(m.group())

    def obj(self) -> LineDict:
        result = LineDict(line=self.line(self.pos))
        self.pos += 1
        self.skip()
        if self.text[self.pos] == "}":
            self.pos += 1
            return result
        while True:
            self.skip()
            key_line = self.line(self.pos)
            key, self.pos = json.decoder.scanstring(self.text, self.pos + 1)  # type: ignore[attr-defined]
            self.skip()
            self.pos += 1  # ':'
            if key in result:
                result.duplicates.append((key, key_line, result.key_lines[key]))
            result[key] = self.value()
            result.key_lines[key] = key_line
            self.skip()
            sep = self.text[self.pos]
            self.pos += 1
            if sep == "}":
                return result


def load_json(text: str, limits: Limits | None = None) -> Any:
    check_json_depth(text, limits or Limits())  # json.loads and the reader below recurse per level
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateSyntaxError(exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    return _JsonReader(text).value()


def looks_like_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))


def load_text(text: str, limits: Limits | None = None) -> Any:
    """JSON when the text starts like JSON, else YAML (cfn-flip guesses the same way).

    Raises :class:`TemplateSyntaxError`, or :class:`iacsim.load.limits.LimitExceeded` over a limit.
    """
    text = text.removeprefix("\ufeff")
    return load_json(text, limits) if looks_like_json(text) else load_yaml(text, limits)
