"""Secrets without rotation configured."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacsim.model.secretsmanager import Secret, SecretRotation
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for
from iacsim.values import Unknown


class SecretWithoutRotation(Rule):
    """A secret has no rotation configured.

    What it does:
        Flags secrets that no ``aws_secretsmanager_secret_rotation`` / ``AWS::SecretsManager::RotationSchedule``
        of the scan rotates. A rotation whose secret the scan cannot tell (a variable, a value known only after
        apply that names no resource) could be any secret of its account and Region, so none of those is
        flagged.
    Why it matters:
        "Rotation is the process of periodically updating a secret": a secret that never changes stays usable by
        whoever copied it, for as long as it lives. Secrets Manager rotates only on a schedule you configure
        (a rotation function, or managed rotation by the owning service). A value that cannot be rotated
        automatically (a third party's API key) is the case for a suppression with its reason.
        Peer: Checkov CKV2_AWS_57.
    Example:
        resource "aws_secretsmanager_secret" "db" { name = "prod/db" }   # no aws_secretsmanager_secret_rotation
    Fix:
        ``resource "aws_secretsmanager_secret_rotation" "db" { secret_id = aws_secretsmanager_secret.db.id
        rotation_lambda_arn = … rotation_rules { automatically_after_days = 30 } }`` (CloudFormation:
        ``AWS::SecretsManager::RotationSchedule``), or managed rotation by the owning service.
    References:
        https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-rotationschedule.html
    """

    id = "SM203"
    name = "secret-without-rotation"
    summary = "Secret without rotation configured"
    category = "security"
    severity = "low"
    peers: ClassVar[tuple[str, ...]] = ("CKV2_AWS_57",)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        world = ctx.world
        rotated: set[str] = set()
        blind: set[tuple[object, object]] = set()  # (account, region) where a rotation's secret is not known
        for rotation in world.of_type(SecretRotation):
            target = world.find_service(Secret, rotation.secret, account=rotation.account, region=rotation.region)
            if target is not None:
                rotated.add(target.address)
            elif isinstance(rotation.secret, Unknown):
                blind.add((rotation.account, rotation.region))
        for secret in world.of_type(Secret):
            if secret.address in rotated or (secret.account, secret.region) in blind:
                continue
            yield Hit(secret, "no rotation is configured for the secret: its value never changes unless someone "
                              "changes it",
                      fix=fix_for(secret, "aws_secretsmanager_secret_rotation with secret_id = "
                                          f"{secret.address}.id and rotation_rules",
                                  "AWS::SecretsManager::RotationSchedule with SecretId: !Ref <Secret>"))
