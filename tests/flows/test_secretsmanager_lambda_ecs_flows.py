"""service-encryption replays of Secrets Manager secrets, Lambda environments and ECS task starts.

The flows run directly (not through the engine) so each test names exactly the replay it checks.
"""

from __future__ import annotations

from pathlib import Path

from iacsim.config import parse_config
from iacsim.flows.base import Flow, FlowContext, FlowOutcome
from iacsim.flows.ecs import EcsTaskSecretsFlow
from iacsim.flows.lambda_ import LambdaEnvironmentFlow
from iacsim.flows.secretsmanager import SecretsManagerFlow
from iacsim.flows.seed import seed_world
from iacsim.load import LoadOptions, load_paths
from iacsim.model import World, build_world

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "terraform"


def _world(path: Path) -> World:
    loaded = load_paths([path], LoadOptions(config=parse_config(None, "test"), use_cache=False))
    return build_world(loaded.result.resources)


def _run(flow: Flow, world: World) -> dict[str, FlowOutcome]:
    ctx = FlowContext(world=world, config=parse_config(None, "test"), new_cloud=lambda: seed_world(world))
    return {o.result.name: o for o in flow.run(ctx)}


def _tf(tmp_path: Path, text: str) -> World:
    (tmp_path / "main.tf").write_text(text)
    return _world(tmp_path)


def test_secret_is_stored_replicated_and_read_by_every_allowed_principal() -> None:
    [outcome] = _run(SecretsManagerFlow(), _world(SAMPLES / "app-secrets")).values()
    steps = outcome.result.steps
    assert outcome.result.verdict == "pass" and not outcome.failures
    assert [s.action for s in steps[:2]] == ["secretsmanager:CreateSecret", "secretsmanager:PutResourcePolicy"]
    # the replicas do not gate reads in the secret's own Region: they come last (steps.verdict)
    assert steps[-1].action == "secretsmanager:ReplicateSecretToRegions"
    readers = {s.principal: s for s in steps if s.action == "secretsmanager:GetSecretValue"}
    assert set(readers) == {"arn:aws:iam::111122223333:role/app-api",
                            "arn:aws:iam::111122223333:role/app-worker-execution",
                            "arn:aws:iam::444455556666:role/reporting"}
    assert "from another account" in readers["arn:aws:iam::444455556666:role/reporting"].reason
    assert all(s.events for s in steps), "every replayed call is linked to its audit events"


def test_broken_sample_names_the_cross_account_gap_and_the_undecryptable_reader() -> None:
    [outcome] = _run(SecretsManagerFlow(), _world(SAMPLES / "app-secrets-broken")).values()
    by_rule = {f.rule.id: f for f in outcome.failures}
    assert set(by_rule) == {"SM101", "SM102"}
    assert "aws_iam_role.reporting" in by_rule["SM102"].message and "no resource policy" in by_rule["SM102"].message
    assert "aws_iam_role.execution" in by_rule["SM101"].message and "kms:Decrypt" in by_rule["SM101"].message


def test_lambda_environment_grant_then_initialization_as_the_role() -> None:
    [outcome] = _run(LambdaEnvironmentFlow(), _world(SAMPLES / "app-secrets")).values()
    create, init = outcome.result.steps
    assert outcome.result.verdict == "pass"
    # the sample deploys through provider assume_role: CreateFunction is made as that role
    assert create.principal == "arn:aws:iam::111122223333:role/terraform-deployer" and "grant" in create.reason
    assert init.principal == "arn:aws:iam::111122223333:role/app-api"


def test_ecs_task_fetches_each_secret_as_the_execution_role_and_names_the_failing_value_from() -> None:
    [good] = _run(EcsTaskSecretsFlow(), _world(SAMPLES / "app-secrets")).values()
    fetches = [s for s in good.result.steps if s.action.startswith(("secretsmanager:GetSecretValue", "ssm:GetParameters"))]
    assert good.result.verdict == "pass" and len(fetches) == 2
    assert {s.principal for s in fetches} == {"arn:aws:iam::111122223333:role/app-worker-execution"}
    [bad] = _run(EcsTaskSecretsFlow(), _world(SAMPLES / "app-secrets-broken")).values()
    assert bad.result.verdict == "fail"
    messages = [f.message for f in bad.failures]
    assert [f.rule.id for f in bad.failures] == ["ECS101", "ECS101"]
    assert any("worker/DB_PASSWORD" in m and ":secret:app/db-" in m for m in messages)
    assert any("worker/API_TOKEN" in m and "parameter/app/api-token" in m for m in messages)
    assert all("ResourceInitializationError" in m for m in messages)


def test_lambda_role_outside_the_scan_is_unknown_not_a_guess(tmp_path: Path) -> None:
    world = _tf(tmp_path, '''
resource "aws_kms_key" "k" { enable_key_rotation = true }
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::111111111111:role/elsewhere"
  kms_key_arn   = aws_kms_key.k.arn
  environment { variables = { STAGE = "prod" } }
}
''')
    [outcome] = _run(LambdaEnvironmentFlow(), world).values()
    assert outcome.result.verdict == "unknown" and "not in the scan" in outcome.result.steps[0].reason


def test_ecs_parameter_outside_the_scan_is_unknown(tmp_path: Path) -> None:
    world = _tf(tmp_path, '''
resource "aws_iam_role" "exec" {
  name = "exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_ecs_task_definition" "t" {
  family             = "t"
  execution_role_arn = aws_iam_role.exec.arn
  container_definitions = jsonencode([{ name = "app", image = "x", secrets = [{ name = "DB", valueFrom = "/not/here" }] }])
}
''')
    [outcome] = _run(EcsTaskSecretsFlow(), world).values()
    assert outcome.result.verdict == "unknown"
    assert any(s.decision == "unknown" and "not in the scan" in s.reason for s in outcome.result.steps)
    assert not outcome.failures


def test_cross_account_read_is_recorded_in_both_accounts_trails() -> None:
    from iacsim.sim.audit import capture

    with capture() as events:
        [outcome] = _run(SecretsManagerFlow(), _world(SAMPLES / "app-secrets")).values()
    reporting = "arn:aws:iam::444455556666:role/reporting"
    step = next(s for s in outcome.result.steps if s.principal == reporting)
    session = "arn:aws:sts::444455556666:assumed-role/reporting/"  # CloudTrail names the role's session
    reads = [e for e in events if e["eventName"] == "GetSecretValue" and e["userIdentity"]["arn"].startswith(session)]
    assert {e["recipientAccountId"] for e in reads} == {"444455556666", "111122223333"}
    assert len({e.get("sharedEventID") for e in reads}) == 1 and reads[0].get("sharedEventID")
    assert set(step.events) & {e["eventID"] for e in reads}
    decrypts = [e for e in events if e["eventName"] == "Decrypt" and e["userIdentity"]["arn"].startswith(session)]
    assert decrypts and decrypts[0]["userIdentity"].get("invokedBy") == "secretsmanager.amazonaws.com"
    assert set(decrypts[0]["requestParameters"]["encryptionContext"]) == {"SecretARN", "SecretVersionId"}
    assert not any("iacsim-simulated-secret-value" in str(e) for e in events)


def test_apply_time_key_errors_are_not_repeated_as_broken_flows(tmp_path: Path) -> None:
    world = _tf(tmp_path, '''
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}
resource "aws_kms_key" "k" { enable_key_rotation = true }
resource "aws_kms_key" "eu" {
  provider            = aws.eu
  enable_key_rotation = true
}
resource "aws_iam_role" "fn" {
  name = "fn"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = aws_iam_role.fn.arn
  kms_key_arn   = aws_kms_key.eu.arn
  environment { variables = { STAGE = "prod" } }
}
resource "aws_secretsmanager_secret" "s" {
  name       = "s"
  kms_key_id = aws_kms_key.k.arn
  replica {
    region     = "eu-west-1"
    kms_key_id = aws_kms_key.k.arn
  }
}
''')
    [fn] = _run(LambdaEnvironmentFlow(), world).values()
    assert fn.result.verdict == "fail" and not fn.failures and "LAMBDA001" in fn.result.steps[0].reason
    [secret] = _run(SecretsManagerFlow(), world).values()
    replicate = next(s for s in secret.result.steps if s.action == "secretsmanager:ReplicateSecretToRegions")
    assert replicate.decision == "error" and not secret.failures


def test_same_account_reader_granted_only_by_the_resource_policy_is_replayed(tmp_path: Path) -> None:
    world = _tf(tmp_path, '''
resource "aws_kms_key" "k" { enable_key_rotation = true }
resource "aws_secretsmanager_secret" "s" {
  name       = "s"
  kms_key_id = aws_kms_key.k.arn
}
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_secretsmanager_secret_policy" "s" {
  secret_arn = aws_secretsmanager_secret.s.arn
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn }, Action = "secretsmanager:GetSecretValue", Resource = "*" }] })
}
''')
    [outcome] = _run(SecretsManagerFlow(), world).values()
    read = next(s for s in outcome.result.steps if s.action == "secretsmanager:GetSecretValue")
    assert read.principal.endswith(":role/app") and read.decision == "denied" and "KMS" in read.reason
    assert [f.rule.id for f in outcome.failures] == ["SM101"]


def test_lambda_runtime_known_only_after_apply_is_replayed_not_crashed_on(tmp_path: Path) -> None:
    # The runtime does not matter to the environment's encryption; it used to crash the replay (Unknown has no
    # truth value) and turn every Lambda scenario of the scan into an internal error.
    world = _tf(tmp_path, '''
provider "aws" { region = "us-east-1" }
variable "runtime" {}
resource "aws_kms_key" "k" { enable_key_rotation = true }
resource "aws_iam_role" "fn" {
  name = "fn"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = aws_iam_role.fn.arn
  runtime       = var.runtime
  kms_key_arn   = aws_kms_key.k.arn
  environment { variables = { STAGE = "prod" } }
}
''')
    [outcome] = _run(LambdaEnvironmentFlow(), world).values()
    create = outcome.result.steps[0]
    assert create.action == "lambda:CreateFunction (KMSKeyArn)" and create.decision == "allowed"
