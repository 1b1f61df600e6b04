"""Ciphertext in Terraform code: ``aws_kms_ciphertext`` and ``data "aws_kms_secrets"``."""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.code_secrets import KmsCiphertext
from iacsim.rules.base import FlowRule, Hit, Rule, RuleContext


class PlaintextInState(Rule):
    """``aws_kms_ciphertext`` keeps its plaintext in the Terraform state.

    What it does:
        Flags every ``aws_kms_ciphertext`` resource that is given a ``plaintext`` (the value itself is
        measured and dropped, never printed).
    Why it matters:
        The provider documents that the plaintext "will be stored in the state file" (and may show in
        logs): anyone who can read the state (an S3 backend bucket, a CI artifact, Terraform Cloud
        workspace readers) reads the secret in clear, whatever the key policy of the KMS key says. The
        plaintext must also be in the configuration or a variable, so it lives outside KMS as well.
    Example:
        resource "aws_kms_ciphertext" "oauth" { key_id = aws_kms_key.app.key_id  plaintext = var.client_secret }
    Fix:
        Encrypt once outside Terraform (``aws kms encrypt``) and commit only the ciphertext, decrypted with
        ``data "aws_kms_secrets"`` where needed; or keep the secret in Secrets Manager / an SSM SecureString
        written out of band (``value_wo``) and read it at run time.
    References:
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_ciphertext
        https://developer.hashicorp.com/terraform/language/state/sensitive-data
    """

    id = "CODE201"
    name = "kms-ciphertext-plaintext-in-state"
    summary = "aws_kms_ciphertext stores its plaintext in the Terraform state"
    category = "security"
    severity = "medium"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for c in ctx.world.of_type(KmsCiphertext):
            if not c.plaintext.present:
                continue
            size = f" ({c.plaintext.length_bytes} bytes)" if c.plaintext.length_bytes is not None else ""
            yield Hit(c, f"the plaintext{size} is written to the Terraform state in clear text "
                         "(the value is not shown)",
                      fix='encrypt outside Terraform and decrypt with data "aws_kms_secrets", or store the '
                          "secret in Secrets Manager / an SSM SecureString read at run time")


class CommittedCiphertextUndecryptable(FlowRule):
    """A ciphertext committed for ``data "aws_kms_secrets"`` cannot be decrypted by the deployer.

    What it does:
        Replays the Decrypt that Terraform makes on every plan, as the deploying principal (the account
        root, assumed), with the secret's ``context`` and ``key_id``. When the committed blob is one
        iacsim produced (its own simulated ciphertext format, see ``iacsim/flows/code_secrets_blob.py``), it is
        decrypted by the simulated KMS; a blob from real AWS KMS gives ``unknown``.
    Why it matters:
        Every plan fails (InvalidCiphertextException when the context differs from the one used to
        encrypt, IncorrectKeyException when ``key_id`` names another key, AccessDeniedException when the
        key policy does not let the deployer decrypt).
    Example:
        secret { name = "db" payload = "<blob encrypted with context app=db>" context = { app = "web" } }
    Fix:
        Use exactly the encryption context (and key) the blob was encrypted with, or re-encrypt the
        secret with the context and key the configuration names; allow the deployer ``kms:Decrypt``.
    References:
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/kms_secrets
        https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
        https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html
    """

    id = "CODE101"
    name = "committed-ciphertext-undecryptable"
    summary = "A committed ciphertext cannot be decrypted with its context and key"
    severity = "high"


class CiphertextCannotEncrypt(FlowRule):
    """``aws_kms_ciphertext`` cannot encrypt with its key.

    What it does:
        Replays the Encrypt the provider makes at apply, as the deploying principal (the account root,
        assumed), with the resource's ``key_id`` and ``context``.
    Why it matters:
        The apply fails: a key whose usage is not ENCRYPT_DECRYPT (signing, MAC keys) gives
        InvalidKeyUsageException, a disabled key DisabledException, a key policy that does not admit the
        deployer AccessDeniedException.
    Example:
        resource "aws_kms_ciphertext" "x" { key_id = aws_kms_key.signing.key_id ... }  # SIGN_VERIFY key
    Fix:
        Point ``key_id`` at an enabled symmetric ENCRYPT_DECRYPT key whose policy lets the deployer call
        ``kms:Encrypt``.
    References:
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_ciphertext
        https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
    """

    id = "CODE102"
    name = "kms-ciphertext-cannot-encrypt"
    summary = "aws_kms_ciphertext cannot encrypt with its key"
    severity = "high"
