"""seed_key: CreateKey with a known key id, for building a cloud from a model."""

from __future__ import annotations

from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud
from iacsim.sim.kms.seed import seed_key, seed_key_material

from .conftest import ACCOUNT, code

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
MRK_ID = "mrk-1234abcd12ab34cd56ef1234567890ab"


def test_seeded_key_has_the_requested_id_and_behaves_like_any_key(cloud: Cloud, kms: Any) -> None:
    meta = seed_key(cloud, ACCOUNT, "us-east-1", KEY_ID, Description="from model")
    assert meta["KeyId"] == KEY_ID and meta["Arn"] == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}"
    blob = kms.encrypt(KeyId=meta["Arn"], Plaintext=b"x")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"
    assert kms.create_key()["KeyMetadata"]["KeyId"] != KEY_ID  # the forced id is used once


def test_seeded_multi_region_key_needs_an_mrk_id(cloud: Cloud) -> None:
    meta = seed_key(cloud, ACCOUNT, "us-east-1", MRK_ID, MultiRegion=True)
    assert meta["MultiRegion"] is True
    with pytest.raises(ValueError, match="mrk-"):
        seed_key(cloud, ACCOUNT, "us-east-1", KEY_ID, MultiRegion=True)
    with pytest.raises(ValueError, match="already exists"):
        seed_key(cloud, ACCOUNT, "us-east-1", MRK_ID, MultiRegion=True)
    with pytest.raises(ValueError, match="not a KMS key id"):
        seed_key(cloud, ACCOUNT, "us-east-1", "my-key")


def test_seed_key_is_authorized_and_validated_like_create_key(cloud: Cloud) -> None:
    cloud.client("iam", account=ACCOUNT).create_user(UserName="nobody")
    with pytest.raises(ClientError) as exc:
        seed_key(cloud, ACCOUNT, "us-east-1", KEY_ID, principal=f"arn:aws:iam::{ACCOUNT}:user/nobody")
    assert code(exc) == "AccessDeniedException"
    with pytest.raises(ClientError) as exc:
        seed_key(cloud, ACCOUNT, "us-east-1", KEY_ID, KeySpec="HMAC_256")
    assert code(exc) == "ValidationException"
    # A failed call leaves no forced id behind.
    assert cloud.backends("kms")[ACCOUNT]["us-east-1"].forced_key_id is None


def test_seed_key_material_imports_known_material(cloud: Cloud, kms: Any) -> None:
    import hashlib
    import hmac
    from datetime import timedelta

    mac_key = seed_key(cloud, ACCOUNT, "us-east-1", KEY_ID, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC",
                       Origin="EXTERNAL")
    secret = bytes(range(32))
    seed_key_material(cloud, ACCOUNT, "us-east-1", KEY_ID, secret, valid_to=cloud.clock.now() + timedelta(days=30))
    mac = kms.generate_mac(KeyId=mac_key["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert mac == hmac.new(secret, b"m", hashlib.sha256).digest()
    assert kms.describe_key(KeyId=KEY_ID)["KeyMetadata"]["ExpirationModel"] == "KEY_MATERIAL_EXPIRES"
