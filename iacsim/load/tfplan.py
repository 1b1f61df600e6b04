"""Terraform plan JSON (``terraform show -json plan.out``) → :class:`Resource` records.

Format: "JSON Output Format" in the Terraform internals documentation
(https://developer.hashicorp.com/terraform/internals/json-format), major
``format_version`` 1, written since Terraform 1.1 (minor versions only add fields, so any
``1.x`` is read; the ``0.x`` of Terraform 0.12–1.0 is not read, with a notice: PARSE004 at ``info``).

* Resources come from ``planned_values`` (the state after apply: root module and
  nested ``child_modules``, full addresses such as
  ``module.replica_eu.aws_kms_replica_key.this`` or ``aws_kms_alias.this["a"]``).
  A plan without ``planned_values`` is read from the ``after`` side of
  ``resource_changes``. Resources whose change only deletes (``["delete"]``,
  ``["forget"]``) are not part of the resulting world; replaced ones are.
* Values marked in ``after_unknown`` become ``Unknown("known after apply")``.
  The ``configuration`` section keeps each attribute's expression and its
  ``references``; following them (through module variables, module outputs and
  data sources) tells *which* resource an unknown value comes from, kept as
  ``Unknown.ref`` (``aws_kms_key.primary.arn``).
* A name the provider generates from a known ``bucket_prefix``/``name_prefix`` is left out (the HCL form
  leaves it out too), so the model gives it the same stand-in template. The configuration keeps an
  expression's references, never its text: ``name = "jobs-${random_pet.this.id}"`` and ``name =
  random_pet.this.id`` look the same, so a name with literal text around a reference has no template
  here, and a policy pattern that needs that text is unknown. Where a reference sits in a policy
  statement's ARN slot but is not an ARN (``"arn:aws:s3:::${aws_s3_bucket.b.bucket}/*"``), it is built
  around, and stays unknown instead of being taken for the ARN.
* A ``policy`` set from a ``data.aws_iam_policy_document`` that Terraform reads only at apply
  time is rebuilt from that data source's planned arguments (:func:`render_policy_document`),
  so its constant statements stay known and only the inputs known after apply are Unknown.
* Strings marked sensitive (``sensitive_values`` / ``after_sensitive``) become
  :class:`SensitiveStr`: the plan holds them in clear text; the model may
  measure them (presence, length, shape) but they never print.
* Account and region come from the resource's ``provider_config_key`` in
  ``configuration.provider_config`` (constant ``region``, ``assume_role`` role
  ARN, ``allowed_account_ids``; root variables are substituted), overridden by
  the AWS provider v6 per-resource ``region`` attribute; otherwise from the
  options, then the labelled defaults.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.config import Config
from iacsim.load.resource import (
    DEFAULT_ACCOUNT,
    DEFAULT_REGION,
    Diagnostic,
    LoadResult,
    Placement,
    Resource,
    SourceLocation,
)
from iacsim.load.terraform.computed import unset_argument
from iacsim.values import Unknown

SUPPORTED_MAJOR = "1"
REDACTED = "(sensitive value)"


class SensitiveStr(str):
    """A string the plan marks sensitive (an SSM value, key material).

    The model still needs its presence, length and shape (exactly as from HCL, where the same
    value comes from a tfvars file), so the text is kept; but ``repr``, ``str`` and formatting
    show :data:`REDACTED`, so a log line, an error message or a report never contains it.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"SensitiveStr({REDACTED!r})"

    def __str__(self) -> str:
        return REDACTED

    def __format__(self, format_spec: str) -> str:
        return REDACTED

KNOWN_AFTER_APPLY = "known after apply"
_DELETE_ONLY = ({"delete"}, {"forget"})
_NOT_RESOURCE_ROOTS = ("var", "local", "count", "each", "path", "terraform", "self")
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_ADDRESS_LINE = re.compile(r'"address"\s*:\s*("(?:[^"\\]|\\.)*")')
_POLICY_DOCUMENT_REF = re.compile(r"^(data\.aws_iam_policy_document\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.json$")
_MODULE_STEP = re.compile(r'^module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?\.')


@dataclass(frozen=True)
class PlanOptions:
    config: Config = field(default_factory=Config)
    account_id: str | None = None
    """``--account-id``: the account of resources whose provider does not say."""
    region: str | None = None
    """``--region``: the region of resources whose provider does not say."""


def is_plan(data: Any) -> bool:
    """True for ``terraform show -json`` plan output (any format version, so old ones get a clear error)."""
    return (isinstance(data, dict) and "format_version" in data
            and ("planned_values" in data or "resource_changes" in data))


# --- small helpers on the JSON structure -----------------------------------------------------------


def _module_path(address: str) -> tuple[list[str], list[str], str]:
    """``module.a[0].module.b.aws_x.y[1]`` → (["a", "b"], ["module.a[0]", "module.b"], "aws_x.y")."""
    names: list[str] = []
    steps: list[str] = []
    rest = address
    while True:
        m = _MODULE_STEP.match(rest)
        if m is None:
            break
        names.append(m.group(1))
        steps.append(f"module.{m.group(1)}{m.group(2) or ''}")
        rest = rest[m.end():]
    rest = re.sub(r"\[[^\]]*\]$", "", rest)
    return names, steps, rest


def _overlay_unknown(values: Any, unknown: Any, path: str) -> Any:
    """Put ``Unknown`` wherever ``after_unknown`` says ``true`` (values omit those attributes)."""
    if unknown is True:
        return Unknown(KNOWN_AFTER_APPLY, ref=path)
    if isinstance(unknown, dict):
        base = dict(values) if isinstance(values, dict) else {}
        for key, marks in unknown.items():
            base[key] = _overlay_unknown(base.get(key), marks, f"{path}.{key}")
        return base
    if isinstance(unknown, list):
        base_list = list(values) if isinstance(values, list) else []
        while len(base_list) < len(unknown):
            base_list.append(None)
        return [_overlay_unknown(v, unknown[i] if i < len(unknown) else False, f"{path}[{i}]")
                for i, v in enumerate(base_list)]
    return values


def _redact(values: Any, sensitive: Any) -> Any:
    if sensitive is True:
        return _redact_all(values)
    if isinstance(sensitive, dict) and isinstance(values, dict):
        return {k: _redact(v, sensitive.get(k)) for k, v in values.items()}
    if isinstance(sensitive, list) and isinstance(values, list):
        return [_redact(v, sensitive[i] if i < len(sensitive) else None) for i, v in enumerate(values)]
    return values


def _redact_all(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _redact_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_all(v) for v in value]
    if isinstance(value, str) and not isinstance(value, SensitiveStr):
        return SensitiveStr(value)
    return value


def _expression_at(expressions: Any, path: list[str | int]) -> Any:
    """The configuration expression for an attribute path (blocks are lists of expression maps)."""
    return _expression_and_depth(expressions, path)[0]


def _expression_and_depth(expressions: Any, path: list[str | int]) -> tuple[Any, int]:
    """:func:`_expression_at` and how many steps of ``path`` lead to it (the rest is inside its value)."""
    node = expressions
    taken = 0
    for step in path:
        if isinstance(node, dict) and "references" not in node and "constant_value" not in node:
            node = node.get(str(step)) if not isinstance(step, int) else None
        elif isinstance(node, list) and isinstance(step, int):
            # Dynamic blocks and counts can make the instance list longer than the configuration's.
            node = node[step] if step < len(node) else (node[0] if node else None)
        else:
            break
        taken += 1
        if node is None:
            return None, taken
    found = node if isinstance(node, dict) and ("references" in node or "constant_value" in node) else None
    return found, taken


def _without_unset_arguments(values: dict[str, Any], rtype: Any, config: dict[str, Any] | None) -> dict[str, Any]:
    """Drop the Optional + Computed arguments the configuration does not write.

    The plan shows them as "known after apply" (a bucket's deprecated inline ``policy`` or
    ``replication_configuration``, a key's ``policy``, a parameter's ``key_id``); the HCL form of the
    same code leaves them out, and the model reads "not set" as AWS's default (no inline policy, the
    default key policy, the ``aws/ssm`` key). Without a ``configuration`` section nothing is dropped.
    """
    expressions = config.get("expressions") if isinstance(config, dict) else None
    values = {k: v for k, v in values.items() if not _generated_from_prefix(values, k, v)}
    if not isinstance(rtype, str) or not isinstance(expressions, dict):
        return values
    return {k: v for k, v in values.items()
            if not (isinstance(v, Unknown) and k not in expressions and unset_argument(rtype, k))}


_PREFIX_OF = {"bucket": "bucket_prefix", "name": "name_prefix", "identifier": "identifier_prefix",
              "cluster_identifier": "cluster_identifier_prefix"}
"""Name arguments and the ``…_prefix`` argument the provider generates them from (they conflict: one is set)."""


def _generated_from_prefix(values: dict[str, Any], attr: str, value: Any) -> bool:
    """True for a name known only after apply whose prefix the plan holds: the provider generates it from that
    prefix, and the HCL form leaves it out too, so the model gives both forms the same stand-in template
    (``acme-${aws_s3_bucket.b.generated_suffix}``). Holds also for a plan without ``configuration``."""
    prefix = values.get(_PREFIX_OF.get(attr, ""))
    return isinstance(value, Unknown) and isinstance(prefix, str) and prefix != ""


_EXTENDED_ARN = re.compile(
    r"(?:^|\.)(aws_s3_bucket|aws_s3_access_point|aws_cloudwatch_log_group|aws_dynamodb_table)"
    r"\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.arn$")
"""ARNs that policies extend into the ARNs of what they contain: objects (``<bucket ARN>/*``), log
streams (``<log group ARN>:*``), indexes and streams (``<table ARN>/index/*``)."""


_ARN_SLOTS = ("resources", "not_resources", "principals", "not_principals")
"""Arguments of a policy document statement whose values are ARNs (principals: their ``identifiers``)."""


def _maybe_built_from(config: dict[str, Any] | None, path: list[str | int], target: str | None) -> bool:
    """True where a plan cannot tell a reference from a string built around it.

    The configuration keeps only an expression's ``references``: ``resources = [aws_s3_bucket.b.arn]``
    and ``resources = ["${aws_s3_bucket.b.arn}/*"]`` look the same. For the ARNs policies extend into
    their contents' ARNs (:data:`_EXTENDED_ARN`) both are written all the time, and taking the second for
    the bucket's ARN would deny every object action (a wrong FAIL), so a statement's resource built from
    one stays unknown without claiming which object it is. A key's or role's ARN is used as it is
    (``resources = [aws_kms_key.k.arn]``), and so is an argument naming another resource elsewhere
    (``role = aws_iam_role.r.id``, ``replica_kms_key_id = aws_kms_key.k.arn``).

    A statement's resource or principal is an ARN (IAM JSON policy elements: Resource, Principal), so one
    whose reference is not an ARN (``"arn:aws:s3:::${aws_s3_bucket.b.bucket}/*"``, a name known only after
    apply) is always built around it: taking the bare name for the ARN would match nothing and turn an
    allow into a confident deny, where the HCL form of the same code computes the ARN. So does a value of
    an ``Arn…`` condition operator. Those stay unknown too.
    """
    if not (isinstance(config, dict) and config.get("type") == "aws_iam_policy_document" and target is not None
            and len(path) >= 3 and path[0] == "statement"):
        return False
    slot = path[2]
    if slot in ("resources", "not_resources") and _EXTENDED_ARN.search(target) is not None:
        return True
    names_arn = target.rsplit(".", 1)[-1] in ("arn", "account_id") or target.split(".", 1)[0] == "data"
    if slot in _ARN_SLOTS:
        return not names_arn
    if slot == "condition" and len(path) >= 5 and path[4] == "values":
        return not names_arn and _condition_test(config, path).startswith("Arn")
    return False


def _condition_test(config: dict[str, Any], path: list[str | int]) -> str:
    """The ``test`` of the condition block ``path`` is in, as the configuration writes it ("" when not constant)."""
    expr = _expression_at(config.get("expressions"), [*path[:4], "test"])
    test = expr.get("constant_value") if isinstance(expr, dict) else None
    return test if isinstance(test, str) else ""


def _element_references(refs: list[Any], inner: list[str | int], siblings: int) -> list[Any]:
    """The references of one element of a list expression, when the list names one resource per element.

    Terraform lists each traversal of an expression with its shorter forms (``aws_s3_bucket.a.arn``,
    ``aws_s3_bucket.a``) in source order. When the Unknown is element ``inner[0]`` of the expression's
    list and the expression names exactly as many resources as the list has elements, that element is
    the one written at the same position; otherwise every reference is a candidate, as before.
    """
    if len(inner) != 1 or not isinstance(inner[0], int) or siblings < 2:
        return refs
    groups: list[list[str]] = []
    for ref in refs:
        if not isinstance(ref, str) or ref.split(".", 1)[0].split("[", 1)[0] in _NOT_RESOURCE_ROOTS:
            continue
        if groups and (groups[-1][0].startswith(ref + ".") or groups[-1][0].startswith(ref + "[")):
            groups[-1].append(ref)  # the shorter form of the traversal just listed
        else:
            groups.append([ref])
    if len(groups) != siblings:
        return refs
    return groups[inner[0]]


# --- the loader ------------------------------------------------------------------------------------


class _PlanLoader:
    def __init__(self, path: Path, rel: str, data: dict[str, Any], options: PlanOptions) -> None:
        self.rel = rel
        self.data = data
        self.options = options
        self.out = LoadResult(files=[rel])
        configuration = data.get("configuration")
        self.configuration: dict[str, Any] = configuration if isinstance(configuration, dict) else {}
        providers = self.configuration.get("provider_config")
        self.providers: dict[str, Any] = providers if isinstance(providers, dict) else {}
        variables = data.get("variables")
        self.variables: dict[str, Any] = variables if isinstance(variables, dict) else {}
        self.changes: dict[str, dict[str, Any]] = {}
        changes = data.get("resource_changes")
        for change in changes if isinstance(changes, list) else []:
            if isinstance(change, dict) and isinstance(change.get("address"), str) and not change.get("deposed"):
                self.changes[change["address"]] = change
        self.lines = self._address_lines(path)
        self._locations: dict[str | None, tuple[str | None, str | None]] = {}
        self._planned_index: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] | None = None
        self._config_index: dict[tuple[str, ...], dict[str, dict[str, Any]]] = {}

    def _address_lines(self, path: Path) -> dict[str, int]:
        """Line of the first ``"address": "<addr>"`` of each resource, for findings."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return {}
        lines: dict[str, int] = {}
        line, counted_to = 1, 0  # newlines are counted once, incrementally: plans can be large
        for m in _ADDRESS_LINE.finditer(text):
            line += text.count("\n", counted_to, m.start())
            counted_to = m.start()
            try:
                address = json.loads(m.group(1))
            except json.JSONDecodeError:
                continue
            lines.setdefault(address, line)
        return lines

    # -- configuration lookups ------------------------------------------------------------------

    def module_config(self, names: list[str]) -> dict[str, Any] | None:
        module = self.configuration.get("root_module")
        for name in names:
            if not isinstance(module, dict):
                return None
            call = (module.get("module_calls") or {}).get(name)
            module = call.get("module") if isinstance(call, dict) else None
        return module if isinstance(module, dict) else None

    def resource_config(self, names: list[str], local_address: str) -> dict[str, Any] | None:
        key = tuple(names)
        index = self._config_index.get(key)
        if index is None:
            module = self.module_config(names)
            index = {res["address"]: res for res in (module or {}).get("resources") or []
                     if isinstance(res, dict) and isinstance(res.get("address"), str)}
            self._config_index[key] = index
        return index.get(local_address)

    def resolve_reference(self, refs: list[Any], names: list[str], steps: list[str], depth: int = 0) -> str | None:
        """The absolute address (with attribute) of the first resource among ``refs``, seen from a module."""
        if depth > 12:
            return None
        prefix = "".join(s + "." for s in steps)
        for ref in refs:
            if not isinstance(ref, str):
                continue
            root = ref.split(".", 1)[0].split("[", 1)[0]
            if root == "var" and names:
                var_name = ref.split(".")[1].split("[")[0]
                parent = self.module_config(names[:-1])
                call = ((parent or {}).get("module_calls") or {}).get(names[-1]) or {}
                expr = (call.get("expressions") or {}).get(var_name)
                if isinstance(expr, dict):
                    found = self.resolve_reference(expr.get("references") or [], names[:-1], steps[:-1], depth + 1)
                    if found:
                        return found
                continue
            if root == "module":
                parts = ref.split(".")
                if len(parts) < 3:
                    continue
                child = parts[1].split("[")[0]
                module = self.module_config([*names, child])
                output = ((module or {}).get("outputs") or {}).get(parts[2].split("[")[0])
                expr = output.get("expression") if isinstance(output, dict) else None
                if isinstance(expr, dict):
                    found = self.resolve_reference(expr.get("references") or [], [*names, child],
                                                   [*steps, f"module.{child}"], depth + 1)
                    if found:
                        return found
                continue
            if root in _NOT_RESOURCE_ROOTS:
                continue
            if root == "data":
                # A data source computed at apply time (a policy document built from a new key's ARN):
                # name the managed resource it is built from, when there is one.
                local = ".".join(ref.split(".")[:3])
                config = self.resource_config(names, re.sub(r"\[[^\]]*\]", "", local))
                if config is not None:
                    inner = list(_iter_references(config.get("expressions")))
                    found = self.resolve_reference([r for r in inner if not r.startswith("data.")], names, steps,
                                                   depth + 1)
                    if found:
                        return found
            return prefix + ref
        return None

    # -- placement ------------------------------------------------------------------------------

    def _expression(self, expressions: Any, name: str) -> dict[str, Any] | None:
        expr = expressions.get(name) if isinstance(expressions, dict) else None
        return expr if isinstance(expr, dict) else None

    def _root_variable(self, ref: str) -> Any:
        var = self.variables.get(ref.split(".")[1].split("[")[0]) if ref.startswith("var.") else None
        return var.get("value") if isinstance(var, dict) else None

    def _region_from(self, expressions: Any) -> str | None:
        """A region written as a constant or as exactly one root variable (``region = var.region``)."""
        expr = self._expression(expressions, "region")
        if expr is None:
            return None
        if isinstance(expr.get("constant_value"), str):
            return str(expr["constant_value"])
        refs = [r for r in expr.get("references") or [] if isinstance(r, str)]
        value = self._root_variable(refs[0]) if len(refs) == 1 else None
        return value if isinstance(value, str) else None

    def _account_from(self, expressions: Any) -> str | None:
        """The account a provider configuration names: its ``assume_role`` role ARN or a single
        ``allowed_account_ids`` entry, written as constants or built from root variables."""
        candidates: list[Any] = []
        assume = expressions.get("assume_role") if isinstance(expressions, dict) else None
        if isinstance(assume, list) and assume and isinstance(assume[0], dict):
            candidates.append(self._expression(assume[0], "role_arn"))
        elif isinstance(assume, dict):  # attribute syntax (awscc): assume_role = { role_arn = … }
            value = assume.get("constant_value")
            if isinstance(value, dict):
                candidates.append({"constant_value": value.get("role_arn")})
            else:
                candidates.append(assume)
        candidates.append(self._expression(expressions, "allowed_account_ids"))
        for expr in candidates:
            if not isinstance(expr, dict):
                continue
            constant = expr.get("constant_value")
            if (role := Arn.parse_iam(constant)) is not None and role.service == "iam":
                return role.account
            if isinstance(constant, list) and len(constant) == 1 and _ACCOUNT_ID.match(str(constant[0])):
                return str(constant[0])
            # "arn:aws:iam::${var.account_id}:role/deployer" or [var.account_id]: a root variable holding
            # an account id is that account.
            for ref in expr.get("references") or []:
                value = self._root_variable(ref) if isinstance(ref, str) else None
                if isinstance(value, str) and _ACCOUNT_ID.match(value):
                    return value
        return None

    def _data_values(self, rtype: str) -> Iterator[tuple[str | None, dict[str, Any]]]:
        """(provider key, values) of every data source of ``rtype`` read while planning."""
        planned = self.data.get("planned_values")
        root = planned.get("root_module") if isinstance(planned, dict) else None
        for res, _change in self._module_instances(root):
            if res.get("mode") == "data" and res.get("type") == rtype and isinstance(res.get("values"), dict):
                names, _steps, local = _module_path(res["address"])
                yield self.provider_key(names, self.resource_config(names, local)), res["values"]

    def provider_location(self, key: str | None) -> tuple[str | None, str | None]:
        """(account, region) of a provider configuration, when the plan tells.

        In order: the configuration's constants and root variables; ``aws_caller_identity`` /
        ``aws_region`` data sources read through that provider; and another provider of the same
        module whose account is written with the very same expression (``allowed_account_ids =
        [local.account_id]`` in every provider block: locals are not in the plan, but equal
        expressions in one module have equal values).
        """
        if key in self._locations:
            return self._locations[key]
        provider = self.providers.get(key) if key else None
        expressions = provider.get("expressions") if isinstance(provider, dict) else None
        account = self._account_from(expressions)
        region = self._region_from(expressions)
        for data_key, values in self._data_values("aws_caller_identity"):
            if account is None and data_key == key and isinstance(values.get("account_id"), str):
                account = values["account_id"]
        for data_key, values in self._data_values("aws_region"):
            found = values.get("region") or values.get("name")
            if region is None and data_key == key and isinstance(found, str):
                region = found
        if account is None and isinstance(provider, dict):
            signature = _account_signature(expressions)
            for other_key, other in self.providers.items():
                if (other_key == key or not isinstance(other, dict) or signature is None
                        or other.get("module_address") != provider.get("module_address")
                        or _account_signature(other.get("expressions")) != signature):
                    continue
                self._locations[key] = (None, region)  # guards against mutual recursion
                other_account, _ = self.provider_location(other_key)
                if other_account is not None:
                    account = other_account
                    break
        self._locations[key] = (account, region)
        return account, region

    def provider_key(self, names: list[str], config: dict[str, Any] | None) -> str | None:
        key = config.get("provider_config_key") if config else None
        if not isinstance(key, str):
            return None
        # Older Terraform releases left keys of passed-in providers as "<module>:aws": walk up to a real one.
        while key not in self.providers and ":" in key:
            module, _, provider = key.rpartition(":")
            parent = module.rsplit(".module.", 1)[0] if ".module." in module else ""
            key = f"{parent}:{provider}" if parent else provider
        return key

    def placement(self, names: list[str], config: dict[str, Any] | None, values: dict[str, Any]) -> Placement:
        key = self.provider_key(names, config)
        account: Any
        region: Any
        account, region = self.provider_location(key)
        own_region = values.get("region")
        if isinstance(own_region, str) and own_region:
            region = own_region  # AWS provider v6: per-resource region overrides the provider's

        cfg = self.options.config
        account_assumed = region_assumed = False
        if account is None:
            account = self.options.account_id or cfg.account_id
        if account is None:
            account, account_assumed = DEFAULT_ACCOUNT, True
            self._assume(f"account {DEFAULT_ACCOUNT} assumed for provider {key or 'aws'} in plan {self.rel} "
                         "(no assume_role or allowed_account_ids)")
        if region is None:
            region = self.options.region or cfg.region
        if region is None:
            region, region_assumed = DEFAULT_REGION, True
            self._assume(f"region {DEFAULT_REGION} assumed for provider {key or 'aws'} in plan {self.rel}")
        if not isinstance(region, str | Unknown):
            region = Unknown(f"provider region is not a string: {type(region).__name__}")
        return Placement(account=account, region=region, account_assumed=account_assumed,
                         region_assumed=region_assumed, provider=key, partition=_partition(region),
                         deployer=self._deployer(key) or cfg.deployer_for(self.rel))

    def _deployer(self, key: str | None) -> str | None:
        """The role the provider assumes, when the plan records its ARN as a constant."""
        provider = self.providers.get(key) if key else None
        expressions = provider.get("expressions") if isinstance(provider, dict) else None
        assume = expressions.get("assume_role") if isinstance(expressions, dict) else None
        if isinstance(assume, list) and assume and isinstance(assume[-1], dict):
            expr = self._expression(assume[-1], "role_arn")
            constant = expr.get("constant_value") if isinstance(expr, dict) else None
            if isinstance(constant, str) and Arn.parse_iam(constant) is not None:
                return constant
        return None

    def _assume(self, sentence: str) -> None:
        if sentence not in self.out.assumptions:
            self.out.assumptions.append(sentence)

    # -- resources ------------------------------------------------------------------------------

    def instances(self) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        """(planned resource, its change) for every resource instance of the resulting world."""
        planned = self.data.get("planned_values")
        if isinstance(planned, dict):
            yield from self._module_instances(planned.get("root_module"))
            return
        for address, change in self.changes.items():
            details = change.get("change") or {}
            after = details.get("after")
            if after is None:
                continue
            yield ({"address": address, "mode": change.get("mode"), "type": change.get("type"),
                    "name": change.get("name"), "values": after,
                    "sensitive_values": details.get("after_sensitive")}, change)

    def _module_instances(self, module: Any) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        if not isinstance(module, dict):
            return
        for res in module.get("resources") or []:
            if isinstance(res, dict) and isinstance(res.get("address"), str):
                yield res, self.changes.get(res["address"])
        for child in module.get("child_modules") or []:
            yield from self._module_instances(child)

    def load(self) -> LoadResult:
        for planned, change in self.instances():
            resource = self.resource(planned, change)
            if resource is not None:
                self.out.resources.append(resource)
        return self.out

    def resource(self, planned: dict[str, Any], change: dict[str, Any] | None) -> Resource | None:
        address: str = planned["address"]
        details = (change or {}).get("change") or {}
        actions = details.get("actions") or []
        if set(actions) in _DELETE_ONLY:
            return None  # being destroyed: not part of the world after apply
        rtype = planned.get("type") or (change or {}).get("type")
        if not isinstance(rtype, str):
            self.out.diagnostics.append(Diagnostic(self.rel, self.lines.get(address, 1),
                                                   f"{address}: resource without a type", "warning"))
            return None
        names, _steps, local = _module_path(address)
        config = self.resource_config(names, local)
        values = self.attributes(planned, change)
        mode = planned.get("mode") or (change or {}).get("mode")
        return Resource(
            type=rtype,
            address=address,
            attrs=values,
            source=SourceLocation(self.rel, self.lines.get(address, 1)),
            placement=self.placement(names, config, values),
            origin="tfplan",
            mode="data" if mode == "data" else "managed",
            name=str(planned.get("name") or (change or {}).get("name") or ""),
        )

    def attributes(self, planned: dict[str, Any], change: dict[str, Any] | None, depth: int = 0) -> dict[str, Any]:
        """A resource instance's values after apply: unknowns marked and linked, sensitive strings wrapped."""
        address: str = planned["address"]
        details = (change or {}).get("change") or {}
        names, steps, local = _module_path(address)
        config = self.resource_config(names, local)
        values = planned.get("values")
        values = dict(values) if isinstance(values, dict) else {}
        values = _overlay_unknown(values, details.get("after_unknown") or {}, address)
        values = _without_unset_arguments(values, planned.get("type") or (change or {}).get("type"), config)
        values = self._link_unknowns(values, [], config, names, steps, depth)
        values = _redact(values, planned.get("sensitive_values"))
        return dict(_redact(values, details.get("after_sensitive")))

    def _link_unknowns(self, value: Any, path: list[str | int], config: dict[str, Any] | None,
                       names: list[str], steps: list[str], depth: int = 0, siblings: int = 0) -> Any:
        """Replace each after-apply Unknown's path ref by the resource its expression references.

        ``siblings`` is the length of the list an element belongs to: the configuration records one
        ``references`` list for a whole list expression (``resources = [aws_s3_bucket.a.arn,
        aws_kms_key.k.arn]``), and element *i* is the *i*-th resource it names.
        """
        if isinstance(value, Unknown):
            expr, depth_of_expr = _expression_and_depth((config or {}).get("expressions"), path)
            refs = expr.get("references") if isinstance(expr, dict) else None
            if not refs:
                return value  # computed by the provider (arn, id…): the ref names this resource's own attribute
            document = self.policy_document(refs, names, steps, depth) if len(path) == 1 else None
            if document is not None:
                return document
            target = self.resolve_reference(_element_references(refs, path[depth_of_expr:], siblings), names, steps)
            if _maybe_built_from(config, path, target):
                return Unknown(f"{KNOWN_AFTER_APPLY}: built from {target} (the plan does not say whether it is that "
                               "value or a string containing it, such as its ARN followed by /*)")
            return Unknown(KNOWN_AFTER_APPLY, ref=target)
        if isinstance(value, dict):
            return {k: self._link_unknowns(v, [*path, k], config, names, steps, depth) for k, v in value.items()}
        if isinstance(value, list):
            return [self._link_unknowns(v, [*path, i], config, names, steps, depth, len(value))
                    for i, v in enumerate(value)]
        return value

    def policy_document(self, refs: list[Any], names: list[str], steps: list[str], depth: int) -> dict[str, Any] | None:
        """The policy an ``aws_iam_policy_document`` read at apply time will produce, with unknown parts.

        A policy attribute set to ``data.aws_iam_policy_document.x.json`` is unknown in the plan as soon
        as one input is (a new key's ARN). The data source's planned arguments (its ``statement``
        blocks, dynamic ones expanded) are in the plan, with only the unknown inputs marked, and the
        document is a pure function of them (provider docs, ``d/iam_policy_document``): rebuild it,
        keeping each unknown input as an ``Unknown`` naming the resource it comes from.
        """
        first = refs[0] if refs else None
        if depth > 6 or not isinstance(first, str):
            return None
        if first.startswith("var.") and names:
            # A module input (`policy = var.policy`): the caller's expression for it.
            parent = self.module_config(names[:-1])
            call = ((parent or {}).get("module_calls") or {}).get(names[-1]) or {}
            expr = (call.get("expressions") or {}).get(first.split(".")[1].split("[")[0])
            outer = expr.get("references") if isinstance(expr, dict) else None
            return self.policy_document(outer or [], names[:-1], steps[:-1], depth + 1)
        m = _POLICY_DOCUMENT_REF.match(first)
        if m is None:
            return None
        address = "".join(s + "." for s in steps) + m.group(1)
        found = self._planned_by_address().get(address)
        if found is None:
            return None
        values = self.attributes(found[0], found[1], depth + 1)
        return render_policy_document(values)

    def _planned_by_address(self) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
        if self._planned_index is None:
            self._planned_index = {p["address"]: (p, c) for p, c in self.instances()}
        return self._planned_index


def _one_or_many(value: Any) -> Any:
    """The provider writes a one-element list as a plain string (``"Action": "kms:*"``)."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str | Unknown):
        return value[0]
    return value


def render_policy_document(values: Mapping[str, Any]) -> dict[str, Any] | None:
    """``aws_iam_policy_document`` arguments (plan values, possibly with Unknowns) → the policy document.

    Mirrors the data source's rendering: ``Version`` (default 2012-10-17), ``Id``, and per statement
    ``Sid`` (when set), ``Effect`` (default Allow), ``Action``/``NotAction``, ``Resource``/``NotResource``,
    ``Principal``/``NotPrincipal`` (``{type: identifiers}``; type and identifier ``*`` → ``"*"``) and
    ``Condition`` (``{test: {variable: values}}``). Returns None when the document also merges other
    documents (``source_policy_documents``/``override_policy_documents``), which are not rebuilt.
    """
    for merged in ("source_policy_documents", "override_policy_documents", "source_json", "override_json"):
        if values.get(merged) not in (None, [], ""):
            return None
    statements = values.get("statement")
    if not isinstance(statements, list):
        return None
    version = values.get("version")
    doc: dict[str, Any] = {"Version": version if isinstance(version, str | Unknown) and version else "2012-10-17"}
    if values.get("policy_id") not in (None, ""):
        doc["Id"] = values["policy_id"]
    rendered = []
    for st in statements:
        if not isinstance(st, dict):
            return None
        out: dict[str, Any] = {}
        if st.get("sid") not in (None, ""):
            out["Sid"] = st["sid"]
        effect = st.get("effect")
        out["Effect"] = effect if isinstance(effect, str | Unknown) and effect else "Allow"
        for arg, key in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"),
                         ("not_resources", "NotResource")):
            if st.get(arg) not in (None, []):
                out[key] = _one_or_many(st[arg])
        for arg, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            blocks = st.get(arg)
            if isinstance(blocks, Unknown):
                out[key] = blocks
            elif blocks:
                principal: dict[str, Any] = {}
                for block in blocks:
                    kind = block.get("type") if isinstance(block, dict) else None
                    if not isinstance(kind, str):
                        return None
                    ids = block.get("identifiers")
                    merged_ids = principal.get(kind, [])
                    principal[kind] = (ids if isinstance(ids, Unknown) or isinstance(merged_ids, Unknown)
                                       else [*merged_ids, *(ids or [])])
                out[key] = "*" if principal == {"*": ["*"]} else {k: _one_or_many(v) for k, v in principal.items()}
        conditions = st.get("condition")
        if isinstance(conditions, Unknown):
            out["Condition"] = conditions
        elif conditions:
            rendered_conditions: dict[str, dict[str, Any]] = {}
            for block in conditions:
                test = block.get("test") if isinstance(block, dict) else None
                variable = block.get("variable") if isinstance(block, dict) else None
                if not isinstance(test, str) or not isinstance(variable, str):
                    return None
                rendered_conditions.setdefault(test, {})[variable] = _one_or_many(block.get("values"))
            out["Condition"] = rendered_conditions
        rendered.append(out)
    doc["Statement"] = rendered
    return doc


def _account_signature(expressions: Any) -> str | None:
    """The expressions that name a provider's account, for comparing two provider blocks."""
    if not isinstance(expressions, dict):
        return None
    parts = {k: expressions.get(k) for k in ("assume_role", "allowed_account_ids") if expressions.get(k) is not None}
    return json.dumps(parts, sort_keys=True) if parts else None


def _iter_references(expressions: Any) -> Iterator[str]:
    if isinstance(expressions, dict):
        refs = expressions.get("references")
        if isinstance(refs, list):
            yield from (r for r in refs if isinstance(r, str))
        for key, value in expressions.items():
            if key not in ("references", "constant_value"):
                yield from _iter_references(value)
    elif isinstance(expressions, list):
        for item in expressions:
            yield from _iter_references(item)


def _partition(region: Any) -> str:
    if isinstance(region, str) and region.startswith("cn-"):
        return "aws-cn"
    if isinstance(region, str) and region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def load_plan(path: Path, rel: str, data: Any, options: PlanOptions | None = None) -> LoadResult:
    """Load one plan; problems become :class:`Diagnostic` records naming file and line, never exceptions."""
    options = options or PlanOptions()
    if not isinstance(data, Mapping):
        return LoadResult(files=[rel], diagnostics=[Diagnostic(rel, 1, "not a Terraform plan JSON object")])
    version = str(data.get("format_version", ""))
    if version.split(".", 1)[0] != SUPPORTED_MAJOR:
        # A plan in a format iacsim does not read is not invalid input: Terraform wrote it. It is a notice
        # (PARSE004, info) that this file was not simulated, never a high-severity parse error.
        return LoadResult(files=[rel], diagnostics=[Diagnostic(
            rel, 1, f"plan JSON format_version {version!r} is not read by iacsim (it reads format 1.x, written by "
                    "Terraform 1.1 and later), so this plan was not simulated; re-create it with "
                    "`terraform show -json` from a current Terraform",
            "info", "unsupported-format-version")])
    return _PlanLoader(path, rel, dict(data), options).load()
