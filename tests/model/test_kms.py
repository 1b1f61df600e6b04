"""KMS keys, replicas, imported keys, aliases, grants, separate key policies, and key lookup."""

from __future__ import annotations

import json

from model_factory import ACCOUNT, OTHER_ACCOUNT, REGION, build, key_arn, res

from iacsim.load.resource import Suppression
from iacsim.model import ImportedMaterial, KeyPolicy, KmsAlias, KmsGrant, KmsKey, world_to_json
from iacsim.values import Unknown

MRK = "mrk-0123456789abcdef0123456789abcdef"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "EnableIAMUserPermissions",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ],
}
POLICY_TEXT = json.dumps(POLICY)


def primary_key(**extra: object) -> object:
    attrs = {
        "arn": key_arn(MRK),
        "key_id": MRK,
        "id": MRK,
        "description": "orders",
        "multi_region": True,
        "enable_key_rotation": True,
        "rotation_period_in_days": 365,
        "deletion_window_in_days": 30,
        "policy": POLICY_TEXT,
        "tags": {"team": "orders"},
        **extra,
    }
    return res("aws_kms_key", "aws_kms_key.orders", attrs, line=12)


def test_kms_key_fields_are_read_one_by_one():
    world = build(primary_key())
    (key,) = world.account(ACCOUNT).region(REGION).keys
    assert isinstance(key, KmsKey)
    assert key.address == "aws_kms_key.orders"
    assert key.source.file == "main.tf" and key.source.line == 12
    assert (key.account, key.region, key.partition) == (ACCOUNT, REGION, "aws")
    assert key.arn == key_arn(MRK)
    assert key.key_id == MRK
    assert key.description == "orders"
    assert key.spec == "SYMMETRIC_DEFAULT" and key.usage == "ENCRYPT_DECRYPT"
    assert key.origin == "AWS_KMS"
    assert key.multi_region is True
    assert key.rotation_enabled is True and key.rotation_period_days == 365
    assert key.deletion_window_days == 30
    assert key.enabled is True
    assert key.policy is not None and key.policy.document == POLICY
    assert key.policy.text_length == len(POLICY_TEXT) and key.policy.parse_error is None
    assert key.policy_address is None
    assert key.bypass_policy_lockout_safety_check is False
    assert key.replica_of is None and key.is_replica is False
    assert key.imported is None
    assert key.tags == {"team": "orders"}


def test_key_defaults_follow_the_provider_when_arguments_are_absent():
    world = build(res("aws_kms_key", "aws_kms_key.plain", {"key_id": "k1", "arn": key_arn("k1")}))
    key = world.by_address("aws_kms_key.plain")
    assert isinstance(key, KmsKey)
    # AWS/provider defaults: symmetric, encrypt/decrypt, enabled, rotation off, default policy (None).
    assert (key.spec, key.usage, key.enabled, key.rotation_enabled, key.multi_region) == (
        "SYMMETRIC_DEFAULT",
        "ENCRYPT_DECRYPT",
        True,
        False,
        False,
    )
    assert key.policy is None and key.rotation_period_days is None and key.deletion_window_days is None


def test_rotation_on_without_a_period_gets_the_aws_default_of_365_days():
    world = build(
        res("aws_kms_key", "aws_kms_key.on", {"enable_key_rotation": True}),
        res(
            "aws_kms_key",
            "aws_kms_key.off_with_period",
            {"enable_key_rotation": False, "rotation_period_in_days": 90},
        ),
    )
    assert world.by_address("aws_kms_key.on").rotation_period_days == 365
    # A period written without rotation stays as written (AWS rejects it; a rule needs to see it).
    off = world.by_address("aws_kms_key.off_with_period")
    assert (off.rotation_enabled, off.rotation_period_days) == (False, 90)


def test_asymmetric_and_custom_key_store_keys_keep_spec_usage_and_origin():
    world = build(
        res(
            "aws_kms_key",
            "aws_kms_key.sign",
            {"customer_master_key_spec": "ECC_NIST_P256", "key_usage": "SIGN_VERIFY", "is_enabled": False},
        ),
        res("aws_kms_key", "aws_kms_key.hsm", {"custom_key_store_id": "cks-1"}),
        res("aws_kms_key", "aws_kms_key.xks", {"custom_key_store_id": "cks-2", "xks_key_id": "ext-1"}),
    )
    sign = world.by_address("aws_kms_key.sign")
    assert (sign.spec, sign.usage, sign.enabled) == ("ECC_NIST_P256", "SIGN_VERIFY", False)
    assert world.by_address("aws_kms_key.hsm").origin == "AWS_CLOUDHSM"
    assert world.by_address("aws_kms_key.xks").origin == "EXTERNAL_KEY_STORE"
    assert world.by_address("aws_kms_key.xks").custom_key_store_id == "cks-2"


def test_unknown_arguments_stay_unknown_and_never_crash():
    unknown = Unknown("variable without default", "var.rotate")
    world = build(
        res(
            "aws_kms_key",
            "aws_kms_key.x",
            {"enable_key_rotation": unknown, "arn": Unknown("known after apply")},
        )
    )
    key = world.by_address("aws_kms_key.x")
    assert key.rotation_enabled == unknown
    # An Unknown ARN without a ref gets one naming the key, so references can still be traced.
    assert isinstance(key.arn, Unknown) and key.arn.ref == "aws_kms_key.x.arn"


def test_replica_key_points_at_its_primary_and_shares_the_key_id():
    world = build(
        primary_key(),
        res(
            "aws_kms_replica_key",
            "module.replica_eu.aws_kms_replica_key.this",
            {
                "primary_key_arn": key_arn(MRK),
                "arn": key_arn(MRK, "eu-west-1"),
                "key_id": MRK,
                "deletion_window_in_days": 7,
                "policy": POLICY_TEXT,
                "description": "eu",
            },
            region="eu-west-1",
        ),
    )
    primary = world.by_address("aws_kms_key.orders")
    replica = world.account(ACCOUNT).region("eu-west-1").keys[0]
    assert replica.is_replica and replica.replica_of == key_arn(MRK)
    assert replica.multi_region is True and replica.deletion_window_days == 7
    assert world.primary_of(replica) is primary
    assert world.primary_of(primary) is primary
    assert world.replicas_of(primary) == (replica,)
    # The shared mrk id resolves to the copy in the asked region, else to the primary.
    assert world.find_key(MRK, account=ACCOUNT, region="eu-west-1") is replica
    assert world.find_key(MRK) is primary


def test_external_key_keeps_material_presence_and_expiry_but_never_the_material():
    material = "c2VjcmV0LWtleS1tYXRlcmlhbC1kby1ub3QtcHJpbnQ="
    world = build(
        res(
            "aws_kms_external_key",
            "aws_kms_external_key.payments",
            {
                "key_material_base64": material,
                "valid_to": "2027-06-30T00:00:00Z",
                "multi_region": True,
                "key_id": MRK,
                "arn": key_arn(MRK),
            },
        ),
        res(
            "aws_kms_external_key",
            "aws_kms_external_key.later",
            {"key_material_base64": Unknown("variable without default", "var.material")},
        ),
        res("aws_kms_external_key", "aws_kms_external_key.empty", {}),
    )
    key = world.by_address("aws_kms_external_key.payments")
    assert key.origin == "EXTERNAL"
    assert key.imported == ImportedMaterial(material_present=True, valid_to="2027-06-30T00:00:00Z")
    later = world.by_address("aws_kms_external_key.later").imported
    assert isinstance(later.material_present, Unknown)
    assert world.by_address("aws_kms_external_key.empty").imported == ImportedMaterial(False, None)
    assert material not in repr(world) and material not in json.dumps(world_to_json(world))


def test_replica_external_key_is_an_imported_replica():
    world = build(
        res(
            "aws_kms_replica_external_key",
            "aws_kms_replica_external_key.p",
            {
                "primary_key_arn": key_arn(MRK),
                "key_material_base64": "eA==",
                "valid_to": "2027-01-01T00:00:00Z",
            },
            region="us-west-2",
        )
    )
    key = world.by_address("aws_kms_replica_external_key.p")
    assert key.is_replica and key.origin == "EXTERNAL" and key.imported.material_present is True
    # The primary is not in the scan: nothing to resolve, no crash.
    assert world.primary_of(key) is None


def test_separate_key_policy_is_merged_into_its_key_and_keeps_its_address():
    other = {"Version": "2012-10-17", "Statement": []}
    world = build(
        res("aws_kms_key", "aws_kms_key.db", {"key_id": "k-db", "arn": key_arn("k-db")}),
        res(
            "aws_kms_key_policy",
            "aws_kms_key_policy.db",
            {
                "key_id": Unknown("known after apply", "aws_kms_key.db.id"),
                "policy": json.dumps(other),
                "bypass_policy_lockout_safety_check": True,
            },
            line=40,
        ),
    )
    key = world.by_address("aws_kms_key.db")
    assert key.policy.document == other
    assert key.policy_address == "aws_kms_key_policy.db"
    assert key.bypass_policy_lockout_safety_check is True
    assert world.diagnostics == ()


def test_key_policy_for_a_key_outside_the_scan_stays_unattached():
    world = build(res("aws_kms_key_policy", "aws_kms_key_policy.ext", {"key_id": "not-here", "policy": "{}"}))
    region = world.account(ACCOUNT).region(REGION)
    assert [type(o) for o in region.unattached] == [KeyPolicy]
    (diag,) = world.diagnostics
    assert diag.code == "unresolved-target" and diag.address == "aws_kms_key_policy.ext"
    assert "'not-here'" in diag.message


def test_inline_and_separate_key_policy_both_set_is_reported():
    world = build(
        res("aws_kms_key", "aws_kms_key.db", {"key_id": "k-db", "policy": POLICY_TEXT}),
        res("aws_kms_key_policy", "aws_kms_key_policy.db", {"key_id": "k-db", "policy": "{}"}),
    )
    assert [d.code for d in world.diagnostics] == ["duplicate-setting"]
    assert world.by_address("aws_kms_key.db").policy_address == "aws_kms_key_policy.db"


def test_invalid_policy_json_becomes_unknown_with_a_diagnostic():
    world = build(res("aws_kms_key", "aws_kms_key.bad", {"policy": '{"Version": "2012-10-17",'}))
    key = world.by_address("aws_kms_key.bad")
    assert isinstance(key.policy.document, Unknown)
    assert key.policy.parse_error is not None and key.policy.parse_error.startswith("invalid JSON")
    (diag,) = world.diagnostics
    assert (diag.code, diag.address) == ("invalid-json", "aws_kms_key.bad")


def test_alias_arn_is_deterministic_and_resolves_to_the_key():
    world = build(
        primary_key(),
        res("aws_kms_alias", "aws_kms_alias.orders", {"name": "alias/orders", "target_key_id": MRK}),
    )
    alias = world.account(ACCOUNT).region(REGION).aliases[0]
    assert isinstance(alias, KmsAlias)
    assert alias.name == "alias/orders" and alias.name_is_prefix is False
    assert alias.arn == f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/orders"
    key = world.by_address("aws_kms_key.orders")
    assert world.find_key("alias/orders", account=ACCOUNT, region=REGION) is key
    assert world.find_key(alias.arn) is key
    assert world.aliases_of(key) == (alias,)
    # The same alias name in another region is another alias: not found there.
    assert world.find_key("alias/orders", account=ACCOUNT, region="eu-west-1") is None


def test_alias_with_name_prefix_is_marked():
    world = build(
        res("aws_kms_alias", "aws_kms_alias.p", {"name_prefix": "alias/app-", "target_key_id": "k"})
    )
    alias = world.by_address("aws_kms_alias.p")
    assert alias.name == "alias/app-" and alias.name_is_prefix is True
    assert isinstance(alias.arn, Unknown)


def test_find_key_accepts_arn_id_address_and_unknown_refs():
    world = build(primary_key())
    key = world.by_address("aws_kms_key.orders")
    assert world.find_key(key_arn(MRK)) is key
    assert world.find_key(MRK, account=ACCOUNT, region=REGION) is key
    assert world.find_key("aws_kms_key.orders") is key
    assert world.find_key(Unknown("known after apply", "aws_kms_key.orders.arn")) is key
    assert world.find_key(Unknown("remote module output")) is None
    assert world.find_key(key_arn(MRK, account=OTHER_ACCOUNT)) is None
    assert world.find_key(None) is None
    assert world.find_key("arn:aws:s3:::bucket") is None


def test_grant_fields():
    world = build(
        primary_key(),
        res(
            "aws_kms_grant",
            "aws_kms_grant.app",
            {
                "name": "app",
                "key_id": MRK,
                "grantee_principal": f"arn:aws:iam::{ACCOUNT}:role/app",
                "operations": ["Encrypt", "Decrypt"],
                "retiring_principal": None,
                "constraints": [{"encryption_context_equals": {"app": "orders"}}],
            },
        ),
    )
    grant = world.account(ACCOUNT).region(REGION).grants[0]
    assert isinstance(grant, KmsGrant)
    assert grant.name == "app" and grant.grantee_principal == f"arn:aws:iam::{ACCOUNT}:role/app"
    assert grant.operations == ("Encrypt", "Decrypt")
    assert grant.constraints[0].encryption_context_equals == {"app": "orders"}
    assert grant.constraints[0].encryption_context_subset is None
    assert world.grants_of(world.by_address("aws_kms_key.orders")) == (grant,)


def test_suppressions_are_kept_on_the_model_object():
    sup = Suppression(rule_id="KMS001", reason="rotation handled elsewhere", line=11)
    world = build(res("aws_kms_key", "aws_kms_key.s", {}, suppressions=(sup,)))
    assert world.by_address("aws_kms_key.s").suppressions == (sup,)


def test_alias_in_a_module_resolves_to_the_key_of_its_module_when_ids_collide():
    # A replica wrongly created in its primary's region shares id and ARN with the primary (AWS refuses
    # it at apply time); the module's own alias still means the module's own replica.
    world = build(
        primary_key(),
        res(
            "aws_kms_replica_key",
            "module.replica_ap.aws_kms_replica_key.this",
            {"primary_key_arn": key_arn(MRK), "arn": key_arn(MRK), "key_id": MRK},
        ),
        res(
            "aws_kms_alias",
            'module.replica_ap.aws_kms_alias.this["alias/orders"]',
            {"name": "alias/orders", "target_key_id": MRK},
        ),
        res("aws_kms_alias", "aws_kms_alias.orders", {"name": "alias/orders", "target_key_id": MRK}),
    )
    primary = world.by_address("aws_kms_key.orders")
    replica = world.by_address("module.replica_ap.aws_kms_replica_key.this")
    assert [a.address for a in world.aliases_of(replica)] == [
        'module.replica_ap.aws_kms_alias.this["alias/orders"]'
    ]
    assert [a.address for a in world.aliases_of(primary)] == ["aws_kms_alias.orders"]
    assert world.primary_of(replica) is primary
    assert world.replicas_of(primary) == (replica,)


def test_key_policy_read_back_into_the_key_by_a_plan_is_not_a_duplicate():
    world = build(
        res("aws_kms_key", "aws_kms_key.db", {"key_id": "k-db", "policy": POLICY_TEXT}),
        res("aws_kms_key_policy", "aws_kms_key_policy.db", {"key_id": "k-db", "policy": POLICY_TEXT}),
    )
    assert world.diagnostics == ()
    assert world.by_address("aws_kms_key.db").policy_address == "aws_kms_key_policy.db"
