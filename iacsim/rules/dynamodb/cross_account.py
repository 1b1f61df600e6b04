"""DynamoDB cross-account access through a resource-based policy, on a table whose key cannot allow it."""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.dynamodb import DynamoResourcePolicy, DynamoTable
from iacsim.rules._policy import account_of, aws_principals, statements
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class CrossAccountPolicyOnAwsManagedKey(Rule):
    """A DynamoDB resource-based policy grants another account access to a table encrypted with the AWS
    managed key ``aws/dynamodb``.

    What it does:
        For each table resource policy (``aws_dynamodb_resource_policy``, ``ResourcePolicy``) with an
        ``Allow`` for a principal of another account, checks the table's encryption type.
    Why it matters:
        "Cross-account access using resource-based policies doesn't support encrypted tables with AWS
        managed keys because you can't grant cross-account access to the AWS managed KMS policy": the
        other account's reads and writes fail although the policy allows them.
    Example:
        resource "aws_dynamodb_table" "t" { server_side_encryption { enabled = true } }   # aws/dynamodb
        resource "aws_dynamodb_resource_policy" "p" { resource_arn = aws_dynamodb_table.t.arn  policy = <allows 444455556666> }
    Fix:
        Encrypt the table with a customer managed key whose policy admits the other account (or with the
        AWS owned key: ``server_side_encryption { enabled = false }``).
    References:
        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-considerations.html
        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
    """

    id = "DDB102"
    name = "dynamodb-cross-account-aws-managed-key"
    summary = "Cross-account table policy on a table encrypted with aws/dynamodb"
    category = "broken-flow"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for policy in ctx.world.of_type(DynamoResourcePolicy):
            table = ctx.world.find_service(DynamoTable, policy.resource, account=policy.account, region=policy.region)
            if table is None or table.encryption != "aws_managed" or table.account_assumed:
                continue
            others = sorted({account for s in statements(policy.policy) if s.get("Effect") == "Allow"
                             for p in aws_principals(s)
                             if (account := account_of(p)) is not None and account != table.account})
            if others:
                yield Hit(policy, f"the policy allows account(s) {', '.join(others)}, but {table.address} is "
                                  "encrypted with aws/dynamodb, whose key policy cannot admit other accounts",
                          fix=fix_for(table, "server_side_encryption { enabled = true  kms_key_arn = <customer "
                                             "managed key admitting those accounts> }",
                                      "SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: <customer "
                                      "managed key admitting those accounts>}"))
