"""samples/terraform/multi-region-key{,-broken} through load_paths → build_world, field by field."""

from __future__ import annotations

import re

import pytest
from sample_pipeline import SAMPLES, LoadedSample, line_of, load_sample, provider_json, root_statement, trust

ACCOUNT = "111122223333"
PRIMARY = "aws_kms_key.orders"
REPLICA_EU = "module.replica_eu.aws_kms_replica_key.this"
REPLICA_AP = "module.replica_ap.aws_kms_replica_key.this"
ALIAS = "aws_kms_alias.orders"
ALIAS_EU = 'module.replica_eu.aws_kms_alias.this["alias/orders"]'
ALIAS_AP = 'module.replica_ap.aws_kms_alias.this["alias/orders"]'

# Provider output order: statement fields Sid, Effect, Action, Resource, Principal; several
# actions become a reverse-sorted list.
KEY_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        root_statement(ACCOUNT),
        {
            "Sid": "AllowOrdersAppUse",
            "Effect": "Allow",
            "Action": ["kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Encrypt", "kms:DescribeKey", "kms:Decrypt"],
            "Resource": "*",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/orders-app"},
        },
    ],
}


@pytest.fixture(scope="module")
def good() -> LoadedSample:
    return load_sample("multi-region-key")


@pytest.fixture(scope="module")
def broken() -> LoadedSample:
    return load_sample("multi-region-key-broken")


def test_loads_without_diagnostics(good: LoadedSample) -> None:
    assert good.result.diagnostics == []
    assert good.world.diagnostics == ()


def test_addresses(good: LoadedSample) -> None:
    assert good.addresses() == {
        "aws_iam_role.orders_app", PRIMARY, ALIAS, REPLICA_EU, ALIAS_EU, REPLICA_AP, ALIAS_AP,
    }
    assert good.addresses("data") >= {
        "data.aws_caller_identity.current",
        "data.aws_partition.current",
        "data.aws_iam_policy_document.orders_key",
        "data.aws_iam_policy_document.orders_app_trust",
    }


def test_source_locations(good: LoadedSample) -> None:
    root = SAMPLES / "multi-region-key"
    key = good.obj(PRIMARY)
    assert (key.source.file, key.source.line) == ("main.tf", line_of(root / "main.tf", 'resource "aws_kms_key" "orders"'))
    replica = good.obj(REPLICA_EU)
    module_main = root / "modules" / "kms-replica" / "main.tf"
    assert (replica.source.file, replica.source.line) == (
        "modules/kms-replica/main.tf", line_of(module_main, 'resource "aws_kms_replica_key" "this"'))


@pytest.mark.parametrize(("address", "region"), [
    (PRIMARY, "us-east-1"), (ALIAS, "us-east-1"),
    (REPLICA_EU, "eu-west-1"), (ALIAS_EU, "eu-west-1"),
    (REPLICA_AP, "ap-southeast-2"), (ALIAS_AP, "ap-southeast-2"),
])
def test_placement_comes_from_the_providers(good: LoadedSample, address: str, region: str) -> None:
    obj = good.obj(address)
    assert (obj.account, obj.region, obj.account_assumed, obj.region_assumed) == (ACCOUNT, region, False, False)
    placement = good.resource(address).placement
    assert (placement.account, placement.region) == (ACCOUNT, region)


def test_primary_key_fields(good: LoadedSample) -> None:
    from iacsim.model import KmsKey

    key = good.obj(PRIMARY, KmsKey)
    assert re.fullmatch(r"mrk-[0-9a-f]{32}", key.key_id)
    assert key.arn == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key.key_id}"
    assert key.description == "Orders data key (multi-Region primary)"
    assert (key.spec, key.usage, key.origin) == ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "AWS_KMS")
    assert key.multi_region is True
    assert (key.rotation_enabled, key.rotation_period_days, key.deletion_window_days) == (True, 365, 30)
    assert key.enabled is True
    assert key.replica_of is None and not key.is_replica
    assert key.imported is None
    assert dict(key.tags) == {"Service": "orders"}


def test_key_policy_is_the_resolved_policy_document(good: LoadedSample) -> None:
    for address in (PRIMARY, REPLICA_EU, REPLICA_AP):
        policy = good.obj(address).policy
        assert policy is not None, address
        assert policy.document == KEY_POLICY, address
        assert policy.parse_error is None
        # Same text the provider would send: the length AWS's 32 KB limit applies to.
        assert policy.text_length == len(provider_json(KEY_POLICY)), address
        # Byte for byte what the provider sends to KMS (data.aws_iam_policy_document.orders_key.json).
        assert good.resource(address).attrs["policy"] == provider_json(KEY_POLICY), address


@pytest.mark.parametrize(("address", "region", "description"), [
    (REPLICA_EU, "eu-west-1", "Orders data key (replica, eu-west-1)"),
    (REPLICA_AP, "ap-southeast-2", "Orders data key (replica, ap-southeast-2)"),
])
def test_replicas_share_the_primary_key_id_and_link_to_it(good: LoadedSample, address: str, region: str, description: str) -> None:
    from iacsim.model import KmsKey

    primary = good.obj(PRIMARY, KmsKey)
    replica = good.obj(address, KmsKey)
    assert replica.is_replica
    assert replica.replica_of == primary.arn  # primary_key_arn = aws_kms_key.orders.arn
    assert good.world.find_key(replica.replica_of) is primary
    assert good.world.primary_of(replica) is primary
    assert replica.key_id == primary.key_id
    assert replica.arn == f"arn:aws:kms:{region}:{ACCOUNT}:key/{primary.key_id}"
    assert replica.description == description
    assert replica.deletion_window_days == 30
    assert replica.multi_region is True


def test_primary_lists_exactly_its_two_replicas(good: LoadedSample) -> None:
    primary = good.obj(PRIMARY)
    assert {r.address for r in good.world.replicas_of(primary)} == {REPLICA_EU, REPLICA_AP}


@pytest.mark.parametrize(("alias_address", "key_address", "region"), [
    (ALIAS, PRIMARY, "us-east-1"),
    (ALIAS_EU, REPLICA_EU, "eu-west-1"),
    (ALIAS_AP, REPLICA_AP, "ap-southeast-2"),
])
def test_one_alias_per_region_pointing_at_that_regions_key(good: LoadedSample, alias_address: str, key_address: str,
                                                           region: str) -> None:
    from iacsim.model import KmsAlias

    alias = good.obj(alias_address, KmsAlias)
    assert alias.name == "alias/orders" and not alias.name_is_prefix
    assert alias.arn == f"arn:aws:kms:{region}:{ACCOUNT}:alias/orders"
    key = good.world.find_key(alias.target_key, account=ACCOUNT, region=region)
    assert key is good.obj(key_address)
    assert good.world.find_alias("alias/orders", account=ACCOUNT, region=region) is alias
    assert [a.address for a in good.world.aliases_of(key)] == [alias_address]


def test_world_indexes_each_region(good: LoadedSample) -> None:
    account = good.world.account(ACCOUNT)
    assert [k.address for k in account.region("us-east-1").keys] == [PRIMARY]
    assert [k.address for k in account.region("eu-west-1").keys] == [REPLICA_EU]
    assert [k.address for k in account.region("ap-southeast-2").keys] == [REPLICA_AP]


def test_app_role(good: LoadedSample) -> None:
    from iacsim.model import IamRole

    role = good.obj("aws_iam_role.orders_app", IamRole)
    assert good.world.find_role("orders-app", account=ACCOUNT) is role
    assert (role.name, role.arn, role.path) == ("orders-app", f"arn:aws:iam::{ACCOUNT}:role/orders-app", "/")
    assert (role.account, role.region) == (ACCOUNT, "global")
    assert role.trust_policy is not None
    assert role.trust_policy.document == trust({"Service": "lambda.amazonaws.com"})
    assert role.inline_policies == () and role.attached_policies == ()


# ---------------------------------------------------------------- broken variant

def test_broken_replica_lands_in_the_primarys_region(broken: LoadedSample) -> None:
    primary = broken.obj(PRIMARY)
    replica = broken.obj(REPLICA_AP)
    assert (primary.account, primary.region) == (ACCOUNT, "us-east-1")
    # The whole defect: no providers mapping, so the default (us-east-1) provider is inherited.
    assert (replica.account, replica.region) == (ACCOUNT, "us-east-1")
    assert broken.resource(REPLICA_AP).placement.provider in (None, "aws")
    assert broken.world.primary_of(replica) is primary
    assert {r.region for r in broken.world.replicas_of(primary)} == {"eu-west-1", "us-east-1"}


def test_broken_declares_alias_orders_twice_in_us_east_1(broken: LoadedSample) -> None:
    from iacsim.model import KmsAlias

    in_region = [a for a in broken.world.account(ACCOUNT).region("us-east-1").aliases
                 if isinstance(a, KmsAlias) and a.name == "alias/orders"]
    assert sorted(a.address for a in in_region) == sorted([ALIAS, ALIAS_AP])
    assert broken.world.account(ACCOUNT).region("ap-southeast-2").keys == ()


def test_broken_differs_from_correct_only_in_that_placement(good: LoadedSample, broken: LoadedSample) -> None:
    assert broken.addresses() == good.addresses()
    for address in good.addresses():
        g, b = good.obj(address), broken.obj(address)
        if address in (REPLICA_AP, ALIAS_AP):
            continue
        assert (b.account, b.region) == (g.account, g.region), address
    assert broken.obj(REPLICA_AP).policy.document == KEY_POLICY
