"""What the loader knows about resource types: names that exist, properties that are required.

Required properties come from the "Properties" section ("Required: Yes") of each
type's page in the AWS CloudFormation resource and property type reference
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html).
Only the types iacsim simulates are listed; other ``AWS::`` types are loaded as
they are and ignored by the model.
"""

from __future__ import annotations

import re

REQUIRED_PROPERTIES: dict[str, tuple[str, ...]] = {
    # KeyPolicy became optional in 2022 (a default key policy is applied).
    "AWS::KMS::Key": (),
    "AWS::KMS::ReplicaKey": ("KeyPolicy", "PrimaryKeyArn"),
    "AWS::KMS::Alias": ("AliasName", "TargetKeyId"),
    "AWS::SSM::Parameter": ("Type", "Value"),
    "AWS::S3::Bucket": (),
    "AWS::S3::BucketPolicy": ("Bucket", "PolicyDocument"),
    "AWS::IAM::Role": ("AssumeRolePolicyDocument",),
    "AWS::IAM::Policy": ("PolicyDocument", "PolicyName"),
    "AWS::IAM::ManagedPolicy": ("PolicyDocument",),
    "AWS::IAM::User": (),
    "AWS::IAM::Group": (),
    "AWS::IAM::InstanceProfile": ("Roles",),
    "AWS::EC2::Instance": (),
    "AWS::EC2::LaunchTemplate": ("LaunchTemplateData",),
    "AWS::ImageBuilder::DistributionConfiguration": ("Distributions", "Name"),
}

KMS_TYPES = frozenset({"AWS::KMS::Key", "AWS::KMS::ReplicaKey", "AWS::KMS::Alias"})
"""The complete AWS::KMS namespace: a typo there (``AWS::KMS::Keys``) is worth a warning."""

_TYPE_NAME = re.compile(r"^(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)?|Custom::[A-Za-z0-9_@-]+|"
                        r"Alexa::ASK::Skill)$")


def type_problem(rtype: object) -> str | None:
    """Why ``rtype`` cannot be a CloudFormation resource type, or ``None``."""
    if not isinstance(rtype, str):
        return "resource has no Type"
    if rtype.startswith("AWS::Serverless::"):
        return None  # reported with the SAM transform
    if not _TYPE_NAME.match(rtype):
        return f"unknown resource type {rtype!r}"
    if rtype.startswith("AWS::KMS::") and rtype not in KMS_TYPES:
        return f"unknown resource type {rtype!r} (AWS::KMS has Key, ReplicaKey and Alias)"
    return None
