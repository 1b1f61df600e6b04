from __future__ import annotations

from iacsim.rules.base import FlowRule


class FunctionEnvironmentUndecryptable(FlowRule):
    """A Lambda function with a customer managed key cannot get its environment variables decrypted.

    What it does:
        Replays CreateFunction as the deploying account — Lambda uses the deployer's permissions to create a
        grant on the key for the function and to encrypt the variables (``kms:CreateGrant``, ``kms:Encrypt``)
        — then the function's initialization, where Lambda decrypts the variables as the execution role
        (through that grant) via ``lambda.<region>.amazonaws.com``.
    Why it matters:
        Either the deployment fails ("Lambda was unable to configure access to your environment variables
        because the KMS key is invalid for CreateGrant"), or every invocation fails before the handler runs
        with KMSAccessDeniedException / KMSDisabledException ("Lambda was unable to decrypt the environment
        variables").
    Example:
        A key whose policy has no statement for the account (IAM delegation) and does not name the deployer,
        or an execution role whose policy denies ``kms:Decrypt``.
    Fix:
        Let the deploying principal use the key (``kms:CreateGrant``, ``kms:Encrypt``, ``kms:Decrypt`` via the
        key policy or IAM), keep the key enabled, and do not deny ``kms:Decrypt`` to the execution role.
    References:
        https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
        https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
    """

    id = "LAMBDA101"
    name = "function-environment-undecryptable"
    summary = "A function's environment variables cannot be encrypted or decrypted with its key"
    severity = "high"
