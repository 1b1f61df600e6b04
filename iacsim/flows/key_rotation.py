"""``key-rotation``: data encrypted before a rotation stays readable after it, in every related region.

For every key with automatic rotation on: encrypt, rotate (``RotateKeyOnDemand``
stands for the scheduled rotation; the material changes the same way), decrypt the
old and the new ciphertext with the key and with each of its replicas. Rotation is
enabled by the deployer (``iacsim/flows/deployer.py``): when it is not known, the account root stands
in and a denial is ``unknown``. The other calls are made as the key's
account standing in for the key's users.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import partial

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import KmsClient, client
from iacsim.flows.deployer import act_as_deployer
from iacsim.flows.placement import placement_problem
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, is_denial, root, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.deployer import DEPLOYER_UNKNOWN
from iacsim.model.kms import KmsKey
from iacsim.rules.kms.rotation_flow import RotationNotManageable

CONTEXT = {"iacsim": "rotation-replay"}


class KeyRotationFlow(Flow):
    kind = "key-rotation"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        keys = [k for k in ctx.world.of_type(KmsKey) if k.replica_of is None and k.rotation_enabled is True
                and k.spec == "SYMMETRIC_DEFAULT" and k.origin == "AWS_KMS"]
        if not keys:
            return
        seeded = ctx.new_cloud()
        for key in keys:
            yield self._key(ctx, seeded, key)

    def _key(self, ctx: FlowContext, seeded: SeededCloud, key: KmsKey) -> FlowOutcome:
        name = f"{key.address} rotation"
        who = root(key.account)
        if key.address in seeded.unknown:
            why = seeded.unknown[key.address]
            if key.deployer is None and placement_problem(key) is None:
                why = f"{DEPLOYER_UNKNOWN}; besides, {why}"
            return unknown(self.kind, name, "deployer", "kms:EnableKeyRotation", key.address, why)
        code = seeded.error_codes.get(key.address)
        if key.address in seeded.failed and (not is_denial(code) or key.address not in seeded.key_ids):
            step = FlowStep(who, "kms:EnableKeyRotation", key.address, "denied" if is_denial(code) else "error",
                            seeded.failed[key.address], error_code=code)
            return FlowOutcome(FlowResult(self.kind, name, "fail", (step,)), (FlowFailure(
                RotationNotManageable, key, f"the deploying account cannot set up {key.address}: {step.reason}",
                fix="keep the account statement (arn:aws:iam::<account>:root, kms:*) in the key policy"),))
        _, region, arn = seeded.key_ids[key.address]
        deployer = act_as_deployer(ctx, seeded, key)
        period = key.rotation_period_days if isinstance(key.rotation_period_days, int) else None
        enable, _ = deployer.call("kms:EnableKeyRotation", arn, lambda who: partial(
            client(seeded.cloud, KmsClient, region=region, principal=who).enable_key_rotation, KeyId=arn,
            **({"RotationPeriodInDays": period} if period else {})), "rotation enabled by the deployer")
        if enable.decision in ("denied", "error"):
            return FlowOutcome(FlowResult(self.kind, name, "fail", (enable,)), (FlowFailure(
                RotationNotManageable, key, f"the deployer cannot set up {key.address}: {enable.reason}",
                fix="keep the account statement (arn:aws:iam::<account>:root, kms:*) in the key policy, or allow "
                    "the deploying role kms:EnableKeyRotation"),))
        kms = client(seeded.cloud, KmsClient, region=region, account=key.account)
        steps: list[FlowStep] = [enable]
        enc_old, old = call_step(who, "kms:Encrypt", arn, partial(kms.encrypt, KeyId=arn, Plaintext=b"before",
                                                                  EncryptionContext=CONTEXT), "encrypted before rotation")
        steps.append(enc_old)
        rotate, rotated = call_step(who, "kms:RotateKeyOnDemand", arn, partial(kms.rotate_key_on_demand, KeyId=arn),
                                    "new key material (what the scheduled rotation does)")
        steps.append(rotate)
        if old is None or rotated is None:
            steps = _stand_in(steps)
            return FlowOutcome(FlowResult(self.kind, name, verdict(steps), tuple(steps)))
        enc_new, new = call_step(who, "kms:Encrypt", arn, partial(kms.encrypt, KeyId=arn, Plaintext=b"after",
                                                                  EncryptionContext=CONTEXT), "encrypted after rotation")
        steps.append(enc_new)
        related = [(region, arn)] + [seeded.key_ids[r.address][1:] for r in ctx.world.replicas_of(key)
                                     if r.address in seeded.key_ids]
        for r_region, r_arn in related:
            replica_kms = client(seeded.cloud, KmsClient, region=r_region, account=key.account)
            for label, blob, plain in (("older", old, b"before"), ("newer", new, b"after")):
                if blob is None:
                    continue
                step, out = call_step(who, "kms:Decrypt", r_arn, partial(
                    replica_kms.decrypt, CiphertextBlob=blob["CiphertextBlob"], KeyId=r_arn, EncryptionContext=CONTEXT),
                    f"the {label} ciphertext decrypts in {r_region}")
                if out is not None and out["Plaintext"] != plain:
                    step = dataclasses.replace(step, decision="error", reason="wrong plaintext")
                steps.append(step)
        steps = _stand_in(steps)
        return FlowOutcome(FlowResult(self.kind, name, verdict(steps), tuple(steps)))


def _stand_in(steps: list[FlowStep]) -> list[FlowStep]:
    """The replay uses the key with the account root standing in for the key's users. A key policy may rightly
    keep the root from encrypting or decrypting (only the application role may): that says nothing about
    rotation, which KMS performs itself, so such a denial makes the step unknown, not a failure."""
    return [dataclasses.replace(s, decision="unknown", reason=(
        f"{s.reason} — the account root stands in for the key's users in this replay and the key policy does not "
        "let it use the key; rotation itself does not depend on it")) if s.decision == "denied" else s
            for s in steps]
