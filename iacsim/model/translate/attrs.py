"""Reading loader attributes into typed model values.

Terraform nested blocks arrive as lists of dicts (``rule: [{"destination": [{...}]}]``,
the ``terraform show -json`` shape) and CloudFormation properties as dicts; any
value may be an :class:`~iacsim.values.Unknown`. These helpers coerce without
ever raising: a value of the wrong shape becomes an Unknown saying so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from iacsim.aws.arn import Arn as AwsArn
from iacsim.aws.regions import is_region_name
from iacsim.load.resource import Resource
from iacsim.model.base import Policy
from iacsim.model.ids import AccountId, Address, Region
from iacsim.model.provenance import Provenance
from iacsim.model.registry import source_names
from iacsim.values import InvalidJson, Unknown

Attrs = Mapping[str, Any]


def placement_fields(resource: Resource) -> dict[str, Any]:
    """The :class:`~iacsim.model.base.ModelObject` keyword arguments taken from ``resource``."""
    placement = resource.placement
    reasons: list[str] = []
    if isinstance(placement.account, Unknown):
        account = AccountId("unknown")
        reasons.append(f"account: {placement.account.reason}")
    else:
        account = AccountId(placement.account)
    invalid_region = None
    if isinstance(placement.region, Unknown):
        region = Region("unknown")
        reasons.append(f"region: {placement.region.reason}")
    else:
        region = Region(placement.region)
        if not is_region_name(placement.region):
            invalid_region = placement.region
            reasons.append(f"region: {placement.region!r} is not an AWS Region name, so the apply fails (PLACE001)")
    return {
        "address": Address(resource.address),
        "source": resource.source,
        "suppressions": tuple(resource.suppressions),
        "account": account,
        "region": region,
        "partition": placement.partition,
        "account_assumed": placement.account_assumed,
        "region_assumed": placement.region_assumed,
        "placement_unknown": "; ".join(reasons) or None,
        "_deployer": placement.deployer,
        "_credentials": placement.credentials,
        "_invalid_region": invalid_region,
        "_provenance": Provenance(
            origin=resource.origin, attr_lines=resource.attr_lines, attr_names=source_names(resource.type),
            module_calls=resource.module_calls, attr_vars=resource.attr_vars,
        ),
    }


def str_or(value: str | Unknown | None, fallback: str | Unknown) -> str | Unknown:
    """``value`` unless it is None. Use instead of ``value or fallback``: ``bool(Unknown)`` raises."""
    return fallback if value is None else value


def bool_default(value: bool | Unknown | None, fallback: bool) -> bool | Unknown:
    """``value`` unless it is None."""
    return fallback if value is None else value


def first_set(*values: Any) -> Any:
    """The first value that is not None (an Unknown counts as set)."""
    return next((v for v in values if v is not None), None)


def _wrong(name: str, expected: str, value: Any) -> Unknown:
    return Unknown(f"{name}: expected {expected}, got {type(value).__name__}")


def get_str(attrs: Attrs, name: str) -> str | Unknown | None:
    """A string attribute; numbers are rendered as Terraform would; empty string counts as unset."""
    value = attrs.get(name)
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value or None
    return _wrong(name, "a string", value)


def req_str(attrs: Attrs, name: str, what: str) -> str | Unknown:
    """A string attribute that must be there; Unknown naming ``what`` when it is not."""
    value = get_str(attrs, name)
    return Unknown(f"{what}: {name} not set") if value is None else value


def to_bool(value: Any, name: str) -> bool | Unknown | None:
    """``true``/``false`` from a bool or the strings CloudFormation and tfvars use."""
    if value is None or isinstance(value, bool | Unknown):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    return _wrong(name, "a boolean", value)


def get_bool(attrs: Attrs, name: str) -> bool | Unknown | None:
    """A boolean attribute (None when unset)."""
    return to_bool(attrs.get(name), name)


def bool_or(attrs: Attrs, name: str, default: bool) -> bool | Unknown:
    """A boolean attribute with the provider's default."""
    value = get_bool(attrs, name)
    return default if value is None else value


def to_int(value: Any, name: str) -> int | Unknown | None:
    """An integer from an int, an integral float or a numeric string."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return _wrong(name, "a number", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    return _wrong(name, "an integer", value)


def get_int(attrs: Attrs, name: str) -> int | Unknown | None:
    """An integer attribute (None when unset)."""
    return to_int(attrs.get(name), name)


def status_bool(value: Any, name: str) -> bool | Unknown | None:
    """``Enabled``/``Disabled`` (or a bool) → True/False."""
    if isinstance(value, str) and value in ("Enabled", "Disabled"):
        return value == "Enabled"
    return to_bool(value, name)


def blocks(attrs: Attrs, name: str) -> list[dict[str, Any]] | Unknown:
    """A nested block as a list of dicts (a single dict, as CloudFormation writes it, becomes a list)."""
    value = attrs.get(name)
    if value is None:
        return []
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Mapping):
        return [dict(value)]
    if isinstance(value, list | tuple):
        out: list[dict[str, Any]] = []
        for item in value:
            if isinstance(item, Unknown):
                return item
            if isinstance(item, Mapping):
                out.append(dict(item))
            elif item is not None:
                return _wrong(name, "a block", item)
        return out
    return _wrong(name, "a block", value)


def block(attrs: Attrs, name: str) -> dict[str, Any] | Unknown | None:
    """The first (usually only) instance of a nested block, or None when absent."""
    found = blocks(attrs, name)
    if isinstance(found, Unknown):
        return found
    return found[0] if found else None


def sub(block_value: dict[str, Any] | Unknown | None, name: str) -> dict[str, Any] | Unknown | None:
    """A nested block inside a possibly-unknown block."""
    if block_value is None or isinstance(block_value, Unknown):
        return block_value
    return block(block_value, name)


def attr(block_value: dict[str, Any] | Unknown | None, name: str) -> Any:
    """An attribute of a possibly-unknown block (the block's Unknown when it is unknown)."""
    if block_value is None:
        return None
    if isinstance(block_value, Unknown):
        return block_value
    return block_value.get(name)


def str_tuple(value: Any, name: str) -> tuple[str | Unknown, ...] | Unknown:
    """A list/set of strings (a single string becomes a one-item tuple)."""
    if value is None:
        return ()
    if isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple | set | frozenset):
        out: list[str | Unknown] = []
        for item in value:
            if isinstance(item, str | Unknown):
                out.append(item)
            else:
                out.append(_wrong(name, "a string", item))
        return tuple(out)
    return _wrong(name, "a list of strings", value)


def known_str_tuple(value: Any, name: str) -> tuple[str | Unknown, ...]:
    """Like :func:`str_tuple`, but an unknown list becomes a one-item tuple holding that Unknown."""
    result = str_tuple(value, name)
    return (result,) if isinstance(result, Unknown) else result


def string_map(value: Any, name: str) -> dict[str, str | Unknown] | Unknown | None:
    """A map of strings (tags, encryption context); CFN ``[{Key, Value}]`` lists are accepted."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, list | tuple):
        pairs: dict[str, str | Unknown] = {}
        for item in value:
            if isinstance(item, Mapping) and isinstance(item.get("Key"), str):
                v = item.get("Value")
                pairs[item["Key"]] = v if isinstance(v, str | Unknown) else str(v)
            else:
                return _wrong(name, "a map", value)
        return pairs
    if isinstance(value, Mapping):
        out: dict[str, str | Unknown] = {}
        for k, v in value.items():
            if isinstance(v, str | Unknown):
                out[str(k)] = v
            elif isinstance(v, bool):
                out[str(k)] = "true" if v else "false"
            else:
                out[str(k)] = str(v)
        return out
    return _wrong(name, "a map", value)


def tags(attrs: Attrs, name: str = "tags") -> dict[str, str | Unknown]:
    """Tags as a map; an unknown tag map becomes empty (tags never decide a verdict)."""
    found = string_map(attrs.get(name), name)
    return found if isinstance(found, dict) else {}


def parse_policy(value: Any) -> Policy | None:
    """A policy from a JSON string (Terraform) or a structure (CloudFormation, plan JSON).

    Invalid JSON is kept as ``Policy(document=Unknown, parse_error=…)``; it never raises. The
    error message names the position only, never the text (policies may embed secrets by mistake).
    """
    if value is None:
        return None
    if isinstance(value, Unknown):
        # JSON text known only after apply may still be known but for some values (Unknown.partial):
        # the policy is then evaluated three-valued (docs/architecture.md §4), like a structure.
        if isinstance(value.partial, InvalidJson):  # invalid whatever the unknown values are
            return Policy(document=Unknown(value.partial.reason), parse_error=value.partial.reason)
        return parse_policy(value.partial) if isinstance(value.partial, dict) else Policy(document=value)
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            reason = f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            return Policy(document=Unknown(reason), text_length=len(value), parse_error=reason)
        if not isinstance(parsed, dict | list):
            reason = f"invalid policy: JSON {type(parsed).__name__}, expected an object"
            return Policy(document=Unknown(reason), text_length=len(value), parse_error=reason)
        return Policy(document=parsed, text_length=len(value))
    if isinstance(value, Mapping | list):
        doc: dict[str, Any] | list[Any] = dict(value) if isinstance(value, Mapping) else list(value)
        try:
            length: int | None = len(json.dumps(doc, separators=(",", ":"), default=_unknown_json))
        except (TypeError, ValueError):
            length = None
        return Policy(document=doc, text_length=length)
    reason = f"invalid policy: {type(value).__name__}, expected JSON text or an object"
    return Policy(document=Unknown(reason), parse_error=reason)


def require_policy(value: Any, what: str) -> Policy:
    """Like :func:`parse_policy` for a required argument: a missing policy is an Unknown document."""
    policy = parse_policy(value)
    return policy if policy is not None else Policy(document=Unknown(f"{what}: policy not set"))


def _unknown_json(value: Any) -> str:
    # Unknowns inside a structure still take room in the real document; count their placeholder.
    return str(value)


def arn(partition: str, service: str, region: str, account: str, resource: str) -> str:
    """Build ``arn:<partition>:<service>:<region>:<account>:<resource>``."""
    return str(AwsArn(partition, service, region, account, resource))


def computed(attrs: Attrs, name: str, address: str) -> str | Unknown:
    """A computed attribute (``arn``, ``id``…): the loader's value, else an Unknown naming the address."""
    value = attrs.get(name)
    if isinstance(value, str) and value:
        return value
    if isinstance(value, Unknown):
        return value if value.ref else Unknown(value.reason, f"{address}.{name}")
    return Unknown("known after apply", f"{address}.{name}")


def generated_name(resource: Resource, what: str, suffix: str = "", *, name_attr: str = "name",
                   prefix_attr: str = "name_prefix") -> Unknown:
    """A Terraform name the provider generates at apply (``name_prefix`` plus a unique suffix, or a random
    name): unknown, but the same string in every reference. With a known prefix the template says so
    (``acme-${aws_sqs_queue.q.generated_suffix}``), and a replay names the object by a stand-in that keeps the
    prefix (and ``suffix``: a FIFO queue's ``.fifo``) and that every reference built the same way shares."""
    prefix = get_str(resource.attrs, prefix_attr)
    if prefix is None:
        return Unknown(f"{what} generated at apply time", f"{resource.address}.{name_attr}")
    template = f"{prefix}${{{resource.address}.generated_suffix}}{suffix}" if isinstance(prefix, str) else None
    return Unknown(f"{what} generated from {prefix_attr} at apply time", f"{resource.address}.{name_attr}",
                   template=template)
