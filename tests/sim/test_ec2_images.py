"""Simulated EC2 images: encrypted snapshots and AMIs, sharing, copying, launching in another account."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud
from iacsim.sim.ec2.client import set_account_organization

A = "111111111111"
B = "222222222222"
REGION = "us-east-1"
ORG = "arn:aws:organizations::999999999999:organization/o-abcdefghij"
OU = "arn:aws:organizations::999999999999:ou/o-abcdefghij/ou-ab12-prod0001"
EBS_SHARE_ACTIONS = [
    "kms:DescribeKey",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKeyWithoutPlaintext",
]


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _root(account: str) -> dict[str, Any]:
    return {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


def _share_with(account: str, **condition: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": EBS_SHARE_ACTIONS,
        "Resource": "*",
    }
    if condition:
        statement["Condition"] = condition
    return statement


def _code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = excinfo.value.response["Error"]["Code"]
    return code


@pytest.fixture
def cloud() -> Cloud:
    return Cloud()


def _key(cloud: Cloud, *statements: dict[str, Any], account: str = A, region: str = REGION) -> str:
    kms = cloud.client("kms", region=region, account=account)
    arn: str = kms.create_key(Policy=_doc(_root(account), *statements))["KeyMetadata"]["Arn"]
    return arn


def _aws_ebs(cloud: Cloud, account: str) -> str:
    """The key ARN behind alias/aws/ebs of ``account``."""
    aliases = cloud.client("kms", region=REGION, account=account).list_aliases()["Aliases"]
    target = next(a["TargetKeyId"] for a in aliases if a["AliasName"] == "alias/aws/ebs")
    return f"arn:aws:kms:{REGION}:{account}:key/{target}"


def _image(cloud: Cloud, key: str | None, account: str = A) -> str:
    ec2 = cloud.client("ec2", region=REGION, account=account)
    volume = ec2.create_volume(
        AvailabilityZone=f"{REGION}a", Size=8, Encrypted=key is not None, **({"KmsKeyId": key} if key else {})
    )
    snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"])
    image_id: str = ec2.register_image(
        Name="golden",
        RootDeviceName="/dev/xvda",
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snapshot["SnapshotId"]}}],
    )["ImageId"]
    return image_id


def _launch(
    cloud: Cloud, image: str, account: str = B, principal: str | None = None, **kwargs: Any
) -> tuple[dict[str, Any], Any]:
    ec2 = cloud.client("ec2", region=REGION, account=None if principal else account, principal=principal)
    instance_id = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, **kwargs)["Instances"][0][
        "InstanceId"
    ]
    described = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    return described, ec2.launch_steps(InstanceId=instance_id)


def test_encrypted_volume_and_its_snapshot_use_the_given_key(cloud: Cloud) -> None:
    key = _key(cloud)
    ec2 = cloud.client("ec2", account=A)
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True, KmsKeyId=key)
    assert (volume["Encrypted"], volume["KmsKeyId"]) == (True, key)
    snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"])
    assert (snapshot["Encrypted"], snapshot["KmsKeyId"]) == (True, key)


def test_kms_key_id_without_encrypted_is_refused(cloud: Cloud) -> None:
    key = _key(cloud)
    with pytest.raises(ClientError) as excinfo:
        cloud.client("ec2", account=A).create_volume(AvailabilityZone="us-east-1a", Size=8, KmsKeyId=key)
    assert _code(excinfo) == "InvalidParameterDependency"


def test_encryption_by_default_uses_aws_ebs_then_the_configured_default_key(cloud: Cloud) -> None:
    ec2 = cloud.client("ec2", account=A)
    assert ec2.enable_ebs_encryption_by_default() == {"EbsEncryptionByDefault": True}
    assert ec2.get_ebs_default_kms_key_id()["KmsKeyId"] == f"arn:aws:kms:{REGION}:{A}:alias/aws/ebs"
    default = _aws_ebs(cloud, A)
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    assert (volume["Encrypted"], volume["KmsKeyId"]) == (True, default)
    key = _key(cloud)
    assert ec2.modify_ebs_default_kms_key_id(KmsKeyId=key) == {"KmsKeyId": key}
    assert ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["KmsKeyId"] == key


def test_private_image_is_invisible_to_other_accounts(cloud: Cloud) -> None:
    image = _image(cloud, None)
    with pytest.raises(ClientError) as excinfo:
        cloud.client("ec2", account=B).describe_images(ImageIds=[image])
    assert _code(excinfo) == "InvalidAMIID.NotFound"
    with pytest.raises(ClientError) as launch:
        cloud.client("ec2", account=B).run_instances(ImageId=image, MinCount=1, MaxCount=1)
    assert _code(launch) == "AuthFailure"
    assert "Not authorized for images" in launch.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as missing:
        cloud.client("ec2", account=B).run_instances(ImageId="ami-0123456789abcdef0", MinCount=1, MaxCount=1)
    assert _code(missing) == "InvalidAMIID.NotFound"


def test_account_launch_permission_shares_the_image(cloud: Cloud) -> None:
    image = _image(cloud, None)
    owner = cloud.client("ec2", account=A)
    owner.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"UserId": B}]})
    assert owner.describe_image_attribute(ImageId=image, Attribute="launchPermission")[
        "LaunchPermissions"
    ] == [{"UserId": B}]
    assert [i["ImageId"] for i in cloud.client("ec2", account=B).describe_images(Owners=[A])["Images"]] == [
        image
    ]
    described, _ = _launch(cloud, image)
    assert described["State"]["Name"] == "running"


def test_organization_and_ou_launch_permissions(cloud: Cloud) -> None:
    image = _image(cloud, None)
    owner = cloud.client("ec2", account=A)
    owner.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"OrganizationalUnitArn": OU}]})
    with pytest.raises(ClientError):
        cloud.client("ec2", account=B).describe_images(ImageIds=[image])
    set_account_organization(cloud, B, ORG, (OU,))
    assert cloud.client("ec2", account=B).describe_images(ImageIds=[image])["Images"][0]["ImageId"] == image
    owner.modify_image_attribute(
        ImageId=image,
        LaunchPermission={"Remove": [{"OrganizationalUnitArn": OU}], "Add": [{"OrganizationArn": ORG}]},
    )
    assert _launch(cloud, image)[0]["State"]["Name"] == "running"


def test_only_the_owner_modifies_launch_permissions(cloud: Cloud) -> None:
    image = _image(cloud, None)
    cloud.client("ec2", account=A).modify_image_attribute(ImageId=image, OperationType="add", UserIds=[B])
    with pytest.raises(ClientError) as excinfo:
        cloud.client("ec2", account=B).modify_image_attribute(
            ImageId=image, OperationType="add", UserIds=["333333333333"]
        )
    assert _code(excinfo) == "AuthFailure"


def test_image_encrypted_with_aws_ebs_cannot_be_shared(cloud: Cloud) -> None:
    ec2 = cloud.client("ec2", account=A)
    ec2.enable_ebs_encryption_by_default()
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"])
    image = ec2.register_image(
        Name="x",
        RootDeviceName="/dev/xvda",
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snapshot["SnapshotId"]}}],
    )["ImageId"]
    with pytest.raises(ClientError) as excinfo:
        ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"UserId": B}]})
    assert _code(excinfo) == "InvalidParameter"
    assert "AWS managed key" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as snap:
        ec2.modify_snapshot_attribute(
            SnapshotId=snapshot["SnapshotId"],
            Attribute="createVolumePermission",
            OperationType="add",
            UserIds=[B],
        )
    assert "AWS Managed CMK" in snap.value.response["Error"]["Message"]


def test_encrypted_image_cannot_be_made_public(cloud: Cloud) -> None:
    image = _image(cloud, _key(cloud))
    with pytest.raises(ClientError) as excinfo:
        cloud.client("ec2", account=A).modify_image_attribute(
            ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]}
        )
    assert _code(excinfo) == "InvalidParameter"


def test_snapshot_create_volume_permission_lets_the_account_create_volumes(cloud: Cloud) -> None:
    key = _key(cloud, _share_with(B))
    ec2 = cloud.client("ec2", account=A)
    snapshot = ec2.create_snapshot(
        VolumeId=ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True, KmsKeyId=key)[
            "VolumeId"
        ]
    )["SnapshotId"]
    other = cloud.client("ec2", account=B)
    with pytest.raises(ClientError) as excinfo:
        other.create_volume(AvailabilityZone="us-east-1a", SnapshotId=snapshot)
    assert _code(excinfo) == "InvalidSnapshot.NotFound"
    ec2.modify_snapshot_attribute(
        SnapshotId=snapshot,
        Attribute="createVolumePermission",
        CreateVolumePermission={"Add": [{"UserId": B}]},
    )
    assert ec2.describe_snapshot_attribute(SnapshotId=snapshot, Attribute="createVolumePermission")[
        "CreateVolumePermissions"
    ] == [{"UserId": B}]
    volume = other.create_volume(AvailabilityZone="us-east-1a", SnapshotId=snapshot)
    assert volume["Encrypted"] is True
    assert volume["KmsKeyId"] == _aws_ebs(cloud, B)


def test_shared_image_launches_when_the_key_is_shared(cloud: Cloud) -> None:
    key = _key(cloud, _share_with(B))
    image = _image(cloud, key)
    cloud.client("ec2", account=A).modify_image_attribute(
        ImageId=image, LaunchPermission={"Add": [{"UserId": B}]}
    )
    described, steps = _launch(cloud, image)
    assert described["State"]["Name"] == "running"
    on_source = [s.action for s in steps if s.resource == key]
    assert on_source == ["kms:DescribeKey", "kms:CreateGrant", "kms:ReEncryptFrom"]
    assert all(s.allowed for s in steps)


def test_launch_is_terminated_when_the_key_is_not_shared(cloud: Cloud) -> None:
    key = _key(cloud)
    image = _image(cloud, key)
    cloud.client("ec2", account=A).modify_image_attribute(
        ImageId=image, LaunchPermission={"Add": [{"UserId": B}]}
    )
    described, steps = _launch(cloud, image)
    assert described["State"]["Name"] == "terminated"
    assert described["StateReason"]["Code"] == "Client.InternalError"
    failed = next(s for s in steps if not s.allowed)
    assert (failed.action, failed.resource) == ("kms:DescribeKey", key)
    assert "AccessDenied" in failed.reason


def test_target_principal_needs_its_own_iam_permissions_on_the_shared_key(cloud: Cloud) -> None:
    key = _key(cloud, _share_with(B))
    image = _image(cloud, key)
    cloud.client("ec2", account=A).modify_image_attribute(
        ImageId=image, LaunchPermission={"Add": [{"UserId": B}]}
    )
    iam = cloud.client("iam", account=B)
    iam.create_role(
        RoleName="launcher",
        AssumeRolePolicyDocument=_doc(
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ),
    )
    iam.put_role_policy(
        RoleName="launcher",
        PolicyName="ec2",
        PolicyDocument=_doc({"Effect": "Allow", "Action": ["ec2:*"], "Resource": "*"}),
    )
    launcher = f"arn:aws:iam::{B}:role/launcher"
    described, steps = _launch(cloud, image, principal=launcher)
    assert described["State"]["Name"] == "terminated"
    assert next(s for s in steps if not s.allowed).resource == key
    iam.put_role_policy(
        RoleName="launcher",
        PolicyName="kms",
        PolicyDocument=_doc({"Effect": "Allow", "Action": EBS_SHARE_ACTIONS, "Resource": [key, "*"]}),
    )
    assert _launch(cloud, image, principal=launcher)[0]["State"]["Name"] == "running"


def test_create_grant_carries_grant_is_for_aws_resource(cloud: Cloud) -> None:
    key = _key(
        cloud,
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{B}:root"},
            "Action": ["kms:DescribeKey", "kms:Decrypt", "kms:ReEncrypt*"],
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{B}:root"},
            "Action": "kms:CreateGrant",
            "Resource": "*",
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
        },
    )
    image = _image(cloud, key)
    cloud.client("ec2", account=A).modify_image_attribute(
        ImageId=image, LaunchPermission={"Add": [{"UserId": B}]}
    )
    described, _ = _launch(cloud, image)
    assert described["State"]["Name"] == "running"


def test_launch_re_encrypts_to_the_requested_target_key(cloud: Cloud) -> None:
    key = _key(cloud, _share_with(B))
    target = _key(cloud, account=B)
    image = _image(cloud, key)
    cloud.client("ec2", account=A).modify_image_attribute(
        ImageId=image, LaunchPermission={"Add": [{"UserId": B}]}
    )
    described, steps = _launch(
        cloud,
        image,
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "KmsKeyId": target}}],
    )
    assert described["State"]["Name"] == "running"
    assert next(s for s in steps if s.action == "kms:ReEncryptFrom").resource == key
    assert next(s for s in steps if s.action == "kms:ReEncryptTo").resource == target
    volume_id = described["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    volume = cloud.client("ec2", account=B).describe_volumes(VolumeIds=[volume_id])["Volumes"][0]
    assert volume["KmsKeyId"] == target


def test_launch_cannot_make_an_encrypted_snapshot_unencrypted(cloud: Cloud) -> None:
    image = _image(cloud, _key(cloud))
    with pytest.raises(ClientError) as excinfo:
        cloud.client("ec2", account=A).run_instances(
            ImageId=image,
            MinCount=1,
            MaxCount=1,
            BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": False}}],
        )
    assert _code(excinfo) == "InvalidParameterCombination"


def test_copy_image_re_encrypts_to_kms_key_id_across_regions(cloud: Cloud) -> None:
    key = _key(cloud)
    image = _image(cloud, key)
    west_key = _key(cloud, region="us-west-2")
    west = cloud.client("ec2", region="us-west-2", account=A)
    copy = west.copy_image(
        Name="golden-west", SourceImageId=image, SourceRegion=REGION, Encrypted=True, KmsKeyId=west_key
    )["ImageId"]
    snapshot_id = west.describe_images(ImageIds=[copy])["Images"][0]["BlockDeviceMappings"][0]["Ebs"][
        "SnapshotId"
    ]
    snapshot = west.describe_snapshots(SnapshotIds=[snapshot_id])["Snapshots"][0]
    assert (snapshot["Encrypted"], snapshot["KmsKeyId"]) == (True, west_key)


def test_copy_image_kms_key_needs_encrypted(cloud: Cloud) -> None:
    image = _image(cloud, None)
    with pytest.raises(ClientError) as excinfo:
        cloud.client("ec2", account=A).copy_image(
            Name="c", SourceImageId=image, SourceRegion=REGION, KmsKeyId=_key(cloud)
        )
    assert _code(excinfo) == "InvalidParameterDependency"


def test_cross_account_copy_needs_snapshot_permission(cloud: Cloud) -> None:
    key = _key(cloud, _share_with(B))
    image = _image(cloud, key)
    owner = cloud.client("ec2", account=A)
    owner.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"UserId": B}]})
    other = cloud.client("ec2", account=B)
    with pytest.raises(ClientError) as excinfo:
        other.copy_image(Name="mine", SourceImageId=image, SourceRegion=REGION)
    assert _code(excinfo) == "AuthFailure"
    snapshot_id = owner.describe_images(ImageIds=[image])["Images"][0]["BlockDeviceMappings"][0]["Ebs"][
        "SnapshotId"
    ]
    owner.modify_snapshot_attribute(SnapshotId=snapshot_id, OperationType="add", UserIds=[B])
    copied = other.copy_image(Name="mine", SourceImageId=image, SourceRegion=REGION)["ImageId"]
    copy_snapshot = other.describe_images(ImageIds=[copied])["Images"][0]["BlockDeviceMappings"][0]["Ebs"][
        "SnapshotId"
    ]
    assert other.describe_snapshots(SnapshotIds=[copy_snapshot])["Snapshots"][0]["KmsKeyId"] == _aws_ebs(
        cloud, B
    )


def test_launch_steps_have_the_flow_step_shape(cloud: Cloud) -> None:
    key = _key(cloud, _share_with(B))
    image = _image(cloud, key)
    cloud.client("ec2", account=A).modify_image_attribute(
        ImageId=image, LaunchPermission={"Add": [{"UserId": B}]}
    )
    _, steps = _launch(cloud, image)
    assert all(set(s.to_dict()) == {"principal", "action", "resource", "decision", "reason"} for s in steps)
    assert steps[0].principal == f"arn:aws:iam::{B}:root"


def test_encrypted_snapshot_cannot_be_made_public(cloud: Cloud) -> None:
    ec2 = cloud.client("ec2", account=A)
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True, KmsKeyId=_key(cloud))
    snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"])["SnapshotId"]
    with pytest.raises(ClientError) as excinfo:
        ec2.modify_snapshot_attribute(SnapshotId=snapshot, OperationType="add", GroupNames=["all"])
    assert _code(excinfo) == "InvalidParameter"
    assert "public" in excinfo.value.response["Error"]["Message"]


def test_target_key_without_re_encrypt_to_fails_at_that_step(cloud: Cloud) -> None:
    key = _key(cloud, _share_with(B))
    target = _key(
        cloud,
        {
            "Effect": "Deny",
            "Principal": {"AWS": f"arn:aws:iam::{B}:root"},
            "Action": "kms:ReEncryptTo",
            "Resource": "*",
        },
        account=B,
    )
    image = _image(cloud, key)
    cloud.client("ec2", account=A).modify_image_attribute(
        ImageId=image, LaunchPermission={"Add": [{"UserId": B}]}
    )
    described, steps = _launch(
        cloud,
        image,
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "KmsKeyId": target}}],
    )
    assert described["State"]["Name"] == "terminated"
    failed = next(s for s in steps if not s.allowed)
    assert (failed.action, failed.resource) == ("kms:ReEncryptTo", target)
