"""``code-secret``: replay what happens to secrets kept in code.

* ``aws_kms_ciphertext``: the Encrypt the provider makes at apply, with the resource's key and
  context, as the deployer (``iacsim/flows/deployer.py``: when it is not known, the account root stands
  in and a denial it might escape is ``unknown``). A placeholder of the plaintext's length is encrypted, never the plaintext.
  https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_ciphertext
* ``data "aws_kms_secrets"``: the Decrypt Terraform makes on every plan, with the secret's context,
  key and algorithm, as the deployer. Only a blob in iacsim's own simulated format
  (:mod:`iacsim.flows.code_secrets_blob`) can really be decrypted; any other is ``unknown``.
  https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/kms_secrets
* CloudFormation dynamic references: the parameter or secret is created by its deployer
  (placeholder value, the code's key; made anyway, outside the audit trail, when that write is
  ``unknown``), then read as CloudFormation does on the stack's deployer's behalf: GetParameter
  (WithDecryption for ``ssm-secure``) or GetSecretValue. The read depends on the object existing, not
  on who wrote it (``after=()``).
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html

A parameter or secret not created in the scan may exist outside it: the step is ``unknown``, not a
failure. No output ever holds a plaintext: steps give lengths at most.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import KmsClient, SecretsManagerClient, SsmClient, client
from iacsim.flows.code_secrets_blob import install, recognise
from iacsim.flows.deployer import act_as_deployer
from iacsim.flows.keys import simulated_key
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import verdict
from iacsim.flows.unknown import unknown
from iacsim.model.code_secrets import CfnDynamicReference, CommittedCiphertext, KmsCiphertext
from iacsim.model.ids import Ref
from iacsim.model.kms import KmsKey
from iacsim.model.secretsmanager import Secret
from iacsim.model.ssm import SsmParameter
from iacsim.rules.code_secrets.ciphertext import CiphertextCannotEncrypt, CommittedCiphertextUndecryptable
from iacsim.rules.code_secrets.dynamic_refs import DeployerCannotResolveReference
from iacsim.values import Unknown

PLACEHOLDER = "iacsim-simulated-value"
DEPLOYER = "the deployer"


OUTSIDE_THE_SCAN = ("; if code creates it, scan that code in the same run, in one world with this template "
                    "(.iacsim.yml worlds: or stacks:); if it is created by hand, whether it exists and the "
                    "deployer may read it cannot be known from code")
"""How to supply what a dynamic reference reads when the scan does not create it (docs/architecture.md §4)."""


def _label(value: str | Unknown) -> str:
    if isinstance(value, Unknown):
        return value.ref or f"<{value.reason}>"
    return value


def _context(context: Mapping[str, str | Unknown] | Unknown | None) -> dict[str, str] | Unknown | None:
    if context is None or isinstance(context, Unknown):
        return context
    for value in context.values():
        if isinstance(value, Unknown):
            return value
    return {k: str(v) for k, v in context.items()}


def _key(ctx: FlowContext, seeded: SeededCloud, ref: Ref, account: str, region: str) -> tuple[str | None, str | None]:
    """(KeyId to pass, None) for a key created in the simulated cloud, or (None, why it is unknown)."""
    if isinstance(ref, Unknown) and ref.ref is None:
        return None, f"the key is not known statically ({ref.reason})"
    found = simulated_key(ctx.world, seeded, ref, account, region)
    if found.key is None:
        return None, f"key {ref.ref if isinstance(ref, Unknown) else ref} is not in the scan"
    if found.arn is None:
        return None, found.problem
    # An alias as written keeps kms:RequestAlias conditions meaningful.
    return (ref if isinstance(ref, str) and ref.startswith("alias/") else found.arn), None


class KmsCiphertextFlow(Flow):
    """``aws_kms_ciphertext``: can the deployer encrypt with the key and context?"""

    kind = "code-secret"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        items = list(ctx.world.of_type(KmsCiphertext))
        if not items:
            return
        seeded = ctx.new_cloud()
        for c in items:
            yield self._one(ctx, seeded, c)

    def _one(self, ctx: FlowContext, seeded: SeededCloud, c: KmsCiphertext) -> FlowOutcome:
        name = f"{c.address} (aws_kms_ciphertext)"
        deployer = act_as_deployer(ctx, seeded, c)
        principal = deployer.arn
        key_id, why = _key(ctx, seeded, c.key, c.account, c.region)
        context = _context(c.context)
        if why is None and isinstance(context, Unknown):
            why = f"the encryption context is not known statically ({context.reason})"
        if key_id is None or why is not None or isinstance(context, Unknown):
            return unknown(self.kind, name, principal, "kms:Encrypt", c.address, why or "unknown key")
        size = c.plaintext.length_bytes
        placeholder = b"x" * (size if size is not None else len(PLACEHOLDER))
        args: dict[str, Any] = {"KeyId": key_id, "Plaintext": placeholder}
        if context:
            args["EncryptionContext"] = context
        measured = f"a placeholder of the plaintext's length ({size} bytes)" if size is not None else \
            "a placeholder (the plaintext's length is not known statically)"
        step, _ = deployer.call(
            "kms:Encrypt", key_id, lambda who: partial(client(seeded.cloud, KmsClient, region=c.region,
                                                              principal=who).encrypt, **args),
            f"encrypted at apply by {DEPLOYER} with {key_id}"
            f"{' and context ' + json.dumps(context, sort_keys=True) if context else ''}; {measured} stands in "
            "for the plaintext, which Terraform also writes to the state")
        failures: tuple[FlowFailure, ...] = ()
        if step.decision in ("denied", "error"):
            failures = (FlowFailure(CiphertextCannotEncrypt, c, f"the deployer cannot encrypt with "
                                                                f"{key_id}: {step.reason}",
                                    fix="use an enabled symmetric ENCRYPT_DECRYPT key whose policy lets the "
                                        "deployer call kms:Encrypt"),)
        return FlowOutcome(FlowResult(self.kind, name, verdict([step]), (step,)), failures)


class CommittedCiphertextFlow(Flow):
    """``data "aws_kms_secrets"``: does the committed ciphertext decrypt with its context and key?"""

    kind = "code-secret"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        items = list(ctx.world.of_type(CommittedCiphertext))
        if not items:
            return
        seeded = ctx.new_cloud()
        for c in items:
            yield self._one(ctx, seeded, c)

    def _one(self, ctx: FlowContext, seeded: SeededCloud, c: CommittedCiphertext) -> FlowOutcome:
        label = c.name if isinstance(c.name, str) else "?"
        name = f"{c.address} (secret {label})"
        deployer = act_as_deployer(ctx, seeded, c)
        principal = deployer.arn
        payload = c._payload
        if not isinstance(payload, str):
            why = payload.reason if isinstance(payload, Unknown) else "no payload"
            return unknown(self.kind, name, principal, "kms:Decrypt", c.address,
                            f"the payload is not known statically ({why})")
        if c.encoding == "invalid-base64":
            step = FlowStep(principal, "kms:Decrypt", c.address, "error",
                            "the payload is not valid base64: Terraform cannot decode it into a CiphertextBlob")
            return FlowOutcome(FlowResult(self.kind, name, "fail", (step,)), (FlowFailure(
                CommittedCiphertextUndecryptable, c, f"secret {label}: the payload is not valid base64",
                fix="commit the CiphertextBlob exactly as `aws kms encrypt --output text` prints it"),))
        header = recognise(payload)
        if header is None:
            return unknown(self.kind, name, principal, "kms:Decrypt", c.address,
                            "the payload is not in iacsim's simulated ciphertext format: a ciphertext from AWS "
                            "KMS can only be decrypted by AWS KMS with the real key material (test blobs: "
                            "iacsim encrypt)")
        context = _context(c.context)
        if isinstance(context, Unknown):
            return unknown(self.kind, name, principal, "kms:Decrypt", c.address,
                            f"the encryption context is not known statically ({context.reason})")
        algorithm = c.encryption_algorithm
        if isinstance(algorithm, Unknown):
            return unknown(self.kind, name, principal, "kms:Decrypt", c.address,
                            f"the encryption algorithm is not known statically ({algorithm.reason})")
        named = self._blob_key(ctx, seeded, header.account, header.key_id)
        if named is None:
            return unknown(self.kind, name, principal, "kms:Decrypt", c.address,
                            f"the ciphertext names key {header.key_id} of account {header.account}, which is not "
                            "in the scan")
        refused = install(seeded.cloud, *named)
        if refused is not None:
            return unknown(self.kind, name, principal, "kms:Decrypt", c.address, refused)
        args: dict[str, Any] = {"CiphertextBlob": base64.b64decode(payload)}
        if context:
            args["EncryptionContext"] = context
        if c.key is not None:
            key_id, unresolved = _key(ctx, seeded, c.key, c.account, c.region)
            if key_id is None:
                return unknown(self.kind, name, principal, "kms:Decrypt", c.address, unresolved or "unknown key")
            args["KeyId"] = key_id
        if algorithm is not None:
            args["EncryptionAlgorithm"] = algorithm
        resource = args.get("KeyId") or f"key {header.key_id} (named in the ciphertext)"
        step, out = deployer.call("kms:Decrypt", resource, lambda who: partial(
                                  client(seeded.cloud, KmsClient, region=c.region, principal=who).decrypt, **args),
                              f"decrypted on plan by {DEPLOYER}"
                              f"{' with context ' + json.dumps(context, sort_keys=True) if context else ''}")
        if out is not None:
            step = dataclasses.replace(step, reason=f"{step.reason}: {len(out['Plaintext'])} bytes of plaintext "
                                                    "(not shown)")
        failures: tuple[FlowFailure, ...] = ()
        if step.decision in ("denied", "error"):
            failures = (FlowFailure(CommittedCiphertextUndecryptable, c,
                                    f"secret {label} cannot be decrypted: {step.reason}",
                                    fix=self._fix(step.error_code)),)
        return FlowOutcome(FlowResult(self.kind, name, verdict([step]), (step,)), failures)

    @staticmethod
    def _blob_key(ctx: FlowContext, seeded: SeededCloud, account: str, key_id: str) -> tuple[str, str, str] | None:
        for key in ctx.world.of_type(KmsKey):
            found = seeded.key_ids.get(key.address)
            if found is not None and found[0] == account and found[2].endswith("/" + key_id):
                return found[0], found[1], key_id
        return None

    @staticmethod
    def _fix(code: str | None) -> str:
        if code == "InvalidCiphertextException":
            return "set `context` to exactly the encryption context the payload was encrypted with"
        if code == "IncorrectKeyException":
            return "set `key_id` to the key that encrypted the payload (or leave it out for symmetric keys)"
        return "let the deploying principal call kms:Decrypt on the key (key policy and IAM policy)"


class DynamicReferenceFlow(Flow):
    """CloudFormation ``{{resolve:…}}``: can the stack's deployer read (and decrypt) what it names?"""

    kind = "code-secret"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        refs = list(ctx.world.of_type(CfnDynamicReference))
        if not refs:
            return
        seeded = ctx.new_cloud()
        created: dict[str, tuple[FlowStep, bool]] = {}
        for ref in refs:
            if ref.service in ("ssm", "ssm-secure"):
                yield self._parameter(ctx, seeded, ref, created)
            elif ref.service == "secretsmanager":
                yield self._secret(ctx, seeded, ref, created)

    def _name(self, ref: CfnDynamicReference) -> str:
        return f"{ref.address} ({'/'.join(ref.property_path)}: {ref.reference})"

    def _parameter(self, ctx: FlowContext, seeded: SeededCloud, ref: CfnDynamicReference,
                   created: dict[str, tuple[FlowStep, bool]]) -> FlowOutcome:
        name = self._name(ref)
        acting = act_as_deployer(ctx, seeded, ref)
        deployer = acting.arn
        action = "ssm:GetParameter" + (" (WithDecryption)" if ref.service == "ssm-secure" else "")
        param = ctx.world.find_parameter(ref.target, account=ref.account, region=ref.region)
        target = _label(ref.target)
        if not isinstance(param, SsmParameter):
            return unknown(self.kind, name, deployer, action, target,
                            f"parameter {target} is not created in the scan (it may exist outside it){OUTSIDE_THE_SCAN}")
        if not isinstance(param.type, str) or not isinstance(param.arn, str) or not isinstance(param.name, str):
            return unknown(self.kind, name, deployer, action, target,
                            f"{param.address}: the parameter's name, type or ARN is not known statically")
        secure = param.type == "SecureString"
        if ref.service == "ssm" and secure:
            step = FlowStep(deployer, action, param.arn, "error",
                            "the ssm pattern resolves String and StringList parameters only (CODE002)")
            return FlowOutcome(FlowResult(self.kind, name, "fail", (step,)))
        if ref.service == "ssm-secure" and not secure:
            return unknown(self.kind, name, deployer, action, param.arn,
                            f"{param.address} is a {param.type} parameter: CloudFormation's handling of "
                            "ssm-secure on it is not documented")
        if param.address not in created:
            created[param.address] = self._write_parameter(ctx, seeded, param)
        write, made = created[param.address]
        if not made:
            return unknown(self.kind, name, write.principal, write.action, write.resource,
                           f"the parameter could not be written in the simulation ({write.reason}); whether the "
                           "deployer could read it is not known")
        param_name = param.name
        read, _ = acting.call(action, param.arn, lambda who: partial(
                            client(seeded.cloud, SsmClient, region=ref.region, principal=who).get_parameter,
                            Name=param_name, WithDecryption=secure),
                            f"resolved by CloudFormation as {DEPLOYER}"
                            + (f" (kms:Decrypt via ssm.{ref.region}.amazonaws.com)" if secure else "")
                            + (f"; version {ref.version} is read as the latest" if ref.version else ""))
        return self._outcome(ref, name, (write, read))

    def _write_parameter(self, ctx: FlowContext, seeded: SeededCloud, param: SsmParameter) -> tuple[FlowStep, bool]:
        """The parameter written by its deployer, and whether it exists for the read (made anyway, outside the
        trail, when the write is unknown)."""
        deployer = act_as_deployer(ctx, seeded, param)
        args: dict[str, Any] = {"Name": param.name, "Value": PLACEHOLDER, "Type": param.type, "Overwrite": True}
        if param.type == "SecureString" and param.key is not None:
            key_id, why = _key(ctx, seeded, param.key, param.account, param.region)
            if key_id is None:
                return FlowStep(deployer.arn, "ssm:PutParameter", str(param.arn), "unknown", why or "unknown key"), False
            args["KeyId"] = key_id
        step, out = deployer.create("ssm:PutParameter", str(param.arn), lambda who: partial(
            client(seeded.cloud, SsmClient, region=param.region, principal=who).put_parameter, **args),
            f"{param.address} written with a placeholder value by its deployer")
        return step, out is not None and step.decision in ("allowed", "unknown")

    def _secret(self, ctx: FlowContext, seeded: SeededCloud, ref: CfnDynamicReference,
                created: dict[str, tuple[FlowStep, bool]]) -> FlowOutcome:
        name = self._name(ref)
        acting = act_as_deployer(ctx, seeded, ref)
        deployer = acting.arn
        action = "secretsmanager:GetSecretValue"
        secret = ctx.world.find_service(Secret, ref.target, account=ref.account, region=ref.region)
        target = _label(ref.target)
        if secret is None:
            return unknown(self.kind, name, deployer, action, target,
                            f"secret {target} is not created in the scan (it may exist outside it){OUTSIDE_THE_SCAN}")
        secret_name = secret_name_in_replay(seeded, secret)
        if secret_name is None:
            return unknown(self.kind, name, deployer, action, target,
                            f"{secret.address}: the secret name is not known statically")
        if secret.account != ref.account or secret.region != ref.region:
            return unknown(self.kind, name, deployer, action, target,
                            f"{secret.address} is in {secret.account}/{secret.region}: cross-account or "
                            "cross-region resolution is not replayed")
        if secret.address not in created:
            created[secret.address] = self._write_secret(ctx, seeded, secret, secret_name, ref.json_key)
        write, made = created[secret.address]
        if not made:
            return unknown(self.kind, name, write.principal, write.action, write.resource,
                           f"the secret could not be created in the simulation ({write.reason}); whether the "
                           "deployer could read it is not known")
        # The simulated secret has one version (AWSCURRENT); a pinned version id or stage names a version
        # the real secret may have, so the current one stands in for it (same key, same decrypt).
        pinned = ref.version or ref.version_stage
        read, out = acting.call(action, write.resource, lambda who: partial(
                              client(seeded.cloud, SecretsManagerClient, region=ref.region,
                                     principal=who).get_secret_value, SecretId=secret_name),
                              f"resolved by CloudFormation as {DEPLOYER} (kms:Decrypt via "
                              f"secretsmanager.{ref.region}.amazonaws.com)"
                              + (f"; version {pinned} is read as the current one" if pinned else ""))
        if out is not None and ref.json_key:
            read = dataclasses.replace(read, reason=read.reason + f"; JSON key {ref.json_key} selected")
        return self._outcome(ref, name, (write, read))

    def _write_secret(self, ctx: FlowContext, seeded: SeededCloud, secret: Secret, secret_name: str,
                      json_key: str | None) -> tuple[FlowStep, bool]:
        """The secret created by its deployer, and whether it exists for the read (see _write_parameter)."""
        deployer = act_as_deployer(ctx, seeded, secret)
        value = json.dumps({json_key: PLACEHOLDER}) if json_key else PLACEHOLDER
        args: dict[str, Any] = {"Name": secret_name, "SecretString": value}
        if secret.key is not None:
            key_id, why = _key(ctx, seeded, secret.key, secret.account, secret.region)
            if key_id is None:
                return FlowStep(deployer.arn, "secretsmanager:CreateSecret", secret_name, "unknown", why or ""), False
            args["KmsKeyId"] = key_id
        step, out = deployer.create("secretsmanager:CreateSecret", secret_name, lambda who: partial(
            client(seeded.cloud, SecretsManagerClient, region=secret.region, principal=who).create_secret, **args),
            f"{secret.address} created with a placeholder value by its deployer")
        if out is not None:
            step = dataclasses.replace(step, resource=out["ARN"])
        return step, out is not None and step.decision in ("allowed", "unknown")

    def _outcome(self, ref: CfnDynamicReference, name: str, steps: tuple[FlowStep, ...]) -> FlowOutcome:
        read = dataclasses.replace(steps[-1], after=())  # the object exists (made anyway if its write is unknown)
        steps = (*steps[:-1], read)
        failures: tuple[FlowFailure, ...] = ()
        if read.decision in ("denied", "error"):
            failures = (FlowFailure(DeployerCannotResolveReference, ref,
                                    f"{ref.reference} in {'/'.join(ref.property_path)} cannot be resolved by the "
                                    f"stack's deployer: {read.reason}",
                                    fix="allow the deploying role (or the stack's service role) kms:Decrypt on the "
                                        "key through the service, and read access on the parameter or secret"),)
        return FlowOutcome(FlowResult(self.kind, name, verdict(steps), steps), failures)


def secret_name_in_replay(seeded: SeededCloud, secret: Secret) -> str | None:
    """The secret's name, or — for a secret of the scan whose name is generated at apply (CloudFormation
    without ``Name``, Terraform ``name_prefix``) — the stand-in name every reference to it uses in the replay:
    ``{{resolve:secretsmanager:<its Ref>}}`` names that secret whatever it is called."""
    if isinstance(secret.name, str):
        return secret.name
    return seeded.values.get(secret.address, {}).get("name")
