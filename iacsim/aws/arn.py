"""Amazon Resource Names as one typed value.

AWS IAM User Guide, "Identify AWS resources with Amazon Resource Names (ARNs)"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html): an ARN is
``arn:partition:service:region:account-id:resource`` where the resource is ``resource-id``,
``resource-type/resource-id`` or ``resource-type:resource-id``; region and account are empty for
global or account-less resources (IAM has no region, S3 buckets have neither).

Building ARNs with f-strings and taking them apart with ``split(":")`` in many places let the
shapes drift (one parser knew only ``aws``, another ``aws-cn`` too); every layer builds and parses
them here instead. This module imports nothing from the rest of iacsim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTITIONS: tuple[str, ...] = (
    "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
)
"""Every AWS partition (reference-arns.html, "partition")."""

PARTITION_PATTERN = r"aws(?:-cn|-us-gov|-iso(?:-[bef])?|-eusc)?"
"""A regular expression (no anchors, no groups) matching exactly the names in :data:`PARTITIONS`,
for embedding in patterns that match more than the ARN."""

_PARTITIONS = frozenset(PARTITIONS)

_ACCOUNT_ID = re.compile(r"\d{12}")

_UNTYPED_SERVICES = frozenset({"s3", "sns", "sqs"})
"""Services whose resource is a bare name (bucket, bucket/key, topic, queue) without a type prefix."""


@dataclass(frozen=True, slots=True)
class Arn:
    """One ARN; ``str(arn)`` gives back the exact text it was parsed from."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"

    @classmethod
    def parse(cls, text: object) -> Arn | None:
        """The ARN in ``text``, None for anything else (never raises).

        The partition must be an AWS partition and the service must be present; region, account
        and resource are taken as written (they may be empty, and are not validated further).
        """
        if not isinstance(text, str) or not text.startswith("arn:"):
            return None
        parts = text.split(":", 5)
        if len(parts) != 6 or parts[1] not in _PARTITIONS or not parts[2]:
            return None
        return cls(parts[1], parts[2], parts[3], parts[4], parts[5])

    @classmethod
    def parse_iam(cls, text: object) -> Arn | None:
        """An IAM or STS ARN (no region, a 12-digit account: the shape of every principal ARN), else None."""
        arn = cls.parse(text)
        if arn is None or arn.service not in ("iam", "sts") or arn.region or not _ACCOUNT_ID.fullmatch(arn.account):
            return None
        return arn

    @property
    def _split(self) -> tuple[str, str]:
        if self.service in _UNTYPED_SERVICES:
            return "", self.resource
        cut = min((i for i in (self.resource.find("/"), self.resource.find(":")) if i >= 0), default=-1)
        if cut < 0:
            return "", self.resource
        return self.resource[:cut], self.resource[cut + 1:]

    @property
    def resource_type(self) -> str:
        """``key`` in ``key/1234``, ``function`` in ``function:f``, ``role`` in ``role/path/name``; empty for
        bare-name resources (S3, SNS, SQS, IAM ``root``)."""
        return self._split[0]

    @property
    def resource_id(self) -> str:
        """What follows the resource type and its first separator (``path/name`` for ``role/path/name``);
        the whole resource when there is no type."""
        return self._split[1]

    # Constructors for the shapes iacsim builds. Names are taken as AWS spells them.

    @classmethod
    def kms_key(cls, partition: str, region: str, account: str, key_id: str) -> Arn:
        return cls(partition, "kms", region, account, f"key/{key_id}")

    @classmethod
    def kms_alias(cls, partition: str, region: str, account: str, alias_name: str) -> Arn:
        """``alias_name`` as KMS spells it, ``alias/`` included."""
        return cls(partition, "kms", region, account, alias_name)

    @classmethod
    def iam(cls, partition: str, account: str, kind: str, name: str, path: str = "/") -> Arn:
        """An IAM ``role``/``user``/``group``/``policy``/``instance-profile``; ``path`` is ``/`` or ``/a/b/``."""
        return cls(partition, "iam", "", account, f"{kind}{path}{name}")

    @classmethod
    def iam_role(cls, partition: str, account: str, name: str, path: str = "/") -> Arn:
        return cls.iam(partition, account, "role", name, path)

    @classmethod
    def iam_user(cls, partition: str, account: str, name: str, path: str = "/") -> Arn:
        return cls.iam(partition, account, "user", name, path)

    @classmethod
    def iam_root(cls, partition: str, account: str) -> Arn:
        """The account principal ``arn:<partition>:iam::<account>:root``."""
        return cls(partition, "iam", "", account, "root")

    @classmethod
    def s3_bucket(cls, partition: str, bucket: str) -> Arn:
        return cls(partition, "s3", "", "", bucket)

    @classmethod
    def s3_object(cls, partition: str, bucket: str, key: str) -> Arn:
        return cls(partition, "s3", "", "", f"{bucket}/{key}")

    @classmethod
    def ssm_parameter(cls, partition: str, region: str, account: str, name: str) -> Arn:
        """A parameter's ARN has one ``/`` after ``parameter`` whether or not the name starts with one
        (``/a/b`` → ``parameter/a/b``, ``a`` → ``parameter/a``)."""
        return cls(partition, "ssm", region, account, f"parameter/{name.lstrip('/')}")

    @classmethod
    def ec2(cls, partition: str, region: str, account: str, kind: str, ident: str) -> Arn:
        """An EC2 resource (``image``, ``snapshot``, ``volume``, ``instance``…); images and snapshots owned
        by AWS or shared publicly are written without an account."""
        return cls(partition, "ec2", region, account, f"{kind}/{ident}")

    @classmethod
    def ec2_image(cls, partition: str, region: str, image_id: str, account: str = "") -> Arn:
        return cls.ec2(partition, region, account, "image", image_id)

    @classmethod
    def ec2_snapshot(cls, partition: str, region: str, snapshot_id: str, account: str = "") -> Arn:
        return cls.ec2(partition, region, account, "snapshot", snapshot_id)

    @classmethod
    def sns_topic(cls, partition: str, region: str, account: str, name: str) -> Arn:
        return cls(partition, "sns", region, account, name)

    @classmethod
    def sqs_queue(cls, partition: str, region: str, account: str, name: str) -> Arn:
        return cls(partition, "sqs", region, account, name)

    @classmethod
    def secret(cls, partition: str, region: str, account: str, name_with_suffix: str) -> Arn:
        """A Secrets Manager secret; AWS appends ``-`` and six random characters to the name."""
        return cls(partition, "secretsmanager", region, account, f"secret:{name_with_suffix}")

    @classmethod
    def log_group(cls, partition: str, region: str, account: str, name: str) -> Arn:
        """A CloudWatch Logs group as the ``aws:logs:arn`` encryption context names it (no trailing ``:*``)."""
        return cls(partition, "logs", region, account, f"log-group:{name}")

    @classmethod
    def trail(cls, partition: str, region: str, account: str, name: str) -> Arn:
        return cls(partition, "cloudtrail", region, account, f"trail/{name}")

    @classmethod
    def lambda_function(cls, partition: str, region: str, account: str, name: str) -> Arn:
        return cls(partition, "lambda", region, account, f"function:{name}")

    @classmethod
    def alarm(cls, partition: str, region: str, account: str, name: str) -> Arn:
        return cls(partition, "cloudwatch", region, account, f"alarm:{name}")
