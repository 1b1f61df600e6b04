"""``service-encryption`` for Secrets Manager: every secret stored with its key, replicated, and read.

Replay per secret (on the seeded cloud: keys, aliases, grants, roles as the code declares them):

1. CreateSecret with ``KmsKeyId`` and a placeholder value as the deployer (:mod:`iacsim.flows.deployer`; the
   account root stands in when it is not known, and the step says so). Secrets Manager calls ``kms:GenerateDataKey`` as that
   principal via ``secretsmanager.<region>.amazonaws.com`` with the context ``SecretARN`` + ``SecretVersionId``.
2. PutResourcePolicy with the secret's resource policy (``BlockPublicPolicy`` as written).
3. ReplicateSecretToRegions for the replica blocks: each replica is encrypted in its own Region with its key.
4. GetSecretValue as every role or user in the scan whose IAM policies allow it (other accounts by ARN).

Sources: https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html,
https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html,
https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import SecretsManagerClient, client
from iacsim.flows.deployer import ActingDeployer, act_as_deployer
from iacsim.flows.keys import key_arn_for
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.common import policy_text
from iacsim.flows.steps import call_step, intends, is_denial, kms_refused, principals_in, verdict
from iacsim.model.base import Policy
from iacsim.model.iam import IamRole, IamUser
from iacsim.model.secretsmanager import Secret, SecretPolicy, SecretVersion
from iacsim.rules.base import fix_for
from iacsim.rules.secretsmanager._keys import key_problem
from iacsim.rules.secretsmanager.flow import (
    CrossAccountSecretUnreadable,
    SecretReaderCannotDecrypt,
    SecretUnencryptable,
)
from iacsim.sim import Caller, Principal
from iacsim.sim.audit import paused

PLACEHOLDER = "iacsim-simulated-secret-value"


@dataclass
class CreatedSecret:
    """What creating one secret in the simulated cloud gave."""

    steps: list[FlowStep] = field(default_factory=list)
    failures: list[FlowFailure] = field(default_factory=list)
    replicas: list[FlowStep] = field(default_factory=list)
    """ReplicateSecretToRegions steps: reads in the secret's own Region do not depend on them, so flows list
    them after those reads (an unknown replica must not make a later denial there undecided, steps.verdict)."""
    arn: str | None = None
    key: str | None = None
    """The key as passed to Secrets Manager (None: aws/secretsmanager)."""
    made_anyway: bool = False
    """The deployer's CreateSecret was ``unknown`` and the secret was made outside the replay: steps that need
    only the secret to exist (reads) do not depend on the creation (``after=()``)."""


def secret_policies(ctx: FlowContext, secret: Secret) -> list[tuple[Policy, bool]]:
    """The resource policies of ``secret`` (inline and separate), with their BlockPublicPolicy setting."""
    found: list[tuple[Policy, bool]] = []
    if secret.policy is not None:
        found.append((secret.policy, False))
    for sp in ctx.world.of_type(SecretPolicy):
        target = ctx.world.find_service(Secret, sp.secret, account=sp.account, region=sp.region)
        if target is secret:
            found.append((sp.policy, sp.block_public_policy is True))
    return found


def create_secret(ctx: FlowContext, seeded: SeededCloud, secret: Secret) -> CreatedSecret:
    """Create ``secret`` (value, policy, replicas) in the simulated cloud as the deploying account."""
    out = CreatedSecret()
    acting = act_as_deployer(ctx, seeded, secret)
    deployer = acting.arn
    if secret.placement_unknown:
        out.steps.append(FlowStep(deployer, "secretsmanager:CreateSecret", secret.address, "unknown",
                                  f"placement unknown: {secret.placement_unknown}"))
        return out
    planned = secret.seed_values() if secret.address not in seeded.values else seeded.values[secret.address]
    name = planned["name"]
    note = "" if isinstance(secret.name, str) else f" (name generated at apply; replayed as {name})"
    if secret.key is not None:
        static = key_problem(ctx.world, secret.key, secret.account, secret.region, secret.address,
                             secret.region_assumed)
        if static is not None:
            # Already an apply-time finding (SM002): replaying it would only repeat it as a broken flow.
            out.steps.append(FlowStep(deployer, "secretsmanager:CreateSecret", secret.address, "error",
                                      f"{static}: storing a value fails (an apply-time error; see SM002)"))
            return out
        key, why = key_arn_for(ctx.world, seeded, secret.key, secret.account, secret.region, secret.address)
        if key is None:
            out.steps.append(FlowStep(deployer, "secretsmanager:CreateSecret", secret.address, "unknown", why))
            return out
        out.key = key
    backend = seeded.cloud.backends("secretsmanager")[secret.account][secret.region]
    if planned["arn"].startswith(backend.arn_prefix() + name + "-"):
        backend.reserve_arn(name, planned["arn"])  # the ARN the code's policies already name
    args: dict[str, Any] = {"Name": name, "SecretString": PLACEHOLDER}
    if out.key is not None:
        args["KmsKeyId"] = out.key
    written = secret.generated or secret.initial_value.present or any(
        ctx.world.find_service(Secret, v.secret, account=v.account, region=v.region) is secret
        for v in ctx.world.of_type(SecretVersion))
    create, created = acting.create(
        "secretsmanager:CreateSecret", name, lambda who: partial(
            client(seeded.cloud, SecretsManagerClient, region=secret.region, principal=who).create_secret, **args),
        "created by the deployer with a placeholder value"
        f"{'' if written else ' (assumed: a value is stored later)'}; Secrets Manager generated a data key under "
        f"{out.key or 'the AWS managed key aws/secretsmanager'} via secretsmanager.{secret.region}.amazonaws.com{note}")
    out.steps.append(create)
    out.made_anyway = create.decision == "unknown" and created is not None
    if created is None:
        if create.decision in ("denied", "error"):
            out.failures.append(FlowFailure(SecretUnencryptable, secret,
                                            f"the deploying account cannot store a value in {name}: {create.reason}",
                                            fix=f"let the deployer use {out.key}: kms:GenerateDataKey and kms:Decrypt "
                                                "(key policy statement for the account, or for the deploying role)"))
        return out
    out.arn = str(created["ARN"])
    seeded.remember(secret.address, arn=out.arn, ref=out.arn, id=out.arn, name=name)
    for policy, block in secret_policies(ctx, secret):
        text = policy_text(policy, seeded)
        if not isinstance(text, str):
            out.steps.append(FlowStep(deployer, "secretsmanager:PutResourcePolicy", out.arn, "unknown",
                                      "the resource policy is not known statically"))
            continue
        step, _ = acting.create("secretsmanager:PutResourcePolicy", out.arn,
                                _put_policy(seeded, secret, out.arn, text, block), "resource policy attached")
        out.steps.append(step)
    if secret.replicas:
        out.replicas.extend(_replicate(ctx, seeded, secret, acting, out))
    return out


def _put_policy(seeded: SeededCloud, secret: Secret, arn: str, text: str,
                block: bool) -> Callable[[str], Callable[[], dict[str, Any]]]:
    """PutResourcePolicy on ``arn`` as a given principal (what :meth:`ActingDeployer.create` calls)."""
    def make(who: str) -> Callable[[], dict[str, Any]]:
        return partial(client(seeded.cloud, SecretsManagerClient, region=secret.region, principal=who)
                       .put_resource_policy, SecretId=arn, ResourcePolicy=text, BlockPublicPolicy=block)
    return make


def _replicate(ctx: FlowContext, seeded: SeededCloud, secret: Secret, acting: ActingDeployer,
               out: CreatedSecret) -> list[FlowStep]:
    deployer = acting.arn
    steps: list[FlowStep] = []
    regions: list[dict[str, str]] = []
    for replica in secret.replicas:
        if not isinstance(replica.region, str):
            steps.append(FlowStep(deployer, "secretsmanager:ReplicateSecretToRegions", str(out.arn), "unknown",
                                  "a replica region is not known statically"))
            continue
        entry = {"Region": replica.region}
        if replica.key is not None:
            key, why = key_arn_for(ctx.world, seeded, replica.key, secret.account, replica.region, secret.address)
            if key is None:
                resolved = seeded.resolve(replica.key)
                if not (isinstance(resolved, str) and resolved.startswith("arn:")):
                    steps.append(FlowStep(deployer, "secretsmanager:ReplicateSecretToRegions", replica.region,
                                          "unknown", why))
                    continue
                key = resolved  # an ARN of another region or account: let the replay show what happens
            entry["KmsKeyId"] = key
        regions.append(entry)
    if not regions:
        return steps
    assert out.arn is not None  # replicas are added once the secret exists
    secret_arn = out.arn
    step, result = acting.call("secretsmanager:ReplicateSecretToRegions", secret_arn, lambda who: partial(
        client(seeded.cloud, SecretsManagerClient, region=secret.region, principal=who).replicate_secret_to_regions,
        SecretId=secret_arn, AddReplicaRegions=regions), "replicated: " + ", ".join(r["Region"] for r in regions))
    if out.made_anyway:
        step = replace(step, after=())  # needs the secret to exist, not who made it
    if result is not None:
        failed = [s for s in result["ReplicationStatus"] if s["Status"] == "Failed"]
        if failed:
            why = "; ".join(f"{s['Region']}: {s['StatusMessage']}" for s in failed)
            step = replace(step, decision="error", reason=f"replication failed: {why}")
        # A replica key already reported as an apply-time error (SM001) is not reported again.
        flagged = {r.region for r in secret.replicas if isinstance(r.region, str) and r.key is not None
                   and key_problem(ctx.world, r.key, secret.account, r.region, secret.address) is not None}
        if failed and not {s["Region"] for s in failed} <= flagged:
            out.failures.append(FlowFailure(SecretUnencryptable, secret, f"replicas cannot be encrypted: {why}",
                                            fix="give each replica a symmetric key in its own Region that the deployer "
                                                "may use (kms:GenerateDataKey, kms:Decrypt)"))
    steps.append(step)
    return steps


class SecretsManagerFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        secrets = list(ctx.world.of_type(Secret))
        if not secrets:
            return
        seeded = ctx.new_cloud()
        principals = principals_in(ctx, seeded)
        for secret in secrets:
            yield self._secret(ctx, seeded, secret, principals)

    def _secret(self, ctx: FlowContext, seeded: SeededCloud, secret: Secret, principals: list[IamRole | IamUser]) -> FlowOutcome:
        title = f"Secrets Manager {secret.address} ({secret.name if isinstance(secret.name, str) else 'generated name'})"
        created = create_secret(ctx, seeded, secret)
        steps, failures = list(created.steps), list(created.failures)
        if created.arn is None:
            steps += created.replicas
            return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))
        arn = created.arn
        read_any = False
        record = seeded.cloud.backends("secretsmanager")[secret.account][secret.region].find(arn)
        policy = record.policy if record is not None else None
        for reader in principals:
            caller = Caller(Principal.parse(str(reader.arn)))
            # Who means to read it: identity policies allowing GetSecretValue on this secret, or (same account)
            # the secret's resource policy naming the reader. Authorization itself is then replayed for real.
            with paused():
                means = intends(seeded.cloud, caller, "secretsmanager:GetSecretValue", arn,
                                resource_account=reader.account, region=secret.region) or (
                    reader.account == secret.account and policy is not None and intends(
                        seeded.cloud, caller, "secretsmanager:GetSecretValue", arn, resource_account=secret.account,
                        resource_policy=policy, region=secret.region))
            if not means:
                continue
            read_any = True
            reader_sm = client(seeded.cloud, SecretsManagerClient, region=secret.region, principal=str(reader.arn))
            cross = reader.account != secret.account
            step, out = call_step(str(reader.arn), "secretsmanager:GetSecretValue", arn,
                                  partial(reader_sm.get_secret_value, SecretId=arn),
                                  f"read and decrypted via secretsmanager.{secret.region}.amazonaws.com "
                                  f"(kms:Decrypt, context SecretARN + SecretVersionId)"
                                  + (" from another account, by ARN" if cross else ""))
            if out is not None and out.get("SecretString") != PLACEHOLDER:
                step = replace(step, decision="error", reason="decrypted value differs")
            if created.made_anyway:
                step = replace(step, after=())  # needs the secret to exist, not who made it
            steps.append(step)
            if step.decision == "allowed":
                continue
            failures.append(self._failure(secret, reader, step, created.key, cross,
                                          refused_by_key=kms_refused(seeded.cloud, step)))
        if not read_any:
            steps.append(FlowStep(str(Arn.iam_root(secret.partition, secret.account)),
                                  "secretsmanager:GetSecretValue", arn, "allowed",
                                  "no role or user in the scan is allowed to read the secret; nothing else to replay"))
        steps += created.replicas
        return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))

    @staticmethod
    def _failure(secret: Secret, reader: IamRole | IamUser, step: FlowStep, key: str | None, cross: bool,
                 refused_by_key: bool) -> FlowFailure:
        if cross and is_denial(step.error_code) and not refused_by_key:  # the secret's own policy refused
            return FlowFailure(CrossAccountSecretUnreadable, secret,
                               f"{reader.address} (account {reader.account}) may call GetSecretValue but the secret has "
                               f"no resource policy allowing it: {step.reason}",
                               fix=fix_for(secret, "aws_secretsmanager_secret_policy allowing "
                                                   f"secretsmanager:GetSecretValue to {reader.arn}",
                                           "AWS::SecretsManager::ResourcePolicy allowing secretsmanager:GetSecretValue "
                                           f"to {reader.arn}"))
        if cross and key is None:
            return FlowFailure(CrossAccountSecretUnreadable, secret,
                               f"{reader.address} (account {reader.account}) cannot decrypt: the secret uses the AWS "
                               f"managed key aws/secretsmanager, which other accounts cannot use ({step.reason})",
                               fix=fix_for(secret, "kms_key_id = <customer managed key whose policy allows the reader "
                                                   "kms:Decrypt>", "KmsKeyId: <customer managed key whose policy "
                                                                   "allows the reader kms:Decrypt>"))
        return FlowFailure(SecretReaderCannotDecrypt, secret,
                           f"{reader.address} may read the secret but cannot decrypt it: {step.reason}",
                           fix=f"allow kms:Decrypt on {key or 'the secret key'} for {reader.arn} (IAM, and the key "
                               "policy when it does not delegate to IAM), e.g. with kms:ViaService = "
                               f"secretsmanager.{secret.region}.amazonaws.com")


