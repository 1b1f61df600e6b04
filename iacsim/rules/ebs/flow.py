from __future__ import annotations

from iacsim.rules.base import FlowRule


class VolumeKeyUnusable(FlowRule):
    """The principal creating an encrypted EBS volume, or launching an instance with encrypted volumes, cannot
    use their KMS key.

    What it does:
        Replays CreateVolume, and RunInstances for instances whose own or launch template's EBS devices are
        encrypted, as the deploying account (its root stands for the deploying principal): EBS calls
        ``kms:DescribeKey``, ``kms:GenerateDataKeyWithoutPlaintext`` (context ``aws:ebs:id``) and, to attach,
        ``kms:CreateGrant`` and ``kms:Decrypt`` through ``ec2.<region>.amazonaws.com`` as that principal.
    Why it matters:
        The volume is not created, or the instance terminates at launch with ``Client.InternalError``, when
        the key policy does not admit the account through EC2.
    Example:
        resource "aws_ebs_volume" "data" { encrypted = true  kms_key_id = <key of another account> }
    Fix:
        Key policy statement allowing ``kms:CreateGrant``, ``kms:GenerateDataKeyWithoutPlaintext``,
        ``kms:Decrypt``, ``kms:ReEncrypt*`` and ``kms:DescribeKey`` for the account (``kms:ViaService =
        ec2.<region>.amazonaws.com``).
    References:
        https://docs.aws.amazon.com/ebs/latest/userguide/how-ebs-encryption-works.html
        https://docs.aws.amazon.com/kms/latest/developerguide/services-ebs.html
    """

    id = "EBS101"
    name = "ebs-volume-key-unusable"
    summary = "The creator of an encrypted EBS volume cannot use its KMS key"
    severity = "high"


class AutoScalingRoleNotAdmitted(FlowRule):
    """An Auto Scaling group launches from a template whose volumes use a customer managed key that does not
    admit the group's service-linked role.

    What it does:
        Replays a launch of the group's launch template as its service-linked role
        (``AWSServiceRoleForAutoScaling`` unless ``service_linked_role_arn`` says otherwise), whose own
        permissions do not cover customer managed keys: EBS creates the encrypted volumes through
        ``ec2.<region>.amazonaws.com`` (``kms:GenerateDataKeyWithoutPlaintext``, ``kms:CreateGrant``,
        ``kms:Decrypt``) as that role. With EBS encryption by default on, unencrypted template volumes are
        encrypted with the account's default EBS key, which must admit the role too.
    Why it matters:
        Without a key policy statement for the role, every launch fails: instances terminate at once with
        ``Client.InternalError``, and the group keeps retrying. The default key policy (root only) is not
        enough, because the service-linked role's permissions cannot be edited.
    Example:
        aws_autoscaling_group using aws_launch_template.web, whose ebs { kms_key_id = aws_kms_key.ebs.arn }
        has the default key policy.
    Fix:
        Add to the key policy a statement allowing the role ``kms:Encrypt``, ``kms:Decrypt``,
        ``kms:ReEncrypt*``, ``kms:GenerateDataKey*``, ``kms:DescribeKey``, and one allowing it
        ``kms:CreateGrant`` with ``kms:GrantIsForAWSResource = true``.
    References:
        https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
        https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html
    """

    id = "EBS102"
    name = "autoscaling-role-not-admitted"
    summary = "Auto Scaling service-linked role not admitted by the volumes' key"
    severity = "high"
