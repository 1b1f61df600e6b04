"""DynamoDB tables and global table replicas: each encrypted with a key of its own Region."""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.dynamodb import DynamoTable, DynamoTableReplica
from iacsim.model.ids import Ref
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.rules.rds.keys import describe, key_place, wrong_region


class DynamoKeyOutsideRegion(Rule):
    """A DynamoDB table or global table replica names a KMS key of another Region, or an asymmetric key.

    What it does:
        Compares the Region of ``server_side_encryption.kms_key_arn``, of each ``replica.kms_key_arn``
        (``Replicas[].SSESpecification.KMSMasterKeyId``) and of ``aws_dynamodb_table_replica.kms_key_arn``
        with the Region of the table or replica it encrypts; flags keys in the scan that are not symmetric.
    Why it matters:
        A KMS key is regional: every replica of a global table is encrypted with a key of the replica's
        Region (for a multi-Region key, the replica key in that Region). Naming the primary Region's key
        for a replica fails the table update, and DynamoDB supports only symmetric encryption keys.
    Example:
        replica {
          region_name = "eu-west-1"
          kms_key_arn = aws_kms_key.orders.arn   # a us-east-1 key
        }
    Fix:
        Name a key of the replica's Region: an ``aws_kms_replica_key`` of a multi-Region key, or a key
        created there.
    References:
        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-security.html
        https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html
    """

    id = "DDB001"
    name = "dynamodb-key-outside-region"
    summary = "DynamoDB table or replica key not in its Region"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        world = ctx.world
        for table in world.of_type(DynamoTable):
            for ref, region, what in self._keys(table):
                other = wrong_region(world, ref, table, region)
                if other is not None:
                    yield Hit(table, f"{what} in {region} is encrypted with KMS key {describe(ref)} of {other}; "
                                     f"it needs a key of {region}",
                              fix=fix_for(table, f"kms_key_arn = <ARN of a key in {region}> (e.g. an "
                                                 "aws_kms_replica_key of a multi-Region key)",
                                          f"KMSMasterKeyId: <ARN of a key in {region}>"))
                    continue
                place = key_place(world, ref, table, region)
                if place is not None and place.symmetric is False:
                    yield Hit(table, f"{what} in {region} names {describe(ref)}, which is not a symmetric "
                                     "encryption key; DynamoDB supports only symmetric keys",
                              fix="use a SYMMETRIC_DEFAULT key")
        for replica in world.of_type(DynamoTableReplica):
            other = wrong_region(world, replica.kms_key, replica)
            if other is not None:
                yield Hit(replica, f"the replica in {replica.region} is encrypted with KMS key "
                                   f"{describe(replica.kms_key)} of {other}; it needs a key of {replica.region}",
                          fix=f"kms_key_arn = <ARN of a key in {replica.region}>")

    @staticmethod
    def _keys(table: DynamoTable) -> Iterator[tuple[Ref, str, str]]:
        if table.kms_key is not None:
            yield table.kms_key, table.region, "the table"
        if isinstance(table.replicas, tuple):
            for replica in table.replicas:
                if replica.kms_key is not None and isinstance(replica.region, str):
                    yield replica.kms_key, replica.region, "the replica"


class GlobalTableMixedKeys(Rule):
    """A CloudFormation global table names a customer managed key for some replicas but not for others.

    What it does:
        For ``AWS::DynamoDB::GlobalTable`` with ``SSESpecification.SSEType: KMS``, checks that when any replica
        names ``SSESpecification.KMSMasterKeyId``, every replica (including the stack's own Region) does.
    Why it matters:
        A replica without ``KMSMasterKeyId`` uses the AWS managed key ``aws/dynamodb``, and "you cannot mix
        AWS managed and customer managed KMS keys" in a global table: the stack fails.
    Example:
        Replicas:
          - Region: us-east-1
            SSESpecification: {KMSMasterKeyId: !Ref OrdersKeyArn}
          - Region: eu-west-1            # no SSESpecification
    Fix:
        Give every replica a ``KMSMasterKeyId`` of its own Region (for example the replicas of a multi-Region
        key), or none of them.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-ssespecification.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-replicassespecification.html
    """

    id = "DDB002"
    name = "dynamodb-global-table-mixed-keys"
    summary = "Global table mixing customer managed and AWS managed keys"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for table in ctx.world.of_type(DynamoTable):
            if not table.global_table or table.encryption != "customer_managed" or \
                    not isinstance(table.replicas, tuple):
                continue
            regions = [(table.region, table.kms_key)] + [(r.region, r.kms_key) for r in table.replicas]
            missing = [str(region) for region, key in regions if key is None]
            if missing:
                yield Hit(table, f"the replica(s) in {', '.join(missing)} name no KMSMasterKeyId while others name a "
                                 "customer managed key; a global table cannot mix them with aws/dynamodb",
                          fix="SSESpecification: {KMSMasterKeyId: <key of that Region>} on every replica")
