"""CloudWatch Logs log groups (``aws_cloudwatch_log_group`` / ``AWS::Logs::LogGroup``).

A log group encrypted with a KMS key (``kms_key_id`` / ``KmsKeyId``, a key ARN) is written and read
by CloudWatch Logs itself: the service principal ``logs.<region>.amazonaws.com`` calls KMS with the
encryption context ``{"aws:logs:arn": "arn:<partition>:logs:<region>:<account>:log-group:<name>"}``.
Sources: CloudWatch Logs User Guide "Encrypt log data in CloudWatch Logs using AWS Key Management
Service" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html) and API
AssociateKmsKey (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from iacsim.aws.arn import Arn as AwsArn
from iacsim.model.base import ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.values import Unknown


@dataclass(frozen=True, kw_only=True)
class LogGroup(ServiceObject):
    """A CloudWatch Logs log group."""

    name: str | Unknown
    """Log group name (Unknown when generated: Terraform ``name_prefix`` or no name, CloudFormation without
    ``LogGroupName``)."""
    arn: Arn | Unknown
    """Log group ARN without the ``:*`` suffix, ``arn:<p>:logs:<region>:<account>:log-group:<name>``: the
    value of the ``aws:logs:arn`` encryption context."""
    name_prefix: str | Unknown | None = None
    """Terraform ``name_prefix`` (the name is generated from it)."""
    kms_key: Ref | None = None
    """KMS key that encrypts the log data (a key ARN, as AssociateKmsKey requires); None: CloudWatch Logs'
    own encryption."""
    retention_in_days: int | Unknown | None = None
    """Retention in days; None keeps events forever."""
    log_group_class: str | Unknown | None = None
    """``STANDARD``, ``INFREQUENT_ACCESS`` or ``DELIVERY``."""
    tags: Tags = field(default_factory=dict)
    """Tags."""

    def replay_name(self, stand_in: str | None = None) -> str:
        """The name in a simulated cloud: the written one, else ``stand_in`` (the replay's for its template),
        else a stable one from the prefix and address."""
        if isinstance(self.name, str):
            return self.name
        if stand_in is not None:
            return stand_in
        prefix = self.name_prefix if isinstance(self.name_prefix, str) else "iacsim-"
        return prefix + hashlib.sha256(self.address.encode()).hexdigest()[:12]

    def seed_values(self, stand_in: str | None = None) -> dict[str, str]:
        """Values code references, as the simulated cloud has them: Terraform ``arn`` has no ``:*`` suffix,
        CloudFormation ``Fn::GetAtt Arn`` has it; ``name``/``id``/``Ref`` are the name."""
        name = self.replay_name(stand_in)
        arn = self.arn if isinstance(self.arn, str) else log_group_arn(self.partition, self.region, self.account, name)
        cloudformation = self.provenance.origin == "cloudformation"
        return {"name": name, "id": name, "ref": name, "loggroupname": name,
                "arn": arn + ":*" if cloudformation else arn}


def log_group_arn(partition: str, region: str, account: str, name: str) -> str:
    """The ARN CloudWatch Logs uses as the ``aws:logs:arn`` encryption context (no ``:*`` suffix)."""
    return str(AwsArn.log_group(partition, region, account, name))
