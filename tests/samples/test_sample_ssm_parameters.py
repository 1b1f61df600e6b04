"""samples/terraform/ssm-parameters{,-broken} through load_paths → build_world, field by field."""

from __future__ import annotations

import json
import re

import pytest
from sample_pipeline import (
    SAMPLES,
    SECURE_VALUES,
    LoadedSample,
    line_of,
    load_sample,
    provider_json,
    root_statement,
    trust,
)

ACCOUNT = "111122223333"
REGION = "us-east-1"
KEY = "module.kms.aws_kms_key.this"
KEY_ALIAS = "module.kms.aws_kms_alias.this[0]"
DB_PASSWORD = 'aws_ssm_parameter.secure["db-password"]'
API_KEY = 'aws_ssm_parameter.secure["payment-api-key"]'
DB_HOST = "aws_ssm_parameter.db_host"
BANNER = "awscc_ssm_parameter.promo_banner"
ROLE = "aws_iam_role.billing_app"
ROLE_POLICY = "aws_iam_role_policy.billing_app_read_config"
DB_HOST_VALUE = "billing-prod.cluster-c1xaq2bzjk7d.us-east-1.rds.amazonaws.com"

KEY_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        root_statement(ACCOUNT),
        {
            # From the module's dynamic "statement" (key users given) with its dynamic "condition".
            "Sid": "AllowKeyUsers",
            "Effect": "Allow",
            "Action": ["kms:DescribeKey", "kms:Decrypt"],
            "Resource": "*",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/billing-app"},
            "Condition": {"StringEquals": {"kms:ViaService": "ssm.us-east-1.amazonaws.com"}},
        },
    ],
}

# jsonencode() output: keys sorted, no whitespace.
BANNER_POLICIES = [
    {"Attributes": {"Timestamp": "2027-01-05T00:00:00.000Z"}, "Type": "Expiration", "Version": "1.0"},
    {"Attributes": {"Before": "15", "Unit": "Days"}, "Type": "ExpirationNotification", "Version": "1.0"},
]


def _read_config_policy(key_arn: str) -> dict[str, object]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadBillingParameters",
                "Effect": "Allow",
                "Action": ["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter"],
                "Resource": f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/billing/prod/*",
            },
            {
                "Sid": "DecryptBillingParameters",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": key_arn,
                "Condition": {"StringEquals": {"kms:ViaService": "ssm.us-east-1.amazonaws.com"}},
            },
        ],
    }


@pytest.fixture(scope="module")
def good() -> LoadedSample:
    return load_sample("ssm-parameters")


@pytest.fixture(scope="module")
def broken() -> LoadedSample:
    return load_sample("ssm-parameters-broken")


def test_loads_without_diagnostics(good: LoadedSample) -> None:
    assert good.result.diagnostics == []
    assert good.world.diagnostics == ()


def test_addresses_from_module_count_and_for_each(good: LoadedSample) -> None:
    assert good.addresses() == {KEY, KEY_ALIAS, DB_PASSWORD, API_KEY, DB_HOST, BANNER, ROLE, ROLE_POLICY}


def test_sources(good: LoadedSample) -> None:
    root = SAMPLES / "ssm-parameters"
    key = good.obj(KEY)
    assert (key.source.file, key.source.line) == (
        "modules/kms/main.tf", line_of(root / "modules" / "kms" / "main.tf", 'resource "aws_kms_key" "this"'))
    for address in (DB_PASSWORD, API_KEY):
        param = good.obj(address)
        assert (param.source.file, param.source.line) == (
            "main.tf", line_of(root / "main.tf", 'resource "aws_ssm_parameter" "secure"'))


def test_everything_lives_in_one_account_and_region(good: LoadedSample) -> None:
    for address in (KEY, KEY_ALIAS, DB_PASSWORD, API_KEY, DB_HOST, BANNER):
        obj = good.obj(address)
        assert (obj.account, obj.region, obj.account_assumed, obj.region_assumed) == (ACCOUNT, REGION, False, False), \
            address


def test_module_key_and_alias(good: LoadedSample) -> None:
    from iacsim.model import KmsKey

    key = good.obj(KEY, KmsKey)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", key.key_id)
    assert key.arn == f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key.key_id}"
    assert key.description == "Encrypts /billing/prod/* SecureString parameters"
    assert (key.spec, key.origin, key.multi_region) == ("SYMMETRIC_DEFAULT", "AWS_KMS", False)
    assert (key.rotation_enabled, key.deletion_window_days) == (True, 30)
    assert key.policy.document == KEY_POLICY
    assert key.policy.text_length == len(provider_json(KEY_POLICY))
    assert good.resource(KEY).attrs["policy"] == provider_json(KEY_POLICY)
    alias = good.obj(KEY_ALIAS)
    assert alias.name == "alias/billing-prod-parameters"
    assert good.world.find_key(alias.target_key, account=ACCOUNT, region=REGION) is key


@pytest.mark.parametrize(("address", "name", "tier"), [
    (DB_PASSWORD, "/billing/prod/db-password", "Standard"),
    (API_KEY, "/billing/prod/payment-api-key", "Advanced"),
])
def test_secure_strings_use_the_module_key(good: LoadedSample, address: str, name: str, tier: str) -> None:
    from iacsim.model import SsmParameter

    param = good.obj(address, SsmParameter)
    assert (param.name, param.type, param.tier, param.data_type) == (name, "SecureString", tier, "text")
    assert param.arn == f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{name}"
    assert param.key == good.obj(KEY).arn  # key_id = module.kms.key_arn (module output)
    assert good.world.find_key(param.key, account=ACCOUNT, region=REGION) is good.obj(KEY)
    assert good.world.find_parameter(name, account=ACCOUNT, region=REGION) is param
    assert param.policies is None
    assert dict(param.tags) == {"App": "billing"}
    secret = SECURE_VALUES[name.rsplit("/", 1)[1]]
    assert (param.value.present, param.value.known, param.value.attribute, param.value.length_bytes) == (
        True, True, "value", len(secret))


def test_plain_string(good: LoadedSample) -> None:
    param = good.obj(DB_HOST)
    assert (param.name, param.type, param.tier, param.key, param.policies) == (
        "/billing/prod/db-host", "String", "Standard", None, None)
    assert (param.value.present, param.value.known, param.value.length_bytes) == (True, True, len(DB_HOST_VALUE))
    assert param.value.looks_like_secret is False  # an endpoint, not a credential


def test_advanced_parameter_with_expiration_policy(good: LoadedSample) -> None:
    param = good.obj(BANNER)
    assert (param.name, param.type, param.tier) == ("/billing/prod/promo-banner", "String", "Advanced")
    assert param.arn == f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/billing/prod/promo-banner"
    assert param.policies is not None
    assert param.policies.document == BANNER_POLICIES
    assert param.policies.text_length == len(json.dumps(BANNER_POLICIES, separators=(",", ":")))
    assert (param.value.present, param.value.known) == (True, True)


def test_app_role_and_its_inline_policy(good: LoadedSample) -> None:
    from iacsim.model import IamRole

    role = good.obj(ROLE, IamRole)
    assert (role.name, role.arn) == ("billing-app", f"arn:aws:iam::{ACCOUNT}:role/billing-app")
    assert role.trust_policy.document == trust({"Service": "ecs-tasks.amazonaws.com"})
    assert [(p.address, p.name, p.principal_kind) for p in role.inline_policies] == [
        (ROLE_POLICY, "read-config", "role")]
    assert role.inline_policies[0].policy.document == _read_config_policy(good.obj(KEY).arn)
    assert role.attached_policies == ()


def test_secret_values_never_reach_the_model(good: LoadedSample) -> None:
    from iacsim.model import world_to_json

    dumped = repr(good.world) + json.dumps(world_to_json(good.world))
    for secret in SECURE_VALUES.values():
        assert secret not in dumped
    assert DB_HOST_VALUE not in dumped  # not secret, but values are never kept at all


def test_values_supplied_only_at_apply_time_are_present_but_not_known() -> None:
    # Without the var file the sensitive map has no value: the code still sets `value`,
    # but nothing about it can be measured.
    bare = load_sample("ssm-parameters", secrets=False)
    for address in (DB_PASSWORD, API_KEY):
        shape = bare.obj(address).value
        assert (shape.present, shape.known, shape.attribute, shape.length_bytes) == (True, False, "value", None), \
            address
    assert (bare.obj(DB_HOST).value.present, bare.obj(DB_HOST).value.known) == (True, True)


# ---------------------------------------------------------------- broken variant

def test_broken_expiration_policy_on_a_standard_parameter(broken: LoadedSample) -> None:
    param = broken.obj(BANNER)
    assert param.tier == "Standard"
    assert param.policies is not None and param.policies.document == BANNER_POLICIES


def test_broken_differs_only_in_that_tier(good: LoadedSample, broken: LoadedSample) -> None:
    assert broken.addresses() == good.addresses()
    for address in (DB_PASSWORD, API_KEY, DB_HOST):
        g, b = good.obj(address), broken.obj(address)
        assert (b.name, b.type, b.tier) == (g.name, g.type, g.tier)
