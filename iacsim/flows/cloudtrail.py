"""``service-encryption`` for CloudTrail: every trail created, delivering a log file, and read back.

Replay per trail (on the seeded cloud, where its bucket, bucket policy, key and roles exist as written):

1. CreateTrail as the deploying account (its root; assumed, the step says so). CloudTrail checks, as
   ``cloudtrail.amazonaws.com`` with ``aws:SourceArn`` = the trail ARN, the bucket policy (GetBucketAcl,
   PutObject with ``x-amz-acl``) and the key (same Region as the bucket, DescribeKey, GenerateDataKey
   with ``aws:cloudtrail:arn``).
2. StartLogging when the trail logs.
3. One log file delivery (CloudTrail's SSE-KMS PutObject; for a multi-Region trail also one from another
   Region, into the same bucket with the same key).
4. GetObject of that file as every role or user whose IAM policies allow it (S3 decrypts via KMS as them).

Sources: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html,
https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import CloudTrailClient, LogsClient, S3Client, SnsClient, client
from iacsim.flows.keys import key_arn_for
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, clouds_by_name, intends, kms_refused, principals_in, root, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.cloudtrail import Trail
from iacsim.model.iam import IamRole, IamUser
from iacsim.model.logs import LogGroup
from iacsim.rules.cloudtrail.flow import (
    CloudTrailCannotUseKey,
    TrailBucketRefusesDelivery,
    TrailCannotNotifyTopic,
    TrailCannotSendToCloudWatchLogs,
    TrailReaderCannotDecrypt,
)
from iacsim.sim import Caller, ClientError, Principal
from iacsim.sim.cloudtrail.client import (
    CLOUDTRAIL_SERVICE,
    deliver_log_file,
    deliver_to_cloudwatch_logs,
    notify_delivery,
)
from iacsim.values import Unknown

_OTHER_REGION = {"us-east-1": "us-west-2"}
_CREATE = "cloudtrail:CreateTrail"


class TrailEncryptionFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        trails = list(ctx.world.of_type(Trail))
        if not trails:
            return
        readers: list[IamRole | IamUser] | None = None
        for seeded, trail in clouds_by_name(ctx, trails, lambda t: t.name):
            if readers is None:
                readers = principals_in(ctx, seeded)
            yield self._trail(ctx, seeded, trail, readers)

    def _bucket(self, ctx: FlowContext, seeded: SeededCloud, t: Trail) -> tuple[str | None, str | None, str]:
        """(simulated bucket name, its region, why unknown)."""
        bucket = ctx.world.find_bucket(t.s3_bucket)
        if bucket is None:
            return None, None, "the delivery bucket is not in the scan, so its bucket policy is not known"
        for address in (bucket.address, bucket.policy.address if bucket.policy is not None else None):
            if address is not None and address in seeded.unknown:
                return None, None, f"{address}: {seeded.unknown[address]}"
            if address is not None and address in seeded.failed:
                return None, None, f"{address} is rejected at apply time ({seeded.failed[address]})"
        name = seeded.values.get(bucket.address, {}).get("name")
        if name is None:
            return None, None, f"{bucket.address} was not recreated in the simulation"
        return name, bucket.region, ""

    def _trail(self, ctx: FlowContext, seeded: SeededCloud, t: Trail, readers: list[IamRole | IamUser]) -> FlowOutcome:
        deployer = root(t.account) if t.account != "unknown" else "deploying account"
        title = f"CloudTrail {t.address} ({t.name if isinstance(t.name, str) else 'generated name'})"
        if t.placement_unknown:
            return unknown(self.kind, title, deployer, _CREATE, t.address, f"placement unknown: {t.placement_unknown}")
        if not isinstance(t.name, str):
            return unknown(self.kind, title, deployer, _CREATE, t.address, "the trail name is generated at deploy time; bucket "
                                 "and key policies that name the trail ARN cannot be checked against it")
        if t.organization_trail is True:
            # Organization trails write under AWSLogs/<organization id>/<account>/ and their bucket policy names
            # the organization ("Creating a trail for an organization"): the scan does not know the id.
            return unknown(self.kind, title, deployer, _CREATE, t.address, "organization trail: log files go under "
                                 "AWSLogs/<organization id>/, which the scan does not know")
        bucket, bucket_region, why = self._bucket(ctx, seeded, t)
        if bucket is None or bucket_region is None:
            return unknown(self.kind, title, deployer, _CREATE, t.address, why)
        key_id: str | None = None
        if t.kms_key is not None:
            key_id, why = key_arn_for(ctx.world, seeded, t.kms_key, t.account, t.region)
            if key_id is None:
                return unknown(self.kind, title, deployer, _CREATE, t.address, why)
        arn = str(Arn.trail(t.partition, t.region, t.account, t.name))
        ct = client(seeded.cloud, CloudTrailClient, region=t.region, account=t.account)
        args: dict[str, Any] = {"Name": t.name, "S3BucketName": bucket, "IsMultiRegionTrail": t.multi_region is True,
                                "EnableLogFileValidation": t.log_file_validation is True}
        if isinstance(t.s3_key_prefix, str):
            args["S3KeyPrefix"] = t.s3_key_prefix
        if key_id is not None:
            args["KmsKeyId"] = key_id
        cw_unknown: FlowStep | None = None
        if t.cloud_watch_logs_group is not None or t.cloud_watch_logs_role is not None:
            cw, why = self._cloudwatch_logs(ctx, seeded, t)
            if cw is None:
                # The S3 delivery does not depend on it: replay that, and say this part is unknown.
                cw_unknown = FlowStep(CLOUDTRAIL_SERVICE, "logs:PutLogEvents (as the trail's role)", t.address,
                                      "unknown", why + "; CreateTrail is replayed without its CloudWatch Logs settings")
            else:
                args.update(cw)
        sns_unknown: FlowStep | None = None
        if t.sns_topic is not None:
            topic, why = self._topic(ctx, seeded, t)
            if topic is None:
                sns_unknown = FlowStep(CLOUDTRAIL_SERVICE, "sns:Publish (delivery notification)", t.address,
                                       "unknown", why + "; CreateTrail is replayed without its SNS topic")
            else:
                args["SnsTopicName"] = topic
        create, _ = call_step(deployer, "cloudtrail:CreateTrail", arn, partial(ct.create_trail, **args),
                              f"created by the deploying account (assumed: {deployer}); CloudTrail accepted the "
                              f"bucket policy of {bucket}" + (f" and the key {key_id}" if key_id else ""))
        notes = [step for step in (cw_unknown, sns_unknown) if step is not None]
        steps = [*notes, create]
        failures: list[FlowFailure] = []
        if create.decision != "allowed":
            # CreateTrail was replayed without the unknown parts: they do not decide its refusal (steps.verdict)
            steps = [create, *notes]
            code = create.error_code or ""
            at = steps.index(create)
            if code == "InsufficientS3BucketPolicyException":
                failures.append(FlowFailure(TrailBucketRefusesDelivery, t,
                                            f"CreateTrail fails: {create.reason}", fix=self._bucket_fix(bucket, arn, t)))
            elif code == "InsufficientEncryptionPolicyException":
                failures.append(FlowFailure(CloudTrailCannotUseKey, t, f"CreateTrail fails: {create.reason}",
                                            fix=self._key_fix(t, arn)))
            elif code in ("InsufficientSnsTopicPolicyException", "InvalidSnsTopicNameException"):
                failures.append(FlowFailure(TrailCannotNotifyTopic, t, f"CreateTrail fails: {create.reason}",
                                            fix=self._sns_fix(t, arn)))
            elif code.startswith("InvalidCloudWatchLogs"):
                failures.append(FlowFailure(TrailCannotSendToCloudWatchLogs, t, f"CreateTrail fails: {create.reason}",
                                            fix=self._cw_fix(t)))
            elif code in ("KmsKeyNotFoundException", "KmsException"):
                steps[at] = replace(create, reason=create.reason + " (an apply-time error; see CT001)")
            return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))
        if t.logging is True:
            start, _ = call_step(deployer, "cloudtrail:StartLogging", arn, partial(ct.start_logging, Name=t.name),
                                 "logging started")
            steps.append(start)
        elif t.logging is False:
            steps.append(FlowStep(deployer, "cloudtrail:StartLogging", arn, "allowed",
                                  "logging is off in the code: no files are delivered until it is started; the "
                                  "delivery below is what happens once it is"))
        regions: list[str] = [str(t.region)]
        if t.multi_region is True:
            regions.append(_OTHER_REGION.get(t.region, "us-east-1"))
        delivered: str | None = None
        for region in regions:
            step, out = call_step(
                CLOUDTRAIL_SERVICE, "s3:PutObject (log file" + (", SSE-KMS)" if key_id else ")"),
                str(Arn.s3_object(t.partition, bucket, f"AWSLogs/{t.account}/CloudTrail/{region}/")),
                partial(deliver_log_file, seeded.cloud, t.account, t.region, t.name, region),
                f"delivered the {region} log file" + (f"; GenerateDataKey under {key_id} with aws:cloudtrail:arn"
                                                      if key_id else ""))
            steps.append(step)
            if step.decision != "allowed":
                rule = CloudTrailCannotUseKey if kms_refused(seeded.cloud, step) else TrailBucketRefusesDelivery
                fix = self._key_fix(t, arn) if rule is CloudTrailCannotUseKey else self._bucket_fix(bucket, arn, t)
                which = ("" if rule is not CloudTrailCannotUseKey or key_id else
                         " (the trail names no key, so S3 uses the bucket's default SSE-KMS key, as CloudTrail; "
                         "CreateTrail does not check it: the trail is created and never delivers)")
                failures.append(FlowFailure(rule, t, f"CloudTrail cannot deliver log files to {bucket}{which}: "
                                                     f"{step.reason}", fix=fix))
                return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))
            if delivered is None and out is not None:
                delivered = str(out["Key"])
        if "SnsTopicName" in args and delivered is not None:
            state = ct.backend.get(t.name)
            step, _ = call_step(CLOUDTRAIL_SERVICE, "sns:Publish (delivery notification)", str(state.sns_topic_arn),
                                partial(notify_delivery, seeded.cloud, state, delivered),
                                "CloudTrail announced the log file on the topic")
            steps.append(step)
            if step.decision != "allowed":
                failures.append(FlowFailure(TrailCannotNotifyTopic, t,
                                            f"CloudTrail's delivery notifications fail (CreateTrail does not check "
                                            f"the topic's key): {step.reason}", fix=self._sns_fix(t, arn)))
        if "CloudWatchLogsRoleArn" in args:
            state = ct.backend.get(t.name)
            step, _ = call_step(CLOUDTRAIL_SERVICE, "logs:PutLogEvents (as the trail's role)",
                                str(args["CloudWatchLogsLogGroupArn"]),
                                partial(deliver_to_cloudwatch_logs, seeded.cloud, state),
                                f"CloudTrail assumed {args['CloudWatchLogsRoleArn']} and sent events to the log group")
            steps.append(step)
            if step.decision != "allowed":
                failures.append(FlowFailure(TrailCannotSendToCloudWatchLogs, t,
                                            f"CloudTrail cannot send events to CloudWatch Logs: {step.reason}",
                                            fix=self._cw_fix(t)))
        if delivered is not None:
            self._read(seeded, t, bucket, bucket_region, delivered, key_id, readers, steps, failures)
        return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))

    def _read(self, seeded: SeededCloud, t: Trail, bucket: str, bucket_region: str, key: str, key_id: str | None,
              readers: list[IamRole | IamUser], steps: list[FlowStep], failures: list[FlowFailure]) -> None:
        object_arn = str(Arn.s3_object(t.partition, bucket, key))
        bucket_account = self._bucket_account(seeded, bucket)
        for reader in readers:
            caller = Caller(Principal.parse(str(reader.arn)))
            if not intends(seeded.cloud, caller, "s3:GetObject", object_arn, resource_account=bucket_account,
                           region=bucket_region):
                continue
            s3 = client(seeded.cloud, S3Client, region=bucket_region, principal=str(reader.arn))
            step, _ = call_step(str(reader.arn), "s3:GetObject (log file)", object_arn,
                                partial(s3.get_object, Bucket=bucket, Key=key),
                                "read" + (f"; S3 decrypted it with kms:Decrypt on {key_id} as the reader"
                                          if key_id else ""))
            steps.append(step)
            if step.decision != "allowed" and key_id is not None:
                failures.append(FlowFailure(
                    TrailReaderCannotDecrypt, t,
                    f"{reader.address} may read the log files of {t.name} but cannot decrypt them: {step.reason}",
                    fix=f"allow kms:Decrypt on {key_id} for {reader.arn} (key policy statement conditioned on "
                        "kms:EncryptionContext:aws:cloudtrail:arn, or an IAM policy when the key policy delegates)"))

    def _cloudwatch_logs(self, ctx: FlowContext, seeded: SeededCloud, t: Trail) -> tuple[dict[str, str] | None, str]:
        """CreateTrail's CloudWatch Logs arguments, after creating the scan's log group in the cloud."""
        ref = t.cloud_watch_logs_group
        # CloudTrail takes the log group ARN with its ":*" suffix; the model keeps ARNs without it.
        group = ctx.world.find_service(LogGroup, ref.removesuffix(":*") if isinstance(ref, str) else ref,
                                       account=t.account, region=t.region)
        role = ctx.world.find_role(t.cloud_watch_logs_role) if t.cloud_watch_logs_role is not None else None
        if group is None or not isinstance(group.name, str) or not isinstance(group.arn, str):
            return None, "the trail's CloudWatch Logs log group is not in the scan or its name is not known"
        if role is None or not isinstance(role.arn, str) or role.address in seeded.unknown \
                or role.address in seeded.failed:
            return None, "the trail's CloudWatch Logs role is not in the scan or its policies are not known"
        logs = client(seeded.cloud, LogsClient, region=group.region, account=group.account)
        if group.name not in seeded.cloud.backends("logs")[group.account][group.region].groups:
            params: dict[str, Any] = {"logGroupName": group.name}
            if group.kms_key is not None:
                key_id, why = key_arn_for(ctx.world, seeded, group.kms_key, group.account, group.region)
                if key_id is None:
                    return None, f"{group.address}: {why}"
                params["kmsKeyId"] = key_id
            try:
                logs.create_log_group(**params)
            except ClientError as error:
                return None, (f"{group.address} itself cannot be created ({error.response['Error']['Code']}; see "
                              "its service-encryption flow)")
        return {"CloudWatchLogsLogGroupArn": f"{group.arn}:*", "CloudWatchLogsRoleArn": str(role.arn)}, ""

    def _topic(self, ctx: FlowContext, seeded: SeededCloud, t: Trail) -> tuple[str | None, str]:
        """Create the scan's topic (key, policy) in the cloud; its ARN for CreateTrail, or why unknown."""
        from iacsim.flows.messaging_model import effective_policy, find_topic
        from iacsim.flows.seed.common import policy_text

        topic = find_topic(ctx.world, t.sns_topic, t.account, t.region) if t.sns_topic is not None else None
        if topic is None or not isinstance(topic.name, str):
            return None, "the trail's SNS topic is not in the scan or its name is not known"
        name, arn = topic.name, str(Arn.sns_topic(topic.partition, topic.region, topic.account, topic.name))
        if arn in seeded.cloud.backends("sns")[topic.account][topic.region].topics:
            return arn, ""
        attributes: dict[str, str] = {}
        if topic.kms_master_key_id is not None:
            key_id, why = key_arn_for(ctx.world, seeded, topic.kms_master_key_id, topic.account, topic.region)
            if key_id is None:
                return None, f"{topic.address}: {why}"
            attributes["KmsMasterKeyId"] = key_id
        text = policy_text(effective_policy(ctx.world, topic), seeded)
        if isinstance(text, Unknown):
            return None, f"{topic.address}: its topic policy is not known statically ({text.reason})"
        if text is not None:
            attributes["Policy"] = text
        sns = client(seeded.cloud, SnsClient, region=topic.region, account=topic.account)
        try:
            sns.create_topic(Name=name, Attributes=attributes)
        except ClientError as error:
            return None, f"{topic.address} itself cannot be created ({error.response['Error']['Code']})"
        return arn, ""

    @staticmethod
    def _sns_fix(t: Trail, arn: str) -> str:
        return ("topic policy: allow Service cloudtrail.amazonaws.com SNS:Publish with StringEquals aws:SourceArn = "
                f"{arn}; topic key policy: allow cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:Decrypt")

    @staticmethod
    def _cw_fix(t: Trail) -> str:
        return ("role: trust Service cloudtrail.amazonaws.com (sts:AssumeRole) and allow logs:CreateLogStream, "
                "logs:PutLogEvents on arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:"
                f"{t.account}_CloudTrail_<region>*")

    @staticmethod
    def _bucket_account(seeded: SeededCloud, bucket: str) -> str:
        from iacsim.sim.s3.backend import find_bucket

        found = find_bucket(seeded.cloud, bucket)
        return found.account if found is not None else ""

    @staticmethod
    def _bucket_fix(bucket: str, arn: str, t: Trail) -> str:
        prefix = f"{t.s3_key_prefix.strip('/')}/" if isinstance(t.s3_key_prefix, str) and t.s3_key_prefix else ""
        return (f"bucket policy: allow Service cloudtrail.amazonaws.com s3:GetBucketAcl on arn:aws:s3:::{bucket} and "
                f"s3:PutObject on arn:aws:s3:::{bucket}/{prefix}AWSLogs/{t.account}/* with StringEquals "
                f"s3:x-amz-acl = bucket-owner-full-control and aws:SourceArn = {arn}")

    @staticmethod
    def _key_fix(t: Trail, arn: str) -> str:
        return ("key policy: allow Service cloudtrail.amazonaws.com kms:GenerateDataKey* with StringLike "
                f"kms:EncryptionContext:aws:cloudtrail:arn = arn:aws:cloudtrail:*:{t.account}:trail/* and "
                f"StringEquals aws:SourceArn = {arn}, and kms:DescribeKey")
