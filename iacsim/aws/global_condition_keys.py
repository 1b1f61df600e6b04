"""The global ``aws:`` condition keys and their types (the service reference lists only service-specific keys).

Source: "AWS global condition context keys"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html), each key with the type
that page gives it. Templated keys (``aws:RequestTag/${TagKey}``) match any tag key. Names are compared
case-insensitively, as IAM does.
"""

from __future__ import annotations

import functools
import re

GLOBAL_CONDITION_KEYS: dict[str, str] = {
    # principal properties
    "aws:PrincipalArn": "ARN", "aws:PrincipalAccount": "String", "aws:PrincipalOrgPaths": "ArrayOfString",
    "aws:PrincipalOrgID": "String", "aws:PrincipalTag/${TagKey}": "String", "aws:PrincipalIsAWSService": "Bool",
    "aws:PrincipalServiceName": "String", "aws:PrincipalServiceNamesList": "ArrayOfString",
    "aws:PrincipalType": "String", "aws:userid": "String", "aws:username": "String",
    # role session properties
    "aws:AssumedRoot": "String", "aws:FederatedProvider": "String", "aws:TokenIssueTime": "Date",
    "aws:MultiFactorAuthAge": "Numeric", "aws:MultiFactorAuthPresent": "Bool", "aws:ChatbotSourceArn": "ARN",
    "aws:Ec2InstanceSourceVpc": "String", "aws:Ec2InstanceSourcePrivateIPv4": "IPAddress",
    "aws:SourceIdentity": "String", "ec2:RoleDelivery": "Numeric", "ec2:SourceInstanceArn": "ARN",
    "glue:RoleAssumedBy": "String", "glue:CredentialIssuingService": "String",
    "lambda:SourceFunctionArn": "ARN", "ssm:SourceInstanceArn": "ARN", "identitystore:UserId": "String",
    # network properties
    "aws:SourceIp": "IPAddress", "aws:SourceVpc": "String", "aws:SourceVpcArn": "ARN", "aws:SourceVpce": "String",
    "aws:VpceAccount": "String", "aws:VpceOrgPaths": "ArrayOfString", "aws:VpceOrgID": "String",
    "aws:VpcSourceIp": "IPAddress",
    # resource properties
    "aws:ResourceAccount": "String", "aws:ResourceOrgPaths": "ArrayOfString", "aws:ResourceOrgID": "String",
    "aws:ResourceTag/${TagKey}": "String",
    # request properties
    "aws:CalledVia": "ArrayOfString", "aws:CalledViaFirst": "String", "aws:CalledViaLast": "String",
    "aws:ViaAWSService": "Bool", "aws:CurrentTime": "Date", "aws:EpochTime": "Date", "aws:referer": "String",
    "aws:RequestedRegion": "String", "aws:RequestTag/${TagKey}": "String", "aws:TagKeys": "ArrayOfString",
    "aws:SecureTransport": "Bool", "aws:SourceAccount": "String", "aws:SourceArn": "ARN",
    "aws:SourceOrgID": "String", "aws:SourceOrgPaths": "ArrayOfString", "aws:UserAgent": "String",
    "aws:IsMcpServiceAction": "Bool",
    # not on that page any more, but still in SNS's documented examples
    # (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html)
    "aws:SourceOwner": "String",
}
"""Global condition keys → the type the IAM User Guide gives them."""


@functools.cache
def _index() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    exact = {k.lower(): t for k, t in GLOBAL_CONDITION_KEYS.items() if "${" not in k}
    templated = tuple((re.compile(re.escape(k.split("${")[0]) + r".+", re.IGNORECASE), t)
                      for k, t in GLOBAL_CONDITION_KEYS.items() if "${" in k)
    return exact, templated


def global_key_type(name: str) -> str | None:
    """The type of the global condition key ``name`` (``aws:SourceArn`` → ``ARN``), None when it is not one."""
    exact, templated = _index()
    found = exact.get(name.lower())
    if found is not None:
        return found
    return next((t for pattern, t in templated if pattern.fullmatch(name)), None)
