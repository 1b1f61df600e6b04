"""CloudFormation template → :class:`Resource` records (one set per stack copy)."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from iacsim.bounds import Limits
from iacsim.load.budget import Meter
from iacsim.load.cloudformation.intrinsics import NO_VALUE, Evaluator, TemplateScope
from iacsim.load.cloudformation.options import CfnOptions, ParametersFileError, read_parameters_file
from iacsim.load.cloudformation.parse import LineDict, TemplateSyntaxError, load_text
from iacsim.load.cloudformation.placement import StackCopy, place_template
from iacsim.load.cloudformation.schema import REQUIRED_PROPERTIES, type_problem
from iacsim.load.limits import LimitExceeded, limit_diagnostic
from iacsim.load.resource import (
    Diagnostic,
    LoadResult,
    Placement,
    Resource,
    Severity,
    SourceLocation,
    Suppression,
)
from iacsim.load.tfplan import SensitiveStr
from iacsim.values import MadeUp, Unknown

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
SAM_FUNCTION = "AWS::Serverless::Function"
"""The one SAM type read: it becomes an ``AWS::Lambda::Function`` whose environment is judged like Lambda's."""
STACK_REFERENCE = re.compile(r"^\{\{iacsim:([^#{}]+)#Resources/([A-Za-z0-9]+(?:\[[a-z0-9-]+\])?)\.([A-Za-z0-9.]+)\}\}$")
"""``{{iacsim:<template>#Resources/<LogicalId>.<Attribute>}}`` as a parameter value: the value is an
attribute of a resource in another scanned template (a multi-Region primary key's ARN handed to
the replica stacks in other regions, which CloudFormation cannot import across regions)."""
LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"


@lru_cache(maxsize=8)
def _parse(text: str, limits: Limits) -> Any:
    """Parsed template; cached because discovery calls :func:`is_template` right before loading."""
    return load_text(text, limits)


def _looks_like_template(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if "AWSTemplateFormatVersion" in data:
        return True
    resources = data.get("Resources")
    return isinstance(resources, dict) and any(
        isinstance(r, dict) and isinstance(r.get("Type"), str) and r["Type"].startswith("AWS::")
        for r in resources.values()
    )


def is_template(path: Path, text: str, limits: Limits | None = None) -> bool:
    """True for CloudFormation templates: ``AWSTemplateFormatVersion``, or ``Resources`` of ``AWS::`` types.

    A file that does not parse counts as a template when its text plainly is one, so that
    the syntax error is reported rather than the file silently skipped.
    """
    if "AWSTemplateFormatVersion" not in text and "Resources" not in text:
        return False
    try:
        return _looks_like_template(_parse(text, limits or Limits()))
    except (TemplateSyntaxError, LimitExceeded):
        return "AWSTemplateFormatVersion" in text or ("Resources" in text and "AWS::" in text)


def _transforms(data: dict[str, Any]) -> list[str]:
    raw = data.get("Transform")
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    names = []
    for item in items:
        if isinstance(item, dict):  # {Name: AWS::Include, Parameters: …}
            names.append(str(item.get("Name", item)))
        else:
            names.append(str(item))
    return names


def _parameter_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",")] if value else []


class _TemplateLoader:
    def __init__(self, path: Path, rel: str, data: dict[str, Any], options: CfnOptions) -> None:
        self.path = path
        self.rel = rel
        self.data = data
        self.options = options
        self.out = LoadResult(files=[rel])
        self._seen_diagnostics: set[tuple[int, str]] = set()

    def diag(self, line: int, message: str, severity: Severity = "warning", code: str = "invalid-template") -> None:
        # Identical messages from several stack copies are reported once.
        if (line, message) in self._seen_diagnostics:
            return
        self._seen_diagnostics.add((line, message))
        self.out.diagnostics.append(Diagnostic(self.rel, line, message, severity, code))

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.diag(self._line(self.data, name), f"{name} must be a mapping", "error", "parse-error")
            return {}
        return value

    @staticmethod
    def _line(node: Any, key: str) -> int:
        return node.line_of(key) if isinstance(node, LineDict) else 1

    # --- parameters -----------------------------------------------------------------------------

    def given_parameters(self, copy: StackCopy) -> dict[str, Any]:
        """Values from the stack entry, then parameters files, then ``--cfn-param`` (last wins).

        Stack references (:data:`STACK_REFERENCE`) become ``Unknown`` values naming the resource;
        paths in a ``stacks`` entry are relative to its configuration file, others to the scanned root.
        """
        given: dict[str, Any] = {k: self.stack_reference(v, copy.config_dir) for k, v in copy.parameters.items()}
        for file in self.options.parameter_files:
            try:
                given.update({k: self.stack_reference(v, "") for k, v in read_parameters_file(file).items()})
            except ParametersFileError as exc:
                self.diag(1, f"parameters file {exc.path}: line {exc.line}: {exc.message}", "error",
                          "parse-error")
        given.update({k: self.stack_reference(v, "") for k, v in self.options.parameters.items()})
        return given

    @staticmethod
    def links(copy: StackCopy) -> tuple[str, ...]:
        """What a ``stacks`` entry deploys this template with (:attr:`Resource.links`): the other
        templates its configuration file places (one deployment, possibly across accounts), and the
        templates its ``{{iacsim:…}}`` parameters reference, which must be in the same world."""
        if not copy.listed:
            return ()
        referenced = (m.group(1) for v in copy.parameters.values() if (m := STACK_REFERENCE.match(v)))
        return (f"stacks:{copy.config_dir or '.'}",
                *sorted({posixpath.normpath(posixpath.join(copy.config_dir, t)) for t in referenced}))

    @staticmethod
    def stack_reference(value: str, base: str) -> str | Unknown:
        m = STACK_REFERENCE.match(value)
        if m is None:
            return value
        template = posixpath.normpath(posixpath.join(base, m.group(1)))
        address = f"{template}#Resources/{m.group(2)}"
        return Unknown(f"{m.group(2)}.{m.group(3)} of stack template {template} is known after it is deployed",
                       ref=f"{address}.{m.group(3)}")

    def parameters(self, copy: StackCopy) -> dict[str, Any]:
        declared = self.section("Parameters")
        given = self.given_parameters(copy)
        values: dict[str, Any] = {}
        for name, spec in declared.items():
            line = self._line(declared, name)
            spec = spec if isinstance(spec, dict) else {}
            ptype = str(spec.get("Type", "String"))
            if isinstance(given.get(name), Unknown):
                values[name] = given[name]
                continue
            if name in given:
                raw: Any = given[name]
            elif "Default" in spec:
                raw = spec["Default"]
            else:
                # The ref names the parameter of this stack copy: every string built from it is the same
                # string wherever it is written (a bucket named !Sub ${AppName}-logs is the bucket its policy's
                # !Sub arn:aws:s3:::${AppName}-logs/* names), so the replay gives both one stand-in.
                values[name] = Unknown(f"parameter {name} has no default and no value was given "
                                       f"(--cfn-param {name}=… or a parameters file)",
                                       ref=f"{self.rel}#Parameters/{name}{copy.address_suffix}")
                continue
            # Parameter values are strings to CloudFormation; a YAML default may be a number, bool or list.
            text = ",".join(map(_parameter_text, raw)) if isinstance(raw, list) else _parameter_text(raw)
            no_echo = _parameter_text(spec.get("NoEcho", "")).lower() == "true"
            allowed = spec.get("AllowedValues")
            is_list = ptype.startswith("List<") or ptype == "CommaDelimitedList"
            # A list parameter's AllowedValues constrain each member (a value of several members could never
            # equal one allowed value otherwise); members are compared with surrounding spaces trimmed, as
            # CloudFormation splits "t3.small, t3.medium" into t3.small and t3.medium.
            members = _split_list(text) if is_list else [text]
            if isinstance(allowed, list) and any(
                    m not in [_parameter_text(a) for a in allowed] for m in members if isinstance(m, str)):
                shown = "its value" if no_echo else f"value {text!r}"
                self.diag(line, f"parameter {name}: {shown} is not one of its AllowedValues; "
                                "CloudFormation would reject the stack")
            if ptype.startswith("AWS::SSM::Parameter::Value"):
                values[name] = Unknown(f"parameter {name} is read from SSM parameter {text!r} at deploy time")
            elif ptype.startswith("List<") or ptype == "CommaDelimitedList":
                values[name] = _split_list(text)
            else:
                # NoEcho: CloudFormation masks the value in every output; so does iacsim (it stays
                # measurable by the model, e.g. a secret in a String parameter, but never prints).
                values[name] = SensitiveStr(text) if no_echo else text
        for name in given:
            if name not in declared and name in self.options.parameters:
                self.diag(1, f"--cfn-param {name}: the template declares no such parameter", "info",
                          "unused-parameter")
        return values

    # --- resources ------------------------------------------------------------------------------

    def report_duplicates(self, node: Any) -> None:
        """Warn about keys written twice anywhere in the template (a copy-pasted resource or property)."""
        if isinstance(node, LineDict):
            for key, line, first in node.duplicates:
                self.diag(line, f"duplicate key {key!r} (first on line {first}): the earlier one is ignored",
                          "warning", "duplicate-key")
        if isinstance(node, dict):
            for value in node.values():
                self.report_duplicates(value)
        elif isinstance(node, list):
            for value in node:
                self.report_duplicates(value)

    def load(self) -> LoadResult:
        self.report_duplicates(self.data)
        transforms = _transforms(self.data)
        other_macros = [t for t in transforms if t not in (SAM_TRANSFORM, LANGUAGE_EXTENSIONS)]
        transform_line = self._line(self.data, "Transform")
        if SAM_TRANSFORM in transforms:
            self.diag(transform_line, f"Transform {SAM_TRANSFORM} (SAM) is not simulated: AWS::Serverless::Function "
                                      "is read as the Lambda function it becomes (with Globals.Function), other "
                                      "AWS::Serverless::* resources are skipped, plain AWS:: resources are loaded "
                                      "as written", "warning", "not-simulated")
        if other_macros:
            self.diag(transform_line, f"Transform {', '.join(other_macros)} runs a macro at deploy time; "
                                      "macros are not simulated, so this template's resources are not loaded",
                      "warning", "not-simulated")
            return self.out

        resources = self.section("Resources")
        if "Resources" not in self.data:
            self.diag(1, "template has no Resources section", "warning")
        placed = place_template(self.path, self.rel, self.options)
        self.out.diagnostics.extend(placed.diagnostics)
        for a in placed.assumptions:
            if a not in self.out.assumptions:
                self.out.assumptions.append(a)
        for copy in placed.copies:
            self.load_copy(copy, resources)
        return self.out

    def load_copy(self, copy: StackCopy, resources: dict[str, Any]) -> None:
        def address_of(logical_id: str) -> str:
            return f"{self.rel}#Resources/{logical_id}{copy.address_suffix}"

        scope = TemplateScope(
            account=copy.account,
            region=copy.region,
            partition=_partition(copy.region),
            stack_name=MadeUp(copy.stack_name) if copy.stack_name_assumed else copy.stack_name,
            parameters=self.parameters(copy),
            mappings=self.section("Mappings"),
            conditions=self.section("Conditions"),
            resources={k: v for k, v in resources.items() if not k.startswith("Fn::ForEach::")},
            address_of=address_of,
        )
        ev = Evaluator(scope, Meter(self.options.config.budgets))
        links = self.links(copy)
        placement = Placement(account=copy.account, region=copy.region, account_assumed=copy.account_assumed,
                              region_assumed=copy.region_assumed, provider=copy.stack_name,
                              partition=scope.partition, deployer=copy.deployer)
        for logical_id, entry in resources.items():
            line = self._line(resources, logical_id)
            if logical_id.startswith("Fn::ForEach::"):
                self.diag(line, f"{logical_id} (AWS::LanguageExtensions) is not simulated", "warning",
                          "not-simulated")
                continue
            resource = self.resource(ev, logical_id, entry, line, placement, address_of(logical_id))
            if resource is not None:
                resource.links = links
                self.out.resources.append(resource)
        for problem in scope.problems:
            self.diag(problem.line, problem.message, "error" if problem.code != "invalid-template" else "warning",
                      problem.code)

    def resource(self, ev: Evaluator, logical_id: str, entry: Any, line: int, placement: Placement,
                 address: str) -> Resource | None:
        if not isinstance(entry, dict):
            self.diag(line, f"resource {logical_id} must be a mapping with a Type")
            return None
        rtype = entry.get("Type")
        problem = type_problem(rtype)
        if problem is not None:
            type_line = self._line(entry, "Type") if "Type" in entry else line
            self.diag(type_line, f"{logical_id}: {problem}", "warning", "unknown-type")
            if not isinstance(rtype, str):
                return None
        assert isinstance(rtype, str)
        if rtype.startswith("AWS::Serverless::") and rtype != SAM_FUNCTION:
            return None
        if rtype == "AWS::CloudFormation::Stack":
            self.diag(line, f"{logical_id}: nested stack templates are not followed; scan the child "
                            "template file directly", "info", "not-simulated")

        condition = entry.get("Condition")
        repetition: str | None = None
        if condition is not None:
            verdict = ev.condition(str(condition), self._line(entry, "Condition"))
            if isinstance(verdict, Unknown):
                self.out.assumptions.append(
                    f"{address} is loaded although its condition {condition} cannot be evaluated "
                    f"({verdict.reason})")
                repetition = f"its Condition {condition} cannot be evaluated ({verdict.reason})"
            elif not verdict:
                return None

        raw_props = entry.get("Properties", {})
        if raw_props is None:
            raw_props = {}
        if not isinstance(raw_props, dict):
            self.diag(self._line(entry, "Properties"), f"{logical_id}: Properties must be a mapping")
            raw_props = {}
        if rtype == SAM_FUNCTION:
            raw_props = _with_sam_globals(raw_props, self.data.get("Globals"))
        attrs = ev.evaluate(raw_props, self._line(entry, "Properties"))
        if attrs is NO_VALUE or not isinstance(attrs, dict):
            attrs = {}
        missing = [p for p in REQUIRED_PROPERTIES.get(rtype, ()) if p not in attrs]
        if missing:
            self.diag(line, f"{logical_id} ({rtype}) is missing required "
                            f"propert{'ies' if len(missing) > 1 else 'y'} {', '.join(missing)}",
                      "warning", "missing-property")
        attr_lines = _property_lines(raw_props) if isinstance(raw_props, LineDict) else {}
        return Resource(
            type=rtype,
            address=address,
            attrs=attrs,
            source=SourceLocation(self.rel, line),
            placement=placement,
            origin="cloudformation",
            name=logical_id,
            attr_lines=attr_lines,
            suppressions=self.suppressions(entry, logical_id),
            repetition=repetition,
        )

    def suppressions(self, entry: dict[str, Any], logical_id: str) -> tuple[Suppression, ...]:
        """``Metadata: {iacsim: {ignore: [{id: KMS001, reason: "…"}]}}`` on a resource."""
        meta = entry.get("Metadata")
        block = meta.get("iacsim") if isinstance(meta, dict) else None
        ignores = block.get("ignore") if isinstance(block, dict) else None
        if ignores is None:
            return ()
        if not isinstance(ignores, list):
            self.diag(self._line(block, "ignore"), f"{logical_id}: Metadata.iacsim.ignore must be a list")
            return ()
        out = []
        for item in ignores:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                line = item.line if isinstance(item, LineDict) else self._line(block, "ignore")
                reason = item.get("reason")
                if not isinstance(reason, str) or not reason.strip():
                    self.diag(line, f"{logical_id}: suppression of {item['id']} needs a reason")
                    reason = ""
                out.append(Suppression(rule_id=item["id"], reason=reason, line=line))
            else:
                self.diag(self._line(block, "ignore"),
                          f"{logical_id}: Metadata.iacsim.ignore entries need an id and a reason")
        return tuple(out)


def _with_sam_globals(props: dict[str, Any], globals_section: Any) -> dict[str, Any]:
    """A SAM function's properties with ``Globals.Function`` applied as SAM applies them: the function's own
    value wins, maps (``Environment.Variables``, ``Tags``) are merged key by key, lists are not combined here
    (the function's list is kept). Source: AWS SAM Developer Guide, "Globals section of the AWS SAM template"
    (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html)."""
    defaults = globals_section.get("Function") if isinstance(globals_section, dict) else None
    if not isinstance(defaults, dict) or not defaults:
        return props

    def merge(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
        out = LineDict(base, line=getattr(own, "line", 0), key_lines=dict(getattr(own, "key_lines", {})))
        for key, value in own.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict) and not _is_intrinsic(value):
                out[key] = merge(out[key], value)
            else:
                out[key] = value
        return out

    return merge(defaults, props)


def _is_intrinsic(value: dict[str, Any]) -> bool:
    return len(value) == 1 and next(iter(value)).startswith(("Fn::", "Ref"))


def _partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def load_template(path: Path, rel: str, text: str, options: CfnOptions) -> LoadResult:
    """Load one template; problems become :class:`Diagnostic` records, never exceptions."""
    try:
        data = _parse(text, options.config.limits)
    except TemplateSyntaxError as exc:
        return LoadResult(files=[rel], diagnostics=[Diagnostic(rel, exc.line, exc.message)])
    except LimitExceeded as exc:
        return LoadResult(files=[rel], diagnostics=[limit_diagnostic(exc, rel)])
    except RecursionError:
        return LoadResult(files=[rel], diagnostics=[Diagnostic(rel, 1, "template nests too deeply to read")])
    if not isinstance(data, dict):
        return LoadResult(files=[rel], diagnostics=[Diagnostic(rel, 1, "a template must be a mapping")])
    try:
        return _TemplateLoader(path, rel, data, options).load()
    except RecursionError:
        # Only a pathological template (hundreds of nested intrinsics) gets here; report, do not crash.
        return LoadResult(files=[rel], diagnostics=[Diagnostic(rel, 1, "template nests too deeply to evaluate")])


def _property_lines(props: LineDict, prefix: str = "") -> dict[str, int]:
    """Line of each property, nested ones as dotted paths (``BucketEncryption.ServerSideEncryptionConfiguration``,
    list items by index: ``Rules.0.Status``), so findings can point at the line that is wrong."""
    lines: dict[str, int] = {}
    for key, line in props.key_lines.items():
        name = prefix + key
        lines[name] = line
        value = props.get(key)
        items = enumerate(value) if isinstance(value, list) else ((None, value),)
        for index, item in items:
            if isinstance(item, LineDict):
                lines.update(_property_lines(item, f"{name}.{index}." if index is not None else f"{name}."))
    return lines
