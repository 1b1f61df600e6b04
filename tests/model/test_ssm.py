"""SSM parameters: fields, value presence and shape, and that values never leak."""

from __future__ import annotations

import json

import pytest
from model_factory import ACCOUNT, REGION, build, res

from iacsim.model import SsmParameter, ValueShape, world_to_json
from iacsim.model.value_shape import summarize
from iacsim.values import Unknown

SECRET = "s4mple-Db-Passw0rd!xyzQ"


def test_secure_string_fields_and_deterministic_arn():
    world = build(
        res(
            "aws_ssm_parameter",
            'aws_ssm_parameter.secure["db-password"]',
            {
                "name": "/billing/prod/db-password",
                "type": "SecureString",
                "tier": "Standard",
                "key_id": Unknown("known after apply", "module.kms.aws_kms_key.this.arn"),
                "value": SECRET,
                "description": "db",
                "tags": {"app": "billing"},
            },
        ),
    )
    (param,) = world.account(ACCOUNT).region(REGION).parameters
    assert isinstance(param, SsmParameter)
    assert param.name == "/billing/prod/db-password"
    # AWS drops the hierarchy's leading slash in the ARN.
    assert param.arn == f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/billing/prod/db-password"
    assert (param.type, param.tier, param.data_type) == ("SecureString", "Standard", "text")
    assert param.key == Unknown("known after apply", "module.kms.aws_kms_key.this.arn")
    assert param.description == "db" and param.tags == {"app": "billing"}
    assert param.policies is None
    assert param.value.present is True and param.value.known is True
    assert param.value.attribute == "value"
    assert param.value.length_bytes == len(SECRET)


def test_value_never_appears_in_repr_or_json():
    world = build(
        res(
            "aws_ssm_parameter",
            "aws_ssm_parameter.p",
            {"name": "/x", "type": "SecureString", "value": SECRET},
        )
    )
    assert SECRET not in repr(world)
    assert SECRET not in json.dumps(world_to_json(world))
    assert SECRET not in repr(world.by_address("aws_ssm_parameter.p"))


def test_parameter_defaults_and_missing_value():
    world = build(res("aws_ssm_parameter", "aws_ssm_parameter.p", {"name": "plain", "type": "String"}))
    param = world.by_address("aws_ssm_parameter.p")
    assert param.tier == "Standard" and param.key is None
    assert param.value == ValueShape(present=False)
    assert param.arn == f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/plain"


@pytest.mark.parametrize("attribute", ["insecure_value", "value_wo"])
def test_other_value_arguments_are_recorded(attribute):
    world = build(
        res("aws_ssm_parameter", "aws_ssm_parameter.p", {"name": "/p", "type": "String", attribute: "abc"})
    )
    assert world.by_address("aws_ssm_parameter.p").value.attribute == attribute


def test_value_known_only_at_apply_is_present_but_unmeasured():
    world = build(
        res(
            "aws_ssm_parameter",
            "aws_ssm_parameter.p",
            {"name": "/p", "type": "SecureString", "value": Unknown("sensitive variable", "var.pw")},
        )
    )
    shape = world.by_address("aws_ssm_parameter.p").value
    assert (shape.present, shape.known, shape.length_bytes, shape.looks_like_secret) == (
        True,
        False,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("value", "signal"),
    [
        ("AKIAIOSFODNN7EXAMPLE", "aws-access-key-id"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "pem-private-key"),
        ("postgres://app:hunter2pass@db.internal:5432/app", "url-with-password"),
        ("ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "github-token"),
        ("sk_live_s4mpleS4mpleS4mple", "stripe-key"),
        ("q8Z3vT1mK9xW2pL7nR4sB6yD", "high-entropy"),
        ("password=correct-horse", "credential-assignment"),
    ],
)
def test_secret_shaped_values_are_flagged_by_pattern_name(value, signal):
    shape = summarize(value, "value")
    assert shape.looks_like_secret is True
    assert signal in shape.secret_signals
    assert all(value not in s for s in shape.secret_signals)


@pytest.mark.parametrize(
    "value",
    [
        "db.internal.example.com",
        "https://api.example.com/v1",
        "production",
        "arn:aws:sns:us-east-1:111122223333:topic",
        "Welcome to the spring sale!",
    ],
)
def test_ordinary_values_are_not_flagged(value):
    assert summarize(value, "value").looks_like_secret is False


def test_awscc_parameter_reads_tier_and_policies():
    policies = json.dumps(
        [
            {"Type": "Expiration", "Version": "1.0", "Attributes": {"Timestamp": "2027-01-05T00:00:00.000Z"}},
            {
                "Type": "ExpirationNotification",
                "Version": "1.0",
                "Attributes": {"Before": "15", "Unit": "Days"},
            },
        ]
    )
    world = build(
        res(
            "awscc_ssm_parameter",
            "awscc_ssm_parameter.promo_banner",
            {
                "name": "/billing/prod/promo-banner",
                "type": "String",
                "tier": "Advanced",
                "value": "Spring sale",
                "policies": policies,
            },
        )
    )
    param = world.by_address("awscc_ssm_parameter.promo_banner")
    assert param.tier == "Advanced"
    assert param.policies is not None
    assert isinstance(param.policies.document, list)
    assert [p["Type"] for p in param.policies.document] == ["Expiration", "ExpirationNotification"]
    assert param.policies.text_length == len(policies)


def test_malformed_parameter_policies_are_kept_as_unknown_with_diagnostic():
    world = build(
        res(
            "awscc_ssm_parameter",
            "awscc_ssm_parameter.p",
            {"name": "/p", "type": "String", "tier": "Advanced", "policies": "[{"},
        )
    )
    param = world.by_address("awscc_ssm_parameter.p")
    assert isinstance(param.policies.document, Unknown) and param.policies.parse_error
    assert [d.code for d in world.diagnostics] == ["invalid-json"]


def test_find_parameter_by_name_arn_and_address():
    world = build(res("aws_ssm_parameter", "aws_ssm_parameter.p", {"name": "/a/b", "type": "String"}))
    param = world.by_address("aws_ssm_parameter.p")
    assert world.find_parameter("/a/b") is param
    assert world.find_parameter("a/b", account=ACCOUNT, region=REGION) is param
    assert world.find_parameter(f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/a/b") is param
    assert world.find_parameter(Unknown("x", "aws_ssm_parameter.p.arn")) is param
    assert world.find_parameter("/a/b", region="eu-west-1") is None
