"""Evaluate CloudFormation intrinsic functions, conditions and pseudo parameters.

Reference: "Intrinsic function reference" and "Pseudo parameters reference" in the
AWS CloudFormation User Guide
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html).

Everything that CloudFormation only learns at deploy time (physical ids, imports
from other stacks, SSM dynamic references, parameters without a value) becomes
:class:`~iacsim.values.Unknown` carrying the reason and, for resource
attributes, ``ref="<address>.<Attribute>"`` (``Ref`` for ``!Ref``) so the model
can still tell *which* resource a value points at.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacsim.load.budget import BudgetExceeded, Meter, Overrun
from iacsim.load.cloudformation.attributes import known_attribute
from iacsim.load.cloudformation.dynamic_reference import (
    DynamicReference,
    find_references,
    references_with_unknowns,
)
from iacsim.load.cloudformation.parse import LineDict
from iacsim.load.tfplan import SensitiveStr
from iacsim.values import MadeUp, Unknown, first_unknown


class _NoValue:
    """``AWS::NoValue``: removes the property or list element that holds it."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()

_DYNAMIC_REF = re.compile(r"\{\{resolve:([a-z-]+):([^}]*)\}\}")
_SUB_VAR = re.compile(r"\$\{([^}]*)\}")
CONDITION_FUNCTIONS = ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition")


@dataclass(frozen=True)
class Problem:
    """Something CloudFormation itself would reject (bad reference, bad arguments)."""

    line: int
    message: str
    code: str = "invalid-template"


@dataclass
class TemplateScope:
    """What intrinsic functions can see while evaluating one copy of a template."""

    account: str | Unknown
    region: str | Unknown
    partition: str
    stack_name: str
    parameters: Mapping[str, Any]
    mappings: Mapping[str, Any]
    conditions: Mapping[str, Any]
    resources: Mapping[str, Any]
    """Raw resource entries by logical id (for the type and name properties of targets)."""
    address_of: Callable[[str], str]
    """Logical id → resource address (the region suffix of StackSet-like copies included)."""
    problems: list[Problem] = field(default_factory=list)
    _condition_values: dict[str, bool | Unknown] = field(default_factory=dict)
    _evaluating: set[str] = field(default_factory=set)


def _line(node: Any, default: int) -> int:
    return node.line if isinstance(node, LineDict) and node.line else default


def _intrinsic_name(node: Any) -> str | None:
    if isinstance(node, dict) and len(node) == 1:
        (key,) = node
        if key == "Ref" or key.startswith("Fn::") or key == "Condition":
            return str(key)
    return None


def _as_text(value: Any) -> str:
    """CloudFormation passes scalars around as strings; YAML booleans print as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value  # as is: str() of a SensitiveStr is its redacted form
    return str(value)


class Evaluator:
    def __init__(self, scope: TemplateScope, meter: Meter | None = None) -> None:
        self.scope = scope
        self.meter = meter or Meter()
        """Bounds the evaluation of one template copy (steps, size of Fn::Join/Fn::Sub results)."""
        self._reported: set[tuple[int, str]] = set()
        self._reported_anywhere: set[str] = set()

    def problem(self, line: int, message: str) -> Unknown:
        self.scope.problems.append(Problem(line, message))
        return Unknown(message)

    def _over_budget(self, line: int, exc: BudgetExceeded) -> Unknown:
        """An exceeded budget: reported once per place (running out of steps once per template)."""
        if (line, exc.message) not in self._reported and exc.message not in self._reported_anywhere:
            self._reported.add((line, exc.message))
            if exc.message == self.meter.exhausted:
                self._reported_anywhere.add(exc.message)
            self.scope.problems.append(Problem(line, exc.message, Overrun(line, exc.message).code))
        return Unknown(exc.message)

    # --- values ---------------------------------------------------------------------------------

    def evaluate(self, node: Any, line: int = 0) -> Any:
        """Evaluate a property value; ``NO_VALUE`` means "leave this out"."""
        line = _line(node, line)
        try:
            self.meter.step()
        except BudgetExceeded as exc:
            return self._over_budget(line, exc)
        name = _intrinsic_name(node)
        if name is not None and name != "Condition":
            return self._call(name, node[name], line)
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, value in node.items():
                v = self.evaluate(value, node.line_of(key) if isinstance(node, LineDict) else line)
                if v is not NO_VALUE:
                    out[str(key)] = v
            return out
        if isinstance(node, list):
            return [v for v in (self.evaluate(item, line) for item in node) if v is not NO_VALUE]
        if isinstance(node, str):
            return self._dynamic_references(node)
        return node

    def _dynamic_references(self, text: str) -> str | Unknown:
        m = _DYNAMIC_REF.search(text)
        if m is None:
            return text
        service, target = m.group(1), m.group(2)
        # Resolved by CloudFormation at deploy time from SSM / Secrets Manager: never in the code.
        # The references themselves are kept (names, not values) for the code-secret checks.
        return DynamicReference(f"dynamic reference {{{{resolve:{service}:{target.split(':')[0]}}}}} "
                                "is resolved at deploy time", references=find_references(text))

    def _call(self, name: str, args: Any, line: int) -> Any:
        handler = _FUNCTIONS.get(name)
        if handler is None:
            return self.problem(line, f"intrinsic function {name} is not supported by iacsim")
        return handler(self, args, line)

    # --- Ref / GetAtt ---------------------------------------------------------------------------

    def ref(self, target: Any, line: int) -> Any:
        if not isinstance(target, str):
            return self.problem(line, f"Ref expects a name, got {target!r}")
        scope = self.scope
        if target in scope.parameters:
            return scope.parameters[target]
        pseudo = self.pseudo(target)
        if pseudo is not None:
            return pseudo
        if target in scope.resources:
            return self.resource_attribute(target, "Ref", line)
        return self.problem(line, f"Ref to {target!r}: no parameter, pseudo parameter or resource of that name")

    def pseudo(self, name: str) -> Any:
        scope = self.scope
        region = scope.region
        values: dict[str, Any] = {
            "AWS::AccountId": scope.account,
            "AWS::Region": region,
            "AWS::Partition": scope.partition,
            "AWS::StackName": scope.stack_name,
            "AWS::URLSuffix": "amazonaws.com.cn" if scope.partition == "aws-cn" else "amazonaws.com",
            "AWS::NoValue": NO_VALUE,
            "AWS::StackId": Unknown("AWS::StackId is assigned when the stack is created"),
            "AWS::NotificationARNs": Unknown("AWS::NotificationARNs are given when the stack is deployed"),
        }
        return values.get(name)

    def resource_attribute(self, logical_id: str, attribute: str, line: int) -> Any:
        """A deploy-time attribute: known when derivable from the resource's own properties."""
        scope = self.scope
        address = scope.address_of(logical_id)
        entry = scope.resources[logical_id]
        rtype = entry.get("Type") if isinstance(entry, dict) else None
        props = entry.get("Properties") if isinstance(entry, dict) else None
        key = f"{logical_id}.{attribute}"
        value: Any = None
        if isinstance(rtype, str) and isinstance(props, dict) and key not in scope._evaluating:
            scope._evaluating.add(key)
            try:
                value = known_attribute(rtype, attribute, lambda prop: self.evaluate(props.get(prop), line),
                                        scope.account, scope.partition)
            finally:
                scope._evaluating.discard(key)
        if value is None or value is NO_VALUE:
            what = f"!Ref {logical_id}" if attribute == "Ref" else f"{logical_id}.{attribute}"
            return Unknown(f"{what} is known after the stack is deployed", ref=f"{address}.{attribute}")
        return value

    def get_att(self, args: Any, line: int) -> Any:
        if isinstance(args, str):
            args = args.split(".", 1)
        if not isinstance(args, list) or len(args) != 2:
            return self.problem(line, f"Fn::GetAtt expects [LogicalId, Attribute], got {args!r}")
        logical_id, attribute = args[0], self.evaluate(args[1], line)
        if not isinstance(logical_id, str):
            return self.problem(line, f"Fn::GetAtt expects a logical id string, got {logical_id!r}")
        if logical_id not in self.scope.resources:
            return self.problem(line, f"Fn::GetAtt refers to unknown resource {logical_id!r}")
        if isinstance(attribute, Unknown):
            return attribute
        return self.resource_attribute(str(logical_id), str(attribute), line)

    # --- string functions -----------------------------------------------------------------------

    def sub(self, args: Any, line: int) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(args, list):
            if len(args) != 2 or not isinstance(args[1], dict):
                return self.problem(line, "Fn::Sub expects a string or [string, {variables}]")
            template = args[0]
            variables = {k: self.evaluate(v, line) for k, v in args[1].items()}
        else:
            template = args
        if not isinstance(template, str):
            return self.problem(line, f"Fn::Sub expects a string, got {template!r}")

        pieces: list[Any] = []
        pos = 0
        for m in _SUB_VAR.finditer(template):
            pieces.append(template[pos:m.start()])
            pos = m.end()
            name = m.group(1)
            if name.startswith("!"):
                pieces.append("${" + name[1:] + "}")  # ${!Literal} escapes the substitution
                continue
            name = name.strip()
            if name in variables:
                pieces.append(variables[name])
            elif "." in name and name.split(".", 1)[0] in self.scope.resources:
                pieces.append(self.get_att(name, line))
            else:
                pieces.append(self.ref(name, line))
        pieces.append(template[pos:])
        return self._concat(pieces, line, "Fn::Sub")

    def _concat(self, pieces: list[Any], line: int, fn: str) -> Any:
        unknown = first_unknown(pieces)
        if unknown is not None:
            reason = f"{fn} uses a value that is not known statically ({unknown.reason})"
            references = references_with_unknowns(pieces)
            if references:  # {{resolve:secretsmanager:${Secret}:…}}: keep what the reference names
                return DynamicReference(reason, ref=unknown.ref, references=references)
            return Unknown(reason, ref=unknown.ref, template=_template(pieces))
        text = []
        size = 0
        for p in pieces:
            if p is NO_VALUE:
                continue
            if isinstance(p, dict | list):
                return self.problem(line, f"{fn} cannot insert a {type(p).__name__} into a string")
            text.append(_as_text(p))
            size += len(text[-1])
            try:
                self.meter.check_string(size, fn)
            except BudgetExceeded as exc:
                return self._over_budget(line, exc)
        joined = self._dynamic_references("".join(text))
        if isinstance(joined, str) and any(isinstance(p, SensitiveStr) for p in pieces):
            return SensitiveStr(joined)  # a NoEcho value inside a longer string is still secret
        if isinstance(joined, str) and any(isinstance(p, MadeUp) for p in pieces):
            return MadeUp(joined)  # built from a made-up stack name: not what the code holds either
        return joined

    def join(self, args: Any, line: int) -> Any:
        if not isinstance(args, list) or len(args) != 2:
            return self.problem(line, "Fn::Join expects [delimiter, [values]]")
        delimiter = self.evaluate(args[0], line)
        values = self.evaluate(args[1], line)
        if isinstance(values, Unknown) or isinstance(delimiter, Unknown):
            return values if isinstance(values, Unknown) else delimiter
        if not isinstance(values, list):
            return self.problem(line, "Fn::Join expects a list of values")
        pieces: list[Any] = []
        for i, v in enumerate(values):
            if i:
                pieces.append(delimiter)
            pieces.append(v)
        return self._concat(pieces, line, "Fn::Join")

    def select(self, args: Any, line: int) -> Any:
        if not isinstance(args, list) or len(args) != 2:
            return self.problem(line, "Fn::Select expects [index, [values]]")
        index = self.evaluate(args[0], line)
        values = self.evaluate(args[1], line)
        if isinstance(index, Unknown):
            return index
        if isinstance(values, Unknown):
            return Unknown(f"Fn::Select from a list that is not known statically ({values.reason})", ref=values.ref)
        try:
            i = int(index)
        except (TypeError, ValueError):
            return self.problem(line, f"Fn::Select index {index!r} is not a number")
        if not isinstance(values, list) or not 0 <= i < len(values):
            return self.problem(line, f"Fn::Select index {i} is out of range")
        return values[i]

    def split(self, args: Any, line: int) -> Any:
        if not isinstance(args, list) or len(args) != 2:
            return self.problem(line, "Fn::Split expects [delimiter, string]")
        delimiter = self.evaluate(args[0], line)
        source = self.evaluate(args[1], line)
        if isinstance(source, Unknown) or isinstance(delimiter, Unknown):
            return source if isinstance(source, Unknown) else delimiter
        if _as_text(delimiter) == "":
            # CloudFormation rejects the template; Python's str.split would raise
            return self.problem(line, "Fn::Split delimiter must not be empty")
        return _as_text(source).split(_as_text(delimiter))

    def base64(self, args: Any, line: int) -> Any:
        value = self.evaluate(args, line)
        if isinstance(value, Unknown):
            return value
        return base64.b64encode(_as_text(value).encode()).decode()

    def get_azs(self, args: Any, line: int) -> Any:
        region = self.evaluate(args, line)
        if region in ("", None):
            region = self.scope.region
        # Which zones exist (and their letters: ap-northeast-1 has no "b") depends on the region and the
        # account, so a guessed list would be wrong somewhere.
        return Unknown(f"the Availability Zones of {region} depend on the account (Fn::GetAZs)")

    def find_in_map(self, args: Any, line: int) -> Any:
        if not isinstance(args, list) or len(args) not in (3, 4):
            return self.problem(line, "Fn::FindInMap expects [MapName, TopLevelKey, SecondLevelKey]")
        keys = [self.evaluate(a, line) for a in args[:3]]
        default = None
        if len(args) == 4:
            # AWS::LanguageExtensions: [Map, Top, Second, {DefaultValue: x}]
            opts = args[3]
            if isinstance(opts, dict) and "DefaultValue" in opts:
                default = self.evaluate(opts["DefaultValue"], line)
        for k in keys:
            if isinstance(k, Unknown):
                return Unknown(f"Fn::FindInMap key not known statically ({k.reason})", ref=k.ref)
        map_name, top, second = (_as_text(k) for k in keys)
        table = self.scope.mappings.get(map_name)
        if not isinstance(table, dict):
            return default if default is not None else self.problem(line, f"Fn::FindInMap: no mapping {map_name!r}")
        row = table.get(top)
        if not isinstance(row, dict) or second not in row:
            if default is not None:
                return default
            return self.problem(line, f"Fn::FindInMap: mapping {map_name!r} has no entry [{top!r}][{second!r}]")
        return self.evaluate(row[second], line)

    def import_value(self, args: Any, line: int) -> Any:
        name = self.evaluate(args, line)
        label = name.reason if isinstance(name, Unknown) else name
        return Unknown(f"Fn::ImportValue {label!r} is exported by another stack")

    def to_json_string(self, args: Any, line: int) -> Any:
        value = self.evaluate(args, line)
        unknown = first_unknown(value)
        if unknown is not None:
            return Unknown(f"Fn::ToJsonString of a value not known statically ({unknown.reason})", ref=unknown.ref)
        return json.dumps(value, separators=(",", ":"))

    def length(self, args: Any, line: int) -> Any:
        value = self.evaluate(args, line)
        if isinstance(value, Unknown):
            return value
        if not isinstance(value, list):
            return self.problem(line, "Fn::Length expects a list")
        return len(value)

    def if_(self, args: Any, line: int) -> Any:
        if not isinstance(args, list) or len(args) != 3 or not isinstance(args[0], str):
            return self.problem(line, "Fn::If expects [ConditionName, value_if_true, value_if_false]")
        chosen = self.condition(args[0], line)
        if isinstance(chosen, Unknown):
            return Unknown(f"Fn::If on condition {args[0]} which is not known statically ({chosen.reason})")
        return self.evaluate(args[1] if chosen else args[2], line)

    # --- conditions -----------------------------------------------------------------------------

    def condition(self, name: str, line: int) -> bool | Unknown:
        """The value of a named condition from the template's ``Conditions`` section."""
        scope = self.scope
        if name in scope._condition_values:
            return scope._condition_values[name]
        if name not in scope.conditions:
            return self.problem(line, f"condition {name!r} is not defined in Conditions")
        if name in scope._evaluating:
            return self.problem(line, f"condition {name!r} refers to itself")
        scope._evaluating.add(name)
        try:
            node = scope.conditions[name]
            value = self.condition_expr(node, _line(node, line))
        finally:
            scope._evaluating.discard(name)
        scope._condition_values[name] = value
        return value

    def condition_expr(self, node: Any, line: int) -> bool | Unknown:
        name = _intrinsic_name(node)
        line = _line(node, line)
        if name not in CONDITION_FUNCTIONS:
            return self.problem(line, "a condition must use Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")
        args = node[name]
        if name == "Condition":
            return self.condition(str(args), line)
        if name == "Fn::Equals":
            if not isinstance(args, list) or len(args) != 2:
                return self.problem(line, "Fn::Equals expects two values")
            a, b = (self.evaluate(x, line) for x in args)
            u = first_unknown([a, b])
            if u is not None:
                return Unknown(f"Fn::Equals compares a value not known statically ({u.reason})", ref=u.ref)
            if isinstance(a, list | dict) or isinstance(b, list | dict):
                return bool(a == b)
            return _as_text(a) == _as_text(b)
        if not isinstance(args, list) or not args:
            return self.problem(line, f"{name} expects a list of conditions")
        values = [self.condition_expr(a, line) for a in args]
        if name == "Fn::Not":
            if len(values) != 1:
                return self.problem(line, "Fn::Not expects exactly one condition")
            v = values[0]
            return v if isinstance(v, Unknown) else not v
        known = [v for v in values if not isinstance(v, Unknown)]
        unknown = next((v for v in values if isinstance(v, Unknown)), None)
        if name == "Fn::And":
            if any(v is False for v in known):
                return False  # one false member decides, whatever the unknowns are
            return unknown if unknown is not None else True
        if any(v is True for v in known):  # Fn::Or
            return True
        return unknown if unknown is not None else False


def _unsupported(reason: str) -> Callable[[Evaluator, Any, int], Any]:
    def handler(ev: Evaluator, args: Any, line: int) -> Any:
        return Unknown(reason)

    return handler


_FUNCTIONS: dict[str, Callable[[Evaluator, Any, int], Any]] = {
    "Ref": Evaluator.ref,
    "Fn::GetAtt": Evaluator.get_att,
    "Fn::Sub": Evaluator.sub,
    "Fn::Join": Evaluator.join,
    "Fn::Select": Evaluator.select,
    "Fn::Split": Evaluator.split,
    "Fn::Base64": Evaluator.base64,
    "Fn::GetAZs": Evaluator.get_azs,
    "Fn::FindInMap": Evaluator.find_in_map,
    "Fn::ImportValue": Evaluator.import_value,
    "Fn::If": Evaluator.if_,
    "Fn::ToJsonString": Evaluator.to_json_string,
    "Fn::Length": Evaluator.length,
    "Fn::Cidr": _unsupported("Fn::Cidr is not evaluated by iacsim (network layout is out of scope)"),
    "Fn::Transform": _unsupported("Fn::Transform runs a macro at deploy time; macros are not simulated"),
}


def _template(pieces: list[Any]) -> str | None:
    """Which string a concatenation with unknown parts is (``arn:aws:s3:::${Template.yaml#Resources/Bucket}``):
    each unknown written ``${ref}`` (see :attr:`iacsim.values.Unknown.template`); None when a part cannot be
    named, or is secret (a NoEcho value never goes into a template)."""
    text: list[str] = []
    for p in pieces:
        if p is NO_VALUE:
            continue
        if isinstance(p, Unknown):
            if p.template is None and not p.ref:
                return None
            text.append(p.template if p.template is not None else f"${{{p.ref}}}")
        elif isinstance(p, SensitiveStr | dict | list):
            return None
        else:
            text.append(_as_text(p))
    return "".join(text)
