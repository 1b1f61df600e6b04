"""Intrinsic functions, pseudo parameters and conditions, evaluated the way CloudFormation does."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from iacsim.load.cloudformation import CfnOptions, load_template
from iacsim.load.resource import LoadResult, Resource
from iacsim.values import Unknown

HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n"


def load(text: str, **options: Any) -> LoadResult:
    return load_template(Path("/scan/t.yaml"), "t.yaml", HEADER + text, CfnOptions(**options))


def resource(result: LoadResult, logical_id: str) -> Resource:
    found = [r for r in result.resources if r.name == logical_id]
    assert len(found) == 1, [r.address for r in result.resources]
    return found[0]


def props(text: str, logical_id: str = "R", **options: Any) -> dict[str, Any]:
    return resource(load(text, **options), logical_id).attrs


def test_short_and_long_forms_evaluate_alike() -> None:
    short = props("""
Parameters: {Env: {Type: String, Default: prod}}
Resources:
  R:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub /app/${Env}/x
      Type: String
      Value: !Join [",", [!Ref Env, !Ref "AWS::Region"]]
""", region="eu-west-1")
    long = props("""
Parameters: {Env: {Type: String, Default: prod}}
Resources:
  R:
    Type: AWS::SSM::Parameter
    Properties:
      Name: {"Fn::Sub": "/app/${Env}/x"}
      Type: String
      Value: {"Fn::Join": [",", [{"Ref": "Env"}, {"Ref": "AWS::Region"}]]}
""", region="eu-west-1")
    assert short == long == {"Name": "/app/prod/x", "Type": "String", "Value": "prod,eu-west-1"}


def test_pseudo_parameters_follow_placement() -> None:
    attrs = props("""
Resources:
  R:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Sub "${AWS::AccountId}|${AWS::Region}|${AWS::Partition}|${AWS::StackName}|${AWS::URLSuffix}"
""", account_id="123456789012", region="cn-north-1")
    assert attrs["Value"] == "123456789012|cn-north-1|aws-cn|t|amazonaws.com.cn"


def test_sub_with_variables_and_escaped_literal() -> None:
    attrs = props("""
Resources:
  R:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Sub
        - "${Greeting}, ${!NotReplaced} in ${AWS::Region}"
        - Greeting: !Select [0, !Split ["|", "hello|bye"]]
""", region="us-west-2")
    assert attrs["Value"] == "hello, ${NotReplaced} in us-west-2"


def test_get_att_both_forms_and_sub_attribute_resolve_known_arns() -> None:
    result = load("""
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: data-bucket}
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      Path: /app/
      AssumeRolePolicyDocument: {}
  R:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Resource: !Sub "${Bucket.Arn}/*"
            Principal: {AWS: !GetAtt [Role, Arn]}
          - Resource: !GetAtt Bucket.Arn
""", account_id="123456789012")
    policy = resource(result, "R").attrs
    assert policy["Bucket"] == "data-bucket"
    first, second = policy["PolicyDocument"]["Statement"]
    assert first == {"Resource": "arn:aws:s3:::data-bucket/*",
                     "Principal": {"AWS": "arn:aws:iam::123456789012:role/app/reader"}}
    assert second == {"Resource": "arn:aws:s3:::data-bucket"}


def test_deploy_time_attributes_are_unknown_with_the_resource_they_reference() -> None:
    result = load("""
Resources:
  Key:
    Type: AWS::KMS::Key
  R:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/x
      TargetKeyId: !Ref Key
  Other:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/y
      TargetKeyId: !GetAtt Key.KeyId
  Third:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Sub "key ${Key.Arn}"
""")
    ref_value = resource(result, "R").attrs["TargetKeyId"]
    assert isinstance(ref_value, Unknown) and ref_value.ref == "t.yaml#Resources/Key.Ref"
    att = resource(result, "Other").attrs["TargetKeyId"]
    assert isinstance(att, Unknown) and att.ref == "t.yaml#Resources/Key.KeyId"
    sub = resource(result, "Third").attrs["Value"]
    assert isinstance(sub, Unknown) and sub.ref == "t.yaml#Resources/Key.Arn"
    assert "known after the stack is deployed" in sub.reason


def test_find_in_map_select_split_base64() -> None:
    attrs = props("""
Mappings:
  Regions:
    eu-west-1: {Window: 7}
    us-east-1: {Window: 30}
Resources:
  R:
    Type: AWS::KMS::Key
    Properties:
      PendingWindowInDays: !FindInMap [Regions, !Ref "AWS::Region", Window]
      Description: !Select [2, !Split [",", "a,b,c"]]
      Tags:
        - {Key: ud, Value: !Base64 "hello"}
""", region="eu-west-1")
    assert attrs["PendingWindowInDays"] == 7
    assert attrs["Description"] == "c"
    assert attrs["Tags"] == [{"Key": "ud", "Value": base64.b64encode(b"hello").decode()}]


def test_if_with_no_value_removes_property_and_list_item() -> None:
    text = """
Parameters: {Env: {Type: String}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  R:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: !If [IsProd, true, !Ref "AWS::NoValue"]
      Tags:
        - {Key: a, Value: b}
        - !If [IsProd, {Key: tier, Value: gold}, !Ref "AWS::NoValue"]
"""
    assert props(text, parameters={"Env": "dev"}) == {"Tags": [{"Key": "a", "Value": "b"}]}
    assert props(text, parameters={"Env": "prod"}) == {
        "EnableKeyRotation": True, "Tags": [{"Key": "a", "Value": "b"}, {"Key": "tier", "Value": "gold"}]}


@pytest.mark.parametrize(("env", "region", "created"), [
    ("prod", "us-east-1", {"Always", "ProdOnly", "ProdOrEu", "NotProd"} - {"NotProd"}),
    ("dev", "eu-west-1", {"Always", "ProdOrEu", "NotProd"}),
    ("dev", "us-east-1", {"Always", "NotProd"}),
])
def test_conditions_and_or_not_and_condition_reference(env: str, region: str, created: set[str]) -> None:
    result = load("""
Parameters: {Env: {Type: String}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsEu: !Equals [eu-west-1, !Ref "AWS::Region"]
  ProdOrEu: !Or [!Condition IsProd, !Condition IsEu]
  NotProd: !Not [!Condition IsProd]
  ProdAndEu: !And [!Condition IsProd, !Condition IsEu]
Resources:
  Always: {Type: AWS::S3::Bucket}
  ProdOnly: {Type: AWS::S3::Bucket, Condition: IsProd}
  ProdOrEu: {Type: AWS::S3::Bucket, Condition: ProdOrEu}
  NotProd: {Type: AWS::S3::Bucket, Condition: NotProd}
  ProdAndEu: {Type: AWS::S3::Bucket, Condition: ProdAndEu}
""", parameters={"Env": env}, region=region)
    assert {r.name for r in result.resources} == created


def test_condition_on_unknown_parameter_keeps_resource_and_says_why() -> None:
    result = load("""
Parameters: {Env: {Type: String}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  B: {Type: AWS::S3::Bucket, Condition: IsProd}
  R:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: !If [IsProd, true, false]
""")
    assert {r.name for r in result.resources} == {"B", "R"}
    assert any("condition IsProd cannot be evaluated" in a for a in result.assumptions)
    rotation = resource(result, "R").attrs["EnableKeyRotation"]
    assert isinstance(rotation, Unknown) and "parameter Env has no default" in rotation.reason


def test_import_value_dynamic_references_and_get_azs_are_unknown() -> None:
    attrs = props("""
Resources:
  R:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: "{{resolve:ssm:/golden/ami-id}}"
      SubnetId: !ImportValue network-private-subnet
      AvailabilityZone: !Select [0, !GetAZs ""]
      UserData: "{{resolve:secretsmanager:db:SecretString:password}}"
""")
    assert isinstance(attrs["ImageId"], Unknown) and "{{resolve:ssm:/golden/ami-id}}" in attrs["ImageId"].reason
    assert isinstance(attrs["SubnetId"], Unknown) and "network-private-subnet" in attrs["SubnetId"].reason
    assert isinstance(attrs["AvailabilityZone"], Unknown)
    # The reference names the secret, never a value; the JSON key path after the id is not repeated.
    assert isinstance(attrs["UserData"], Unknown) and "password" not in attrs["UserData"].reason


def test_ssm_parameter_typed_parameters_are_unknown_and_lists_are_split() -> None:
    attrs = props("""
Parameters:
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /golden/ami}
  Regions: {Type: CommaDelimitedList, Default: "eu-west-1, us-east-1"}
Resources:
  R:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref Ami
      Tags: [{Key: second, Value: !Select [1, !Ref Regions]}]
""")
    assert isinstance(attrs["ImageId"], Unknown) and "/golden/ami" in attrs["ImageId"].reason
    assert attrs["Tags"] == [{"Key": "second", "Value": "us-east-1"}]


def test_bad_references_are_reported_with_their_line() -> None:
    result = load("""
Resources:
  R:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/x
      TargetKeyId: !Ref Missing
""")
    assert isinstance(resource(result, "R").attrs["TargetKeyId"], Unknown)
    (diag,) = result.diagnostics
    assert diag.line == 8 and "'Missing'" in diag.message and diag.severity == "warning"


def test_transform_sam_is_reported_and_serverless_resources_but_functions_skipped() -> None:
    result = load("""
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Environment: {Variables: {STAGE: prod, LEVEL: info}}
Resources:
  Fn: {Type: AWS::Serverless::Function, Properties: {Handler: x, Environment: {Variables: {LEVEL: debug}}}}
  Api: {Type: AWS::Serverless::Api, Properties: {StageName: prod}}
  Key: {Type: AWS::KMS::Key}
""")
    assert [r.name for r in result.resources] == ["Fn", "Key"]
    fn = resource(result, "Fn").attrs
    assert fn["Runtime"] == "python3.12" and fn["Environment"] == {"Variables": {"STAGE": "prod", "LEVEL": "debug"}}
    (diag,) = result.diagnostics
    assert diag.code == "not-simulated" and diag.line == 3 and "SAM" in diag.message


def test_other_macros_are_not_guessed() -> None:
    result = load("""
Transform: [MyCompanyMacro]
Resources:
  Key: {Type: AWS::KMS::Key}
""")
    assert result.resources == []
    assert result.diagnostics[0].code == "not-simulated" and "MyCompanyMacro" in result.diagnostics[0].message


def test_nested_stacks_and_foreach_are_reported_as_not_simulated() -> None:
    result = load("""
Transform: AWS::LanguageExtensions
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: https://example.com/child.yaml}
  Fn::ForEach::Keys:
    - Name
    - [a, b]
    - Key${Name}: {Type: AWS::KMS::Key}
  Count:
    Type: AWS::SSM::Parameter
    Properties: {Type: String, Value: !Length [1, 2, 3]}
""")
    codes = {(d.code, d.severity, d.line) for d in result.diagnostics}
    assert codes == {("not-simulated", "info", 5), ("not-simulated", "warning", 8)}
    # AWS::LanguageExtensions functions that are pure are evaluated.
    assert resource(result, "Count").attrs["Value"] == 3


def test_no_echo_parameters_are_never_shown_even_inside_strings() -> None:
    result = load("""
Parameters:
  Password: {Type: String, NoEcho: true}
Resources:
  R:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Ref Password
      Description: !Sub "postgres://app:${Password}@db"
""", parameters={"Password": "s3cr3t-Pa55w0rd"})
    attrs = resource(result, "R").attrs
    assert attrs["Value"] == "s3cr3t-Pa55w0rd" and len(attrs["Description"]) == len("postgres://app:s3cr3t-Pa55w0rd@db")
    for shown in (repr(attrs), str(attrs["Value"]), f"{attrs['Description']}", repr(resource(result, "R"))):
        assert "s3cr3t" not in shown
    # Nor in a diagnostic about the value.
    strict = load("Parameters:\n  Pin: {Type: String, NoEcho: true, AllowedValues: ['1234']}\n"
                  "Resources:\n  B: {Type: AWS::S3::Bucket}\n", parameters={"Pin": "9999"})
    (diag,) = strict.diagnostics
    assert "AllowedValues" in diag.message and "9999" not in diag.message
