"""``iacsim.testing.cloud_from``: the cloud an application's tests run against is the one the code declares.

Calls go straight to the simulator's clients here (the boto3 interception is tested on its own); what is
asserted is what the scan's pipeline built — keys, policies, roles, parameters with their values — who a
test acts as (roles only through ``sts:AssumeRole``, the trust policy enforced), the explanation every
denial carries, and that each call gets its own copy of a cloud built once.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from iacsim.sim import ClientError
from iacsim.testing import InfrastructureError, UnknownPrincipal, cloud_from
from iacsim.testing import infra as infra_module

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "app-tests" / "infra"
SAMPLES = ROOT / "samples"
ACCOUNT = "123456789012"


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "main.tf").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_the_roles_session_reads_the_parameters_the_code_declares() -> None:
    infra = cloud_from(APP, principal="aws_iam_role.app")
    assert infra.principal == f"arn:aws:sts::{ACCOUNT}:assumed-role/app/iacsim-test"
    assert infra.region == "us-east-1"
    assert infra.not_created == {}
    ssm = infra.client("ssm")
    assert ssm.get_parameter(Name="/app/db-host")["Parameter"]["Value"] == "db.internal.example.com"
    secret = ssm.get_parameter(Name="/app/db-password", WithDecryption=True)["Parameter"]
    assert (secret["Type"], secret["Value"]) == ("SecureString", "iacsim-simulated-value")
    key = infra.seeded.key_ids["aws_kms_key.app"][2]
    described = infra.client("ssm", principal=f"arn:aws:iam::{ACCOUNT}:root").describe_parameters()["Parameters"]
    assert {p["Name"]: p.get("KeyId") for p in described}["/app/db-password"] == key


def test_a_secret_the_test_sets_is_the_parameters_value() -> None:
    infra = cloud_from(APP, principal="aws_iam_role.app", secrets={"aws_ssm_parameter.db_password": "hunter2"})
    value = infra.client("ssm").get_parameter(Name="/app/db-password", WithDecryption=True)["Parameter"]["Value"]
    assert value == "hunter2"
    with pytest.raises(InfrastructureError, match=r"aws_ssm_parameter\.nope.*there are: aws_ssm_parameter"):
        cloud_from(APP, secrets={"aws_ssm_parameter.nope": "x"})


def test_key_policy_and_alias_are_the_codes() -> None:
    infra = cloud_from(APP)
    kms = infra.client("kms")  # the account root: the key policy's EnableIAMPolicies statement admits it
    key = kms.describe_key(KeyId="alias/app-secrets")["KeyMetadata"]["Arn"]
    assert key == infra.seeded.key_ids["aws_kms_key.app"][2]
    assert "EnableIAMPolicies" in kms.get_key_policy(KeyId=key, PolicyName="default")["Policy"]
    assert kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is True


def test_a_role_missing_kms_decrypt_is_denied_with_the_explanation(tmp_path: Path) -> None:
    text = (APP / "main.tf").read_text().replace('"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"',
                                                 '"kms:Encrypt", "kms:GenerateDataKey"')
    infra = cloud_from(write(tmp_path, text), principal="aws_iam_role.app")
    with pytest.raises(ClientError) as denied:
        infra.client("ssm").get_parameter(Name="/app/db-password", WithDecryption=True)
    message = denied.value.response["Error"]["Message"]
    assert denied.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "kms:Decrypt" in message and "enables IAM policies" in message
    assert f"no identity policy allows arn:aws:sts::{ACCOUNT}:assumed-role/app/iacsim-test" in message


def test_an_explicit_deny_in_the_key_policy_names_its_statement_and_condition(tmp_path: Path) -> None:
    deny = textwrap.indent(textwrap.dedent("""\
        {
          Sid       = "DenyDecryptExceptBreakGlass"
          Effect    = "Deny"
          Principal = { AWS = "*" }
          Action    = "kms:Decrypt"
          Resource  = "*"
          Condition = { ArnNotEquals = { "aws:PrincipalArn" = "arn:aws:iam::123456789012:role/break-glass" } }
        },
        """), "      ")
    text = (APP / "main.tf").read_text().replace('        Resource  = "*"\n      },\n',
                                                 '        Resource  = "*"\n      },\n' + deny, 1)
    infra = cloud_from(write(tmp_path, text), principal="aws_iam_role.app")
    kms = infra.client("kms")
    blob = kms.encrypt(KeyId="alias/app-secrets", Plaintext=b"token")["CiphertextBlob"]
    with pytest.raises(ClientError, match="statement 'DenyDecryptExceptBreakGlass' explicitly denies kms:Decrypt"):
        kms.decrypt(CiphertextBlob=blob)


def test_trust_policy_is_enforced_when_assuming(tmp_path: Path) -> None:
    """The reader role trusts only the app role: assumed from it, it works; from the account root, STS says
    which statement would have matched and why it did not."""
    infra_dir = write(tmp_path, f"""\
        provider "aws" {{
          region              = "eu-west-1"
          allowed_account_ids = ["{ACCOUNT}"]
        }}
        resource "aws_iam_role" "app" {{
          name = "app"
          assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow",
            Principal = {{ Service = "ecs-tasks.amazonaws.com" }}, Action = "sts:AssumeRole" }}] }})
        }}
        resource "aws_iam_role_policy" "app" {{
          role = aws_iam_role.app.id
          policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow",
            Action = "sts:AssumeRole", Resource = aws_iam_role.reader.arn }}] }})
        }}
        resource "aws_iam_role" "reader" {{
          name = "reader"
          assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Sid = "OnlyApp",
            Effect = "Allow", Principal = {{ AWS = aws_iam_role.app.arn }}, Action = "sts:AssumeRole" }}] }})
        }}
        resource "aws_iam_user" "ops" {{
          name = "ops"
        }}
        """)
    infra = cloud_from(infra_dir)
    assert infra.region == "eu-west-1"
    with infra.as_principal("aws_iam_role.reader") as reader:
        assert reader.arn == f"arn:aws:sts::{ACCOUNT}:assumed-role/reader/iacsim-test"
        assert reader.assumed_from == f"arn:aws:iam::{ACCOUNT}:role/app"
        assert infra.principal == reader.arn
        assert infra.client("sts").get_caller_identity()["Arn"] == reader.arn
    assert infra.principal is None
    with pytest.raises(ClientError, match="statement 'OnlyApp' would match but its Principal") as refused:
        infra.acting_as("aws_iam_role.reader", source=ACCOUNT)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    with infra.as_principal("aws_iam_role.app", session_name="worker") as app:
        assert app.assumed_from == "ecs-tasks.amazonaws.com"
        assert app.arn.endswith(":assumed-role/app/worker")
    with infra.as_principal("aws_iam_user.ops") as ops:  # a user acts directly
        assert (ops.arn, ops.assumed_from) == (f"arn:aws:iam::{ACCOUNT}:user/ops", None)
    with infra.as_principal(f"arn:aws:iam::{ACCOUNT}:role/reader", source="aws_iam_role.app") as by_arn:
        assert by_arn.identity == f"arn:aws:iam::{ACCOUNT}:role/reader"


def test_a_trust_policy_that_admits_nobody_the_simulator_can_act_as(tmp_path: Path) -> None:
    infra = cloud_from(write(tmp_path, """\
        resource "aws_iam_role" "web" {
          name = "web"
          assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow",
            Principal = { Federated = "cognito-identity.amazonaws.com" }, Action = "sts:AssumeRoleWithWebIdentity" }] })
        }
        """))
    with pytest.raises(ClientError, match="pass source="):
        infra.acting_as("aws_iam_role.web")


def test_principals_resolve_from_address_or_arn_and_say_what_exists() -> None:
    infra = cloud_from(APP)
    assert infra.principal_arn("aws_iam_role.app") == f"arn:aws:iam::{ACCOUNT}:role/app"
    assert infra.principal_arn(ACCOUNT) == f"arn:aws:iam::{ACCOUNT}:root"
    arn = f"arn:aws:iam::{ACCOUNT}:user/someone"
    assert infra.principal_arn(arn) == arn
    with pytest.raises(UnknownPrincipal, match=r"aws_iam_role\.missing .*there are: aws_iam_role\.app"):
        infra.principal_arn("aws_iam_role.missing")
    with pytest.raises(UnknownPrincipal, match="no role or user"):
        infra.principal_arn("aws_kms_key.app")


def test_each_call_gets_its_own_copy_of_a_cloud_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = cloud_from(APP)
    builds: list[object] = []
    monkeypatch.setattr(infra_module, "_build", lambda *a: builds.append(a))
    second = cloud_from(APP)
    assert builds == []  # the cached build, copied
    first.client("ssm").put_parameter(Name="/app/db-host", Value="changed", Overwrite=True)
    first.client("kms").create_alias(AliasName="alias/only-here", TargetKeyId=first.seeded.key_ids["aws_kms_key.app"][2])
    assert second.client("ssm").get_parameter(Name="/app/db-host")["Parameter"]["Value"] == "db.internal.example.com"
    assert "alias/only-here" not in {a["AliasName"] for a in second.client("kms").list_aliases()["Aliases"]}
    blob = first.client("kms").encrypt(KeyId="alias/app-secrets", Plaintext=b"x")["CiphertextBlob"]
    assert second.client("kms").decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"  # the same key material
    assert second.world is first.world


def test_a_changed_file_is_built_again(tmp_path: Path) -> None:
    path = write(tmp_path, 'resource "aws_ssm_parameter" "p" {\n  name = "/a"\n  type = "String"\n  value = "one"\n}\n')
    assert cloud_from(path).client("ssm").get_parameter(Name="/a")["Parameter"]["Value"] == "one"
    (path / "main.tf").write_text((path / "main.tf").read_text().replace('"one"', '"two!"'))
    assert cloud_from(path).client("ssm").get_parameter(Name="/a")["Parameter"]["Value"] == "two!"


def test_variables_reach_the_code(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        variable "names" { type = list(string) }
        variable "prefix" { type = string }
        resource "aws_ssm_parameter" "p" {
          for_each = toset(var.names)
          name     = "/${var.prefix}/${each.value}"
          type     = "String"
          value    = each.value
        }
        """)
    infra = cloud_from(path, vars={"names": ["a", "b"], "prefix": "cfg"})
    names = {p["Name"] for p in infra.client("ssm").describe_parameters()["Parameters"]}
    assert names == {"/cfg/a", "/cfg/b"}


def test_cloudformation_and_plan_json_build_the_same_parameters() -> None:
    plan = cloud_from(SAMPLES / "plans" / "ssm-parameters.json", principal="aws_iam_role.billing_app")
    cfn = cloud_from(SAMPLES / "cloudformation" / "ssm-parameters", config=SAMPLES / "cloudformation" / ".iacsim.yml",
                     principal="billing-config.yaml#Resources/BillingAppRole")
    for infra in (plan, cfn):
        ssm = infra.client("ssm")
        host = ssm.get_parameter(Name="/billing/prod/db-host")["Parameter"]["Value"]
        assert host == "billing-prod.cluster-c1xaq2bzjk7d.us-east-1.rds.amazonaws.com"
        assert infra.principal is not None and ":assumed-role/billing-app/" in infra.principal
    # a SecureString holds the placeholder even when the plan shows the value
    secret = plan.client("ssm", principal=f"arn:aws:iam::{plan.world.by_address('aws_iam_role.billing_app').account}"
                                          ":root").get_parameter(Name="/billing/prod/db-password", WithDecryption=True)
    assert secret["Parameter"]["Value"] == "iacsim-simulated-value"


def test_several_worlds_need_a_name_and_broken_code_is_refused(tmp_path: Path) -> None:
    for unit in ("dev", "prod"):
        (tmp_path / unit).mkdir()
        write(tmp_path / unit, f'resource "aws_ssm_parameter" "p" {{\n  name = "/{unit}"\n  type = "String"\n'
                               f'  value = "{unit}"\n}}\n')
    with pytest.raises(InfrastructureError, match=r"2 independent worlds \(dev, prod\): say which with world="):
        cloud_from(tmp_path)
    prod = cloud_from(tmp_path, world="prod")
    assert [p["Name"] for p in prod.client("ssm").describe_parameters()["Parameters"]] == ["/prod"]
    with pytest.raises(InfrastructureError, match="no world 'qa'"):
        cloud_from(tmp_path, world="qa")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "main.tf").write_text('resource "aws_kms_key" "k" {\n')
    with pytest.raises(InfrastructureError, match=r"the code does not load: main\.tf"):
        cloud_from(broken)


def test_inside_its_mock_boto3_calls_act_as_the_principal_chosen(tmp_path: Path) -> None:
    boto3 = pytest.importorskip("boto3")
    from botocore.exceptions import ClientError as BotoClientError

    infra = cloud_from(APP, principal="aws_iam_role.app")
    with infra.mock():
        sts = boto3.client("sts")
        assert sts.get_caller_identity()["Arn"] == infra.principal
        assert boto3.client("kms").meta.region_name == "us-east-1"
        with infra.as_principal(ACCOUNT) as root:
            assert sts.get_caller_identity()["Arn"] == root.arn == f"arn:aws:iam::{ACCOUNT}:root"
        assert sts.get_caller_identity()["Arn"] == infra.principal
        with pytest.raises(BotoClientError, match="trust policy") as refused:
            infra.acting_as("aws_iam_role.app", source=ACCOUNT)
        assert refused.value.response["Error"]["Code"] == "AccessDenied"
