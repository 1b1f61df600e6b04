"""samples/terraform/imported-key{,-broken} through load_paths → build_world, field by field."""

from __future__ import annotations

import json
import re

import pytest
from sample_pipeline import (
    PAYMENTS_KEY_MATERIAL,
    SAMPLES,
    LoadedSample,
    line_of,
    load_sample,
    provider_json,
    root_statement,
    trust,
)

from iacsim.values import Unknown

ACCOUNT = "111122223333"
PRIMARY = "aws_kms_external_key.payments"
REPLICA = "aws_kms_replica_external_key.payments"
ALIAS = "aws_kms_alias.payments"
ALIAS_REPLICA = "aws_kms_alias.payments_replica"
VALID_TO = "2027-06-30T00:00:00Z"  # from terraform.tfvars

KEY_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        root_statement(ACCOUNT),
        {
            "Sid": "AllowPaymentsServiceUse",
            "Effect": "Allow",
            "Action": ["kms:GenerateDataKey*", "kms:Encrypt", "kms:DescribeKey", "kms:Decrypt"],
            "Resource": "*",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/payments-service"},
        },
    ],
}


@pytest.fixture(scope="module")
def good() -> LoadedSample:
    return load_sample("imported-key")


@pytest.fixture(scope="module")
def broken() -> LoadedSample:
    return load_sample("imported-key-broken")


def test_loads_without_diagnostics(good: LoadedSample) -> None:
    assert good.result.diagnostics == []
    assert good.world.diagnostics == ()


def test_addresses_and_sources(good: LoadedSample) -> None:
    assert good.addresses() == {"aws_iam_role.payments_service", PRIMARY, REPLICA, ALIAS, ALIAS_REPLICA}
    main = SAMPLES / "imported-key" / "main.tf"
    for address, header in [
        (PRIMARY, 'resource "aws_kms_external_key" "payments"'),
        (REPLICA, 'resource "aws_kms_replica_external_key" "payments"'),
        (ALIAS_REPLICA, 'resource "aws_kms_alias" "payments_replica"'),
    ]:
        obj = good.obj(address)
        assert (obj.source.file, obj.source.line) == ("main.tf", line_of(main, header)), address


@pytest.mark.parametrize(("address", "region"), [
    (PRIMARY, "us-east-1"), (ALIAS, "us-east-1"),
    # provider v6 per-resource `region` argument, from a variable default, overrides the provider's.
    (REPLICA, "us-west-2"), (ALIAS_REPLICA, "us-west-2"),
])
def test_placement(good: LoadedSample, address: str, region: str) -> None:
    obj = good.obj(address)
    assert (obj.account, obj.region, obj.account_assumed, obj.region_assumed) == (ACCOUNT, region, False, False)


def test_imported_primary_key_fields(good: LoadedSample) -> None:
    from iacsim.model import ImportedMaterial, KmsKey

    key = good.obj(PRIMARY, KmsKey)
    assert re.fullmatch(r"mrk-[0-9a-f]{32}", key.key_id)
    assert key.arn == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key.key_id}"
    assert key.origin == "EXTERNAL"
    assert (key.spec, key.usage, key.multi_region) == ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", True)
    # Imported material cannot rotate automatically, and the sample does not ask for it.
    assert (key.rotation_enabled, key.rotation_period_days) == (False, None)
    assert key.deletion_window_days == 30
    assert key.description == "Payments card-data key (imported material, multi-Region primary)"
    assert key.imported == ImportedMaterial(material_present=True, valid_to=VALID_TO)
    assert dict(key.tags) == {"Service": "payments", "MaterialSource": "payments-hsm"}
    assert key.policy is not None and key.policy.document == KEY_POLICY
    assert key.policy.text_length == len(provider_json(KEY_POLICY))
    assert good.resource(PRIMARY).attrs["policy"] == provider_json(KEY_POLICY)


def test_imported_replica_key_fields(good: LoadedSample) -> None:
    from iacsim.model import ImportedMaterial, KmsKey

    primary = good.obj(PRIMARY, KmsKey)
    replica = good.obj(REPLICA, KmsKey)
    assert replica.is_replica and good.world.primary_of(replica) is primary
    assert [r.address for r in good.world.replicas_of(primary)] == [REPLICA]
    assert replica.key_id == primary.key_id
    assert replica.arn == f"arn:aws:kms:us-west-2:{ACCOUNT}:key/{primary.key_id}"
    assert (replica.origin, replica.multi_region, replica.deletion_window_days) == ("EXTERNAL", True, 30)
    assert replica.imported == ImportedMaterial(material_present=True, valid_to=VALID_TO)
    assert replica.policy is not None and replica.policy.document == KEY_POLICY


@pytest.mark.parametrize(("alias_address", "key_address", "region"), [
    (ALIAS, PRIMARY, "us-east-1"), (ALIAS_REPLICA, REPLICA, "us-west-2"),
])
def test_alias_per_region(good: LoadedSample, alias_address: str, key_address: str, region: str) -> None:
    alias = good.obj(alias_address)
    assert alias.name == "alias/payments"
    assert alias.arn == f"arn:aws:kms:{region}:{ACCOUNT}:alias/payments"
    assert good.world.find_key(alias.target_key, account=ACCOUNT, region=region) is good.obj(key_address)


def test_service_role(good: LoadedSample) -> None:
    role = good.obj("aws_iam_role.payments_service")
    assert (role.name, role.arn) == ("payments-service", f"arn:aws:iam::{ACCOUNT}:role/payments-service")
    assert role.trust_policy.document == trust({"Service": "ecs-tasks.amazonaws.com"})


def test_key_material_never_reaches_the_model(good: LoadedSample) -> None:
    assert PAYMENTS_KEY_MATERIAL not in repr(good.world)
    from iacsim.model import world_to_json

    assert PAYMENTS_KEY_MATERIAL not in json.dumps(world_to_json(good.world))


def test_material_supplied_only_at_apply_time_is_unknown_not_absent() -> None:
    # Without --var the sensitive variable has no value: present, but not knowable statically.
    bare = load_sample("imported-key", {})
    for address in (PRIMARY, REPLICA):
        imported = bare.obj(address).imported
        assert isinstance(imported.material_present, Unknown), address
        assert imported.valid_to == VALID_TO


# ---------------------------------------------------------------- broken variant

def test_broken_material_expired_before_today(broken: LoadedSample) -> None:
    for address in (PRIMARY, REPLICA):
        imported = broken.obj(address).imported
        assert imported.valid_to == "2026-10-31T00:00:00Z", address
        assert imported.material_present is True


def test_broken_differs_only_in_valid_to(good: LoadedSample, broken: LoadedSample) -> None:
    assert broken.addresses() == good.addresses()
    for address in (PRIMARY, REPLICA):
        g, b = good.obj(address), broken.obj(address)
        assert (b.region, b.origin, b.key_id, b.policy.document) == (g.region, g.origin, g.key_id, g.policy.document)
