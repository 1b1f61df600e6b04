from __future__ import annotations

from iacsim.rules.base import FlowRule


class SharedImageLaunchFails(FlowRule):
    """An account given launch permission on an encrypted AMI cannot launch it.

    What it does:
        For every launch permission on an image whose snapshots are encrypted, recreates the image in the
        owner account and launches it in the target account: EBS describes the snapshot's key, creates a
        grant on it (``kms:GrantIsForAWSResource``), re-encrypts to the target's key and decrypts — each
        call authorized by the key policy and the target's permissions.
    Why it matters:
        Sharing the AMI is not enough: every KMS key behind its snapshots must be shared with the target
        account. Without it the launch is accepted and the instance terminates at once with
        ``Client.InternalError``; images encrypted with ``aws/ebs`` can never be shared.
    Example:
        aws_ami_launch_permission to 444455556666 on an image whose key policy names only 111122223333.
    Fix:
        Add a key policy statement for the target account allowing ``kms:DescribeKey``, ``kms:Decrypt``,
        ``kms:ReEncrypt*``, ``kms:GenerateDataKeyWithoutPlaintext`` and ``kms:CreateGrant`` (with
        ``kms:GrantIsForAWSResource = true``); re-encrypt ``aws/ebs`` images to a customer managed key.
    References:
        https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html
        https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html
    """

    id = "AMI101"
    name = "shared-image-launch-fails"
    summary = "The account an encrypted AMI is shared with cannot launch it"
    severity = "high"
