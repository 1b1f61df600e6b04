from __future__ import annotations

from iacsim.rules.base import FlowRule


class DatabaseKeyUnusable(FlowRule):
    """The principal creating an encrypted RDS database, replica, snapshot copy or backup replication cannot
    use its KMS key.

    What it does:
        Replays the creation in the simulated cloud as the deploying account (its root stands for the
        deploying principal): RDS calls ``kms:DescribeKey`` and ``kms:CreateGrant`` (``GrantIsForAWSResource``)
        as that principal through ``rds.<region>.amazonaws.com``, then works under the grant. Cross-Region
        replicas, replicated backups and snapshot copies are created in their own Region after their source.
    Why it matters:
        A key policy that does not admit the account (a key of another account, a policy without the root
        statement, a ``kms:ViaService`` condition for another service) makes CreateDBInstance,
        CreateDBInstanceReadReplica or CopyDBSnapshot fail with ``KMSKeyNotAccessibleFault``.
    Example:
        kms_key_id = a key of account 222222222222 whose policy admits only that account.
    Fix:
        Add a key policy statement allowing the deploying account's principals ``kms:CreateGrant`` and
        ``kms:DescribeKey`` (optionally with ``kms:ViaService = rds.<region>.amazonaws.com``).
    References:
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html
    """

    id = "RDS101"
    name = "rds-key-unusable"
    summary = "The creator of an encrypted RDS resource cannot use its KMS key"
    severity = "high"
