from __future__ import annotations

from collections.abc import Iterator

from iacsim.aws.kms_specs import SPECS
from iacsim.model.kms import KmsKey
from iacsim.rules._values import text
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class KeySpecUsageInvalid(Rule):
    """The key spec and key usage are a combination KMS refuses.

    What it does:
        Checks ``customer_master_key_spec``/``KeySpec`` against ``key_usage``/``KeyUsage``: symmetric
        keys encrypt; HMAC keys only GENERATE_VERIFY_MAC; RSA keys ENCRYPT_DECRYPT or SIGN_VERIFY; NIST
        ECC keys SIGN_VERIFY or KEY_AGREEMENT; other ECC and ML-DSA keys SIGN_VERIFY. An unknown spec is
        flagged too.
    Why it matters:
        CreateKey fails with a ValidationException; HMAC and ECC keys must name their usage because
        the default usage (ENCRYPT_DECRYPT) is invalid for them.
    Example:
        resource "aws_kms_key" "mac" {
          customer_master_key_spec = "HMAC_256"
          # key_usage defaults to ENCRYPT_DECRYPT: refused
        }
    Fix:
        Set the usage the spec supports, e.g. ``key_usage = "GENERATE_VERIFY_MAC"`` for HMAC keys.
    References:
        https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
        https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html
    """

    id = "KMS004"
    name = "key-spec-usage-invalid"
    summary = "Key spec and key usage combination that KMS refuses"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            spec, usage = text(key.spec), text(key.usage)
            if key.replica_of is not None or spec is None or usage is None:
                continue
            info = SPECS.get(spec)
            if info is None:
                yield Hit(key, f"key spec {spec!r} does not exist", fix=f"one of: {', '.join(SPECS)}", attr="spec")
            elif usage not in info.usages:
                yield Hit(key, f"key usage {usage} is not valid for {spec} (valid: {', '.join(info.usages)})",
                          fix=fix_for(key, f'key_usage = "{info.usages[0]}"', f"KeyUsage: {info.usages[0]}"),
                          attr="usage")
            elif info.china_only and not key.region.startswith("cn-"):
                yield Hit(key, f"{spec} keys exist only in the China Regions, not {key.region}", attr="spec")
