"""Fixtures for the simulated AWS tests: a fresh cloud at a fixed time, IAM helpers."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from iacsim.sim import Cloud

ACCOUNT = "111111111111"
OTHER = "222222222222"
START = datetime(2026, 1, 1, tzinfo=UTC)

TRUST_EC2 = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})


def doc(*statements: dict[str, Any]) -> str:
    """A policy document (JSON text) from statements."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str | list[str], resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


@pytest.fixture
def cloud() -> Cloud:
    return Cloud(start=START)


RoleFactory = Callable[..., str]


@pytest.fixture
def make_role(cloud: Cloud) -> RoleFactory:
    """``make_role("app", allow("kms:*"), account=...)`` -> role ARN with that inline policy."""

    def make(name: str, *statements: dict[str, Any], account: str = ACCOUNT, boundary: str | None = None) -> str:
        iam = cloud.client("iam", account=account)
        kwargs: dict[str, Any] = {}
        if boundary is not None:
            kwargs["PermissionsBoundary"] = boundary
        arn: str = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST_EC2, **kwargs)["Role"]["Arn"]
        if statements:
            iam.put_role_policy(RoleName=name, PolicyName=f"{name}-policy", PolicyDocument=doc(*statements))
        return arn

    return make


@pytest.fixture
def kms(cloud: Cloud) -> Any:
    """KMS in us-east-1 as the root of account 111111111111."""
    return cloud.client("kms", region="us-east-1", account=ACCOUNT)


def code(exc: pytest.ExceptionInfo[Any]) -> str:
    return str(exc.value.response["Error"]["Code"])
