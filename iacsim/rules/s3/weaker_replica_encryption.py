from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.s3 import S3Bucket
from iacsim.rules.base import Hit, Rule, RuleContext

_STRENGTH = {None: 0, "AES256": 1, "aws:kms": 2, "aws:kms:dsse": 3}


class ReplicationToWeakerEncryption(Rule):
    """S3 replication copies objects into a bucket whose default encryption is weaker than the source's.

    What it does:
        Compares the default encryption of each replication source with its destinations in the scan
        (none < SSE-S3 < SSE-KMS < DSSE-KMS) and flags destinations that are weaker and have no replica
        key in the rule.
    Why it matters:
        Data protected by a customer managed key — whose key policy decides who may read it — lands
        where S3's own keys protect it and only bucket access controls what can be read.
    Example:
        source: sse_algorithm = "aws:kms"; destination: sse_algorithm = "AES256", no replica_kms_key_id
    Fix:
        Encrypt the destination with a customer managed key in its region (default encryption and
        ``replica_kms_key_id``).
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html
    """

    id = "S3201"
    name = "replication-to-weaker-encryption"
    summary = "Replication into a bucket with weaker default encryption than the source"
    category = "security"
    severity = "medium"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for bucket in ctx.world.of_type(S3Bucket):
            repl = bucket.replication
            if repl is None or not isinstance(repl.rules, tuple):
                continue
            src_algorithm = bucket.encryption.sse_algorithm if bucket.encryption else "AES256"
            if not isinstance(src_algorithm, str):
                continue  # unknown source encryption: nothing to compare
            src = _STRENGTH.get(src_algorithm, 0)
            for rule in repl.rules:
                dest = ctx.world.find_bucket(rule.destination.bucket)
                if dest is None or rule.destination.replica_kms_key_id is not None:
                    continue
                # new buckets get SSE-S3 by default (January 2023): no configuration means AES256
                algorithm = dest.encryption.sse_algorithm if dest.encryption else "AES256"
                if isinstance(algorithm, str) and _STRENGTH.get(algorithm, 0) < src:
                    yield Hit(repl, f"replicates {bucket.address} (default {src_algorithm}) into {dest.address} "
                                    f"(default {algorithm})", fix="replica_kms_key_id = <key in the destination region>")
