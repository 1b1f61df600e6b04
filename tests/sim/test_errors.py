"""AWS errors as classes named after their codes, and the per-service package layout they live in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import iacsim.sim
from iacsim.sim import ClientError, Cloud, CodedError
from iacsim.sim.cloud import service_spec
from iacsim.sim.ec2.errors import InvalidAmiIdNotFound
from iacsim.sim.errors import AwsError, aws_error
from iacsim.sim.kms.errors import InvalidCiphertextException, NotFoundException

from .conftest import ACCOUNT

SIM = Path(iacsim.sim.__file__).parent


def test_a_class_carries_its_code_and_status() -> None:
    error = NotFoundException("Key 'x' does not exist")
    assert (error.code, error.message, error.status) == ("NotFoundException", "Key 'x' does not exist", 400)
    assert isinstance(error, AwsError)
    assert InvalidAmiIdNotFound("m").code == "InvalidAMIID.NotFound"  # a code that is not a Python name
    assert NotFoundException("m", 404).status == 404  # a raise site may answer with another status


def test_a_run_time_code_finds_its_class() -> None:
    assert type(aws_error("InvalidAMIID.NotFound", "m")) is InvalidAmiIdNotFound
    unknown = aws_error("SomethingNew", "m", 418)
    assert type(unknown) is AwsError and (unknown.code, unknown.status) == ("SomethingNew", 418)


def test_a_code_has_one_class() -> None:
    with pytest.raises(TypeError, match="already has the class"):
        type("NotFoundException", (CodedError,), {})


def test_the_caller_still_sees_the_botocore_shaped_error(cloud: Cloud) -> None:
    kms = cloud.client("kms", account=ACCOUNT)
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = bytearray(kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"])
    blob[-1] ^= 1
    with pytest.raises(ClientError) as exc:
        kms.decrypt(CiphertextBlob=bytes(blob))
    assert exc.value.response["Error"]["Code"] == InvalidCiphertextException.error_code
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_every_service_package_registers_its_service(cloud: Cloud) -> None:
    packages = sorted(p.parent.name for p in SIM.glob("*/client.py"))
    assert len(packages) == 15
    names = [{"lambda_": "lambda"}.get(p, p) for p in packages] + ["sts"]
    for name in names:
        assert service_spec(name).name == name
        assert cloud.client(name, account=ACCOUNT) is not None


def test_aws_facts_import_nothing_from_the_simulator_model_or_rules() -> None:
    code = (
        "import sys, iacsim.aws.kms_specs, iacsim.aws.ssm_limits, iacsim.aws.violation\n"
        "print(sorted(m for m in sys.modules if m.startswith(('iacsim.sim', 'iacsim.model', 'iacsim.rules',"
        " 'iacsim.flows', 'iacsim.policy'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
