"""CloudFormation dynamic references in any resource property → :class:`CfnDynamicReference`,
and EC2 user data → :class:`UserDataShape`.

Registered as ``cloudformation:*``: it sees every resource of every template whatever its type,
because a ``{{resolve:…}}`` may sit in any property. The loader keeps each reference verbatim
(:class:`iacsim.load.cloudformation.dynamic_reference.DynamicReference`). Reference syntax
(AWS CloudFormation User Guide, "Get values stored in other services using dynamic references",
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html):

* ``{{resolve:ssm:parameter-name[:version]}}`` (String/StringList parameters),
* ``{{resolve:ssm-secure:parameter-name[:version]}}`` (SecureString parameters,
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm-secure-strings.html),
* ``{{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}`` where
  secret-id is a name or a full ARN
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacsim.load.cloudformation.dynamic_reference import PATTERN, UNKNOWN_MARK, DynamicReference
from iacsim.load.resource import Resource
from iacsim.model.base import ModelObject
from iacsim.model.code_secrets import CfnDynamicReference
from iacsim.model.ids import Address
from iacsim.model.registry import translates
from iacsim.model.translate.attrs import placement_fields
from iacsim.model.translate.cloudformation.common import field_of, mapping
from iacsim.model.user_data_shape import user_data_shape
from iacsim.values import Unknown


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(property path without list indexes, reference) for every dynamic reference under ``value``."""
    if isinstance(value, DynamicReference):
        for ref in value.references:
            yield path, ref
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item, path)


def parse_reference(reference: str) -> dict[str, Any] | None:
    """Service, target and selectors of one ``{{resolve:…}}`` (None when it is not one)."""
    m = PATTERN.fullmatch(reference)
    if m is None:
        return None
    service, key = m.group(1), m.group(2)
    out: dict[str, Any] = {"service": service, "target": key}
    if service in ("ssm", "ssm-secure"):
        name, _, version = key.rpartition(":")
        if name and version.isdigit():
            out.update(target=name, version=version)
    elif service == "secretsmanager":
        parts = key.split(":")
        # A secret ARN has 7 colon-separated parts (arn:aws:secretsmanager:region:account:secret:name).
        cut = 7 if key.startswith("arn:") else 1
        out["target"] = ":".join(parts[:cut])
        rest = parts[cut:] + [""] * 4
        out.update(json_key=rest[1] or None, version_stage=rest[2] or None, version=rest[3] or None)
    target = out["target"]
    whole = UNKNOWN_MARK.fullmatch(target)
    if whole is not None:
        out["target"] = Unknown("named by a value known after deployment", ref=whole.group(1) or None)
    elif UNKNOWN_MARK.search(target):
        out["target"] = Unknown("the name is built from a value known after deployment")
    return out


def _shown(reference: str) -> str:
    return UNKNOWN_MARK.sub(lambda m: "${" + (m.group(1) or "unknown") + "}", reference)


@translates("cloudformation:*")
def dynamic_references(resource: Resource) -> Iterator[ModelObject]:
    fields = placement_fields(resource)
    for path, reference in _walk(resource.attrs, ()):
        parsed = parse_reference(reference)
        if parsed is None:
            continue
        yield CfnDynamicReference(**fields, resource=Address(resource.address), resource_type=resource.type,
                                  property_path=path, reference=_shown(reference), **parsed)
    if resource.type in ("AWS::EC2::Instance", "AWS::AutoScaling::LaunchConfiguration"):
        shape = user_data_shape(resource, Address(resource.address), "UserData", resource.attrs.get("UserData"),
                                base64_encoded=True)
        if shape is not None:
            yield shape
    elif resource.type == "AWS::EC2::LaunchTemplate":
        data = mapping(resource.attrs.get("LaunchTemplateData"))
        shape = user_data_shape(resource, Address(resource.address), "LaunchTemplateData.UserData",
                                field_of(data, "UserData"), base64_encoded=True)
        if shape is not None:
            yield shape
