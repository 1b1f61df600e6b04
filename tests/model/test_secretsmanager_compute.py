"""Secrets Manager, Lambda and ECS translators: Terraform and CloudFormation build the same model; values never kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacsim.config import parse_config
from iacsim.load import LoadOptions, load_paths
from iacsim.model import World, build_world, world_to_json
from iacsim.model.ecs import EcsTaskDefinition
from iacsim.model.lambda_ import LambdaFunction, environment_variable
from iacsim.model.secretsmanager import Secret, SecretPolicy, SecretVersion
from iacsim.rules._secrets import secret_reasons
from iacsim.values import Unknown

PASSWORD = "Correct-Horse-Battery-9931"


def _world(tmp_path: Path, name: str, text: str) -> World:
    (tmp_path / name).write_text(text)
    loaded = load_paths([tmp_path], LoadOptions(config=parse_config(None, "t"), use_cache=False))
    return build_world(loaded.result.resources)


TF = f'''
provider "aws" {{ region = "eu-west-1" }}
resource "aws_kms_key" "k" {{}}
resource "aws_secretsmanager_secret" "db" {{
  name       = "prod/db"
  kms_key_id = aws_kms_key.k.arn
  replica {{ region = "eu-central-1" }}
}}
resource "aws_secretsmanager_secret_version" "db" {{
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = "{PASSWORD}"
}}
resource "aws_secretsmanager_secret_policy" "db" {{
  secret_arn = aws_secretsmanager_secret.db.arn
  policy     = jsonencode({{ Version = "2012-10-17", Statement = [] }})
}}
resource "aws_lambda_function" "f" {{
  function_name = "fn"
  role          = "arn:aws:iam::111111111111:role/fn"
  kms_key_arn   = aws_kms_key.k.arn
  environment {{ variables = {{ DB_PASSWORD = "{PASSWORD}", DB_SECRET_ARN = aws_secretsmanager_secret.db.arn }} }}
}}
resource "aws_ecs_task_definition" "t" {{
  family             = "app"
  execution_role_arn = "arn:aws:iam::111111111111:role/exec"
  container_definitions = jsonencode([{{
    name        = "app"
    image       = "x"
    environment = [{{ name = "DB_PASSWORD", value = "{PASSWORD}" }}]
    secrets     = [{{ name = "DB", valueFrom = "${{aws_secretsmanager_secret.db.arn}}:password::" }},
                   {{ name = "TOKEN", valueFrom = "/prod/token" }}]
  }}])
}}
'''

CFN = f'''
Resources:
  Key:
    Type: AWS::KMS::Key
  Db:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/db
      KmsKeyId: !GetAtt Key.Arn
      GenerateSecretString: {{PasswordLength: 30}}
      ReplicaRegions: [{{Region: eu-central-1}}]
  Policy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Db
      ResourcePolicy: {{Version: "2012-10-17", Statement: []}}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: fn
      Role: arn:aws:iam::111111111111:role/fn
      KmsKeyArn: !GetAtt Key.Arn
      Code: {{ZipFile: x}}
      Environment: {{Variables: {{DB_PASSWORD: "{PASSWORD}", DB_SECRET_ARN: !Ref Db}}}}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app
      ExecutionRoleArn: arn:aws:iam::111111111111:role/exec
      ContainerDefinitions:
        - Name: app
          Image: x
          Environment: [{{Name: DB_PASSWORD, Value: "{PASSWORD}"}}]
          Secrets:
            - {{Name: DB, ValueFrom: !Ref Db}}
            - {{Name: TOKEN, ValueFrom: /prod/token}}
'''


@pytest.mark.parametrize(("name", "text"), [("main.tf", TF), ("template.yaml", CFN)])
def test_both_forms_build_the_same_objects_without_the_values(tmp_path: Path, name: str, text: str) -> None:
    world = _world(tmp_path, name, text)
    [secret] = world.of_type(Secret)
    assert secret.name == "prod/db" and [r.region for r in secret.replicas] == ["eu-central-1"]
    assert world.find_key(secret.key, account=secret.account, region=secret.region) is not None
    [policy] = world.of_type(SecretPolicy)
    assert world.find_service(Secret, policy.secret, account=policy.account, region=policy.region) is secret
    [fn] = world.of_type(LambdaFunction)
    assert fn.name == "fn" and isinstance(fn.environment, tuple)
    env = {v.name: v for v in fn.environment}
    assert env["DB_PASSWORD"].reference is False and env["DB_SECRET_ARN"].reference in (True, None)
    [task] = world.of_type(EcsTaskDefinition)
    assert isinstance(task.containers, tuple)
    [container] = task.containers
    assert [s.name for s in container.secrets] == ["DB", "TOKEN"]
    assert container.secrets[1].source == "ssm"
    assert PASSWORD not in json.dumps(world_to_json(world), default=str)
    assert PASSWORD not in repr(list(world.objects()))


def test_terraform_secret_arn_is_known_before_apply_and_versions_point_at_it(tmp_path: Path) -> None:
    world = _world(tmp_path, "main.tf", TF)
    [secret] = world.of_type(Secret)
    assert isinstance(secret.arn, str) and secret.arn.startswith("arn:aws:secretsmanager:eu-west-1:")
    [version] = world.of_type(SecretVersion)
    assert world.find_service(Secret, version.secret) is secret
    assert version.value.present and version.value.length_bytes == len(PASSWORD)
    [task] = world.of_type(EcsTaskDefinition)
    assert isinstance(task.containers, tuple)
    assert task.containers[0].secrets[0].source == "secretsmanager"


def test_cloudformation_secret_arn_is_a_deploy_time_value_with_a_seed_arn(tmp_path: Path) -> None:
    world = _world(tmp_path, "template.yaml", CFN)
    [secret] = world.of_type(Secret)
    assert isinstance(secret.arn, Unknown) and secret.generated
    seeded = secret.seed_values()
    assert seeded["arn"].startswith(f"arn:aws:secretsmanager:{secret.region}:{secret.account}:secret:prod/db-")


@pytest.mark.parametrize(("name", "value", "secret"), [
    ("DB_PASSWORD", "hunter2-prod", True),
    ("DB_PASSWORD_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbC123", False),
    ("SECRET_ARN", "arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbC123", False),
    ("API_TOKEN", "/prod/api-token", False),
    ("AUTH_URL", "https://auth.example.com/oauth", False),
    ("TOKEN_TTL", "300", False),
    ("PASSWORD", "", False),
    ("UPSTREAM", "AKIAIOSFODNN7EXAMPLE", True),
    ("DATABASE_URL", "postgres://app:s3cr3tpass@db.example.com/app", True),
    ("STAGE", "prod", False),
])
def test_plaintext_secret_detector(name: str, value: str, secret: bool) -> None:
    var = environment_variable(name, value)
    reasons = secret_reasons(var.name, var.value, reference=var.reference)
    assert bool(reasons) is secret, reasons
    assert all(value not in r for r in reasons if value)


_ODD = [None, Unknown("x"), "text", 7, True, [], {}, ["a", 1, None], {"a": [1, {"b": Unknown("y")}]}, [{}], [Unknown("z")]]
_FIELDS = {
    "aws_secretsmanager_secret": ("name", "kms_key_id", "replica", "policy", "recovery_window_in_days", "tags"),
    "aws_secretsmanager_secret_version": ("secret_id", "secret_string", "secret_binary", "version_stages"),
    "aws_secretsmanager_secret_policy": ("secret_arn", "policy", "block_public_policy"),
    "aws_lambda_function": ("function_name", "role", "kms_key_arn", "environment", "runtime"),
    "aws_ecs_task_definition": ("family", "execution_role_arn", "container_definitions", "task_role_arn"),
    "AWS::SecretsManager::Secret": ("Name", "KmsKeyId", "ReplicaRegions", "SecretString", "GenerateSecretString"),
    "AWS::SecretsManager::ResourcePolicy": ("SecretId", "ResourcePolicy", "BlockPublicPolicy"),
    "AWS::Lambda::Function": ("FunctionName", "Role", "KmsKeyArn", "Environment"),
    "AWS::ECS::TaskDefinition": ("Family", "ExecutionRoleArn", "ContainerDefinitions"),
}


@pytest.mark.parametrize("type_", sorted(_FIELDS))
def test_any_attribute_shape_translates_and_runs_the_rules_without_error(type_: str) -> None:
    from model_factory import build, res

    from iacsim.rules.base import RuleContext
    from iacsim.rules.ecs.execution_role import SecretsWithoutExecutionRole
    from iacsim.rules.ecs.plaintext import SecretInContainerEnvironment
    from iacsim.rules.lambda_.key import FunctionKeyUnusable
    from iacsim.rules.lambda_.plaintext import SecretInFunctionEnvironment
    from iacsim.rules.secretsmanager.keys import ReplicaKeyNotInReplicaRegion, SecretKeyUnusable
    from iacsim.rules.secretsmanager.public_policy import SecretPolicyAllowsEveryone

    rules = [FunctionKeyUnusable(), SecretInFunctionEnvironment(), SecretsWithoutExecutionRole(),
             SecretInContainerEnvironment(), ReplicaKeyNotInReplicaRegion(), SecretKeyUnusable(),
             SecretPolicyAllowsEveryone()]
    for field_name in _FIELDS[type_]:
        for odd in _ODD:
            world = build(res(type_, f"{type_}.fuzz", {field_name: odd}))
            assert not [d for d in world.diagnostics if d.code == "translate-error"], (field_name, odd)
            world_to_json(world)
            for rule in rules:
                list(rule.check(RuleContext(world, parse_config(None, "t"))))


@pytest.mark.parametrize(("value", "reference"), [
    (Unknown("after apply", "aws_secretsmanager_secret.db.arn"), True),
    (Unknown("deploy time", "template.yaml#Resources/Db.Ref"), True),
    (Unknown("no default", "var.db_password"), None),
    (Unknown("no value"), None),
])
def test_unknown_values_naming_another_resource_are_references(value: Unknown, reference: bool | None) -> None:
    var = environment_variable("DB_SECRET", value)
    assert var.reference is reference
    assert bool(secret_reasons(var.name, var.value, reference=var.reference)) is (reference is None)
