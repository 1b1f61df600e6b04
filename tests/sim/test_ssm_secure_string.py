"""SecureString parameters: KMS calls, encryption context, default key, principals, secrecy."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

A = "111111111111"
REGION = "us-east-1"
APP = f"arn:aws:iam::{A}:role/app"


def _code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = excinfo.value.response["Error"]["Code"]
    return code


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ROOT_STATEMENT = {
    "Sid": "Enable IAM User Permissions",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
    "Action": "kms:*",
    "Resource": "*",
}


@pytest.fixture
def cloud() -> Cloud:
    return Cloud()


@pytest.fixture
def kms(cloud: Cloud) -> Any:
    return cloud.client("kms", region=REGION, account=A)


@pytest.fixture
def ssm(cloud: Cloud) -> Any:
    return cloud.client("ssm", region=REGION, account=A)


def _app_role(cloud: Cloud, *statements: dict[str, Any]) -> Any:
    iam = cloud.client("iam", account=A)
    trust = _policy(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    )
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName="app", PolicyName="p", PolicyDocument=_policy(*statements))
    return cloud.client("ssm", region=REGION, principal=APP)


def test_secure_string_round_trips_with_decryption(ssm: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    ssm.put_parameter(Name="/db/password", Value="hunter2", Type="SecureString", KeyId=key)
    assert ssm.get_parameter(Name="/db/password", WithDecryption=True)["Parameter"]["Value"] == "hunter2"


def test_without_decryption_the_value_is_ciphertext(ssm: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    ssm.put_parameter(Name="/db/password", Value="hunter2", Type="SecureString", KeyId=key)
    value = ssm.get_parameter(Name="/db/password")["Parameter"]["Value"]
    assert "hunter2" not in value
    assert b"hunter2" not in base64.b64decode(value)


def test_standard_secure_string_is_a_kms_ciphertext_bound_to_the_parameter_arn(ssm: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    ssm.put_parameter(Name="/db/password", Value="hunter2", Type="SecureString", KeyId=key)
    blob = base64.b64decode(ssm.get_parameter(Name="/db/password")["Parameter"]["Value"])
    arn = f"arn:aws:ssm:{REGION}:{A}:parameter/db/password"
    assert (
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"PARAMETER_ARN": arn})["Plaintext"] == b"hunter2"
    )
    with pytest.raises(ClientError) as excinfo:
        kms.decrypt(CiphertextBlob=blob)
    assert _code(excinfo) == "InvalidCiphertextException"


def test_default_key_is_the_aws_managed_alias_aws_ssm(ssm: Any, kms: Any) -> None:
    ssm.put_parameter(Name="p", Value="v", Type="SecureString")
    history = ssm.get_parameter_history(Name="p")["Parameters"][0]
    assert history["KeyId"] == "alias/aws/ssm"
    aliases = {a["AliasName"] for a in kms.list_aliases()["Aliases"] if "TargetKeyId" in a}
    assert "alias/aws/ssm" in aliases
    assert ssm.get_parameter(Name="p", WithDecryption=True)["Parameter"]["Value"] == "v"


def test_advanced_secure_string_uses_generate_data_key(cloud: Cloud, ssm: Any, kms: Any) -> None:
    """The key policy allows the app GenerateDataKey and Decrypt but not Encrypt: Advanced works,
    Standard does not, which shows which KMS operation each tier calls."""
    key = kms.create_key(
        Policy=_policy(
            ROOT_STATEMENT,
            {
                "Effect": "Allow",
                "Principal": {"AWS": APP},
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": "*",
            },
        )
    )["KeyMetadata"]["Arn"]
    app = _app_role(
        cloud, {"Effect": "Allow", "Action": ["ssm:PutParameter", "ssm:GetParameter"], "Resource": "*"}
    )
    assert (
        app.put_parameter(Name="adv", Value="v", Type="SecureString", KeyId=key, Tier="Advanced")["Tier"]
        == "Advanced"
    )
    assert app.get_parameter(Name="adv", WithDecryption=True)["Parameter"]["Value"] == "v"
    with pytest.raises(ClientError) as excinfo:
        app.put_parameter(Name="std", Value="v", Type="SecureString", KeyId=key, Tier="Standard")
    assert _code(excinfo) == "AccessDeniedException"
    assert "kms:Encrypt" in excinfo.value.response["Error"]["Message"]


def test_kms_calls_carry_ssm_via_service(cloud: Cloud, ssm: Any, kms: Any) -> None:
    """A key policy restricted with kms:ViaService = ssm.<region> allows the parameter write but
    not the same principal's direct KMS call."""
    key = kms.create_key(
        Policy=_policy(
            ROOT_STATEMENT,
            {
                "Effect": "Allow",
                "Principal": {"AWS": APP},
                "Action": ["kms:Encrypt", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": f"ssm.{REGION}.amazonaws.com"}},
            },
        )
    )["KeyMetadata"]["Arn"]
    app = _app_role(cloud, {"Effect": "Allow", "Action": ["ssm:*"], "Resource": "*"})
    app.put_parameter(Name="p", Value="v", Type="SecureString", KeyId=key)
    assert app.get_parameter(Name="p", WithDecryption=True)["Parameter"]["Value"] == "v"
    direct = cloud.client("kms", region=REGION, principal=APP)
    with pytest.raises(ClientError) as excinfo:
        direct.encrypt(KeyId=key, Plaintext=b"v")
    assert _code(excinfo) == "AccessDeniedException"


def test_encryption_context_condition_on_parameter_arn(cloud: Cloud, ssm: Any, kms: Any) -> None:
    key = kms.create_key(
        Policy=_policy(
            ROOT_STATEMENT,
            {
                "Effect": "Allow",
                "Principal": {"AWS": APP},
                "Action": ["kms:Encrypt", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {
                    "StringLike": {
                        "kms:EncryptionContext:PARAMETER_ARN": f"arn:aws:ssm:{REGION}:{A}:parameter/app/*"
                    }
                },
            },
        )
    )["KeyMetadata"]["Arn"]
    app = _app_role(cloud, {"Effect": "Allow", "Action": ["ssm:*"], "Resource": "*"})
    app.put_parameter(Name="/app/token", Value="v", Type="SecureString", KeyId=key)
    with pytest.raises(ClientError) as excinfo:
        app.put_parameter(Name="/db/token", Value="v", Type="SecureString", KeyId=key)
    assert _code(excinfo) == "AccessDeniedException"


def test_reader_without_kms_decrypt_gets_access_denied_only_with_decryption(
    cloud: Cloud, ssm: Any, kms: Any
) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    ssm.put_parameter(Name="/db/password", Value="hunter2", Type="SecureString", KeyId=key)
    app = _app_role(cloud, {"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"})
    assert "hunter2" not in app.get_parameter(Name="/db/password")["Parameter"]["Value"]
    with pytest.raises(ClientError) as excinfo:
        app.get_parameter(Name="/db/password", WithDecryption=True)
    assert _code(excinfo) == "AccessDeniedException"
    assert "kms:Decrypt" in excinfo.value.response["Error"]["Message"]
    assert "hunter2" not in str(excinfo.value)


def test_disabled_key_is_reported_as_invalid_key_id(ssm: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    ssm.put_parameter(Name="p", Value="v", Type="SecureString", KeyId=key)
    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as excinfo:
        ssm.get_parameter(Name="p", WithDecryption=True)
    assert _code(excinfo) == "InvalidKeyId"
    assert "DisabledException" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as put:
        ssm.put_parameter(Name="q", Value="v", Type="SecureString", KeyId=key)
    assert _code(put) == "InvalidKeyId"


def test_asymmetric_key_cannot_encrypt_a_secure_string(ssm: Any, kms: Any) -> None:
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["Arn"]
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="v", Type="SecureString", KeyId=key)
    assert _code(excinfo) == "InvalidKeyId"


def test_key_id_on_a_string_parameter_is_refused(ssm: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="v", Type="String", KeyId=key)
    assert _code(excinfo) == "ValidationException"


def test_secure_string_value_never_appears_in_errors_or_reprs(cloud: Cloud, ssm: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    ssm.put_parameter(
        Name="p", Value="hunter2-secret", Type="SecureString", KeyId=key, AllowedPattern="^hunter"
    )
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="nothunter2-secret", Overwrite=True)
    assert "hunter2-secret" not in str(excinfo.value)
    backend = cloud.backends("ssm")[A][REGION]
    assert "hunter2" not in repr(backend.get("p"))
    assert "hunter2" not in repr(ssm)


def test_history_with_decryption_decrypts_every_version(ssm: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    ssm.put_parameter(Name="p", Value="one", Type="SecureString", KeyId=key)
    ssm.put_parameter(Name="p", Value="two", Overwrite=True, KeyId=key, Tier="Advanced")
    history = ssm.get_parameter_history(Name="p", WithDecryption=True)["Parameters"]
    assert [(h["Value"], h["Tier"]) for h in history] == [("one", "Standard"), ("two", "Advanced")]
