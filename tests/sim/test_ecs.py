"""Simulated ECS: RunTask fetches container secrets as the task execution role."""

from __future__ import annotations

import json
from typing import Any

from iacsim.sim import Cloud

A = "111111111111"


def _role(cloud: Cloud, name: str, statements: list[dict[str, Any]]) -> str:
    iam = cloud.client("iam", account=A)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}
    arn: str = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="p",
                        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    return arn


def _setup() -> tuple[Cloud, str, str, str]:
    cloud = Cloud()
    key = cloud.client("kms", account=A).create_key()["KeyMetadata"]["Arn"]
    cloud.client("ssm", account=A).put_parameter(Name="/app/db", Value="example", Type="SecureString", KeyId=key)
    secret = cloud.client("secretsmanager", account=A).create_secret(Name="app/api", KmsKeyId=key,
                                                                     SecretString='{"token": "example"}')["ARN"]
    return cloud, key, f"arn:aws:ssm:us-east-1:{A}:parameter/app/db", secret


def _run(cloud: Cloud, role: str, secret: str) -> tuple[dict[str, Any], Any]:
    ecs = cloud.client("ecs", account=A)
    ecs.register_task_definition(family="app", executionRoleArn=role, containerDefinitions=[{
        "name": "app", "image": "app", "secrets": [{"name": "DB", "valueFrom": "/app/db"},
                                                    {"name": "TOKEN", "valueFrom": f"{secret}:token::"}]}])
    task = ecs.run_task(taskDefinition="app")["tasks"][0]
    return task, ecs.task_steps(taskArn=task["taskArn"])


def test_execution_role_with_read_and_decrypt_starts_the_task() -> None:
    cloud, key, param, secret = _setup()
    role = _role(cloud, "exec", [
        {"Effect": "Allow", "Action": ["ssm:GetParameters", "secretsmanager:GetSecretValue"], "Resource": [param, secret]},
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key}])
    task, steps = _run(cloud, role, secret)
    assert task["lastStatus"] == "RUNNING"
    assert [s.action for s in steps] == ["ssm:GetParameters (WithDecryption)", "secretsmanager:GetSecretValue"]
    assert all(s.decision == "allowed" and s.principal == role for s in steps)


def test_execution_role_without_kms_decrypt_fails_with_resource_initialization_error() -> None:
    cloud, _, param, secret = _setup()
    role = _role(cloud, "exec", [
        {"Effect": "Allow", "Action": ["ssm:GetParameters", "secretsmanager:GetSecretValue"], "Resource": [param, secret]}])
    task, steps = _run(cloud, role, secret)
    assert task["lastStatus"] == "STOPPED" and task["stoppedReason"].startswith("ResourceInitializationError")
    assert [s.decision for s in steps] == ["denied", "denied"]
    assert "from ssm" in steps[0].reason and "from asm" in steps[1].reason and "example" not in repr(steps)
