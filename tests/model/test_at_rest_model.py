"""Model facts the encryption-at-rest rules read (issue 17): DocumentDB and Neptune clusters on the RDS model,
Secrets Manager rotation, SAM functions as Lambda functions, user data read as written, String parameter values."""

from __future__ import annotations

from pathlib import Path

from iacsim.load import LoadOptions, load_paths
from iacsim.model import World, build_world
from iacsim.model.code_secrets import UserDataShape
from iacsim.model.lambda_ import LambdaFunction
from iacsim.model.rds import RdsDatabase
from iacsim.model.secretsmanager import SecretRotation
from iacsim.model.ssm import SsmParameter
from iacsim.values import Unknown


def _world(tmp_path: Path, files: dict[str, str]) -> World:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return build_world(load_paths([tmp_path], LoadOptions(use_cache=False)).result.resources)


def test_documentdb_and_neptune_clusters_share_the_rds_model(tmp_path: Path) -> None:
    world = _world(tmp_path, {"main.tf": """
resource "aws_docdb_cluster" "docs" {
  cluster_identifier = "docs"
  storage_encrypted  = true
  kms_key_id         = "arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666"
}
resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
  kms_key_arn        = "arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666"
}
""", "t.yaml": """
Resources:
  Docs: {Type: AWS::DocDB::DBCluster, Properties: {StorageEncrypted: true}}
  Graph: {Type: AWS::Neptune::DBCluster, Properties: {DBClusterIdentifier: graph-cfn}}
"""})
    dbs = {db.address: db for db in world.of_type(RdsDatabase)}
    docs, graph = dbs["aws_docdb_cluster.docs"], dbs["aws_neptune_cluster.graph"]
    assert (docs.db_type, docs.engine, docs.storage_encrypted) == ("cluster", "docdb", True)
    assert docs.kms_key is not None and graph.kms_key is not None  # kms_key_id / kms_key_arn
    assert graph.engine == "neptune" and graph.storage_encrypted is None  # not written: RDS's default, unencrypted
    assert dbs["t.yaml#Resources/Docs"].engine == "docdb" and dbs["t.yaml#Resources/Graph"].engine == "neptune"
    assert isinstance(graph.arn, str) and graph.arn.endswith(":cluster:graph")


def test_rotation_names_its_secret_and_schedule(tmp_path: Path) -> None:
    world = _world(tmp_path, {"main.tf": """
resource "aws_secretsmanager_secret" "db" {
  name = "prod/db"
}
resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:us-east-1:111111111111:function:rotate"
  rotation_rules {
    automatically_after_days = 30
  }
}
""", "t.yaml": """
Resources:
  Secret: {Type: AWS::SecretsManager::Secret, Properties: {GenerateSecretString: {}}}
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref Secret
      HostedRotationLambda: {RotationType: MySQLSingleUser}
      RotationRules: {ScheduleExpression: "cron(0 4 ? * SUN *)"}
"""})
    rotations = {r.address: r for r in world.of_type(SecretRotation)}
    tf, cfn = rotations["aws_secretsmanager_secret_rotation.db"], rotations["t.yaml#Resources/Rotation"]
    assert tf.schedule == "rate(30 days)" and tf.function == "arn:aws:lambda:us-east-1:111111111111:function:rotate"
    assert cfn.hosted and cfn.function is None and cfn.schedule == "cron(0 4 ? * SUN *)"
    assert isinstance(cfn.secret, Unknown) and cfn.secret.ref == "t.yaml#Resources/Secret.Ref"


def test_sam_function_is_a_lambda_function_with_globals(tmp_path: Path) -> None:
    world = _world(tmp_path, {"t.yaml": """
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Environment: {Variables: {STAGE: prod}}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12, CodeUri: src/}
"""})
    (fn,) = world.of_type(LambdaFunction)
    assert isinstance(fn.role, Unknown) and "SAM creates" in fn.role.reason
    assert isinstance(fn.environment, tuple) and [v.name for v in fn.environment] == ["STAGE"]


def test_plain_text_user_data_where_base64_is_required_is_still_read(tmp_path: Path) -> None:
    world = _world(tmp_path, {"main.tf": """
resource "aws_launch_template" "lt" {
  user_data = "#!/bin/bash\\nexport DB_PASSWORD=correct-horse-battery\\n"
}
"""})
    (shape,) = world.of_type(UserDataShape)
    assert shape.encoding == "invalid-base64" and shape.known and shape.secret_names == ("DB_PASSWORD",)


def test_string_parameter_values_say_whether_they_are_references_or_generated_secrets(tmp_path: Path) -> None:
    world = _world(tmp_path, {"main.tf": """
resource "random_password" "p" {
  length = 20
}
resource "aws_secretsmanager_secret" "s" {
  name = "s"
}
resource "aws_ssm_parameter" "generated" {
  name  = "/a"
  type  = "String"
  value = random_password.p.result
}
resource "aws_ssm_parameter" "arn" {
  name  = "/b"
  type  = "String"
  value = aws_secretsmanager_secret.s.arn
}
resource "aws_ssm_parameter" "url" {
  name  = "/c"
  type  = "String"
  value = "https://example.com/oauth2/token"
}
"""})
    params = {p.address: p.value for p in world.of_type(SsmParameter)}
    assert params["aws_ssm_parameter.generated"].secret_signals == ("generated-secret",)
    assert params["aws_ssm_parameter.arn"].identifier and params["aws_ssm_parameter.url"].identifier
