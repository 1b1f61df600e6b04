"""Pure Parameter Store rules (iacsim.aws.ssm_limits)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from iacsim.aws.ssm_limits import (
    ParameterPolicy,
    check_allowed_pattern,
    check_label,
    check_parameter_name,
    check_value_type,
    parameter_arn,
    parse_policies,
    resolve_tier,
)
from iacsim.aws.violation import Violation


def _code(result: object) -> str | None:
    return result.code if isinstance(result, Violation) else None


def test_name_simple_and_hierarchical_names_are_accepted() -> None:
    assert check_parameter_name("db-password") is None
    assert check_parameter_name("/prod/db/pass_word.v2") is None


def test_name_with_space_is_a_validation_error() -> None:
    assert _code(check_parameter_name("/prod/db password")) == "ValidationException"


def test_name_with_forbidden_character_is_a_validation_error() -> None:
    violation = check_parameter_name("/prod/db:password")
    assert isinstance(violation, Violation)
    assert violation.code == "ValidationException"
    assert "a-zA-Z0-9_.-/" in violation.message


def test_name_prefixed_aws_or_ssm_case_insensitive_is_refused() -> None:
    for name in ("awsSecret", "SSM-thing", "/ssm/x", "/AwSx/y"):
        violation = check_parameter_name(name)
        assert isinstance(violation, Violation), name
        assert violation.code == "ValidationException"
        assert "prefixed" in violation.message


def test_name_under_reserved_aws_path_is_access_denied() -> None:
    assert _code(check_parameter_name("/aws/service/ami")) == "AccessDeniedException"


def test_hierarchical_name_needs_leading_slash() -> None:
    violation = check_parameter_name("prod/db")
    assert isinstance(violation, Violation)
    assert "fully qualified" in violation.message


def test_fifteen_levels_allowed_sixteen_refused() -> None:
    fifteen = "/" + "/".join(f"l{i}" for i in range(15))
    assert check_parameter_name(fifteen) is None
    sixteen = "/" + "/".join(f"l{i}" for i in range(16))
    assert _code(check_parameter_name(sixteen)) == "HierarchyLevelLimitExceededException"


def test_name_longer_than_1011_characters_is_refused() -> None:
    assert check_parameter_name("a" * 1011) is None
    assert _code(check_parameter_name("a" * 1012)) == "ValidationException"


def test_parameter_arn_drops_leading_slash() -> None:
    assert parameter_arn("aws", "us-east-1", "111111111111", "/prod/db") == (
        "arn:aws:ssm:us-east-1:111111111111:parameter/prod/db"
    )
    assert parameter_arn("aws", "us-east-1", "111111111111", "flat") == (
        "arn:aws:ssm:us-east-1:111111111111:parameter/flat"
    )


def test_label_rules() -> None:
    assert check_label("release-1.0_a")
    assert not check_label("1st")  # cannot begin with a number
    assert not check_label("awsLabel")
    assert not check_label("SsmLabel")
    assert not check_label("has/slash")
    assert not check_label("x" * 101)


def test_unknown_type_is_a_validation_error() -> None:
    assert _code(check_value_type("v", "Secret", "text")) == "ValidationException"


def test_ec2_image_data_type_needs_an_ami_id_on_a_string() -> None:
    assert check_value_type("ami-0123456789abcdef0", "String", "aws:ec2:image") is None
    assert _code(check_value_type("not-an-ami", "String", "aws:ec2:image")) == "ValidationException"
    assert _code(check_value_type("ami-01234567", "SecureString", "aws:ec2:image")) == "ValidationException"


def test_standard_tier_holds_4096_characters_not_more() -> None:
    assert resolve_tier("Standard", None, "x" * 4096, False, 0) == "Standard"
    violation = resolve_tier("Standard", None, "x" * 4097, False, 0)
    assert isinstance(violation, Violation)
    assert "4096 characters" in violation.message


def test_advanced_tier_holds_8192_characters_not_more() -> None:
    assert resolve_tier("Advanced", None, "x" * 8192, False, 0) == "Advanced"
    assert _code(resolve_tier("Advanced", None, "x" * 8193, False, 0)) == "ValidationException"


def test_intelligent_tiering_picks_standard_for_small_values() -> None:
    assert resolve_tier("Intelligent-Tiering", None, "small", False, 0) == "Standard"


def test_intelligent_tiering_picks_advanced_for_large_values_or_policies() -> None:
    assert resolve_tier("Intelligent-Tiering", None, "x" * 5000, False, 0) == "Advanced"
    assert resolve_tier("Intelligent-Tiering", None, "small", True, 0) == "Advanced"


def test_intelligent_tiering_picks_advanced_past_the_standard_quota() -> None:
    assert resolve_tier("Intelligent-Tiering", None, "small", False, 10_000) == "Advanced"


def test_intelligent_tiering_keeps_an_advanced_parameter_advanced() -> None:
    assert resolve_tier("Intelligent-Tiering", "Advanced", "small", False, 0) == "Advanced"


def test_advanced_to_standard_is_refused() -> None:
    violation = resolve_tier("Standard", "Advanced", "small", False, 0)
    assert isinstance(violation, Violation)
    assert "downgrade" in violation.message


def test_omitted_tier_keeps_the_current_tier() -> None:
    assert resolve_tier("", "Advanced", "small", False, 0) == "Advanced"
    assert resolve_tier("", None, "small", False, 0) == "Standard"


def test_policies_on_standard_tier_are_refused() -> None:
    violation = resolve_tier("Standard", None, "small", True, 0)
    assert isinstance(violation, Violation)
    assert "advanced-parameter tier" in violation.message


_EXPIRATION = {
    "Type": "Expiration",
    "Version": "1.0",
    "Attributes": {"Timestamp": "2030-05-13T00:00:00.000Z"},
}
_NOTIFY = {"Type": "ExpirationNotification", "Version": "1.0", "Attributes": {"Before": "15", "Unit": "Days"}}
_NO_CHANGE = {
    "Type": "NoChangeNotification",
    "Version": "1.0",
    "Attributes": {"After": "20", "Unit": "Hours"},
}


def test_the_three_documented_policy_types_parse() -> None:
    parsed = parse_policies(json.dumps([_EXPIRATION, _NOTIFY, _NO_CHANGE]))
    assert isinstance(parsed, tuple)
    expiration, notify, no_change = parsed
    assert expiration == ParameterPolicy(
        "Expiration", expiration.text, expires_at=datetime(2030, 5, 13, tzinfo=UTC)
    )
    assert (notify.policy_type, notify.amount, notify.unit) == ("ExpirationNotification", 15, "Days")
    assert (no_change.policy_type, no_change.amount, no_change.unit) == ("NoChangeNotification", 20, "Hours")


def test_expiration_accepts_iso_offset_date_time() -> None:
    policy = {
        "Type": "Expiration",
        "Version": "1.0",
        "Attributes": {"Timestamp": "2030-11-01T22:13:48.87+10:30"},
    }
    parsed = parse_policies(json.dumps([policy]))
    assert isinstance(parsed, tuple)
    assert parsed[0].expires_at == datetime(2030, 11, 1, 11, 43, 48, 870000, tzinfo=UTC)


def test_unknown_policy_type_is_invalid_policy_type() -> None:
    bad = {"Type": "Rotation", "Version": "1.0", "Attributes": {}}
    assert _code(parse_policies(json.dumps([bad]))) == "InvalidPolicyTypeException"


def test_bad_policy_attributes_are_invalid_policy_attribute() -> None:
    cases = [
        {"Type": "Expiration", "Version": "1.0", "Attributes": {"Timestamp": "next tuesday"}},
        {"Type": "Expiration", "Version": "2.0", "Attributes": {"Timestamp": "2030-01-01T00:00:00Z"}},
        {"Type": "ExpirationNotification", "Version": "1.0", "Attributes": {"Before": "15", "Unit": "Weeks"}},
        {"Type": "NoChangeNotification", "Version": "1.0", "Attributes": {"After": 20, "Unit": "Days"}},
        {"Type": "NoChangeNotification", "Version": "1.0", "Attributes": {"Before": "20", "Unit": "Days"}},
    ]
    for case in cases:
        assert _code(parse_policies(json.dumps([case]))) == "InvalidPolicyAttributeException", case


def test_malformed_policy_json_is_refused() -> None:
    assert _code(parse_policies("[{")) == "InvalidPolicyAttributeException"


def test_two_expiration_policies_are_incompatible() -> None:
    assert _code(parse_policies(json.dumps([_EXPIRATION, _EXPIRATION]))) == "IncompatiblePolicyException"


def test_more_than_ten_policies_exceed_the_limit() -> None:
    many = [_NOTIFY] * 11
    assert _code(parse_policies(json.dumps(many))) == "PoliciesLimitExceededException"


def test_allowed_pattern_mismatch_does_not_echo_the_value() -> None:
    violation = check_allowed_pattern(r"^\d+$", "s3cr3t-value")
    assert isinstance(violation, Violation)
    assert violation.code == "ParameterPatternMismatchException"
    assert "s3cr3t-value" not in violation.message
    assert check_allowed_pattern(r"^\d+$", "1234") is None
