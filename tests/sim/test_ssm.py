"""Simulated Parameter Store: String/StringList parameters, tiers, policies, versions, labels, access."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from iacsim.sim import ClientError, Cloud, UnsupportedParameterError

ACCOUNT = "111111111111"
START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def cloud() -> Cloud:
    return Cloud(start=START)


@pytest.fixture
def ssm(cloud: Cloud) -> Any:
    return cloud.client("ssm", region="us-east-1", account=ACCOUNT)


def _code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = excinfo.value.response["Error"]["Code"]
    return code


def _expiration(when: str) -> str:
    return json.dumps([{"Type": "Expiration", "Version": "1.0", "Attributes": {"Timestamp": when}}])


def test_put_then_get_returns_boto3_shape(ssm: Any) -> None:
    assert ssm.put_parameter(Name="/app/url", Value="https://x", Type="String") == {
        "Version": 1,
        "Tier": "Standard",
    }
    parameter = ssm.get_parameter(Name="/app/url")["Parameter"]
    assert parameter["Name"] == "/app/url"
    assert parameter["Type"] == "String"
    assert parameter["Value"] == "https://x"
    assert parameter["Version"] == 1
    assert parameter["ARN"] == f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/url"
    assert parameter["DataType"] == "text"
    assert parameter["LastModifiedDate"] == START


def test_missing_parameter_is_parameter_not_found(ssm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        ssm.get_parameter(Name="/nope")
    assert _code(excinfo) == "ParameterNotFound"
    assert excinfo.value.operation_name == "GetParameter"


def test_existing_parameter_needs_overwrite(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="1", Type="String")
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="2", Type="String")
    assert _code(excinfo) == "ParameterAlreadyExists"
    assert ssm.put_parameter(Name="p", Value="2", Overwrite=True)["Version"] == 2


def test_tags_and_overwrite_cannot_be_combined(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="1", Type="String")
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="2", Overwrite=True, Tags=[{"Key": "a", "Value": "b"}])
    assert _code(excinfo) == "ValidationException"


def test_changing_the_type_is_a_hierarchy_type_mismatch(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="1", Type="String")
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="1,2", Type="StringList", Overwrite=True)
    assert _code(excinfo) == "HierarchyTypeMismatchException"


def test_invalid_name_is_refused_by_put(ssm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="/ssm/thing", Value="1", Type="String")
    assert _code(excinfo) == "ValidationException"


def test_standard_value_over_4096_characters_is_refused(ssm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="big", Value="x" * 4097, Type="String")
    assert _code(excinfo) == "ValidationException"
    assert "4096" in excinfo.value.response["Error"]["Message"]


def test_advanced_holds_8192_characters(ssm: Any) -> None:
    assert (
        ssm.put_parameter(Name="big", Value="x" * 8192, Type="String", Tier="Advanced")["Tier"] == "Advanced"
    )
    with pytest.raises(ClientError):
        ssm.put_parameter(Name="bigger", Value="x" * 8193, Type="String", Tier="Advanced")


def test_intelligent_tiering_upgrades_large_values(ssm: Any) -> None:
    assert (
        ssm.put_parameter(Name="s", Value="x", Type="String", Tier="Intelligent-Tiering")["Tier"]
        == "Standard"
    )
    assert (
        ssm.put_parameter(Name="l", Value="x" * 5000, Type="String", Tier="Intelligent-Tiering")["Tier"]
        == "Advanced"
    )


def test_advanced_to_standard_is_refused(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="1", Type="String", Tier="Advanced")
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="2", Type="String", Tier="Standard", Overwrite=True)
    assert "downgrade" in excinfo.value.response["Error"]["Message"]
    # Omitting the tier keeps the parameter Advanced.
    assert ssm.put_parameter(Name="p", Value="2", Overwrite=True)["Tier"] == "Advanced"


def test_parameter_policies_need_the_advanced_tier(ssm: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(
            Name="p", Value="1", Type="String", Tier="Standard", Policies=_expiration("2026-02-01T00:00:00Z")
        )
    assert _code(excinfo) == "ValidationException"


def test_invalid_parameter_policy_is_refused_by_put(ssm: Any) -> None:
    bad = json.dumps([{"Type": "Rotate", "Version": "1.0", "Attributes": {}}])
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="1", Type="String", Tier="Advanced", Policies=bad)
    assert _code(excinfo) == "InvalidPolicyTypeException"


def test_expiration_policy_deletes_the_parameter_when_the_clock_passes_it(cloud: Cloud, ssm: Any) -> None:
    ssm.put_parameter(
        Name="temp",
        Value="1",
        Type="String",
        Tier="Advanced",
        Policies=_expiration("2026-01-10T00:00:00.000Z"),
    )
    cloud.clock.advance(days=8)
    assert ssm.get_parameter(Name="temp")["Parameter"]["Value"] == "1"
    cloud.clock.advance(days=2)
    with pytest.raises(ClientError) as excinfo:
        ssm.get_parameter(Name="temp")
    assert _code(excinfo) == "ParameterNotFound"


def test_update_without_policies_keeps_the_expiration(cloud: Cloud, ssm: Any) -> None:
    ssm.put_parameter(
        Name="temp", Value="1", Type="String", Tier="Advanced", Policies=_expiration("2026-01-10T00:00:00Z")
    )
    ssm.put_parameter(Name="temp", Value="2", Overwrite=True)
    cloud.clock.advance(days=10)
    with pytest.raises(ClientError):
        ssm.get_parameter(Name="temp")


def test_history_lists_versions_with_tier_policies_and_labels(ssm: Any) -> None:
    ssm.put_parameter(
        Name="p", Value="1", Type="String", Tier="Advanced", Policies=_expiration("2027-01-01T00:00:00Z")
    )
    ssm.put_parameter(Name="p", Value="2", Overwrite=True)
    ssm.label_parameter_version(Name="p", ParameterVersion=1, Labels=["golden"])
    history = ssm.get_parameter_history(Name="p")["Parameters"]
    assert [(h["Version"], h["Value"], h["Labels"]) for h in history] == [(1, "1", ["golden"]), (2, "2", [])]
    assert history[0]["Tier"] == "Advanced"
    assert history[0]["Policies"][0]["PolicyType"] == "Expiration"
    assert history[0]["LastModifiedUser"] == f"arn:aws:iam::{ACCOUNT}:root"


def test_get_by_version_and_label_selectors(ssm: Any) -> None:
    ssm.put_parameter(Name="/p", Value="1", Type="String")
    ssm.put_parameter(Name="/p", Value="2", Overwrite=True)
    ssm.label_parameter_version(Name="/p", ParameterVersion=1, Labels=["old"])
    assert ssm.get_parameter(Name="/p:1")["Parameter"]["Value"] == "1"
    assert ssm.get_parameter(Name="/p:old")["Parameter"]["Selector"] == ":old"
    with pytest.raises(ClientError) as excinfo:
        ssm.get_parameter(Name="/p:7")
    assert _code(excinfo) == "ParameterVersionNotFound"


def test_get_by_parameter_arn(ssm: Any) -> None:
    ssm.put_parameter(Name="/app/db", Value="1", Type="String")
    ssm.put_parameter(Name="flat", Value="2", Type="String")
    assert (
        ssm.get_parameter(Name=f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/db")["Parameter"]["Value"]
        == "1"
    )
    assert (
        ssm.get_parameter(Name=f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/flat")["Parameter"]["Value"] == "2"
    )


def test_invalid_labels_are_returned_not_raised(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="1", Type="String")
    response = ssm.label_parameter_version(Name="p", Labels=["ok", "1bad", "awsx"])
    assert response == {"InvalidLabels": ["1bad", "awsx"], "ParameterVersion": 1}


def test_a_label_moves_to_the_newly_labelled_version(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="1", Type="String")
    ssm.put_parameter(Name="p", Value="2", Overwrite=True)
    ssm.label_parameter_version(Name="p", ParameterVersion=1, Labels=["live"])
    ssm.label_parameter_version(Name="p", ParameterVersion=2, Labels=["live"])
    assert ssm.get_parameter(Name="p:live")["Parameter"]["Version"] == 2
    assert ssm.get_parameter_history(Name="p")["Parameters"][0]["Labels"] == []


def test_more_than_ten_labels_on_a_version_is_refused(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="1", Type="String")
    ssm.label_parameter_version(Name="p", Labels=[f"l{i}" for i in range(10)])
    with pytest.raises(ClientError) as excinfo:
        ssm.label_parameter_version(Name="p", Labels=["extra"])
    assert _code(excinfo) == "ParameterVersionLabelLimitExceeded"


def test_101st_version_evicts_the_oldest_unlabelled_version(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="v1", Type="String")
    for n in range(2, 102):
        ssm.put_parameter(Name="p", Value=f"v{n}", Overwrite=True)
    versions = [h["Version"] for h in ssm.get_parameter_history(Name="p", MaxResults=50)["Parameters"]]
    assert versions[0] == 2
    with pytest.raises(ClientError) as excinfo:
        ssm.get_parameter(Name="p:1")
    assert _code(excinfo) == "ParameterVersionNotFound"


def test_labelled_oldest_version_blocks_the_101st_write(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="v1", Type="String")
    ssm.label_parameter_version(Name="p", ParameterVersion=1, Labels=["keep"])
    for n in range(2, 101):
        ssm.put_parameter(Name="p", Value=f"v{n}", Overwrite=True)
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="p", Value="v101", Overwrite=True)
    assert _code(excinfo) == "ParameterMaxVersionLimitExceeded"


def test_get_parameters_reports_invalid_names(ssm: Any) -> None:
    ssm.put_parameter(Name="a", Value="1", Type="String")
    response = ssm.get_parameters(Names=["a", "missing"])
    assert [p["Name"] for p in response["Parameters"]] == ["a"]
    assert response["InvalidParameters"] == ["missing"]


def test_get_parameters_by_path_direct_children_or_recursive(ssm: Any) -> None:
    for name in ("/app/a", "/app/b", "/app/sub/c", "/other/d"):
        ssm.put_parameter(Name=name, Value="1", Type="String")
    direct = ssm.get_parameters_by_path(Path="/app")["Parameters"]
    assert [p["Name"] for p in direct] == ["/app/a", "/app/b"]
    recursive = ssm.get_parameters_by_path(Path="/app", Recursive=True)["Parameters"]
    assert [p["Name"] for p in recursive] == ["/app/a", "/app/b", "/app/sub/c"]


def test_get_parameters_by_path_pages_with_next_token(ssm: Any) -> None:
    for i in range(3):
        ssm.put_parameter(Name=f"/app/p{i}", Value="1", Type="String")
    first = ssm.get_parameters_by_path(Path="/app", MaxResults=2)
    assert len(first["Parameters"]) == 2
    second = ssm.get_parameters_by_path(Path="/app", MaxResults=2, NextToken=first["NextToken"])
    assert [p["Name"] for p in second["Parameters"]] == ["/app/p2"]
    assert "NextToken" not in second


def test_delete_parameter_removes_it(ssm: Any) -> None:
    ssm.put_parameter(Name="p", Value="1", Type="String")
    assert ssm.delete_parameter(Name="p") == {}
    with pytest.raises(ClientError) as excinfo:
        ssm.delete_parameter(Name="p")
    assert _code(excinfo) == "ParameterNotFound"


def test_allowed_pattern_is_enforced_on_updates(ssm: Any) -> None:
    ssm.put_parameter(Name="port", Value="80", Type="String", AllowedPattern=r"^\d+$")
    with pytest.raises(ClientError) as excinfo:
        ssm.put_parameter(Name="port", Value="eighty", Overwrite=True)
    assert _code(excinfo) == "ParameterPatternMismatchException"


def test_unsupported_parameter_is_not_silently_ignored(ssm: Any) -> None:
    with pytest.raises(UnsupportedParameterError):
        ssm.get_parameters_by_path(Path="/app", ParameterFilters=[{"Key": "Type", "Values": ["String"]}])


def test_role_without_ssm_permission_is_denied(cloud: Cloud) -> None:
    iam = cloud.client("iam", account=ACCOUNT)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(
        RoleName="reader",
        PolicyName="read-app",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "ssm:GetParameter",
                        "Resource": f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/*",
                    }
                ],
            }
        ),
    )
    cloud.client("ssm", account=ACCOUNT).put_parameter(Name="/app/x", Value="1", Type="String")
    cloud.client("ssm", account=ACCOUNT).put_parameter(Name="/db/x", Value="1", Type="String")
    reader = cloud.client("ssm", principal=f"arn:aws:iam::{ACCOUNT}:role/reader")
    assert reader.get_parameter(Name="/app/x")["Parameter"]["Value"] == "1"
    with pytest.raises(ClientError) as excinfo:
        reader.get_parameter(Name="/db/x")
    assert _code(excinfo) == "AccessDeniedException"
    assert "ssm:GetParameter" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError):
        reader.put_parameter(Name="/app/y", Value="1", Type="String")


def test_string_list_round_trips_as_comma_separated_text(ssm: Any) -> None:
    ssm.put_parameter(Name="/app/hosts", Value="a.example,b.example", Type="StringList")
    parameter = ssm.get_parameter(Name="/app/hosts")["Parameter"]
    assert (parameter["Type"], parameter["Value"]) == ("StringList", "a.example,b.example")


def test_history_label_and_delete_accept_the_parameter_arn(ssm: Any) -> None:
    ssm.put_parameter(Name="/app/x", Value="1", Type="String")
    arn = f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/x"
    assert ssm.get_parameter_history(Name=arn)["Parameters"][0]["Value"] == "1"
    assert ssm.label_parameter_version(Name=arn, Labels=["prod"])["ParameterVersion"] == 1
    ssm.delete_parameter(Name=arn)
    with pytest.raises(ClientError):
        ssm.get_parameter(Name="/app/x")


def test_describe_parameters_lists_metadata_without_values(ssm: Any) -> None:
    ssm.put_parameter(Name="/app/a", Value="secret-ish", Type="String", Tier="Advanced", Description="a")
    ssm.put_parameter(Name="/app/b", Value="x", Type="StringList")
    described = ssm.describe_parameters()["Parameters"]
    assert [(p["Name"], p["Type"], p["Tier"], p["Version"]) for p in described] == [
        ("/app/a", "String", "Advanced", 1),
        ("/app/b", "StringList", "Standard", 1),
    ]
    assert all("Value" not in p for p in described)
    assert described[0]["ARN"] == f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/a"
