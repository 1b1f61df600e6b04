"""Parameter Store state for one account and region: parameters, versions, labels, policies.

The client (``client.py``) validates requests and talks to KMS; this module keeps the versions and
enforces the version and label limits and Expiration policies against the simulated clock.
SecureString versions hold only ciphertext; values are excluded from every repr.

Sources: PutParameter / LabelParameterVersion API reference; "Working with parameter versions"
(https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-versions.html);
"Assigning parameter policies" (Expiration deletes the parameter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from iacsim.aws.ssm_limits import MAX_LABELS_PER_VERSION, MAX_VERSIONS, ParameterPolicy, Tier, parameter_arn
from iacsim.sim.ssm.errors import (
    ParameterMaxVersionLimitExceeded,
    ParameterNotFound,
    ParameterVersionLabelLimitExceeded,
)

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud


@dataclass
class ParameterVersion:
    """One version of a parameter (mutable only through its labels)."""

    version: int
    param_type: str
    tier: Tier
    stored_value: str = field(repr=False)
    """The plain value for String/StringList; for SecureString the base64 ciphertext that GetParameter
    returns without decryption."""
    key_id: str | None
    """KMS key of a SecureString, as given (``alias/aws/ssm`` by default)."""
    description: str
    allowed_pattern: str | None
    data_type: str
    modified: datetime
    modified_by: str
    policies: tuple[ParameterPolicy, ...]
    labels: list[str] = field(default_factory=list)


@dataclass
class Parameter:
    name: str
    arn: str
    versions: dict[int, ParameterVersion] = field(default_factory=dict)
    next_version: int = 1
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def latest(self) -> ParameterVersion:
        return self.versions[max(self.versions)]

    def by_label(self, label: str) -> ParameterVersion | None:
        for version in self.versions.values():
            if label in version.labels:
                return version
        return None


class SsmBackend:
    """Parameters of one account and region."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self._parameters: dict[str, Parameter] = {}
        self._expirations: dict[str, datetime] = {}
        """name -> Expiration of its latest version (only parameters that have one), so reads stay O(1)."""

    def arn(self, name: str) -> str:
        return parameter_arn(self.cloud.partition, self.region, self.account, name)

    # -- expiration ---------------------------------------------------------------
    def expire(self) -> list[str]:
        """Delete every parameter whose Expiration policy has passed on the simulated clock.

        Parameter Store enforces policies by asynchronous periodic scans; the simulation applies them
        whenever the store is read or written, which is what a caller can observe. The Expiration of
        the latest version governs ("Updating a parameter doesn't affect the expiration date").
        """
        if not self._expirations:
            return []
        now = self.cloud.clock.now()
        expired = [name for name, when in self._expirations.items() if when <= now]
        for name in expired:
            del self._parameters[name]
            del self._expirations[name]
        return expired

    # -- reads ----------------------------------------------------------------------
    def find(self, name: str) -> Parameter | None:
        self.expire()
        return self._parameters.get(name)

    def get(self, name: str) -> Parameter:
        parameter = self.find(name)
        if parameter is None:
            raise ParameterNotFound(f"Parameter {name} not found.")
        return parameter

    def all(self) -> list[Parameter]:
        self.expire()
        return [self._parameters[name] for name in sorted(self._parameters)]

    def count_tier(self, tier: Tier) -> int:
        return sum(1 for p in self.all() if p.latest.tier == tier)

    # -- writes ---------------------------------------------------------------------
    def put(self, name: str, version: ParameterVersion, tags: dict[str, str]) -> Parameter:
        """Store ``version`` as the next version of ``name``.

        "Working with parameter versions": Parameter Store keeps the 100 most recent versions; the
        oldest is deleted to make room unless it carries a label, in which case the write fails with
        ParameterMaxVersionLimitExceeded.
        """
        parameter = self._parameters.get(name)
        if parameter is None:
            parameter = Parameter(name, self.arn(name), tags=dict(tags))
        if len(parameter.versions) >= MAX_VERSIONS:
            oldest = parameter.versions[min(parameter.versions)]
            if oldest.labels:
                raise ParameterMaxVersionLimitExceeded(
                    f"You attempted to create a new version of {name} by calling the PutParameter API with "
                    f"the overwrite flag. Version {oldest.version}, the oldest version, can't be deleted "
                    "because it has a label associated with it. Move the label to another version of the "
                    "parameter, and try again.",
                )
            del parameter.versions[oldest.version]
        version.version = parameter.next_version
        parameter.versions[version.version] = version
        parameter.next_version += 1
        self._parameters[name] = parameter
        expiration = next((p.expires_at for p in version.policies if p.expires_at is not None), None)
        if expiration is None:
            self._expirations.pop(name, None)
        else:
            self._expirations[name] = expiration
        return parameter

    def delete(self, name: str) -> None:
        self.get(name)
        del self._parameters[name]
        self._expirations.pop(name, None)

    def label(self, parameter: Parameter, version: ParameterVersion, labels: list[str]) -> None:
        """Attach labels to ``version``, moving any that sit on another version of the parameter."""
        moving = [label for label in labels if label not in version.labels]
        if len(version.labels) + len(moving) > MAX_LABELS_PER_VERSION:
            raise ParameterVersionLabelLimitExceeded(
                f"A parameter version can have a maximum of {MAX_LABELS_PER_VERSION} labels.",
            )
        for label in moving:
            holder = parameter.by_label(label)
            if holder is not None:
                holder.labels.remove(label)
            version.labels.append(label)


def parameter_shape(
    parameter: Parameter, version: ParameterVersion, value: str, selector: str | None
) -> dict[str, Any]:
    """GetParameter's ``Parameter`` structure."""
    shape: dict[str, Any] = {
        "Name": parameter.name,
        "Type": version.param_type,
        "Value": value,
        "Version": version.version,
        "LastModifiedDate": version.modified,
        "ARN": parameter.arn,
        "DataType": version.data_type,
    }
    if selector is not None:
        shape["Selector"] = selector
    return shape


def history_shape(parameter: Parameter, version: ParameterVersion, value: str) -> dict[str, Any]:
    """GetParameterHistory's ``ParameterHistory`` structure."""
    shape: dict[str, Any] = {
        "Name": parameter.name,
        "Type": version.param_type,
        "LastModifiedDate": version.modified,
        "LastModifiedUser": version.modified_by,
        "Value": value,
        "Version": version.version,
        "Labels": list(version.labels),
        "Tier": version.tier,
        "Policies": [
            {"PolicyText": p.text, "PolicyType": p.policy_type, "PolicyStatus": "Pending"}
            for p in version.policies
        ],
        "DataType": version.data_type,
    }
    if version.key_id is not None:
        shape["KeyId"] = version.key_id
    if version.description:
        shape["Description"] = version.description
    if version.allowed_pattern is not None:
        shape["AllowedPattern"] = version.allowed_pattern
    return shape


def metadata_shape(parameter: Parameter) -> dict[str, Any]:
    """DescribeParameters' ``ParameterMetadata`` (latest version; never the value)."""
    version = parameter.latest
    shape = history_shape(parameter, version, "")
    del shape["Value"], shape["Labels"]
    shape["ARN"] = parameter.arn
    return shape
