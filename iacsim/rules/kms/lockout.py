"""KMS013: a key policy that would lock its deployer out (asked of the policy evaluator, never by matching
principal strings)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.model.deployer import Deployer, deployer_of
from iacsim.model.kms import KmsKey
from iacsim.policy import AuthorizationRequest, PolicyError, evaluate
from iacsim.rules._policy import as_list, aws_principals, condition_keys, statements
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.values import first_unknown

_FILLED = frozenset({"kms:calleraccount", "aws:principalarn", "aws:principalaccount", "aws:principaltype",
                     "aws:username", "aws:resourceaccount"})
"""Condition keys the evaluator fills from the request itself; any other key's value at apply is unknown."""

_ANY_IDENTITY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
"""The deployer's IAM side: the safety check is about the key policy, so the deployer is taken to hold every
KMS permission its IAM could give it (an account statement in the key policy then counts)."""

_ACCOUNT_IN_TEXT = re.compile(r"(?<!\d)\d{12}(?!\d)")


def _mentions_put_key_policy(stmt: Mapping[str, Any]) -> bool:
    actions = [a.lower() for a in as_list(stmt.get("Action")) if isinstance(a, str)]
    return "NotAction" in stmt or any(a in ("*", "kms:*", "kms:putkeypolicy") or
                                      (a.endswith("*") and "kms:putkeypolicy".startswith(a[:-1])) for a in actions)


def _candidates(key: KmsKey, document: Mapping[str, Any], deployer: Deployer | None) -> list[str]:
    """Who may be deploying: the deployer when known; otherwise any principal of the key's account — its root
    (standing for the account's IAM principals) and each role or user of that account the policy names. When
    the account itself is the stand-in, any account the policy names may be the key's."""
    if deployer is not None:
        return [deployer.arn]
    accounts = {key.account}
    if key.account_assumed:
        accounts |= set(_ACCOUNT_IN_TEXT.findall(json.dumps(document)))
    found = [str(Arn.iam_root(key.partition, a)) for a in sorted(accounts)]
    for stmt in statements(key.policy):
        if stmt.get("Effect") == "Allow":
            for p in aws_principals(stmt):
                arn = Arn.parse_iam(p) if isinstance(p, str) else None
                if arn is not None and arn.account in accounts and str(arn) not in found:
                    found.append(str(arn))
    return found


def keeps_put_key_policy(key: KmsKey, document: Mapping[str, Any], principal: str) -> bool | None:
    """Whether ``principal`` may still call kms:PutKeyPolicy under ``document`` (None: not decidable)."""
    account = Arn.parse_iam(principal)
    owner = account.account if account is not None and key.account_assumed else key.account
    region = key.region if key.region not in ("unknown", "global") else "us-east-1"
    resource = f"arn:{key.partition}:kms:{region}:{owner}:key/00000000-0000-0000-0000-000000000000"
    try:
        decision = evaluate(AuthorizationRequest(principal=principal, action="kms:PutKeyPolicy", resource=resource),
                            identity_policies=[_ANY_IDENTITY], resource_policy=dict(document))
    except PolicyError:
        return None  # a malformed policy is another rule's finding (PARSE / MalformedPolicyDocument)
    if decision.allowed:
        return True
    if decision.outcome == "unknown":
        return None  # a statement holds a value known only after apply that could admit the deployer
    if any(condition_keys(s) - _FILLED for s in statements(key.policy) if _mentions_put_key_policy(s)):
        return None  # a condition on a value known only at apply could admit (or deny) the deployer
    return False


class KeyPolicyLocksOutCaller(Rule):
    """A key policy that would not let its deployer change it again, without the bypass flag.

    What it does:
        Asks the policy evaluator whether whoever deploys the key could still call ``kms:PutKeyPolicy``
        under its key policy (directly, through ``kms:*``, or through the account statement that enables
        IAM policies), conditions included, while ``bypass_policy_lockout_safety_check`` /
        ``BypassPolicyLockoutSafetyCheck`` is not set. The deployer is the provider's ``assume_role``, the
        stack's ``role_arn`` or ``.iacsim.yml deployer:``; when none says, the key is flagged only if *no*
        principal of its account keeps the permission. A condition on a value known only at apply
        (``aws:PrincipalOrgID``, ``aws:SourceIp``…), or a key whose account is the stand-in while the policy
        names accounts, is not decided, and not flagged.
    Why it matters:
        KMS refuses such a policy at CreateKey/PutKeyPolicy (MalformedPolicyDocumentException: "The new key
        policy will not allow you to update the key policy in the future"), so the apply fails. With the
        bypass flag it applies — and nobody can ever administer the key again.
    Example:
        policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn },
                                             Action = ["kms:Decrypt"], Resource = "*" }] })
    Fix:
        Keep the account statement (``arn:aws:iam::<account>:root`` with ``kms:*``), or allow
        ``kms:PutKeyPolicy`` to the deploying role.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
        https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
        https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
    """

    id = "KMS013"
    name = "key-policy-locks-out-caller"
    summary = "Key policy would lock out its deployer (no PutKeyPolicy for it, no bypass)"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            if key.policy is None or key.bypass_policy_lockout_safety_check is not False:
                continue  # no policy written = AWS's default, which enables the account
            document = key.policy.document
            if not isinstance(document, dict) or not document.get("Statement") or key.account == "unknown":
                continue
            if first_unknown(document) is not None:
                continue  # a value known only at apply (a role ARN from !GetAtt) may be the deployer's
            deployer = deployer_of(ctx.world, key)
            if deployer is not None and not isinstance(deployer, Deployer):
                continue  # named but not resolvable: not decidable
            kept = [keeps_put_key_policy(key, document, p) for p in _candidates(key, document, deployer)]
            if any(k is not False for k in kept):
                continue
            who = deployer.arn if deployer is not None else f"any principal of account {key.account}"
            yield Hit(key, f"the key policy does not let {who} call kms:PutKeyPolicy; KMS rejects the policy "
                           "because it would lock the caller out",
                      fix=fix_for(key, 'add { Sid = "EnableIAM", Effect = "Allow", Principal = { AWS = '
                                       '"arn:aws:iam::<account>:root" }, Action = "kms:*", Resource = "*" }',
                                  "add a KeyPolicy statement for arn:aws:iam::<account>:root with kms:*"))
