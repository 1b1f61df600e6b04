from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.kms import KmsGrant, KmsKey
from iacsim.rules._values import text
from iacsim.rules.base import Hit, Rule, RuleContext

_COMMON = {"DescribeKey", "CreateGrant", "RetireGrant"}
_BY_USAGE = {
    "ENCRYPT_DECRYPT": {"Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo"},
    "SIGN_VERIFY": {"Sign", "Verify", "GetPublicKey"},
    "GENERATE_VERIFY_MAC": {"GenerateMac", "VerifyMac"},
    "KEY_AGREEMENT": {"DeriveSharedSecret", "GetPublicKey"},
}
_SYMMETRIC_ONLY = {"GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
                   "GenerateDataKeyPairWithoutPlaintext"}


def allowed_operations(spec: str, usage: str) -> set[str]:
    ops = _COMMON | _BY_USAGE.get(usage, set())
    if spec == "SYMMETRIC_DEFAULT":
        ops |= _SYMMETRIC_ONLY
    elif usage == "ENCRYPT_DECRYPT":
        ops.add("GetPublicKey")
    return ops


class GrantOperationUnsupported(Rule):
    """A grant allows operations the key's type cannot perform, or constrains context on an asymmetric key.

    What it does:
        Compares each grant's operations with the key's spec and usage (e.g. Sign on a symmetric key,
        GenerateDataKey on an RSA key) and flags encryption-context constraints on non-symmetric keys.
    Why it matters:
        CreateGrant refuses operations the key does not support (ValidationException), and encryption
        context constraints exist only for symmetric encryption keys.
    Example:
        resource "aws_kms_grant" "g" {
          key_id     = aws_kms_key.symmetric.key_id
          operations = ["Sign"]
        }
    Fix:
        Grant only operations the key supports; drop ``constraints`` for asymmetric and HMAC keys.
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grant-operations
        https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
    """

    id = "KMS010"
    name = "grant-operation-unsupported"
    summary = "Grant operations or constraints the key type does not support"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for grant in ctx.world.of_type(KmsGrant):
            key = ctx.world.find_key(grant.key, account=grant.account, region=grant.region)
            if key is None:
                continue
            shared: KmsKey = ctx.world.primary_of(key) or key if key.replica_of is not None else key
            spec, usage = text(shared.spec), text(shared.usage)
            if spec is None or usage is None or not isinstance(grant.operations, tuple):
                continue
            ops = {o for o in grant.operations if isinstance(o, str)}
            bad = sorted(ops - allowed_operations(spec, usage))
            if bad:
                yield Hit(grant, f"{', '.join(bad)} cannot be granted on {key.address} ({spec}, {usage})")
            if grant.constraints and spec != "SYMMETRIC_DEFAULT":
                yield Hit(grant, f"encryption context constraints are only for symmetric keys; {key.address} is {spec}")
