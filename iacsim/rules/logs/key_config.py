"""Apply-time errors of log group keys, and key policies that admit CloudWatch Logs too broadly."""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.aws.arn import Arn
from iacsim.model.kms import KmsKey
from iacsim.model.logs import LogGroup
from iacsim.model.standin import regions_differ
from iacsim.rules._service_keys import (
    FOREIGN_ACCOUNT,
    ServiceKeyUse,
    key_policy_allows,
    key_ref_form,
)
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class LogGroupKeyUnusable(Rule):
    """The log group's KMS key is in another Region, is not a symmetric encryption key, or is disabled.

    What it does:
        Resolves ``kms_key_id`` / ``KmsKeyId`` of every log group to the key in the scan and checks that it
        is in the log group's Region, is a ``SYMMETRIC_DEFAULT`` / ``ENCRYPT_DECRYPT`` key and is enabled.
    Why it matters:
        "CloudWatch Logs supports only symmetric KMS keys", and KMS keys are regional: CloudWatch Logs uses the
        key in the log group's Region. CreateLogGroup/AssociateKmsKey fails with InvalidParameterException, as
        it does "if the KMS key does not exist or the KMS key is disabled".
    Example:
        resource "aws_cloudwatch_log_group" "app" { kms_key_id = aws_kms_key.us_west_2.arn }  # group in us-east-1
    Fix:
        Use a symmetric encryption key created in the log group's Region (a multi-Region replica there works).
    References:
        https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html
        https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    """

    id = "LOG001"
    name = "log-group-key-unusable"
    summary = "Log group key in another Region, not a symmetric encryption key, or disabled"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for g in ctx.world.of_type(LogGroup):
            if g.kms_key is None:
                continue
            key = ctx.world.find_key(g.kms_key, account=g.account, region=g.region, near=g.address)
            if key is None:
                continue
            fix = fix_for(g, "kms_key_id = <ARN of a symmetric key in the log group's Region>",
                          "KmsKeyId: <ARN of a symmetric key in the stack's Region>")
            if regions_differ(key, g):
                yield Hit(g, f"the key {key.address} is in {key.region}; CloudWatch Logs uses keys in the log "
                             f"group's Region ({g.region}): the apply fails with InvalidParameterException", fix=fix)
            elif (isinstance(key.spec, str) and key.spec != "SYMMETRIC_DEFAULT") or (
                    isinstance(key.usage, str) and key.usage != "ENCRYPT_DECRYPT"):
                yield Hit(g, f"the key {key.address} is {key.spec}/{key.usage}; CloudWatch Logs supports only "
                             "symmetric encryption keys: the apply fails", fix=fix)
            elif key.enabled is False:
                yield Hit(g, f"the key {key.address} is disabled: associating it fails with "
                             "InvalidParameterException", fix=fix_for(g, "is_enabled = true on the key",
                                                                     "Enabled: true on the key"))


class LogGroupKeyNotArn(Rule):
    """The log group names its KMS key by key id or alias name instead of an ARN.

    What it does:
        Flags ``kms_key_id`` / ``KmsKeyId`` written as a key id (``aws_kms_key.x.key_id``, ``.id``,
        CloudFormation ``!Ref Key``) or an alias name.
    Why it matters:
        CloudWatch Logs takes "The Amazon Resource Name (ARN) of the KMS key": with a key id Terraform's apply
        fails with "AccessDeniedException: The specified KMS key does not exist or is not allowed to be used
        with Arn …", and CloudFormation rejects the template (``#/KmsKeyId: failed validation constraint for
        keyword [pattern]``).
    Example:
        resource "aws_cloudwatch_log_group" "app" { kms_key_id = aws_kms_key.logs.key_id }
    Fix:
        Pass the key's ARN: ``aws_kms_key.logs.arn`` / ``!GetAtt Key.Arn``.
    References:
        https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html
    """

    id = "LOG002"
    name = "log-group-key-not-arn"
    summary = "Log group KMS key given as key id or alias name instead of an ARN"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for g in ctx.world.of_type(LogGroup):
            form = key_ref_form(g.kms_key) if g.kms_key is not None else "key-arn"
            if form in ("key-id", "alias-name"):
                yield Hit(g, f"kms_key_id is a {form.replace('-', ' ')}; CloudWatch Logs needs the key's ARN",
                          fix=fix_for(g, "kms_key_id = aws_kms_key.<name>.arn", "KmsKeyId: !GetAtt <Key>.Arn"))


class LogsServiceUnscoped(Rule):
    """A key policy lets CloudWatch Logs use the key for log groups of any account.

    What it does:
        Asks the policy engine whether the key policy lets CloudWatch Logs — calling as
        ``logs.<region>.amazonaws.com``, the principal it really uses — generate a data key with the encryption
        context of a log group in an account outside the scan (``kms:EncryptionContext:aws:logs:arn``,
        ``aws:SourceArn`` and ``aws:SourceAccount`` naming that log group). The same evaluation the replay
        makes, so the rule never contradicts LOG101: a statement that admits ``logs.amazonaws.com`` admits
        nobody Logs calls as, and is not flagged here.
    Why it matters:
        Without a condition on the log group the key can encrypt any log group that names it, including log
        groups of other accounts (a confused deputy). The CloudWatch Logs guide scopes the statement with
        ``kms:EncryptionContext:aws:logs:arn``; the KMS guide recommends encryption context and source
        conditions whenever a service principal is admitted.
    Example:
        { Principal = { Service = "logs.us-east-1.amazonaws.com" }, Action = "kms:*", Resource = "*" }
    Fix:
        Add Condition ArnLike ``kms:EncryptionContext:aws:logs:arn`` =
        ``arn:aws:logs:<region>:<account>:log-group:*`` (or the group's ARN).
    References:
        https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
        https://docs.aws.amazon.com/kms/latest/developerguide/least-privilege.html
    """

    id = "LOG201"
    name = "logs-service-unscoped-in-key-policy"
    summary = "Key policy lets CloudWatch Logs use the key for log groups of any account"
    category = "security"
    severity = "medium"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            if not isinstance(key.region, str) or key.region == "unknown":
                continue
            # Logs calls KMS as the regional principal, for a log group in the key's Region (aws-behaviour.md §13)
            foreign = Arn(key.partition, "logs", key.region, FOREIGN_ACCOUNT, "log-group:iacsim-other-account")
            use = ServiceKeyUse(f"logs.{key.region}.amazonaws.com", "kms:GenerateDataKey", "aws:logs:arn",
                                str(foreign))
            if key_policy_allows(key, use) is True:
                yield Hit(key, f"the key policy lets CloudWatch Logs ({use.principal}) use the key for log groups "
                               "of any account (no kms:EncryptionContext:aws:logs:arn or source condition limits it)",
                          fix=fix_for(key, 'Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = '
                                           '"arn:aws:logs:<region>:<account>:log-group:*" } }',
                                      "Condition: {ArnLike: {'kms:EncryptionContext:aws:logs:arn': "
                                      "!Sub 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'}}"))
