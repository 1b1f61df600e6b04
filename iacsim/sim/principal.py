"""Who is calling: principals and the context of a call.

A client is created for one principal. ``Principal.parse`` understands the
ARN forms AWS puts in ``aws:PrincipalArn`` / ``Principal.AWS``: account root,
IAM users and roles (with paths), STS assumed-role sessions, and service
principals (``s3.amazonaws.com``) for calls a service makes as itself.

IAM identifiers reference:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from iacsim.aws.arn import Arn

PrincipalKind = Literal["root", "user", "role", "assumed-role", "service"]

_ACCOUNT = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    arn: str
    """``aws:PrincipalArn`` as the evaluator sees it (session ARN for assumed roles)."""
    account: str
    """Account the principal belongs to (empty for service principals)."""
    kind: PrincipalKind
    name: str
    """User or role name (no path); account id for root; service host for services."""
    partition: str = "aws"
    session_name: str | None = None
    """Session name of an assumed-role principal."""

    @staticmethod
    def root(account: str, partition: str = "aws") -> Principal:
        if not _ACCOUNT.match(account):
            raise ValueError(f"not a 12-digit AWS account id: {account!r}")
        return Principal(str(Arn.iam_root(partition, account)), account, "root", account, partition)

    @staticmethod
    def service(host: str) -> Principal:
        """A service principal such as ``s3.amazonaws.com``."""
        if not host.endswith(".amazonaws.com"):
            raise ValueError(f"not a service principal: {host!r}")
        return Principal(host, "", "service", host)

    @staticmethod
    def parse(arn: str) -> Principal:
        """Parse a root, user, role, or assumed-role ARN (or a service principal host)."""
        if arn.endswith(".amazonaws.com") and not arn.startswith("arn:"):
            return Principal.service(arn)
        parsed = Arn.parse_iam(arn)
        if parsed is None:
            raise ValueError(f"not a principal ARN: {arn!r}")
        partition, service, account, resource = parsed.partition, parsed.service, parsed.account, parsed.resource
        if service == "iam" and resource == "root":
            return Principal(arn, account, "root", account, partition)
        if service == "iam" and resource.startswith("user/"):
            return Principal(arn, account, "user", resource.rsplit("/", 1)[1], partition)
        if service == "iam" and resource.startswith("role/"):
            return Principal(arn, account, "role", resource.rsplit("/", 1)[1], partition)
        if service == "sts" and resource.startswith("assumed-role/"):
            parts = resource.split("/")
            if len(parts) != 3 or not parts[1] or not parts[2]:
                raise ValueError(f"assumed-role ARN needs role and session name: {arn!r}")
            return Principal(arn, account, "assumed-role", parts[1], partition, parts[2])
        raise ValueError(f"unsupported principal ARN: {arn!r}")

    @property
    def is_root(self) -> bool:
        return self.kind == "root"

    @property
    def is_service(self) -> bool:
        return self.kind == "service"


@dataclass(frozen=True)
class Caller:
    """A principal plus how the request reached the service.

    ``via_service`` is set when an AWS service (SSM, S3, EBS) calls KMS on the
    principal's behalf: it becomes ``kms:ViaService`` =
    ``<service>.<region>.amazonaws.com`` and ``aws:CalledVia``.
    """

    principal: Principal
    via_service: str | None = None
    """Full ViaService host, e.g. ``ssm.us-east-1.amazonaws.com``."""
    source_arn: str | None = None
    """``aws:SourceArn`` when a service acts for a resource (replication rule's bucket...)."""
    source_account: str | None = None
    grant_is_for_aws_resource: bool = False
    """True when an integrated service creates a grant for its own resource (EBS volumes)."""
    extra_context: tuple[tuple[str, str], ...] = field(default=())
    """Additional global condition keys the caller's environment supplies."""

    @property
    def account(self) -> str:
        return self.principal.account
