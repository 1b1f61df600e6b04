from __future__ import annotations

from iacsim.rules.base import FlowRule


class ExecutionRoleCannotFetchSecret(FlowRule):
    """The task execution role cannot read or decrypt a container secret; the task never starts.

    What it does:
        Creates every SSM parameter and Secrets Manager secret the task definition's ``secrets[].valueFrom``
        names (as the scan declares them), registers the task definition and replays RunTask: the ECS agent
        fetches each secret as the *execution* role (``ssm:GetParameters`` with decryption,
        ``secretsmanager:GetSecretValue``), and the services call ``kms:Decrypt`` as that role.
    Why it matters:
        The deployment succeeds; every task stops before its containers start with
        ``ResourceInitializationError: unable to pull secrets or registry auth``. Permissions given to the
        *task* role do not help.
    Example:
        An execution role with ``ssm:GetParameters`` on ``/prod/db/password`` but no ``kms:Decrypt`` on the
        parameter's customer managed key.
    Fix:
        Give the task execution role ``ssm:GetParameters`` / ``secretsmanager:GetSecretValue`` on each
        valueFrom and ``kms:Decrypt`` on their keys (and admit it in the key policies).
    References:
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
    """

    id = "ECS101"
    name = "execution-role-cannot-fetch-secret"
    summary = "The task execution role cannot read or decrypt a container secret"
    severity = "high"
