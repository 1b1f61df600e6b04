"""The simulated CloudTrail client (boto3 ``cloudtrail``): trails delivering to S3, optionally SSE-KMS.

CreateTrail checks, as CloudTrail does before it accepts a trail, that the service
``cloudtrail.amazonaws.com`` (with ``aws:SourceArn`` = the trail ARN and ``aws:SourceAccount``) can
deliver: the bucket policy must allow ``s3:GetBucketAcl`` on the bucket and ``s3:PutObject`` on
``<bucket>/[prefix/]AWSLogs/<account>/*`` with ``s3:x-amz-acl = bucket-owner-full-control``; with a KMS
key, the key must be in the bucket's Region and the key policy must let CloudTrail ``kms:DescribeKey``
and ``kms:GenerateDataKey*`` with ``kms:EncryptionContext:aws:cloudtrail:arn`` = the trail ARN.
:func:`deliver_log_file` replays one delivery (an SSE-KMS PutObject by CloudTrail, whose data key S3
asks KMS for with the context ``aws:cloudtrail:arn`` + ``aws:s3:arn``). Sources:

* API CreateTrail, Errors (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html):
  InsufficientS3BucketPolicyException, InsufficientEncryptionPolicyException ("the policy on the S3
  bucket or KMS key does not have sufficient permissions"), KmsKeyNotFoundException ("the KMS key does
  not exist, when the S3 bucket and the KMS key are not in the same Region"), S3BucketDoesNotExistException.
* "Configure AWS KMS key policies for CloudTrail"
  https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
* "Amazon S3 bucket policy for CloudTrail"
  https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.sim.authz import authorize, require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.cloudtrail.errors import (
    InsufficientEncryptionPolicyException,
    InsufficientS3BucketPolicyException,
    InsufficientSnsTopicPolicyException,
    InvalidCloudWatchLogsLogGroupArnException,
    InvalidCloudWatchLogsRoleArnException,
    InvalidSnsTopicNameException,
    KmsException,
    KmsKeyNotFoundException,
    S3BucketDoesNotExistException,
    TrailAlreadyExistsException,
    TrailNotFoundException,
)
from iacsim.sim.errors import ClientError
from iacsim.sim.principal import Caller, Principal
from iacsim.sim.s3.backend import find_bucket

CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com"
ACL = "bucket-owner-full-control"


@dataclass
class TrailState:
    name: str
    arn: str
    account: str
    home_region: str
    bucket: str
    prefix: str | None
    kms_key_arn: str | None
    multi_region: bool
    log_file_validation: bool
    logging: bool = False
    cw_log_group_arn: str | None = None
    cw_role_arn: str | None = None
    sns_topic_arn: str | None = None


class CloudTrailBackend:
    """Trails of one account and region (their home Region)."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.trails: dict[str, TrailState] = {}

    def trail_arn(self, name: str) -> str:
        return str(Arn.trail(self.cloud.partition, self.region, self.account, name))

    def get(self, name: str) -> TrailState:
        trail = self.trails.get(name.rsplit("/", 1)[-1])
        if trail is None:
            raise TrailNotFoundException(f"Unknown trail: {name} for the user: {self.account}")
        return trail


def service_caller(trail_arn: str, account: str) -> Caller:
    """CloudTrail acting for a trail: ``aws:SourceArn`` = trail ARN, ``aws:SourceAccount`` = its account,
    and the ``x-amz-acl`` header it always sends (bucket-owner-full-control)."""
    return Caller(Principal.service(CLOUDTRAIL_SERVICE), source_arn=trail_arn, source_account=account,
                  extra_context=(("s3:x-amz-acl", ACL),))


def log_object_key(trail: TrailState, region: str, stamp: str) -> str:
    """``[prefix/]AWSLogs/<account>/CloudTrail/<region>/<yyyy/mm/dd>/<file>.json.gz``."""
    prefix = f"{trail.prefix.strip('/')}/" if trail.prefix else ""
    day = stamp[:10].replace("-", "/")
    compact = stamp.replace("-", "").replace(":", "")[:13] + "Z"
    return (f"{prefix}AWSLogs/{trail.account}/CloudTrail/{region}/{day}/"
            f"{trail.account}_CloudTrail_{region}_{compact}_iacsim.json.gz")


def _region(arn: str) -> str:
    """The Region an ARN names (empty for a string that is not an ARN)."""
    parsed = Arn.parse(arn)
    return parsed.region if parsed is not None else ""


def _resolve_key(cloud: Cloud, key_id: str, account: str, region: str) -> str:
    """CloudTrail accepts an alias name, alias ARN, key ARN or key id; names resolve in the trail's account
    and Region."""
    if key_id.startswith("arn:"):
        return key_id
    if key_id.startswith("alias/"):
        return str(Arn.kms_alias(cloud.partition, region, account, key_id))
    return str(Arn.kms_key(cloud.partition, region, account, key_id))


class CloudTrailClient(BaseClient):
    """boto3 ``cloudtrail``."""

    service_name = "cloudtrail"

    @property
    def backend(self) -> CloudTrailBackend:
        return self.cloud.backend(CLOUDTRAIL, self.account, self.region)

    def _check_delivery(self, arn: str, bucket_name: str, prefix: str | None, key_arn: str | None) -> None:
        bucket = find_bucket(self.cloud, bucket_name)
        if bucket is None:
            raise S3BucketDoesNotExistException(f"S3 bucket {bucket_name} does not exist.")
        caller = service_caller(arn, self.account)
        part = self.cloud.partition
        probe = TrailState("probe", arn, self.account, self.region, bucket_name, prefix, key_arn, False, False)
        object_arn = str(Arn.s3_object(part, bucket_name, log_object_key(probe, self.region, "2000-01-01T00:00:00Z")))
        for action, resource in (("s3:GetBucketAcl", str(Arn.s3_bucket(part, bucket_name))),
                                 ("s3:PutObject", object_arn)):
            decision = authorize(self.cloud, caller, action, resource, resource_account=bucket.account,
                                 resource_policy=bucket.policy, region=bucket.region)
            if not decision.allowed:
                raise InsufficientS3BucketPolicyException(
                    f"Incorrect S3 bucket policy is detected for bucket: {bucket_name}")
        if key_arn is None:
            return
        key_region = _region(key_arn)
        if key_region != bucket.region:
            raise KmsKeyNotFoundException(
                f"KMS key {key_arn} does not exist, or it is not in {bucket.region}, the Region of "
                f"the S3 bucket {bucket_name}.")
        kms = self.cloud.client_for("kms", key_region, Caller(caller.principal, source_arn=arn,
                                                              source_account=self.account))
        try:
            kms.describe_key(KeyId=key_arn)
            kms.generate_data_key(KeyId=key_arn, KeySpec="AES_256", EncryptionContext={"aws:cloudtrail:arn": arn})
        except ClientError as error:
            code = error.response["Error"]["Code"]
            if code == "AccessDeniedException":
                raise InsufficientEncryptionPolicyException(
                    f"Insufficient permissions to access S3 bucket {bucket_name} or KMS key {key_arn}."
                ) from None
            if code == "NotFoundException":
                raise KmsKeyNotFoundException(f"KMS key {key_arn} does not exist.") from None
            raise KmsException(f"{code}: {error.response['Error']['Message']}") from None

    @operation("CreateTrail", record=("Name", "S3BucketName", "S3KeyPrefix", "KmsKeyId", "IsMultiRegionTrail",
                                      "IsOrganizationTrail", "EnableLogFileValidation"))
    def create_trail(self, *, Name: str, S3BucketName: str, S3KeyPrefix: str | None = None,
                     KmsKeyId: str | None = None, IsMultiRegionTrail: bool = False,
                     IsOrganizationTrail: bool = False, EnableLogFileValidation: bool = False,
                     IncludeGlobalServiceEvents: bool = True, CloudWatchLogsLogGroupArn: str | None = None,
                     CloudWatchLogsRoleArn: str | None = None, SnsTopicName: str | None = None,
                     TagsList: list[dict[str, str]] | None = None) -> dict[str, Any]:
        backend = self.backend
        arn = backend.trail_arn(Name)
        require(self.cloud, self.caller, "cloudtrail:CreateTrail", arn, resource_account=self.account,
                region=self.region)
        if Name in backend.trails:
            raise TrailAlreadyExistsException(f"Trail {Name} already exists for customer: {self.account}")
        key_arn = _resolve_key(self.cloud, KmsKeyId, self.account, self.region) if KmsKeyId else None
        self._check_delivery(arn, S3BucketName, S3KeyPrefix, key_arn)
        trail = TrailState(Name, arn, self.account, self.region, S3BucketName, S3KeyPrefix, key_arn,
                           IsMultiRegionTrail, EnableLogFileValidation, False, CloudWatchLogsLogGroupArn,
                           CloudWatchLogsRoleArn)
        if CloudWatchLogsLogGroupArn is not None or CloudWatchLogsRoleArn is not None:
            # CreateTrail validates the log group and role by using them (CloudTrail User Guide, "Sending
            # events to CloudWatch Logs"): a role CloudTrail cannot assume or that may not write is refused.
            if CloudWatchLogsLogGroupArn is None:
                raise InvalidCloudWatchLogsLogGroupArnException(
                    "You must specify a log group ARN together with the role ARN.")
            if CloudWatchLogsRoleArn is None:
                raise InvalidCloudWatchLogsRoleArnException(
                    "You must specify a role ARN together with the log group ARN.")
            try:
                deliver_to_cloudwatch_logs(self.cloud, trail)
            except ClientError as error:
                code = error.response["Error"]["Code"]
                if code == "InvalidParameterException" or code == "ResourceNotFoundException":
                    raise InvalidCloudWatchLogsLogGroupArnException(
                        f"{error.response['Error']['Message']}") from None
                raise InvalidCloudWatchLogsLogGroupArnException(
                    "Access denied. Verify in IAM that the role has adequate permissions. "
                    f"({code}: {error.response['Error']['Message']})") from None
        if SnsTopicName is not None:
            trail.sns_topic_arn = self._check_topic(trail, SnsTopicName)
        backend.trails[Name] = trail
        out: dict[str, Any] = {"Name": Name, "S3BucketName": S3BucketName, "TrailARN": arn,
                               "IsMultiRegionTrail": IsMultiRegionTrail, "LogFileValidationEnabled":
                               EnableLogFileValidation, "IsOrganizationTrail": IsOrganizationTrail}
        if key_arn:
            out["KmsKeyId"] = key_arn
        return out

    def _check_topic(self, trail: TrailState, topic: str) -> str:
        """CreateTrail checks that the topic policy lets CloudTrail publish (InsufficientSnsTopicPolicyException);
        the topic's KMS key is used only when a notification is sent ("Amazon SNS topic policy for CloudTrail")."""
        arn = topic if topic.startswith("arn:") else (
            str(Arn.sns_topic(self.cloud.partition, self.region, self.account, topic)))
        parsed = Arn.parse(arn)
        found = None
        if parsed is not None and parsed.service == "sns" and ":" not in parsed.resource:
            found = self.cloud.backends("sns")[parsed.account][parsed.region].topics.get(arn)
        if found is None or parsed is None:
            raise InvalidSnsTopicNameException(f"SNS topic {topic} does not exist.")
        decision = authorize(self.cloud, service_caller(trail.arn, self.account), "SNS:Publish", arn,
                             resource_account=parsed.account, resource_policy=found.policy, region=parsed.region)
        if not decision.allowed:
            raise InsufficientSnsTopicPolicyException(
                f"The policy on the Amazon SNS topic {arn} is not sufficient.")
        return arn

    @operation("StartLogging", record=("Name",))
    def start_logging(self, *, Name: str) -> dict[str, Any]:
        trail = self.backend.get(Name)
        require(self.cloud, self.caller, "cloudtrail:StartLogging", trail.arn, resource_account=self.account,
                region=self.region)
        trail.logging = True
        return {}

    @operation("GetTrailStatus", record=("Name",))
    def get_trail_status(self, *, Name: str) -> dict[str, Any]:
        trail = self.backend.get(Name)
        return {"IsLogging": trail.logging}

    @operation("DescribeTrails", record=("trailNameList",))
    def describe_trails(self, *, trailNameList: list[str] | None = None) -> dict[str, Any]:
        wanted = set(trailNameList or [])
        trails = []
        for t in self.backend.trails.values():
            if wanted and t.name not in wanted and t.arn not in wanted:
                continue
            entry: dict[str, Any] = {"Name": t.name, "TrailARN": t.arn, "S3BucketName": t.bucket,
                                     "HomeRegion": t.home_region, "IsMultiRegionTrail": t.multi_region,
                                     "LogFileValidationEnabled": t.log_file_validation}
            if t.kms_key_arn:
                entry["KmsKeyId"] = t.kms_key_arn
            trails.append(entry)
        return {"trailList": trails}


def deliver_log_file(cloud: Cloud, account: str, home_region: str, name: str,
                     event_region: str | None = None) -> dict[str, Any]:
    """Replay one log file delivery of trail ``name``: CloudTrail's PutObject into the bucket
    (SSE-KMS with the trail's key and context ``aws:cloudtrail:arn``, which S3 completes with
    ``aws:s3:arn``). ``event_region`` is the Region whose events the file holds (a multi-Region trail
    delivers files from every Region into the same bucket, encrypted with the same key).

    Returns ``{"Bucket", "Key", "Encryption"}``; raises ClientError (from S3 PutObject) when delivery fails.
    The file body is a placeholder, never real events.
    """
    trail = cloud.backend(CLOUDTRAIL, account, home_region).get(name)
    region = event_region or home_region
    key = log_object_key(trail, region, cloud.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"))
    bucket = find_bucket(cloud, trail.bucket)
    s3 = cloud.client_for("s3", bucket.region if bucket is not None else home_region,
                          service_caller(trail.arn, account))
    args: dict[str, Any] = {"Bucket": trail.bucket, "Key": key, "Body": b'{"Records":[]}',
                            "ContentType": "application/json"}
    if trail.kms_key_arn:
        context = base64.b64encode(json.dumps({"aws:cloudtrail:arn": trail.arn}).encode()).decode()
        args.update(ServerSideEncryption="aws:kms", SSEKMSKeyId=trail.kms_key_arn, SSEKMSEncryptionContext=context)
    s3.put_object(**args)
    return {"Bucket": trail.bucket, "Key": key, "Encryption": "SSE-KMS" if trail.kms_key_arn else "bucket default"}


def deliver_to_cloudwatch_logs(cloud: Cloud, trail: TrailState) -> dict[str, Any]:
    """Replay CloudTrail sending events to its CloudWatch Logs log group: CloudTrail assumes the trail's role
    (``sts:AssumeRole`` by cloudtrail.amazonaws.com, so the trust policy must admit it), then as that session
    creates its log stream ``<account>_CloudTrail_<region>`` and calls PutLogEvents (CloudWatch Logs encrypts
    with the group's key itself). Sources: CloudTrail User Guide, "Sending events to CloudWatch Logs"
    (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html),
    "Role policy document for CloudTrail to use CloudWatch Logs for monitoring"
    (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html).

    Returns ``{"LogGroup", "LogStream"}``; raises ClientError from STS or CloudWatch Logs.
    """
    if trail.cw_log_group_arn is None or trail.cw_role_arn is None:
        raise InvalidCloudWatchLogsLogGroupArnException(f"Trail {trail.name} sends no events to "
                       "CloudWatch Logs.")
    group_arn = Arn.parse(trail.cw_log_group_arn)
    if group_arn is None or group_arn.service != "logs" or not group_arn.resource.startswith("log-group:"):
        raise InvalidCloudWatchLogsLogGroupArnException(
            f"{trail.cw_log_group_arn} is not a CloudWatch Logs log group ARN.")
    # The ARN Terraform passes ends in ``:*``; log group names have no ``:``.
    region, group = group_arn.region, group_arn.resource_id.split(":", 1)[0]
    # "Confused deputy prevention is not applicable to the role policy for CloudWatch Logs monitoring": no
    # aws:SourceArn/aws:SourceAccount is claimed for this call.
    sts = cloud.client_for("sts", trail.home_region, Caller(Principal.service(CLOUDTRAIL_SERVICE)))
    session = sts.assume_role(RoleArn=trail.cw_role_arn, RoleSessionName="CloudTrail")["AssumedRoleUser"]["Arn"]
    logs = cloud.client("logs", region=region, principal=session)
    stream = f"{trail.account}_CloudTrail_{trail.home_region}"
    backend = cloud.backends("logs")[group_arn.account][region]
    existing = backend.groups.get(group)
    if existing is None or stream not in existing.streams:
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
    stamp = int(cloud.clock.now().timestamp() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=stream,
                        logEvents=[{"timestamp": stamp, "message": '{"eventVersion":"1.11","iacsim":"replay"}'}])
    return {"LogGroup": group, "LogStream": stream}


def notify_delivery(cloud: Cloud, trail: TrailState, object_key: str) -> dict[str, Any]:
    """Replay the notification CloudTrail publishes for a delivered log file: SNS Publish as
    cloudtrail.amazonaws.com (``aws:SourceArn`` = the trail), so an encrypted topic's key must let CloudTrail
    generate data keys. Returns the Publish response; raises ClientError from SNS."""
    if trail.sns_topic_arn is None:
        raise InvalidSnsTopicNameException(f"Trail {trail.name} has no SNS topic.")
    region = _region(trail.sns_topic_arn)
    sns = cloud.client_for("sns", region, service_caller(trail.arn, trail.account))
    message = json.dumps({"s3Bucket": trail.bucket, "s3ObjectKey": [object_key]})
    response: dict[str, Any] = sns.publish(TopicArn=trail.sns_topic_arn, Message=message)
    return response


CLOUDTRAIL: ServiceSpec[CloudTrailBackend] = register_service(
    ServiceSpec("cloudtrail", CloudTrailBackend, CloudTrailClient))
