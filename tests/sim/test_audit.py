"""The simulated CloudTrail: what each call records, in which accounts, and what it never records."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud
from iacsim.sim.audit import HIDDEN, capture, paused
from tests.sim.conftest import ACCOUNT, OTHER, RoleFactory, allow, doc

SECRET = "correct-horse-battery-staple"


def _key_shared_with_other(cloud: Cloud) -> str:
    kms = cloud.client("kms", region="us-east-1", account=ACCOUNT)
    policy = doc(
        {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "OtherAccountUse", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
         "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"},
    )
    return str(kms.create_key(Policy=policy)["KeyMetadata"]["Arn"])


def test_encrypt_is_recorded_with_key_and_context_but_not_the_plaintext(cloud: Cloud) -> None:
    kms = cloud.client("kms", region="us-east-1", account=ACCOUNT)
    key = kms.create_key()["KeyMetadata"]["Arn"]
    with capture() as got:
        kms.encrypt(KeyId=key, Plaintext=SECRET.encode(), EncryptionContext={"app": "billing"})
    [event] = got
    assert event["eventSource"] == "kms.amazonaws.com"
    assert event["eventName"] == "Encrypt"
    assert event["awsRegion"] == "us-east-1"
    assert event["userIdentity"] == {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root",
                                     "accountId": ACCOUNT}
    assert event["requestParameters"] == {"keyId": key, "plaintext": HIDDEN,
                                          "encryptionContext": {"app": "billing"}}
    assert event["responseElements"] is None  # CloudTrail records null for KMS cryptographic calls
    assert event["recipientAccountId"] == ACCOUNT
    assert "sharedEventID" not in event
    assert event["eventTime"] == "2026-01-01T00:00:00Z"


def test_a_cross_account_decrypt_is_delivered_to_both_accounts_with_one_shared_event_id(
        cloud: Cloud, make_role: RoleFactory) -> None:
    key = _key_shared_with_other(cloud)
    blob = cloud.client("kms", region="us-east-1", account=ACCOUNT).encrypt(
        KeyId=key, Plaintext=SECRET.encode())["CiphertextBlob"]
    reader = make_role("reader", allow("kms:Decrypt", key), account=OTHER)
    with capture() as got:
        cloud.client("kms", region="us-east-1", principal=reader).decrypt(CiphertextBlob=blob, KeyId=key)
    assert sorted(e["recipientAccountId"] for e in got) == [ACCOUNT, OTHER]
    assert len({e["eventID"] for e in got}) == 2
    assert len({e["sharedEventID"] for e in got}) == 1
    assert len({e["requestID"] for e in got}) == 1
    for event in got:
        assert event["eventName"] == "Decrypt"
        assert event["userIdentity"]["type"] == "AssumedRole"
        assert event["userIdentity"]["accountId"] == OTHER
        assert event["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"] == reader
        assert event["requestParameters"]["ciphertextBlob"] == HIDDEN
    # Each account's trail holds its own copy, as CloudTrail delivers it.
    def kms_calls(account: str) -> list[str]:
        return [e["eventName"] for e in cloud.audit.for_account(account) if e["eventSource"] == "kms.amazonaws.com"]

    assert kms_calls(OTHER) == ["Decrypt"]
    assert kms_calls(ACCOUNT) == ["CreateKey", "Encrypt", "Decrypt"]


def test_a_denied_call_is_recorded_with_its_error(cloud: Cloud, make_role: RoleFactory) -> None:
    key = cloud.client("kms", region="us-east-1", account=ACCOUNT).create_key()["KeyMetadata"]["Arn"]
    stranger = make_role("stranger", account=ACCOUNT)
    with capture() as got, pytest.raises(ClientError):
        cloud.client("kms", region="us-east-1", principal=stranger).encrypt(KeyId=key, Plaintext=b"x")
    [event] = got
    assert event["errorCode"] == "AccessDeniedException"
    assert "kms:Encrypt" in event["errorMessage"]
    assert event["responseElements"] is None


def test_a_service_calling_kms_on_the_callers_behalf_is_marked_invoked_by(cloud: Cloud) -> None:
    ssm = cloud.client("ssm", region="us-east-1", account=ACCOUNT)
    with capture() as got:
        ssm.put_parameter(Name="/app/db", Value=SECRET, Type="SecureString")
    names = [(e["eventSource"], e["eventName"]) for e in got]
    assert ("ssm.amazonaws.com", "PutParameter") in names
    kms_events = [e for e in got if e["eventSource"] == "kms.amazonaws.com"]
    assert kms_events and all(e["userIdentity"]["invokedBy"] == "ssm.amazonaws.com" for e in kms_events)
    put = next(e for e in got if e["eventName"] == "PutParameter")
    assert put["requestParameters"]["value"] == HIDDEN
    assert put["requestParameters"]["name"] == "/app/db"


def test_no_record_ever_holds_a_secret_value(cloud: Cloud) -> None:
    ssm = cloud.client("ssm", region="us-east-1", account=ACCOUNT)
    kms = cloud.client("kms", region="us-east-1", account=ACCOUNT)
    key = kms.create_key()["KeyMetadata"]["Arn"]
    ssm.put_parameter(Name="/app/db", Value=SECRET, Type="SecureString", KeyId=key)
    ssm.get_parameter(Name="/app/db", WithDecryption=True)
    data = kms.generate_data_key(KeyId=key, KeySpec="AES_256")
    kms.decrypt(CiphertextBlob=data["CiphertextBlob"])
    text = json.dumps(cloud.audit.events)
    assert SECRET not in text
    assert data["Plaintext"].hex() not in text


def test_paused_records_nothing_and_capture_nests(cloud: Cloud) -> None:
    kms = cloud.client("kms", region="us-east-1", account=ACCOUNT)
    with paused():
        kms.create_key()
    assert cloud.audit.events == []
    outer: list[dict[str, Any]]
    with capture() as outer:
        kms.create_key()
        with capture() as inner:
            kms.create_key()
    assert len(outer) == 2 and len(inner) == 1 and inner[0] is outer[1]
