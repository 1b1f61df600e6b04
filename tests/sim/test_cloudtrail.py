"""CloudTrail: CreateTrail checks the bucket and key policies; delivery is an SSE-KMS PutObject by CloudTrail."""

from __future__ import annotations

import json

import pytest

from iacsim.sim import ClientError, Cloud
from iacsim.sim.cloudtrail.client import deliver_log_file

A = "111111111111"
TRAIL = f"arn:aws:cloudtrail:us-east-1:{A}:trail/main"
READER = f"arn:aws:iam::{A}:role/auditor"


def _key_policy(*, cloudtrail: bool = True, reader: bool = True) -> str:
    statements: list[dict[str, object]] = [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "kms:*", "Resource": "*"}]
    if cloudtrail:
        statements += [
            {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*",
             "Resource": "*", "Condition": {"StringEquals": {"aws:SourceArn": TRAIL}, "StringLike": {
                 "kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{A}:trail/*"}}},
            {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:DescribeKey",
             "Resource": "*"}]
    if reader:
        statements.append({"Effect": "Allow", "Principal": {"AWS": READER}, "Action": "kms:Decrypt", "Resource": "*",
                           "Condition": {"Null": {"kms:EncryptionContext:aws:cloudtrail:arn": "false"}}})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _bucket_policy(*, write: bool = True) -> str:
    statements: list[dict[str, object]] = [
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl",
         "Resource": "arn:aws:s3:::trail-logs", "Condition": {"StringEquals": {"aws:SourceArn": TRAIL}}}]
    if write:
        statements.append({"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                           "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::trail-logs/AWSLogs/{A}/*",
                           "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                                          "aws:SourceArn": TRAIL}}})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _setup(cloud: Cloud, *, key_policy: str | None = None, bucket_policy: str | None = None,
           key_region: str = "us-east-1") -> str:
    s3 = cloud.client("s3", account=A)
    s3.create_bucket(Bucket="trail-logs")
    s3.put_bucket_policy(Bucket="trail-logs", Policy=bucket_policy or _bucket_policy())
    iam = cloud.client("iam", account=A)
    iam.create_role(RoleName="auditor", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="auditor", PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                "Resource": "arn:aws:s3:::trail-logs/*"}]}))
    arn: str = cloud.client("kms", region=key_region, account=A).create_key(
        Policy=key_policy or _key_policy())["KeyMetadata"]["Arn"]
    return arn


def test_trail_delivers_sse_kms_and_the_reader_decrypts():
    cloud = Cloud()
    key = _setup(cloud)
    ct = cloud.client("cloudtrail", account=A)
    assert ct.create_trail(Name="main", S3BucketName="trail-logs", KmsKeyId=key)["TrailARN"] == TRAIL
    out = deliver_log_file(cloud, A, "us-east-1", "main")
    assert out["Key"].startswith(f"AWSLogs/{A}/CloudTrail/us-east-1/")
    version = cloud.backends("s3")[A]["us-east-1"].buckets["trail-logs"].version(out["Key"], None)
    # S3 completes CloudTrail's context with the object ARN; the data key is under the trail's key.
    assert version.encryption_context["aws:cloudtrail:arn"] == TRAIL and "aws:s3:arn" in version.encryption_context
    assert version.kms_key_arn == key
    reader = cloud.client("s3", principal=READER)
    assert reader.get_object(Bucket="trail-logs", Key=out["Key"])["Body"].read() == b'{"Records":[]}'


def test_bucket_policy_without_put_object_is_insufficient():
    cloud = Cloud()
    key = _setup(cloud, bucket_policy=_bucket_policy(write=False))
    with pytest.raises(ClientError) as err:
        cloud.client("cloudtrail", account=A).create_trail(Name="main", S3BucketName="trail-logs", KmsKeyId=key)
    assert err.value.response["Error"]["Code"] == "InsufficientS3BucketPolicyException"
    assert "Incorrect S3 bucket policy is detected for bucket: trail-logs" in str(err.value)


def test_key_policy_without_cloudtrail_is_insufficient_encryption_policy():
    cloud = Cloud()
    key = _setup(cloud, key_policy=_key_policy(cloudtrail=False))
    with pytest.raises(ClientError, match="InsufficientEncryptionPolicyException"):
        cloud.client("cloudtrail", account=A).create_trail(Name="main", S3BucketName="trail-logs", KmsKeyId=key)


def test_key_outside_the_buckets_region_is_not_found():
    cloud = Cloud()
    key = _setup(cloud, key_region="eu-west-1")
    with pytest.raises(ClientError, match="KmsKeyNotFoundException"):
        cloud.client("cloudtrail", account=A).create_trail(Name="main", S3BucketName="trail-logs", KmsKeyId=key)


def test_reader_without_kms_decrypt_cannot_read():
    cloud = Cloud()
    key = _setup(cloud, key_policy=_key_policy(reader=False))
    cloud.client("cloudtrail", account=A).create_trail(Name="main", S3BucketName="trail-logs", KmsKeyId=key)
    out = deliver_log_file(cloud, A, "us-east-1", "main")
    with pytest.raises(ClientError, match="AccessDenied"):
        cloud.client("s3", principal=READER).get_object(Bucket="trail-logs", Key=out["Key"])


def _cw_role(cloud: Cloud, *, trust: str = "cloudtrail.amazonaws.com", stream_resource: str | None = None) -> str:
    iam = cloud.client("iam", account=A)
    arn: str = iam.create_role(RoleName="trail-to-logs", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": trust},
                                               "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    resource = stream_resource or f"arn:aws:logs:us-east-1:{A}:log-group:trail-events:log-stream:*"
    iam.put_role_policy(RoleName="trail-to-logs", PolicyName="write", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:CreateLogStream",
                                                                               "logs:PutLogEvents"],
                                                "Resource": resource}]}))
    return arn


def test_trail_sends_events_to_cloudwatch_logs_through_its_role():
    cloud = Cloud()
    key = _setup(cloud)
    cloud.client("logs", account=A).create_log_group(logGroupName="trail-events")
    role = _cw_role(cloud)
    cloud.client("cloudtrail", account=A).create_trail(
        Name="main", S3BucketName="trail-logs", KmsKeyId=key, CloudWatchLogsRoleArn=role,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{A}:log-group:trail-events:*")
    group = cloud.backends("logs")[A]["us-east-1"].groups["trail-events"]
    assert list(group.streams) == [f"{A}_CloudTrail_us-east-1"]


@pytest.mark.parametrize("trust", ["lambda.amazonaws.com"])
def test_role_cloudtrail_cannot_assume_is_refused_at_create(trust: str):
    cloud = Cloud()
    key = _setup(cloud)
    cloud.client("logs", account=A).create_log_group(logGroupName="trail-events")
    role = _cw_role(cloud, trust=trust)
    with pytest.raises(ClientError) as err:
        cloud.client("cloudtrail", account=A).create_trail(
            Name="main", S3BucketName="trail-logs", KmsKeyId=key, CloudWatchLogsRoleArn=role,
            CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{A}:log-group:trail-events:*")
    assert err.value.response["Error"]["Code"] == "InvalidCloudWatchLogsLogGroupArnException"
    assert "Access denied. Verify in IAM that the role has adequate permissions." in str(err.value)


def test_role_without_put_log_events_on_the_stream_is_refused():
    cloud = Cloud()
    key = _setup(cloud)
    cloud.client("logs", account=A).create_log_group(logGroupName="trail-events")
    # The group ARN without ":*" does not cover its log streams.
    role = _cw_role(cloud, stream_resource=f"arn:aws:logs:us-east-1:{A}:log-group:trail-events")
    with pytest.raises(ClientError, match="InvalidCloudWatchLogsLogGroupArnException"):
        cloud.client("cloudtrail", account=A).create_trail(
            Name="main", S3BucketName="trail-logs", KmsKeyId=key, CloudWatchLogsRoleArn=role,
            CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{A}:log-group:trail-events:*")


def _topic(cloud: Cloud, *, allow_cloudtrail: bool = True, key: str | None = None) -> str:
    attributes: dict[str, str] = {}
    if key:
        attributes["KmsMasterKeyId"] = key
    arn: str = cloud.client("sns", account=A).create_topic(Name="trail-deliveries", Attributes=attributes)["TopicArn"]
    if allow_cloudtrail:
        cloud.client("sns", account=A).set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                                                   "Action": "SNS:Publish", "Resource": arn,
                                                   "Condition": {"StringEquals": {"aws:SourceArn": TRAIL}}}]}))
    return arn


def test_topic_policy_without_cloudtrail_is_insufficient():
    cloud = Cloud()
    key = _setup(cloud)
    _topic(cloud, allow_cloudtrail=False)
    with pytest.raises(ClientError, match="InsufficientSnsTopicPolicyException"):
        cloud.client("cloudtrail", account=A).create_trail(Name="main", S3BucketName="trail-logs", KmsKeyId=key,
                                                           SnsTopicName="trail-deliveries")


def test_notification_to_an_encrypted_topic_needs_the_topic_key_to_admit_cloudtrail():
    from iacsim.sim.cloudtrail.client import notify_delivery

    cloud = Cloud()
    key = _setup(cloud)
    topic_key = cloud.client("kms", account=A).create_key()["KeyMetadata"]["Arn"]  # default policy: root only
    _topic(cloud, key=topic_key)
    ct = cloud.client("cloudtrail", account=A)
    ct.create_trail(Name="main", S3BucketName="trail-logs", KmsKeyId=key, SnsTopicName="trail-deliveries")
    out = deliver_log_file(cloud, A, "us-east-1", "main")
    trail = cloud.backends("cloudtrail")[A]["us-east-1"].get("main")
    # CreateTrail accepted the topic; the notification fails when SNS asks the topic's key for a data key.
    with pytest.raises(ClientError) as err:
        notify_delivery(cloud, trail, out["Key"])
    assert "kms:GenerateDataKey" in str(err.value)
