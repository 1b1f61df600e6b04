"""``multi-region-key``: ciphertext made in one region decrypted with the related key in another.

For every replica: encrypt with the primary in its region, decrypt with the
replica in the replica's region, and the reverse, as the key's account and as
every role or user in the scan that the source region's key lets encrypt. A
principal that cannot encrypt in the source region is not a user of the key
there and is skipped for that direction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from iacsim.aws.arn import Arn
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import KmsClient, client
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, principals_in, root, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.kms import KmsKey
from iacsim.rules.kms.multi_region_flow import CrossRegionDecryptDenied

CONTEXT = {"iacsim": "multi-region-replay"}


class MultiRegionKeyFlow(Flow):
    kind = "multi-region-key"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        replicas = [k for k in ctx.world.of_type(KmsKey) if k.replica_of is not None]
        if not replicas:
            return
        seeded = ctx.new_cloud()
        users = [str(r.arn) for r in principals_in(ctx, seeded)]  # principals_in keeps known ARNs only
        for replica in replicas:
            primary = ctx.world.primary_of(replica)
            name = f"{primary.address if primary else '?'} → {replica.address}"
            missing = [k for k in (primary, replica) if k is None or k.address not in seeded.key_ids]
            if missing:
                why = "; ".join(
                    f"{k.address}: {seeded.unknown.get(k.address) or seeded.failed.get(k.address) or 'not created'}"
                    if k is not None else "the primary is outside the scan" for k in missing)
                yield unknown(self.kind, name, root(replica.account), "kms:ReplicateKey", replica.address, why)
                continue
            assert primary is not None
            yield self._round_trips(seeded, name, primary, replica, users)

    def _round_trips(self, seeded: SeededCloud, name: str, primary: KmsKey, replica: KmsKey,
                     users: Sequence[str]) -> FlowOutcome:
        p_acct, p_region, p_arn = seeded.key_ids[primary.address]
        r_acct, r_region, r_arn = seeded.key_ids[replica.address]
        steps: list[FlowStep] = []
        failures: list[FlowFailure] = []
        first_refusal: FlowStep | None = None
        principals = [root(p_acct), *[u for u in users if f":{p_acct}:" in u or f":{r_acct}:" in u]]
        for who in principals:
            for (src_region, src_arn, src_key), (dst_region, dst_arn, dst_key) in (
                    ((p_region, p_arn, primary), (r_region, r_arn, replica)),
                    ((r_region, r_arn, replica), (p_region, p_arn, primary))):
                enc_client = self._client(seeded, src_region, who)
                enc, out = call_step(who, "kms:Encrypt", src_arn,
                                     partial(enc_client.encrypt, KeyId=src_arn, Plaintext=b"replay",
                                             EncryptionContext=CONTEXT),
                                     f"encrypted in {src_region}")
                if out is None:
                    first_refusal = first_refusal or enc
                    continue  # not a user of the key in this region
                dec_client = self._client(seeded, dst_region, who)
                dec, plain = call_step(who, "kms:Decrypt", dst_arn,
                                       partial(dec_client.decrypt, CiphertextBlob=out["CiphertextBlob"], KeyId=dst_arn,
                                               EncryptionContext=CONTEXT),
                                       f"the {src_region} ciphertext decrypts in {dst_region} (shared key material)")
                steps += [enc, dec]
                if dec.decision != "allowed" or (plain is not None and plain["Plaintext"] != b"replay"):
                    failures.append(FlowFailure(CrossRegionDecryptDenied, dst_key,
                                                f"{who} encrypts with {src_key.address} in {src_region} but cannot "
                                                f"decrypt with {dst_key.address} in {dst_region}: {dec.reason}",
                                                fix=f"give {dst_key.address} the same key policy as {src_key.address}"))
        if not steps:
            why = f" (first refusal: {first_refusal.reason})" if first_refusal else ""
            steps.append(FlowStep(root(p_acct), "kms:Encrypt", p_arn, "unknown",
                                  f"no principal in the scan can encrypt with this key{why}"))
        return FlowOutcome(FlowResult(self.kind, name, verdict(steps), tuple(steps)), tuple(failures))

    @staticmethod
    def _client(seeded: SeededCloud, region: str, who: str) -> KmsClient:
        principal = Arn.parse(who)
        if principal is not None and principal.resource == "root":
            return client(seeded.cloud, KmsClient, region=region, account=principal.account)
        return client(seeded.cloud, KmsClient, region=region, principal=who)
