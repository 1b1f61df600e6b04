"""Every sample gives its checked-in expected result; correct variants stay clean."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from sample_expectations import EXPECTED, current

BUILT_FOR = {
    # broken variant → the rule(s) it was built to trigger, in every form that can express it
    "terraform/multi-region-key-broken": {"KMS005", "KMS008"},
    "cloudformation/multi-region-key-broken": {"KMS005", "KMS008"},
    "plans/multi-region-key-broken.json": {"KMS005", "KMS008"},
    "terraform/ssm-parameters-broken": {"SSM001"},
    "cloudformation/ssm-parameters-broken": {"SSM001"},
    "plans/ssm-parameters-broken.json": {"SSM001"},
    "terraform/s3-replication-broken": {"S3102"},
    "cloudformation/s3-replication-broken": {"S3102"},
    "terraform/ami-sharing-broken": {"AMI101"},
    "terraform/imported-key-broken": {"KMS011"},
    "plans/imported-key-broken.json": {"KMS011"},
    "cloudformation/imported-key-broken": {"KMS001"},
    "plans/ami-sharing-broken.json": {"AMI101"},
    "terraform/audit-logging-broken": {"CT102", "LOG101"},
    "cloudformation/audit-logging-broken": {"CT102", "LOG101"},
    "terraform/notifications-broken": {"SQS101"},
    "cloudformation/notifications-broken": {"SNS001", "SNS103"},
    "terraform/app-secrets-broken": {"ECS101", "LAMBDA201", "SM101", "SM102"},
    "cloudformation/app-secrets-broken": {"ECS101", "LAMBDA201", "SM101", "SM201"},
    "terraform/datastores-broken": {"DDB001", "EBS102", "EFS002", "RDS001"},
    "cloudformation/datastores-broken": {"DDB001", "EBS102", "EFS002", "RDS001"},
    "terraform/code-secrets-broken": {"CODE101", "CODE201", "CODE202"},
    "cloudformation/code-secrets-broken": {"CODE001", "CODE103", "CODE202"},
}


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return current()


def test_results_match_the_checked_in_expectations(results: dict[str, Any]) -> None:
    expected = yaml.safe_load(EXPECTED.read_text())
    assert results == expected, "sample results changed: run `make snapshots` and review the diff"


def test_correct_variants_have_no_apply_error_or_broken_flow(results: dict[str, Any]) -> None:
    for world, data in results.items():
        if "broken" not in world:
            assert data["findings"] == [], world
            assert not any(k.endswith(" fail") for k in data["flows"]), world


@pytest.mark.parametrize("world", sorted(BUILT_FOR))
def test_each_broken_variant_gives_exactly_what_it_was_built_for(results: dict[str, Any], world: str) -> None:
    rules = {entry.split()[0] for entry in results.get(world, {}).get("findings", [])}
    assert rules == BUILT_FOR[world]
