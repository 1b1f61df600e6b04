"""Whatever a file holds, loading it yields diagnostics, never an exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iacsim.load.cloudformation import CfnOptions, is_template, load_template

NAMES = st.sampled_from(["Ref", "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If",
                         "Fn::FindInMap", "Fn::Base64", "Fn::GetAZs", "Fn::ImportValue", "Fn::Equals",
                         "Fn::And", "Fn::Or", "Fn::Not", "Condition", "Fn::ToJsonString", "Fn::Length",
                         "Fn::Cidr", "Fn::Bogus", "Key", "Bucket", "P", "C", "AWS::NoValue", "AWS::Region"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), NAMES, st.text(max_size=8))
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(NAMES, inner, max_size=3)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(props=VALUES, condition=VALUES, parameter=VALUES, mapping=VALUES)
def test_any_property_structure_loads_without_raising(props: Any, condition: Any, parameter: Any,
                                                      mapping: Any) -> None:
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {"P": parameter},
        "Mappings": {"M": mapping},
        "Conditions": {"C": condition},
        "Resources": {
            "Key": {"Type": "AWS::KMS::Key", "Properties": props},
            "Bucket": {"Type": "AWS::S3::Bucket", "Condition": "C", "Properties": {"BucketName": props}},
        },
    }
    text = json.dumps(template, indent=1)
    assert is_template(Path("t.json"), text)
    result = load_template(Path("/s/t.json"), "t.json", text, CfnOptions())
    assert result.files == ["t.json"]
    assert all(d.file == "t.json" and d.line >= 1 for d in result.diagnostics)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_without_raising(text: str) -> None:
    body = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + text
    if is_template(Path("t.yaml"), body):
        result = load_template(Path("/s/t.yaml"), "t.yaml", body, CfnOptions())
        assert all(d.line >= 1 for d in result.diagnostics)


TYPES = ["AWS::KMS::Key", "AWS::KMS::ReplicaKey", "AWS::KMS::Alias", "AWS::SSM::Parameter", "AWS::S3::Bucket",
         "AWS::S3::BucketPolicy", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User",
         "AWS::IAM::Group", "AWS::IAM::InstanceProfile", "AWS::EC2::Instance", "AWS::EC2::LaunchTemplate",
         "AWS::ImageBuilder::DistributionConfiguration"]
PROPERTY_NAMES = st.sampled_from([
    "KeyPolicy", "Description", "Enabled", "EnableKeyRotation", "PendingWindowInDays", "Origin", "Tags",
    "PrimaryKeyArn", "AliasName", "TargetKeyId", "Name", "Type", "Value", "Tier", "Policies",
    "BucketName", "VersioningConfiguration", "BucketEncryption", "ReplicationConfiguration", "Bucket",
    "PolicyDocument", "RoleName", "Path", "AssumeRolePolicyDocument", "ManagedPolicyArns", "Roles", "Users",
    "Groups", "PolicyName", "ImageId", "BlockDeviceMappings", "LaunchTemplate", "LaunchTemplateData",
    "Distributions", "ServerSideEncryptionConfiguration", "Rules", "Destination", "Ebs", "Status",
    "AmiDistributionConfiguration", "LaunchPermissionConfiguration", "UserIds", "Region", "KmsKeyId"])
PROPERTY_VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(PROPERTY_NAMES, inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(rtype=st.sampled_from(TYPES), props=st.dictionaries(PROPERTY_NAMES, PROPERTY_VALUES, max_size=6))
def test_translators_never_fail_on_odd_properties(rtype: str, props: dict[str, Any]) -> None:
    from iacsim.model import build_world

    text = json.dumps({"Resources": {"Key": {"Type": "AWS::KMS::Key"},
                                     "R": {"Type": rtype, "Properties": props}}})
    result = load_template(Path("/s/t.json"), "t.json", text, CfnOptions())
    world = build_world(result.resources)
    assert [d.message for d in world.diagnostics if d.code == "translate-error"] == []


def test_split_with_an_empty_delimiter_is_a_problem_not_a_crash() -> None:
    """Found by the property test above: ``str.split("")`` raises ValueError."""
    template = {"Resources": {"Key": {"Type": "AWS::KMS::Key",
                                      "Properties": {"Description": {"Fn::Split": ["", "a,b"]}}}}}
    result = load_template(Path("/s/t.json"), "t.json", json.dumps(template, indent=1), CfnOptions())
    assert any("Fn::Split delimiter must not be empty" in d.message for d in result.diagnostics)
