"""Terraform plan JSON: resources, actions, unknowns and their references, sensitivity, placement."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iacsim.config import Config
from iacsim.load.resource import DEFAULT_ACCOUNT, DEFAULT_REGION, LoadResult, Resource
from iacsim.load.tfplan import REDACTED, PlanOptions, SensitiveStr, is_plan, load_plan
from iacsim.values import Unknown

AWS = "registry.terraform.io/hashicorp/aws"


def res(address: str, rtype: str, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    name = address.split(".")[-1].split("[")[0]
    return {"address": address, "mode": "managed", "type": rtype, "name": name, "provider_name": AWS,
            "schema_version": 0, "values": values, "sensitive_values": extra.pop("sensitive_values", {}), **extra}


def change(address: str, rtype: str, actions: list[str], after: Any = None, after_unknown: Any = None,
           after_sensitive: Any = None) -> dict[str, Any]:
    return {"address": address, "mode": "managed", "type": rtype, "name": address.split(".")[-1],
            "provider_name": AWS, "change": {"actions": actions, "before": None, "after": after,
                                             "after_unknown": after_unknown or {},
                                             "after_sensitive": after_sensitive or {}}}


def plan(resources: list[dict[str, Any]], changes: list[dict[str, Any]] | None = None,
         configuration: dict[str, Any] | None = None, child_modules: list[dict[str, Any]] | None = None,
         **top: Any) -> dict[str, Any]:
    return {"format_version": "1.2", "terraform_version": "1.9.8",
            "planned_values": {"root_module": {"resources": resources, "child_modules": child_modules or []}},
            "resource_changes": changes or [], "configuration": configuration or {}, **top}


def load(data: dict[str, Any], tmp_path: Path, **options: Any) -> LoadResult:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, indent=2))
    return load_plan(path, "plan.json", data, PlanOptions(**options))


def by_address(result: LoadResult) -> dict[str, Resource]:
    return {r.address: r for r in result.resources}


PROVIDERS = {
    "aws": {"name": "aws", "full_name": AWS, "expressions": {
        "region": {"constant_value": "eu-west-1"},
        "assume_role": [{"role_arn": {"constant_value": "arn:aws:iam::123456789012:role/deployer"}}]}},
    "aws.west": {"name": "aws", "full_name": AWS, "alias": "west", "expressions": {
        "region": {"constant_value": "us-west-2"}, "allowed_account_ids": {"constant_value": ["210987654321"]}}},
}


@pytest.mark.parametrize(("data", "expected"), [
    ({"format_version": "1.2", "planned_values": {}}, True),
    ({"format_version": "1.0", "resource_changes": []}, True),
    ({"format_version": "0.1", "planned_values": {}}, True),  # detected, then rejected with a message
    ({"format_version": "1.0", "values": {}}, False),  # `terraform show -json` of a state, not a plan
    ({"AWSTemplateFormatVersion": "2010-09-09"}, False),
    ([{"ParameterKey": "a"}], False),
])
def test_is_plan(data: Any, expected: bool) -> None:
    assert is_plan(data) is expected


@pytest.mark.parametrize("version", ["2.0", "0.1"])
def test_other_major_format_versions_are_a_notice_not_a_parse_error(tmp_path: Path, version: str) -> None:
    result = load({"format_version": version, "planned_values": {}}, tmp_path)
    (diag,) = result.diagnostics
    assert (diag.file, diag.line, diag.code, diag.severity) == ("plan.json", 1, "unsupported-format-version", "info")
    assert f"'{version}'" in diag.message and "1.x" in diag.message and "not simulated" in diag.message
    assert result.resources == [] and result.files == ["plan.json"]


def test_an_unsupported_plan_format_is_an_info_level_parse004(tmp_path: Path) -> None:
    from iacsim.rules.parse.diagnostics import diagnostic_finding

    (diag,) = load({"format_version": "2.0", "planned_values": {}}, tmp_path).diagnostics
    finding = diagnostic_finding(diag)
    assert (finding.rule_id, finding.severity) == ("PARSE004", "info")


@pytest.mark.parametrize("version", ["1.0", "1.2", "1.9"])
def test_older_and_newer_minor_versions_are_read(tmp_path: Path, version: str) -> None:
    data = {"format_version": version, "planned_values": {"root_module": {"resources": [
        res("aws_kms_key.k", "aws_kms_key", {"description": "k"})]}}}
    result = load(data, tmp_path)
    assert result.diagnostics == [] and [r.address for r in result.resources] == ["aws_kms_key.k"]


def test_resources_from_root_and_nested_child_modules_with_full_addresses(tmp_path: Path) -> None:
    data = plan(
        [res("aws_kms_key.primary", "aws_kms_key", {"description": "p"})],
        child_modules=[{"address": "module.kms", "resources": [
            res('module.kms.aws_kms_alias.this["a"]', "aws_kms_alias", {"name": "alias/a"}, index="a")],
            "child_modules": [{"address": "module.kms.module.inner[0]", "resources": [
                res("module.kms.module.inner[0].aws_kms_key.this", "aws_kms_key", {"description": "inner"})]}]}],
        configuration={"provider_config": PROVIDERS})
    found = by_address(load(data, tmp_path))
    assert set(found) == {"aws_kms_key.primary", 'module.kms.aws_kms_alias.this["a"]',
                          "module.kms.module.inner[0].aws_kms_key.this"}
    inner = found["module.kms.module.inner[0].aws_kms_key.this"]
    assert (inner.type, inner.name, inner.origin, inner.attrs) == ("aws_kms_key", "this", "tfplan",
                                                                    {"description": "inner"})


def test_source_line_is_the_line_of_the_address(tmp_path: Path) -> None:
    data = plan([res("aws_kms_key.a", "aws_kms_key", {}), res("aws_kms_key.b", "aws_kms_key", {})])
    result = load(data, tmp_path)
    lines = (tmp_path / "plan.json").read_text().splitlines()
    for r in result.resources:
        assert f'"address": "{r.address}"' in lines[r.source.line - 1]


def test_actions_deleted_resources_are_not_in_the_world(tmp_path: Path) -> None:
    keep = {"aws_kms_key.created": ["create"], "aws_kms_key.updated": ["update"],
            "aws_kms_key.replaced": ["delete", "create"], "aws_kms_key.same": ["no-op"]}
    resources = [res(a, "aws_kms_key", {}) for a in [*keep, "aws_kms_key.forgotten"]]
    changes = [change(a, "aws_kms_key", actions) for a, actions in keep.items()]
    changes += [change("aws_kms_key.gone", "aws_kms_key", ["delete"]),
                change("aws_kms_key.forgotten", "aws_kms_key", ["forget"])]
    assert set(by_address(load(plan(resources, changes), tmp_path))) == set(keep)


def test_plan_without_planned_values_uses_the_after_side_of_changes(tmp_path: Path) -> None:
    data = {"format_version": "1.2", "resource_changes": [
        change("aws_kms_key.new", "aws_kms_key", ["create"], after={"description": "n"},
               after_unknown={"arn": True}),
        change("aws_kms_key.old", "aws_kms_key", ["delete"], after=None)]}
    (key,) = load(data, tmp_path).resources
    assert key.address == "aws_kms_key.new" and key.attrs["description"] == "n"
    assert isinstance(key.attrs["arn"], Unknown)


def test_after_unknown_values_become_unknown_naming_what_they_reference(tmp_path: Path) -> None:
    config = {"provider_config": PROVIDERS, "root_module": {
        "resources": [
            {"address": "aws_kms_key.primary", "mode": "managed", "type": "aws_kms_key", "name": "primary",
             "provider_config_key": "aws", "expressions": {}},
            {"address": "aws_s3_bucket_server_side_encryption_configuration.b", "mode": "managed",
             "type": "aws_s3_bucket_server_side_encryption_configuration", "name": "b", "provider_config_key": "aws",
             "expressions": {"rule": [{"apply_server_side_encryption_by_default": [{
                 "kms_master_key_id": {"references": ["aws_kms_key.primary.arn", "aws_kms_key.primary"]}}]}]}},
            {"address": "aws_ssm_parameter.p", "mode": "managed", "type": "aws_ssm_parameter", "name": "p",
             "provider_config_key": "aws", "expressions": {"key_id": {"references": ["module.kms.key_arn", "module.kms"]}}},
            {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
             "provider_config_key": "aws", "expressions": {"policy": {"references": [
                 "data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"]}}},
            {"address": "data.aws_iam_policy_document.p", "mode": "data", "type": "aws_iam_policy_document",
             "name": "p", "provider_config_key": "aws", "expressions": {"statement": [{
                 "resources": {"references": ["aws_kms_key.primary.arn", "aws_kms_key.primary"]}}]}},
        ],
        "module_calls": {"kms": {"source": "./kms", "expressions": {
            "primary": {"references": ["aws_kms_key.primary.arn", "aws_kms_key.primary"]}},
            "module": {"outputs": {"key_arn": {"expression": {"references": ["aws_kms_replica_key.this.arn",
                                                                            "aws_kms_replica_key.this"]}}},
                       "resources": [{"address": "aws_kms_replica_key.this", "mode": "managed",
                                      "type": "aws_kms_replica_key", "name": "this", "provider_config_key": "aws.west",
                                      "expressions": {"primary_key_arn": {"references": ["var.primary"]}}}]}}},
    }}
    data = plan(
        [res("aws_kms_key.primary", "aws_kms_key", {"description": "k"}),
         res("aws_s3_bucket_server_side_encryption_configuration.b", "aws_s3_bucket_server_side_encryption_configuration",
             {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}),
         res("aws_ssm_parameter.p", "aws_ssm_parameter", {"name": "/p"}),
         res("aws_iam_policy.p", "aws_iam_policy", {"name": "p"})],
        [change("aws_kms_key.primary", "aws_kms_key", ["create"], after_unknown={"arn": True}),
         change("aws_s3_bucket_server_side_encryption_configuration.b",
                "aws_s3_bucket_server_side_encryption_configuration", ["create"],
                after_unknown={"rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": True}]}]}),
         change("aws_ssm_parameter.p", "aws_ssm_parameter", ["create"], after_unknown={"key_id": True}),
         change("aws_iam_policy.p", "aws_iam_policy", ["create"], after_unknown={"policy": True}),
         change("module.kms.aws_kms_replica_key.this", "aws_kms_replica_key", ["create"],
                after_unknown={"primary_key_arn": True})],
        config,
        child_modules=[{"address": "module.kms", "resources": [
            res("module.kms.aws_kms_replica_key.this", "aws_kms_replica_key", {"description": "r"})]}])
    found = by_address(load(data, tmp_path))
    # The provider computes it: the key's own attribute.
    own = found["aws_kms_key.primary"].attrs["arn"]
    assert isinstance(own, Unknown) and own.reason == "known after apply" and own.ref == "aws_kms_key.primary.arn"
    # A nested block attribute, referencing another resource directly.
    rule = found["aws_s3_bucket_server_side_encryption_configuration.b"].attrs["rule"][0]
    nested = rule["apply_server_side_encryption_by_default"][0]
    assert nested["sse_algorithm"] == "aws:kms"
    assert nested["kms_master_key_id"].ref == "aws_kms_key.primary.arn"
    # Through a module output, into the module.
    assert found["aws_ssm_parameter.p"].attrs["key_id"].ref == "module.kms.aws_kms_replica_key.this.arn"
    # Through a module variable, out to the caller.
    assert found["module.kms.aws_kms_replica_key.this"].attrs["primary_key_arn"].ref == "aws_kms_key.primary.arn"
    # Through a policy document read at apply time: the key it is built from.
    assert found["aws_iam_policy.p"].attrs["policy"].ref == "aws_kms_key.primary.arn"


def test_sensitive_values_are_kept_for_the_model_but_never_shown(tmp_path: Path) -> None:
    data = plan([res("aws_ssm_parameter.db", "aws_ssm_parameter",
                     {"name": "/db/password", "value": "hunter2-hunter2", "tags": {"k": "v"}},
                     sensitive_values={"value": True})],
                [change("aws_ssm_parameter.db", "aws_ssm_parameter", ["create"],
                        after_sensitive={"value": True, "tags": {"k": True}})])
    (param,) = load(data, tmp_path).resources
    value = param.attrs["value"]
    assert isinstance(value, SensitiveStr) and len(value) == len("hunter2-hunter2")
    logged = "%s" % value  # noqa: UP031 - the way logging formats its arguments
    for shown in (repr(value), str(value), f"{value}", logged, repr(param), str(param.attrs)):
        assert "hunter2" not in shown
    assert REDACTED in str(value)
    assert isinstance(param.attrs["tags"]["k"], SensitiveStr) and param.attrs["name"] == "/db/password"


def test_placement_from_provider_config_keys_and_per_resource_region(tmp_path: Path) -> None:
    def cfg(address: str, key: str) -> dict[str, Any]:
        return {"address": address, "mode": "managed", "type": "aws_kms_key", "name": address.split(".")[1],
                "provider_config_key": key, "expressions": {}}

    config = {"provider_config": PROVIDERS, "root_module": {
        "resources": [cfg("aws_kms_key.a", "aws"), cfg("aws_kms_key.b", "aws.west"), cfg("aws_kms_key.c", "aws")],
        "module_calls": {"m": {"module": {"resources": [cfg("aws_kms_key.d", "module.m:aws")]}}}}}
    data = plan([res("aws_kms_key.a", "aws_kms_key", {}), res("aws_kms_key.b", "aws_kms_key", {}),
                 res("aws_kms_key.c", "aws_kms_key", {"region": "ap-south-1"})],
                configuration=config,
                child_modules=[{"address": "module.m", "resources": [res("module.m.aws_kms_key.d", "aws_kms_key", {})]}])
    found = by_address(load(data, tmp_path))
    where = {a: (r.placement.account, r.placement.region, r.placement.provider) for a, r in found.items()}
    assert where == {
        "aws_kms_key.a": ("123456789012", "eu-west-1", "aws"),
        "aws_kms_key.b": ("210987654321", "us-west-2", "aws.west"),
        "aws_kms_key.c": ("123456789012", "ap-south-1", "aws"),  # provider v6 per-resource region
        # an inherited provider key that older Terraform left unnormalized
        "module.m.aws_kms_key.d": ("123456789012", "eu-west-1", "aws"),
    }


def test_account_from_variables_caller_identity_and_equal_expressions(tmp_path: Path) -> None:
    local_account = {"allowed_account_ids": {"references": ["local.account_id"]}}
    providers = {
        "aws": {"name": "aws", "expressions": {"region": {"constant_value": "us-east-1"}, **local_account}},
        "aws.eu": {"name": "aws", "alias": "eu", "expressions": {"region": {"references": ["var.eu_region"]},
                                                                  **local_account}},
        "aws.other": {"name": "aws", "alias": "other", "expressions": {
            "region": {"constant_value": "us-east-2"},
            "assume_role": [{"role_arn": {"references": ["var.other_account"]}}]}},
    }

    def cfg(address: str, key: str, mode: str = "managed") -> dict[str, Any]:
        rtype = address.split(".")[-2]
        return {"address": address, "mode": mode, "type": rtype, "name": address.split(".")[-1],
                "provider_config_key": key, "expressions": {}}

    config = {"provider_config": providers, "root_module": {"resources": [
        cfg("data.aws_caller_identity.current", "aws", "data"), cfg("aws_kms_key.a", "aws"),
        cfg("aws_kms_key.b", "aws.eu"), cfg("aws_kms_key.c", "aws.other")]}}
    data = plan([{"address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity",
                  "name": "current", "provider_name": AWS, "values": {"account_id": "111122223333"}},
                 res("aws_kms_key.a", "aws_kms_key", {}), res("aws_kms_key.b", "aws_kms_key", {}),
                 res("aws_kms_key.c", "aws_kms_key", {})],
                configuration=config,
                variables={"eu_region": {"value": "eu-central-1"}, "other_account": {"value": "444455556666"}})
    found = by_address(load(data, tmp_path))
    assert (found["aws_kms_key.a"].placement.account, found["aws_kms_key.a"].placement.region) == (
        "111122223333", "us-east-1")
    # Same `allowed_account_ids` expression as the provider whose caller identity was read.
    assert (found["aws_kms_key.b"].placement.account, found["aws_kms_key.b"].placement.region) == (
        "111122223333", "eu-central-1")
    assert found["aws_kms_key.c"].placement.account == "444455556666"
    assert not any(r.placement.account_assumed for r in found.values())


def test_defaults_are_labelled_assumed_and_options_apply(tmp_path: Path) -> None:
    data = plan([res("aws_kms_key.a", "aws_kms_key", {})])
    result = load(data, tmp_path)
    p = result.resources[0].placement
    assert (p.account, p.region, p.account_assumed, p.region_assumed) == (DEFAULT_ACCOUNT, DEFAULT_REGION, True, True)
    assert any("assumed" in a and "plan.json" in a for a in result.assumptions)
    p = load(data, tmp_path, account_id="123456789012", config=Config(region="sa-east-1")).resources[0].placement
    assert (p.account, p.region, p.account_assumed, p.region_assumed) == ("123456789012", "sa-east-1", False, False)


def test_bad_input_is_a_diagnostic_not_an_exception(tmp_path: Path) -> None:
    result = load_plan(tmp_path / "x.json", "x.json", ["not", "a", "plan"])
    assert result.diagnostics[0].file == "x.json" and result.resources == []
    data = plan([{"address": "aws_kms_key.a", "values": {}}])  # no type
    result = load(data, tmp_path)
    (diag,) = result.diagnostics
    assert diag.severity == "warning" and "aws_kms_key.a" in diag.message


def test_policy_documents_read_at_apply_time_are_rebuilt_from_their_planned_arguments(tmp_path: Path) -> None:
    doc_config = {"address": "data.aws_iam_policy_document.p", "mode": "data", "type": "aws_iam_policy_document",
                  "name": "p", "provider_config_key": "aws", "expressions": {"statement": [
                      {"resources": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}}, {}]}}
    config = {"provider_config": PROVIDERS, "root_module": {
        "resources": [
            doc_config,
            {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
             "provider_config_key": "aws", "expressions": {"policy": {"references": [
                 "data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"]}}},
        ],
        "module_calls": {"m": {"expressions": {"policy": {"references": [
            "data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"]}}, "module": {"resources": [
                {"address": "aws_kms_key.inner", "mode": "managed", "type": "aws_kms_key", "name": "inner",
                 "provider_config_key": "aws", "expressions": {"policy": {"references": ["var.policy"]}}}]}}}}}
    statements = [
        {"sid": "UseKey", "effect": "Allow", "actions": ["kms:Encrypt"], "not_actions": [], "not_resources": [],
         "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::123456789012:role/app"]}],
         "not_principals": [], "condition": [{"test": "StringEquals", "variable": "kms:ViaService",
                                              "values": ["s3.eu-west-1.amazonaws.com"]}]},
        {"sid": "", "effect": "Deny", "actions": ["kms:*", "kms:Decrypt"], "resources": ["*"], "not_actions": [],
         "not_resources": [], "principals": [{"type": "*", "identifiers": ["*"]}], "not_principals": [],
         "condition": []},
    ]
    data = plan(
        [{"address": "data.aws_iam_policy_document.p", "mode": "data", "type": "aws_iam_policy_document",
          "name": "p", "provider_name": AWS, "values": {"statement": statements, "version": "2012-10-17",
                                                         "source_policy_documents": None}},
         res("aws_iam_policy.p", "aws_iam_policy", {"name": "p"})],
        [{"address": "data.aws_iam_policy_document.p", "mode": "data", "type": "aws_iam_policy_document",
          "name": "p", "provider_name": AWS, "action_reason": "read_because_dependency_pending",
          "change": {"actions": ["read"], "before": None, "after": {"statement": statements},
                     "after_unknown": {"json": True, "id": True, "statement": [{"resources": True}, False]}}},
         change("aws_iam_policy.p", "aws_iam_policy", ["create"], after_unknown={"policy": True}),
         change("module.m.aws_kms_key.inner", "aws_kms_key", ["create"], after_unknown={"policy": True})],
        config,
        child_modules=[{"address": "module.m", "resources": [res("module.m.aws_kms_key.inner", "aws_kms_key", {})]}])
    found = by_address(load(data, tmp_path))
    policy = found["aws_iam_policy.p"].attrs["policy"]
    first, second = policy["Statement"]
    assert policy["Version"] == "2012-10-17"
    assert first["Sid"] == "UseKey" and first["Effect"] == "Allow" and first["Action"] == "kms:Encrypt"
    assert first["Principal"] == {"AWS": "arn:aws:iam::123456789012:role/app"}
    assert first["Condition"] == {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}
    # The one input known only after apply stays unknown, naming the key it comes from.
    assert isinstance(first["Resource"], Unknown) and first["Resource"].ref == "aws_kms_key.k.arn"
    assert second == {"Effect": "Deny", "Action": ["kms:*", "kms:Decrypt"], "Resource": "*", "Principal": "*"}
    # Through a module input, the caller's document.
    assert found["module.m.aws_kms_key.inner"].attrs["policy"] == policy


def test_documents_merging_other_documents_are_not_rebuilt(tmp_path: Path) -> None:
    from iacsim.load.tfplan import render_policy_document

    assert render_policy_document({"statement": [], "source_policy_documents": [Unknown("x")]}) is None
    assert render_policy_document({"statement": Unknown("known after apply")}) is None
    assert render_policy_document({"statement": []}) == {"Version": "2012-10-17", "Statement": []}
