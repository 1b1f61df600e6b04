"""``alias/aws/<service>`` named before the AWS managed key exists: KMS creates the key on first use.

DescribeKey, KeyId: "If you specify a predefined AWS alias (an AWS alias with no key ID), KMS associates the
alias with an AWS managed key" — naming the alias before anything used it is not an error.
"""

from __future__ import annotations

from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud, Principal

from .conftest import ACCOUNT, OTHER, RoleFactory, allow, code


def test_describe_key_on_a_predefined_aws_alias_creates_the_aws_managed_key(cloud: Cloud) -> None:
    kms = cloud.client("kms", account=ACCOUNT)
    meta = kms.describe_key(KeyId="alias/aws/sns")["KeyMetadata"]
    assert meta["KeyManager"] == "AWS"
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
    assert aliases["alias/aws/sns"] == meta["KeyId"]


def test_a_service_call_naming_the_alias_before_first_use_works(cloud: Cloud, make_role: RoleFactory) -> None:
    app = make_role("app", allow("kms:*"))
    via = cloud.via("ssm", "kms", "us-east-1", Principal.parse(app))
    blob = via.encrypt(KeyId="alias/aws/ssm", Plaintext=b"x")["CiphertextBlob"]
    assert via.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


@pytest.mark.parametrize("key_id", ["alias/aws/not-a-service", "alias/mine"])
def test_other_missing_aliases_are_still_not_found(kms: Any, key_id: str) -> None:
    with pytest.raises(ClientError) as exc:
        kms.describe_key(KeyId=key_id)
    assert code(exc) == "NotFoundException"


def test_another_accounts_aws_managed_alias_is_not_created(cloud: Cloud) -> None:
    kms = cloud.client("kms", account=ACCOUNT)
    with pytest.raises(ClientError) as exc:
        kms.describe_key(KeyId=f"arn:aws:kms:us-east-1:{OTHER}:alias/aws/ssm")
    assert code(exc) == "NotFoundException"
