"""DynamoDB tables encrypted with the AWS owned or AWS managed key rather than a customer managed key (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.dynamodb import DynamoTable
from iacsim.rules._at_rest import customer_key_problem
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class TableWithoutCustomerManagedKey(Rule):
    """A DynamoDB table is encrypted with the AWS owned key or ``aws/dynamodb`` (checked when ``.iacsim.yml`` asks).

    What it does:
        With customer managed keys required for ``dynamodb`` in ``.iacsim.yml`` (``encryption.customer_managed_key``), flags tables encrypted with the
        AWS owned key (no ``server_side_encryption`` / ``SSESpecification``, or ``enabled = false``) or the AWS
        managed key ``aws/dynamodb`` (enabled without a key, or naming ``alias/aws/dynamodb``). Every DynamoDB
        table is encrypted at rest, so there is no "not encrypted" rule, and ``aws/dynamodb`` is not an error
        (DynamoDB creates it on first use). A customer managed key the replay shows the table's creator cannot
        use (DDB101) is not a pass either.
    Why it matters:
        Only a customer managed key lets the key policy decide who can read the table's data through DynamoDB,
        lets you revoke that access, and logs each use; the AWS owned key is invisible to you.
        Peers: Checkov CKV_AWS_119, Trivy AVD-AWS-0025.
    Example:
        resource "aws_dynamodb_table" "orders" { name = "orders" ... }   # AWS owned key
    Fix:
        ``server_side_encryption { enabled = true  kms_key_arn = aws_kms_key.orders.arn }``
        (``SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: …}``).
    References:
        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
    """

    id = "DDB202"
    name = "table-without-customer-managed-key"
    summary = "DynamoDB table encrypted with an AWS owned or AWS managed key (opt-in)"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV_AWS_119", "AVD-AWS-0025")
    customer_managed_key_service: ClassVar[str] = "dynamodb"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for table in ctx.world.of_type(DynamoTable):
            if table.encryption == "aws_owned":
                problem: str | None = "it is encrypted with the AWS owned key, not a customer managed key"
            elif table.encryption in ("aws_managed", "customer_managed"):
                problem = customer_key_problem(ctx, table, table.kms_key, "the AWS managed key aws/dynamodb", "DynamoDB")
            else:
                continue  # whether SSE is enabled is not known
            if problem is None:
                continue
            yield Hit(table, f"table: {problem}",
                      fix=fix_for(table, "server_side_encryption { enabled = true  kms_key_arn = aws_kms_key.<key>.arn }",
                                  "SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref <Key>}"))
