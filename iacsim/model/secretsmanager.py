"""AWS Secrets Manager secrets, their versions, replicas and resource policies.

The secret *value* is never stored in the model: a :class:`SecretVersion` records only that a
version exists (and the shape of a literal value, for rules), never the value. Sources:
"Secret encryption and decryption in AWS Secrets Manager"
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html),
"Access AWS Secrets Manager secrets from a different account"
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html),
"Replicate AWS Secrets Manager secrets across Regions"
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html);
"Rotate AWS Secrets Manager secrets"
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html);
Terraform ``aws_secretsmanager_secret``/``_secret_version``/``_secret_policy``/``_secret_rotation``;
CloudFormation ``AWS::SecretsManager::Secret``/``ResourcePolicy``/``RotationSchedule``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from iacsim.aws.arn import Arn as AwsArn
from iacsim.model.base import Policy, ServiceObject, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.model.ssm import ValueShape
from iacsim.values import Unknown

AWS_MANAGED_SECRETS_KEY = "alias/aws/secretsmanager"
"""The key Secrets Manager uses when a secret names none (created in the account on first use)."""


@dataclass(frozen=True, kw_only=True)
class SecretReplica:
    """One replica region of a secret (``replica`` block / ``ReplicaRegions`` entry)."""

    region: str | Unknown
    """Region the secret is replicated to."""
    key: Ref | None = None
    """KMS key of the replica (``kms_key_id`` / ``KmsKeyId``): must be a key in the replica's region;
    None means ``aws/secretsmanager`` in that region."""


@dataclass(frozen=True, kw_only=True)
class Secret(ServiceObject):
    """A Secrets Manager secret (``aws_secretsmanager_secret`` / ``AWS::SecretsManager::Secret``)."""

    name: str | Unknown
    """Secret name (``prod/db/password``)."""
    arn: Arn | Unknown
    """Secret ARN; AWS appends a random 6-character suffix, so it is known only after apply unless
    the code states it."""
    key: Ref | None = None
    """KMS key (``kms_key_id`` / ``KmsKeyId``: id, ARN or alias); None means ``aws/secretsmanager``."""
    replicas: tuple[SecretReplica, ...] = ()
    """Replica regions."""
    policy: Policy | None = None
    """Resource policy written on the secret itself (the deprecated Terraform ``policy`` argument)."""
    description: str | Unknown | None = None
    """Description."""
    recovery_window_days: int | Unknown | None = None
    """``recovery_window_in_days`` (0 deletes without recovery)."""
    generated: bool = False
    """CloudFormation ``GenerateSecretString``: Secrets Manager generates the first value."""
    initial_value: ValueShape = field(default_factory=lambda: ValueShape(present=False))
    """Presence and shape of a value written on the secret resource itself (CFN ``SecretString``); never the value."""
    tags: Tags = field(default_factory=dict)
    """Tags."""

    def seed_values(self, stand_in: str | None = None) -> dict[str, str]:
        """Name and ARN the secret gets in a simulated cloud, by the attribute names code references
        (Terraform ``id``/``arn``/``name``, CloudFormation ``Ref``); a name known only after apply is
        ``stand_in`` (the replay's for its template), and a name or random ARN suffix known only after apply
        otherwise gets a stable synthetic one."""
        digest = hashlib.sha256(self.address.encode()).hexdigest()
        name = self.name if isinstance(self.name, str) else stand_in or f"iacsim-secret-{digest[:12]}"
        arn = self.arn if isinstance(self.arn, str) else (
            str(AwsArn.secret(self.partition, self.region, self.account, f"{name}-{digest[-6:]}")))
        return {"name": name, "arn": arn, "id": arn, "ref": arn}


@dataclass(frozen=True, kw_only=True)
class SecretVersion(ServiceObject):
    """A version written by the code (``aws_secretsmanager_secret_version``): only that it exists."""

    secret: Ref
    """The secret (``secret_id``: ARN or name, usually ``aws_secretsmanager_secret.x.id``)."""
    value: ValueShape = field(default_factory=lambda: ValueShape(present=False))
    """Presence and shape of ``secret_string``/``secret_binary``; never the value."""
    stages: tuple[str | Unknown, ...] = ()
    """``version_stages`` (AWS moves ``AWSCURRENT`` to a new version by default)."""


@dataclass(frozen=True, kw_only=True)
class SecretPolicy(ServiceObject):
    """A secret's resource policy (``aws_secretsmanager_secret_policy`` / ``AWS::SecretsManager::ResourcePolicy``)."""

    secret: Ref
    """The secret (``secret_arn`` / ``SecretId``)."""
    policy: Policy
    """The resource policy document."""
    block_public_policy: bool | Unknown | None = None
    """``block_public_policy`` / ``BlockPublicPolicy``: Secrets Manager refuses a policy granting broad access."""


@dataclass(frozen=True, kw_only=True)
class SecretRotation(ServiceObject):
    """Rotation configured for a secret (``aws_secretsmanager_secret_rotation`` /
    ``AWS::SecretsManager::RotationSchedule``): Secrets Manager calls the rotation function on the schedule."""

    secret: Ref
    """The secret (``secret_id`` / ``SecretId``: ARN or name)."""
    function: Ref | None = None
    """``rotation_lambda_arn`` / ``RotationLambdaARN``; None with a hosted rotation function
    (``HostedRotationLambda``) or managed rotation."""
    hosted: bool = False
    """CloudFormation ``HostedRotationLambda``: the transform creates the rotation function."""
    schedule: str | Unknown | None = None
    """``rotation_rules``: ``automatically_after_days`` as ``rate(N days)``, or ``schedule_expression``."""
