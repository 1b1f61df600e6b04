"""Encrypted RDS, DocumentDB and Neptune storage using aws/rds rather than a customer managed key (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.rds import RdsDatabase
from iacsim.rules._at_rest import customer_key_problem
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class DatabaseWithoutCustomerManagedKey(Rule):
    """Encrypted database storage uses the AWS managed key ``aws/rds`` (checked when ``.iacsim.yml`` asks for it).

    What it does:
        With customer managed keys required for ``rds`` in ``.iacsim.yml`` (``encryption.customer_managed_key``), flags DB instances and clusters
        (DocumentDB and Neptune clusters included) whose storage is encrypted without ``kms_key_id`` /
        ``kms_key_arn`` / ``KmsKeyId`` or with ``alias/aws/rds``. Unencrypted storage is RDS201's; read
        replicas, cluster members and restored databases take their key from their source and are not judged;
        naming ``aws/rds`` is not an error (RDS creates it on first use). A customer managed key the replay
        shows the database's creator cannot use (RDS101) is not a pass either.
    Why it matters:
        ``aws/rds`` cannot be used by other accounts, so encrypted snapshots cannot be shared or copied across
        accounts, and its policy cannot be changed; a customer managed key lets the key policy decide who can
        restore or share the data. Peers: Checkov CKV_AWS_327 (RDS clusters), CKV_AWS_182 (DocumentDB); Trivy
        AVD-AWS-0079 (RDS clusters, its customer-key half), AVD-AWS-0022 (DocumentDB), AVD-AWS-0128 (Neptune).
    Example:
        resource "aws_rds_cluster" "orders" { engine = "aurora-postgresql"  storage_encrypted = true }
    Fix:
        ``kms_key_id = aws_kms_key.db.arn`` at creation (``kms_key_arn`` for Neptune; ``KmsKeyId``). The key of
        an existing database cannot change: snapshot, copy the snapshot with the key, restore.
    References:
        https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html
        https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html
        https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html
    """

    id = "RDS202"
    name = "database-without-customer-managed-key"
    summary = "Encrypted RDS/DocumentDB/Neptune storage uses aws/rds, not a customer managed key (opt-in)"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_327", "CKV_AWS_182", "AVD-AWS-0079", "AVD-AWS-0022",
                                        "AVD-AWS-0128")
    customer_managed_key_service: ClassVar[str] = "rds"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for db in ctx.world.of_type(RdsDatabase):
            if db.db_type == "cluster_instance" or db.replicate_source is not None or db.inherits_from is not None:
                continue  # the key comes from the cluster, the source or the snapshot
            encrypted = db.storage_encrypted is True or db.engine_mode == "serverless"
            if db.kms_key is None and not encrypted:
                continue  # not encrypted at all: RDS201
            problem = customer_key_problem(ctx, db, db.kms_key, "the AWS managed key aws/rds", "RDS")
            if problem is not None:
                attr = "kms_key_arn" if db.engine == "neptune" else "kms_key_id"
                yield Hit(db, f"database storage: {problem}", attr="kms_key",
                          fix=fix_for(db, f"{attr} = aws_kms_key.<db key>.arn", "KmsKeyId: !GetAtt <Key>.Arn"))
