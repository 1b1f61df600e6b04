"""CloudTrail trails (``aws_cloudtrail`` / ``AWS::CloudTrail::Trail``).

A trail delivers log files to an S3 bucket; with a KMS key (``kms_key_id`` / ``KMSKeyId``) CloudTrail
(``cloudtrail.amazonaws.com``) asks KMS for data keys with the encryption context
``aws:cloudtrail:arn`` = the trail ARN, and the files are stored SSE-KMS. Sources: CloudTrail User
Guide "Configure AWS KMS key policies for CloudTrail"
(https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html),
"Amazon S3 bucket policy for CloudTrail"
(https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html),
API CreateTrail (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iacsim.aws.arn import Arn as AwsArn
from iacsim.model.base import ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.values import Unknown


@dataclass(frozen=True, kw_only=True)
class Trail(ServiceObject):
    """A CloudTrail trail."""

    name: str | Unknown
    """Trail name."""
    arn: Arn | Unknown
    """Trail ARN ``arn:<p>:cloudtrail:<region>:<account>:trail/<name>`` (the ``aws:SourceArn`` and
    ``aws:cloudtrail:arn`` encryption context value)."""
    s3_bucket: Ref
    """Name of the bucket receiving the log files."""
    s3_key_prefix: str | Unknown | None = None
    """Key prefix before ``AWSLogs/<account>/``."""
    kms_key: Ref | None = None
    """KMS key for SSE-KMS of the log files (alias name, alias ARN, key ARN or key id); None: SSE-S3."""
    multi_region: bool | Unknown = False
    """``is_multi_region_trail`` / ``IsMultiRegionTrail``."""
    organization_trail: bool | Unknown = False
    """``is_organization_trail`` / ``IsOrganizationTrail``."""
    log_file_validation: bool | Unknown = False
    """``enable_log_file_validation`` / ``EnableLogFileValidation`` (AWS default false)."""
    logging: bool | Unknown = True
    """``enable_logging`` (Terraform default true) / ``IsLogging`` (required in CloudFormation)."""
    include_global_service_events: bool | Unknown = True
    """``include_global_service_events`` / ``IncludeGlobalServiceEvents``."""
    cloud_watch_logs_group: Ref | None = None
    """Log group ARN CloudTrail also delivers to."""
    cloud_watch_logs_role: Ref | None = None
    """Role CloudTrail assumes to write to that log group."""
    sns_topic: Ref | None = None
    """SNS topic notified of each delivery."""
    tags: Tags = field(default_factory=dict)
    """Tags."""

    def seed_values(self) -> dict[str, str]:
        """Name and ARN in a simulated cloud (Terraform ``id``/``name``, CloudFormation ``Ref`` is the name)."""
        if not isinstance(self.name, str):
            return {}
        arn = self.arn if isinstance(self.arn, str) else trail_arn(self.partition, self.region, self.account,
                                                                    self.name)
        return {"name": self.name, "id": self.name, "ref": self.name, "trailname": self.name, "arn": arn}


def trail_arn(partition: str, region: str, account: str, name: str) -> str:
    """``arn:<p>:cloudtrail:<region>:<account>:trail/<name>``."""
    return str(AwsArn.trail(partition, region, account, name))
