"""Who is calling: parse the request principal once.

AWS principal forms (IAM User Guide, "AWS JSON policy elements: Principal",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
account root ``arn:aws:iam::123456789012:root`` (or the bare account id), IAM users and roles
(``arn:aws:iam::123456789012:user/path/name``), role sessions
(``arn:aws:sts::123456789012:assumed-role/name/session``), federated users, service principals
(``s3.amazonaws.com``) and anonymous callers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from iacsim.aws.arn import Arn

PrincipalKind = Literal["root", "user", "role", "assumed_role", "federated_user", "service", "anonymous", "other"]

ACCOUNT_ID = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class Principal:
    """A parsed request principal."""

    raw: str
    kind: PrincipalKind
    account: str | None
    """The principal's account (None for service principals and anonymous callers)."""
    arn: str
    """Canonical ARN (account root for a bare account id); the raw string for services/anonymous."""
    name: str | None = None
    """User or role name (without path); role name for a role session."""
    role_arn: str | None = None
    """For a role session: ``arn:aws:iam::<account>:role/<name>`` (AWS's aws:PrincipalArn value)."""
    partition: str = "aws"

    @property
    def principal_type(self) -> str:
        """The ``aws:PrincipalType`` value (IAM User Guide, global condition keys)."""
        return {
            "root": "Account",
            "user": "User",
            "role": "AssumedRole",
            "assumed_role": "AssumedRole",
            "federated_user": "FederatedUser",
            "anonymous": "Anonymous",
            "service": "Service",
        }.get(self.kind, "Unknown")

    @property
    def principal_arn(self) -> str:
        """The ``aws:PrincipalArn`` value: a session reports its role's ARN."""
        return self.role_arn or self.arn

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    @property
    def is_service_linked_role(self) -> bool:
        return self.kind in ("role", "assumed_role") and "/aws-service-role/" in self.raw


@lru_cache(maxsize=4096)
def parse_principal(raw: str) -> Principal:
    """Parse a request principal string. Unknown shapes are kept as kind ``other``."""
    text = raw.strip()
    if text == "" or text.lower() == "anonymous" or text == "*":
        return Principal(raw=raw, kind="anonymous", account=None, arn="anonymous")
    if ACCOUNT_ID.match(text):
        return Principal(raw=raw, kind="root", account=text, arn=str(Arn.iam_root("aws", text)))
    if not text.startswith("arn:") and text.endswith((".amazonaws.com", ".amazonaws.com.cn", ".amazon.com")):
        return Principal(raw=raw, kind="service", account=None, arn=text)
    arn = Arn.parse_iam(text)
    if arn is None or not arn.resource:
        return Principal(raw=raw, kind="other", account=None, arn=text)
    partition, svc, account, rest = arn.partition, arn.service, arn.account, arn.resource
    if rest == "root":
        return Principal(raw, "root", account, text, partition=partition)
    resource_type, _, path_name = rest.partition("/")
    if svc == "iam" and resource_type in ("user", "role"):
        name = path_name.rsplit("/", 1)[-1]
        if resource_type == "user":
            return Principal(raw, "user", account, text, name=name, partition=partition)
        # A role ARN as the request principal stands for "a session of this role"; its
        # aws:PrincipalArn is the role ARN, path included.
        return Principal(raw, "role", account, text, name=name, role_arn=text, partition=partition)
    if svc == "sts" and resource_type == "assumed-role":
        role_name, _, _session = path_name.partition("/")
        role_arn = str(Arn.iam_role(partition, account, role_name))
        return Principal(raw, "assumed_role", account, text, name=role_name, role_arn=role_arn,
                         partition=partition)
    if svc == "sts" and resource_type == "federated-user":
        return Principal(raw, "federated_user", account, text, name=path_name, partition=partition)
    return Principal(raw, "other", account, text, partition=partition)
