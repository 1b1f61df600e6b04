"""Multi-region keys beyond the issue's bullets: shared vs independent properties, primary change, deletion."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud

from .conftest import ACCOUNT, START, code


def test_replica_shares_id_and_material_but_has_its_own_state_and_policy(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key(MultiRegion=True, Description="primary")["KeyMetadata"]
    result = kms.replicate_key(KeyId=key["Arn"], ReplicaRegion="eu-west-1", Description="replica")
    replica = result["ReplicaKeyMetadata"]
    assert replica["KeyId"] == key["KeyId"] and replica["Arn"].split(":")[3] == "eu-west-1"
    assert replica["Description"] == "replica" and replica["KeyState"] == "Enabled"
    assert replica["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA"
    assert replica["MultiRegionConfiguration"]["PrimaryKey"] == {"Arn": key["Arn"], "Region": "us-east-1"}
    primary = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]
    assert primary["ReplicaKeys"] == [{"Arn": replica["Arn"], "Region": "eu-west-1"}]
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    west.disable_key(KeyId=key["KeyId"])
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_update_primary_region_swaps_primary_and_replica(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key(MultiRegion=True)["KeyMetadata"]
    kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")
    with pytest.raises(ClientError) as exc:
        kms.update_primary_region(KeyId=key["KeyId"], PrimaryRegion="ap-south-1")
    assert code(exc) == "NotFoundException"
    kms.update_primary_region(KeyId=key["KeyId"], PrimaryRegion="eu-west-1")
    config = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]
    assert config["MultiRegionKeyType"] == "REPLICA" and config["PrimaryKey"]["Region"] == "eu-west-1"
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    assert west.replicate_key(KeyId=key["KeyId"], ReplicaRegion="ap-south-1")["ReplicaKeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="sa-east-1")
    assert code(exc) == "UnsupportedOperationException"


def test_primary_with_replicas_waits_in_pending_replica_deletion(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key(MultiRegion=True)["KeyMetadata"]
    kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")
    result = kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    assert result["KeyState"] == "PendingReplicaDeletion"
    with pytest.raises(ClientError) as exc:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert code(exc) == "KMSInvalidStateException"
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    west.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=10)
    cloud.clock.advance(days=10)
    with pytest.raises(ClientError):
        west.describe_key(KeyId=key["KeyId"])
    meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "PendingDeletion"
    assert meta["DeletionDate"] == START + timedelta(days=17)


def test_replica_of_an_unknown_region_is_a_validation_error(kms: Any) -> None:
    key = kms.create_key(MultiRegion=True)["KeyMetadata"]
    with pytest.raises(ClientError) as exc:
        kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="mars-1")
    assert code(exc) == "ValidationException"


def test_primary_deletion_starts_once_untouched_replicas_are_gone(cloud: Cloud, kms: Any) -> None:
    key = kms.create_key(MultiRegion=True)["KeyMetadata"]
    kms.replicate_key(KeyId=key["KeyId"], ReplicaRegion="eu-west-1")
    west = cloud.client("kms", region="eu-west-1", account=ACCOUNT)
    west.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    cloud.clock.advance(days=8)
    # Only the primary is looked at: the replica's deletion date has passed all the same.
    meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "PendingDeletion"
    assert meta["DeletionDate"] == START + timedelta(days=14)
