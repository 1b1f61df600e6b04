"""Plan JSON: the references ``configuration`` records for after-apply values, followed element by element."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iacsim.load.tfplan import load_plan
from iacsim.values import Unknown

P = "registry.terraform.io/hashicorp/aws"


def _plan(tmp_path: Path, resources: list[dict[str, Any]], config: list[dict[str, Any]]) -> dict[str, Any]:
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [
            {k: r[k] for k in ("address", "mode", "type", "name", "values")} for r in resources]}},
        "resource_changes": [
            {"address": r["address"], "mode": r["mode"], "type": r["type"], "name": r["name"], "provider_name": P,
             "change": {"actions": ["create"], "before": None, "after": r["values"],
                        "after_unknown": r["unknown"]}} for r in resources],
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
            "region": {"constant_value": "us-east-1"},
            "allowed_account_ids": {"constant_value": ["111122223333"]}}}},
            "root_module": {"resources": config}},
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    result = load_plan(path, "plan.json", plan)
    assert not result.diagnostics
    return {r.address: r.attrs for r in result.resources}


def _config(address: str, type_: str, expressions: dict[str, Any]) -> dict[str, Any]:
    mode = "data" if address.startswith("data.") else "managed"
    return {"address": address, "mode": mode, "type": type_, "name": address.split(".")[-1],
            "provider_config_key": "aws", "expressions": expressions}


def test_each_list_element_follows_its_own_reference(tmp_path: Path) -> None:
    # identifiers = [aws_iam_role.a.arn, aws_iam_role.b.arn]: one references list for the whole list
    doc = {"address": "data.aws_iam_policy_document.trust", "mode": "data", "type": "aws_iam_policy_document",
           "name": "trust", "values": {"statement": [{"actions": ["sts:AssumeRole"],
                                                      "principals": [{"type": "AWS"}]}]},
           "unknown": {"json": True, "statement": [{"principals": [{"identifiers": [True, True]}]}]}}
    config = [_config("data.aws_iam_policy_document.trust", "aws_iam_policy_document", {"statement": [{
        "actions": {"constant_value": ["sts:AssumeRole"]},
        "principals": [{"type": {"constant_value": "AWS"}, "identifiers": {"references": [
            "aws_iam_role.a.arn", "aws_iam_role.a", "aws_iam_role.b.arn", "aws_iam_role.b"]}}]}]})]
    attrs = _plan(tmp_path, [doc], config)["data.aws_iam_policy_document.trust"]
    first, second = attrs["statement"][0]["principals"][0]["identifiers"]
    assert (first.ref, second.ref) == ("aws_iam_role.a.arn", "aws_iam_role.b.arn")


def test_a_statement_resource_is_not_taken_for_the_arn_it_is_built_from(tmp_path: Path) -> None:
    # resources = ["${aws_s3_bucket.b.arn}/*"] and [aws_s3_bucket.b.arn] record the same references
    doc = {"address": "data.aws_iam_policy_document.p", "mode": "data", "type": "aws_iam_policy_document",
           "name": "p", "values": {"statement": [{"actions": ["s3:GetObject"]}]},
           "unknown": {"json": True, "statement": [{"resources": [True]}]}}
    config = [_config("data.aws_iam_policy_document.p", "aws_iam_policy_document", {"statement": [{
        "actions": {"constant_value": ["s3:GetObject"]},
        "resources": {"references": ["aws_s3_bucket.b.arn", "aws_s3_bucket.b"]}}]})]
    (value,) = _plan(tmp_path, [doc], config)["data.aws_iam_policy_document.p"]["statement"][0]["resources"]
    assert isinstance(value, Unknown) and value.ref is None
    assert "aws_s3_bucket.b.arn" in value.reason


def test_inline_policy_role_and_unset_computed_arguments(tmp_path: Path) -> None:
    resources = [
        {"address": "aws_iam_role_policy.p", "mode": "managed", "type": "aws_iam_role_policy", "name": "p",
         "values": {"name": "p", "policy": "{}"}, "unknown": {"id": True, "role": True}},
        {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
         "values": {"bucket": "b"}, "unknown": {"arn": True, "policy": True, "replication_configuration": True}},
    ]
    config = [
        _config("aws_iam_role_policy.p", "aws_iam_role_policy", {
            "name": {"constant_value": "p"}, "policy": {"constant_value": "{}"},
            "role": {"references": ["aws_iam_role.r.id", "aws_iam_role.r"]}}),
        _config("aws_s3_bucket.b", "aws_s3_bucket", {"bucket": {"constant_value": "b"}}),
    ]
    attrs = _plan(tmp_path, resources, config)
    assert attrs["aws_iam_role_policy.p"]["role"] == Unknown("known after apply", "aws_iam_role.r.id")
    bucket = attrs["aws_s3_bucket.b"]
    # not written: AWS's default (no inline policy, no replication), as in the HCL form
    assert "policy" not in bucket and "replication_configuration" not in bucket
    assert isinstance(bucket["arn"], Unknown)  # an attribute only the provider sets stays unknown


def _statement_doc(statement_unknown: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    return {"address": "data.aws_iam_policy_document.p", "mode": "data", "type": "aws_iam_policy_document",
            "name": "p", "values": {"statement": [values]},
            "unknown": {"json": True, "statement": [statement_unknown]}}


@pytest.mark.parametrize(("slot", "refs", "built_from"), [
    # a Resource is an ARN: a name in it ("arn:aws:s3:::${aws_s3_bucket.b.bucket}/*") is built around
    ("resources", ["aws_s3_bucket.b.bucket", "aws_s3_bucket.b"], True),
    ("resources", ["aws_sqs_queue.q.id", "aws_sqs_queue.q"], True),
    ("resources", ["aws_sqs_queue.q.arn", "aws_sqs_queue.q"], False),  # a queue's ARN, used as it is
    ("principals", ["aws_iam_role.r.name", "aws_iam_role.r"], True),
    ("principals", ["aws_iam_role.r.arn", "aws_iam_role.r"], False),
])
def test_a_name_in_an_arn_slot_of_a_statement_is_built_around(
        tmp_path: Path, slot: str, refs: list[str], built_from: bool) -> None:
    if slot == "principals":
        unknown = {"principals": [{"identifiers": [True]}]}
        values: dict[str, Any] = {"actions": ["kms:Decrypt"], "principals": [{"type": "AWS"}]}
        expressions: dict[str, Any] = {"principals": [{"type": {"constant_value": "AWS"},
                                                       "identifiers": {"references": refs}}]}
    else:
        unknown, values, expressions = {slot: [True]}, {"actions": ["s3:GetObject"]}, {slot: {"references": refs}}
    config = [_config("data.aws_iam_policy_document.p", "aws_iam_policy_document", {"statement": [expressions]})]
    statement = _plan(tmp_path, [_statement_doc(unknown, values)], config)["data.aws_iam_policy_document.p"][
        "statement"][0]
    (value,) = statement["principals"][0]["identifiers"] if slot == "principals" else statement[slot]
    assert isinstance(value, Unknown)
    assert (value.ref is None) == built_from, value
    if built_from:
        assert f"built from {refs[0]}" in value.reason


@pytest.mark.parametrize(("test", "built_from"), [("ArnLike", True), ("StringEquals", False)])
def test_a_name_in_an_arn_condition_is_built_around(tmp_path: Path, test: str, built_from: bool) -> None:
    # values = ["arn:aws:sns:…:${aws_sns_topic.t.name}"] for ArnLike; a bare name may be a StringEquals value
    unknown = {"condition": [{"values": [True]}]}
    values = {"actions": ["sqs:SendMessage"], "condition": [{"test": test, "variable": "aws:SourceArn"}]}
    config = [_config("data.aws_iam_policy_document.p", "aws_iam_policy_document", {"statement": [{
        "condition": [{"test": {"constant_value": test}, "variable": {"constant_value": "aws:SourceArn"},
                       "values": {"references": ["aws_sns_topic.t.name", "aws_sns_topic.t"]}}]}]})]
    statement = _plan(tmp_path, [_statement_doc(unknown, values)], config)["data.aws_iam_policy_document.p"][
        "statement"][0]
    (value,) = statement["condition"][0]["values"]
    assert isinstance(value, Unknown) and (value.ref is None) == built_from


@pytest.mark.parametrize("with_configuration", [True, False])
def test_a_name_generated_from_a_prefix_is_left_to_the_prefix(tmp_path: Path, with_configuration: bool) -> None:
    """``bucket_prefix``: the plan marks ``bucket`` known after apply; like the HCL form, the resource then has
    no ``bucket`` but its prefix, so the model gives it the same stand-in template (also without
    ``configuration``, which a plan filtered by another tool may lack)."""
    bucket = {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
              "values": {"bucket_prefix": "acme-"}, "unknown": {"arn": True, "bucket": True, "id": True}}
    config = [_config("aws_s3_bucket.b", "aws_s3_bucket", {"bucket_prefix": {"constant_value": "acme-"}})]
    attrs = _plan(tmp_path, [bucket], config if with_configuration else [])["aws_s3_bucket.b"]
    assert "bucket" not in attrs and attrs["bucket_prefix"] == "acme-"
    assert isinstance(attrs["arn"], Unknown)
