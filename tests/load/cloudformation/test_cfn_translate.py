"""CloudFormation resources → the shared model classes (what rules and flows will read)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iacsim.load.cloudformation import CfnOptions, load_template
from iacsim.model import build_world
from iacsim.model.ec2 import ImageDistribution, Instance, LaunchTemplate
from iacsim.model.iam import IamPolicy, IamRole, IamUser
from iacsim.model.kms import KmsAlias, KmsKey
from iacsim.model.s3 import S3Bucket
from iacsim.model.ssm import SsmParameter
from iacsim.model.world import World
from iacsim.values import Unknown


def world(text: str, **options: Any) -> World:
    options.setdefault("account_id", "111122223333")
    options.setdefault("region", "us-east-1")
    result = load_template(Path("/scan/t.yaml"), "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\n" + text,
                           CfnOptions(**options))
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    built = build_world(result.resources)
    assert not [d for d in built.diagnostics if d.code == "translate-error"], built.diagnostics
    return built


def obj(w: World, logical_id: str) -> Any:
    found = w.by_address(f"t.yaml#Resources/{logical_id}")
    assert found is not None, [o.address for o in w.objects()]
    return found


def test_kms_key_replica_and_alias() -> None:
    w = world("""
Parameters: {Primary: {Type: String, Default: "arn:aws:kms:us-east-1:111122223333:key/mrk-1234"}}
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: RSA_2048
      KeyUsage: SIGN_VERIFY
      MultiRegion: "true"
      EnableKeyRotation: false
      PendingWindowInDays: "7"
      Enabled: false
      KeyPolicy: {Version: "2012-10-17", Statement: []}
      Tags: [{Key: team, Value: payments}]
  Alias:
    Type: AWS::KMS::Alias
    Properties: {AliasName: alias/app, TargetKeyId: !Ref Key}
  Replica:
    Type: AWS::KMS::ReplicaKey
    Properties: {PrimaryKeyArn: !Ref Primary, KeyPolicy: {Statement: []}}
""")
    key = obj(w, "Key")
    assert isinstance(key, KmsKey)
    assert (key.spec, key.usage, key.multi_region, key.rotation_enabled, key.deletion_window_days, key.enabled) == (
        "RSA_2048", "SIGN_VERIFY", True, False, 7, False)
    assert key.tags == {"team": "payments"} and key.policy is not None and key.policy.document["Statement"] == []
    assert isinstance(key.arn, Unknown) and key.arn.ref == "t.yaml#Resources/Key.Arn"
    alias = obj(w, "Alias")
    assert isinstance(alias, KmsAlias) and alias.arn == "arn:aws:kms:us-east-1:111122223333:alias/app"
    assert w.find_key(alias.target_key) is key and w.aliases_of(key) == (alias,)
    replica = obj(w, "Replica")
    assert replica.is_replica and replica.replica_of == "arn:aws:kms:us-east-1:111122223333:key/mrk-1234"


def test_imported_key_material_is_unknown_not_absent() -> None:
    key = obj(world("Resources:\n  K: {Type: AWS::KMS::Key, Properties: {Origin: EXTERNAL}}\n"), "K")
    assert key.origin == "EXTERNAL" and key.imported is not None
    assert isinstance(key.imported.material_present, Unknown) and isinstance(key.imported.valid_to, Unknown)


def test_ssm_parameter_value_is_summarized_and_dropped() -> None:
    w = world("""
Resources:
  P:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /app/token
      Type: String
      Tier: Advanced
      Value: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB
      Policies: '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}]'
""")
    p = obj(w, "P")
    assert isinstance(p, SsmParameter)
    assert p.arn == "arn:aws:ssm:us-east-1:111122223333:parameter/app/token" and p.tier == "Advanced"
    assert p.policies is not None and p.policies.document[0]["Type"] == "Expiration"
    assert p.value.present and p.value.attribute == "Value" and p.value.looks_like_secret
    assert "ghp_" not in repr(p)


def test_bucket_settings_and_policy_merge_into_the_bucket() -> None:
    w = world("""
Resources:
  Key: {Type: AWS::KMS::Key}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: src
      VersioningConfiguration: {Status: Enabled}
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: !GetAtt Key.Arn}
            BucketKeyEnabled: true
      ReplicationConfiguration:
        Role: arn:aws:iam::111122223333:role/repl
        Rules:
          - Id: r1
            Status: Enabled
            Priority: 1
            Filter: {Prefix: logs/}
            SourceSelectionCriteria: {SseKmsEncryptedObjects: {Status: Enabled}}
            DeleteMarkerReplication: {Status: Disabled}
            Destination:
              Bucket: arn:aws:s3:::dst
              Account: "444455556666"
              EncryptionConfiguration: {ReplicaKmsKeyID: "arn:aws:kms:us-west-2:444455556666:key/abc"}
              AccessControlTranslation: {Owner: Destination}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument: {Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*"}]}
""")
    bucket = obj(w, "Bucket")
    assert isinstance(bucket, S3Bucket) and bucket.arn == "arn:aws:s3:::src"
    assert bucket.versioning is not None and bucket.versioning.enabled is True
    assert bucket.encryption is not None and bucket.encryption.bucket_key_enabled is True
    assert w.find_key(bucket.encryption.kms_key) is obj(w, "Key")
    assert bucket.policy is not None and bucket.policy.policy.document["Statement"][0]["Effect"] == "Deny"
    assert bucket.replication is not None
    (rule,) = bucket.replication.rules
    assert (rule.id, rule.priority, rule.prefix, rule.has_filter, rule.sse_kms_encrypted_objects,
            rule.delete_marker_replication) == ("r1", 1, "logs/", True, True, False)
    d = rule.destination
    assert (d.bucket, d.account, d.replica_kms_key_id, d.access_control_translation_owner) == (
        "arn:aws:s3:::dst", "444455556666", "arn:aws:kms:us-west-2:444455556666:key/abc", "Destination")


def test_replication_rule_without_opt_in_leaves_sse_kms_objects_out() -> None:
    w = world("""
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      ReplicationConfiguration:
        Role: r
        Rules: [{Status: Enabled, Destination: {Bucket: "arn:aws:s3:::d"}}]
""")
    bucket = obj(w, "B")
    assert isinstance(bucket.name, Unknown) and bucket.name.ref == "t.yaml#Resources/B.Ref"
    (rule,) = bucket.replication.rules
    assert rule.sse_kms_encrypted_objects is None and rule.has_filter is False


def test_iam_role_policies_and_attachments() -> None:
    w = world("""
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      Path: /svc/
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}
      Policies: [{PolicyName: inline, PolicyDocument: {Statement: [{Effect: Allow, Action: "kms:Decrypt", Resource: "*"}]}}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      Users: [dev]
      PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: shared
      Roles: [!Ref Role]
      PolicyDocument: {Statement: [{Effect: Allow, Action: "ssm:GetParameter", Resource: "*"}]}
  Dev:
    Type: AWS::IAM::User
    Properties: {UserName: dev}
""")
    role = w.find_role("arn:aws:iam::111122223333:role/svc/app")
    assert isinstance(role, IamRole) and role.region == "global" and role.trust_policy is not None
    assert sorted(str(p.name) for p in role.inline_policies) == ["extra", "inline"]
    attached = sorted(str(a.policy_arn) for a in role.attached_policies)
    assert attached == ["arn:aws:iam::111122223333:policy/shared", "arn:aws:iam::aws:policy/ReadOnlyAccess"]
    managed = obj(w, "Managed")
    assert isinstance(managed, IamPolicy) and w.find_policy(managed.arn) is managed
    user = w.find_user("dev")
    assert isinstance(user, IamUser) and [str(p.name) for p in user.inline_policies] == ["extra"]


def test_instances_launch_templates_and_image_distribution() -> None:
    w = world("""
Resources:
  Key: {Type: AWS::KMS::Key}
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: app
      LaunchTemplateData:
        ImageId: ami-0123456789abcdef0
        IamInstanceProfile: {Name: app-profile}
        BlockDeviceMappings:
          - DeviceName: /dev/xvda
            Ebs: {Encrypted: true, KmsKeyId: !Ref Key, VolumeSize: 30, VolumeType: gp3}
          - DeviceName: /dev/sdb
            VirtualName: ephemeral0
  Server:
    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate: {LaunchTemplateName: app, Version: "1"}
      BlockDeviceMappings: [{DeviceName: /dev/sdf, Ebs: {Encrypted: "true", SnapshotId: snap-1}}]
  Dist:
    Type: AWS::ImageBuilder::DistributionConfiguration
    Properties:
      Name: golden
      Distributions:
        - Region: eu-west-1
          AmiDistributionConfiguration:
            KmsKeyId: !GetAtt Key.Arn
            TargetAccountIds: ["444455556666"]
            LaunchPermissionConfiguration: {UserIds: ["444455556666"], UserGroups: [all]}
""")
    template = obj(w, "Template")
    assert isinstance(template, LaunchTemplate) and template.image == "ami-0123456789abcdef0"
    assert template.instance_profile == "app-profile"
    (device,) = template.block_devices  # the instance-store mapping holds no EBS encryption
    assert (device.device_name, device.encrypted, device.volume_size) == ("/dev/xvda", True, 30)
    assert w.find_key(device.kms_key) is obj(w, "Key")
    server = obj(w, "Server")
    assert isinstance(server, Instance) and server.launch_template == "app" and server.image is None
    assert server.block_devices[0].encrypted is True and server.block_devices[0].snapshot_id == "snap-1"
    dist = obj(w, "Dist")
    assert isinstance(dist, ImageDistribution)
    (target,) = dist.targets
    assert (target.region, target.launch_account_ids, target.launch_groups) == ("eu-west-1", ("444455556666",),
                                                                                ("all",))
    assert w.find_key(target.kms_key) is obj(w, "Key")


def test_stack_reference_parameters_link_templates(tmp_path: Path) -> None:
    """{{iacsim:…}} in a parameter names a resource of another scanned template."""
    primary = "Resources:\n  Key: {Type: AWS::KMS::Key, Properties: {MultiRegion: true}}\n"
    replica = ("Parameters: {PrimaryArn: {Type: String}}\nResources:\n"
               "  Replica: {Type: AWS::KMS::ReplicaKey, Properties: {PrimaryKeyArn: !Ref PrimaryArn, KeyPolicy: {}}}\n")
    first = load_template(tmp_path / "kms/primary.yaml", "kms/primary.yaml", primary,
                          CfnOptions(region="us-east-1"))
    second = load_template(tmp_path / "kms/replica.yaml", "kms/replica.yaml", replica, CfnOptions(
        region="eu-west-1", parameters={"PrimaryArn": "{{iacsim:kms/primary.yaml#Resources/Key.Arn}}"}))
    w = build_world(first.resources + second.resources)
    replica_key = w.by_address("kms/replica.yaml#Resources/Replica")
    assert isinstance(replica_key, KmsKey) and isinstance(replica_key.replica_of, Unknown)
    assert replica_key.replica_of.ref == "kms/primary.yaml#Resources/Key.Arn"
    assert w.primary_of(replica_key) is w.by_address("kms/primary.yaml#Resources/Key")
