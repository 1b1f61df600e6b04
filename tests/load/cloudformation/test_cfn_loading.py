"""Template detection, line numbers, parameters, placement, suppressions and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iacsim.config import Config, StackPlacement, parse_config
from iacsim.load.cloudformation import CfnOptions, is_template, load_template, read_parameters_file
from iacsim.load.resource import DEFAULT_ACCOUNT, DEFAULT_REGION, LoadResult
from iacsim.values import Unknown

KEY_YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Description: a key
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      Description: k
      EnableKeyRotation: true
  Alias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/k
      TargetKeyId: !Ref Key
"""


def load(text: str, rel: str = "t.yaml", root: Path = Path("/scan"), **options: Any) -> LoadResult:
    return load_template(root / rel, rel, text, CfnOptions(**options))


@pytest.mark.parametrize(("text", "expected"), [
    (KEY_YAML, True),
    ("Resources:\n  B:\n    Type: AWS::S3::Bucket\n", True),
    ('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}', True),
    # Other YAML/JSON: docker-compose, k8s, a parameters file, a plan, a Resources key of another kind.
    ("services:\n  web:\n    image: nginx\n", False),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", False),
    ('[{"ParameterKey": "Env", "ParameterValue": "prod"}]', False),
    ('{"format_version": "1.2", "planned_values": {}}', False),
    ("Resources:\n  cpu: 2\n  memory: 4Gi\n", False),
    # Broken but plainly a template: reported rather than skipped.
    ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  K: [\n", True),
])
def test_is_template(text: str, expected: bool) -> None:
    assert is_template(Path("x.yaml"), text) is expected


def test_lines_of_resources_and_properties_yaml() -> None:
    result = load(KEY_YAML)
    key, alias = result.resources
    assert (key.address, key.source.line, key.source.file) == ("t.yaml#Resources/Key", 4, "t.yaml")
    assert key.attr_lines == {"Description": 7, "EnableKeyRotation": 8}
    assert (alias.source.line, alias.attr_lines["TargetKeyId"]) == (9, 13)
    assert key.origin == "cloudformation" and key.type == "AWS::KMS::Key" and key.name == "Key"


def test_lines_of_resources_and_properties_json() -> None:
    text = json.dumps({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Key": {"Type": "AWS::KMS::Key", "Properties": {"Description": "k", "EnableKeyRotation": True}},
            "Alias": {"Type": "AWS::KMS::Alias",
                      "Properties": {"AliasName": "alias/k", "TargetKeyId": {"Fn::GetAtt": ["Key", "Arn"]}}},
        },
    }, indent=2)
    lines = text.splitlines()
    result = load(text, rel="t.json")
    key, alias = result.resources
    assert lines[key.source.line - 1].strip() == '"Key": {'
    assert lines[key.attr_lines["EnableKeyRotation"] - 1].strip() == '"EnableKeyRotation": true'
    assert lines[alias.attr_lines["TargetKeyId"] - 1].strip() == '"TargetKeyId": {'
    assert key.attrs == {"Description": "k", "EnableKeyRotation": True}
    assert isinstance(alias.attrs["TargetKeyId"], Unknown)


def test_malformed_yaml_and_json_name_file_and_line() -> None:
    bad_yaml = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  K:\n    Type: AWS::KMS::Key\n   bad: x\n"
    (diag,) = load(bad_yaml).diagnostics
    assert (diag.file, diag.line, diag.code) == ("t.yaml", 5, "parse-error")
    assert "invalid YAML" in diag.message
    (diag,) = load('{"Resources": {\n  "K": {"Type": "AWS::KMS::Key",}\n}}', rel="t.json").diagnostics
    assert (diag.file, diag.line) == ("t.json", 2) and "invalid JSON" in diag.message


def test_unknown_type_and_missing_required_properties_warn_and_load_the_rest() -> None:
    result = load("""\
Resources:
  Typo:
    Type: AWS::KMS::Keys
  NoType:
    Properties: {}
  Alias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/x
  Ok:
    Type: AWS::S3::Bucket
""")
    by_code = {(d.code, d.line): d for d in result.diagnostics}
    assert "AWS::KMS::Keys" in by_code[("unknown-type", 3)].message
    assert "no Type" in by_code[("unknown-type", 4)].message
    missing = by_code[("missing-property", 6)]
    assert missing.severity == "warning" and "TargetKeyId" in missing.message and missing.file == "t.yaml"
    assert [r.name for r in result.resources] == ["Typo", "Alias", "Ok"]


def test_suppressions_from_metadata() -> None:
    result = load("""\
Resources:
  Key:
    Type: AWS::KMS::Key
    Metadata:
      iacsim:
        ignore:
          - id: KMS001
            reason: rotation handled by the key owner
    Properties: {}
""")
    (s,) = result.resources[0].suppressions
    assert (s.rule_id, s.reason, s.line) == ("KMS001", "rotation handled by the key owner", 7)


# --- parameters -------------------------------------------------------------------------------

PARAM_TEMPLATE = """\
Parameters:
  Env: {Type: String, Default: dev}
  Window: {Type: Number, Default: 30}
  Owner: {Type: String}
Resources:
  P:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Sub "${Env}/${Window}/${Owner}"
"""


def value(result: LoadResult) -> Any:
    return result.resources[0].attrs["Value"]


def test_parameter_defaults_and_unknown_without_value() -> None:
    v = value(load(PARAM_TEMPLATE))
    assert isinstance(v, Unknown) and "parameter Owner has no default" in v.reason


def test_parameters_files_both_formats_and_cli_override(tmp_path: Path) -> None:
    cli_format = tmp_path / "cli.json"
    cli_format.write_text(json.dumps([{"ParameterKey": "Env", "ParameterValue": "prod"},
                                      {"ParameterKey": "Owner", "ParameterValue": "team-a"},
                                      {"ParameterKey": "Window", "UsePreviousValue": True}]))
    pipeline_format = tmp_path / "pipeline.json"
    pipeline_format.write_text(json.dumps({"Parameters": {"Window": "7", "Owner": "team-b"}}))
    assert read_parameters_file(cli_format) == {"Env": "prod", "Owner": "team-a"}
    assert value(load(PARAM_TEMPLATE, parameter_files=[cli_format])) == "prod/30/team-a"
    # Later files win, --cfn-param wins over files.
    assert value(load(PARAM_TEMPLATE, parameter_files=[cli_format, pipeline_format])) == "prod/7/team-b"
    assert value(load(PARAM_TEMPLATE, parameter_files=[cli_format, pipeline_format],
                      parameters={"Owner": "cli"})) == "prod/7/cli"


def test_bad_parameters_file_is_a_diagnostic(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"Parameters": \n  [}')
    result = load(PARAM_TEMPLATE, parameter_files=[bad], parameters={"Owner": "x"})
    assert value(result) == "dev/30/x"
    (diag,) = result.diagnostics
    assert "bad.json" in diag.message and "line 2" in diag.message


def test_allowed_values_violation_is_reported() -> None:
    result = load("Parameters:\n  Env: {Type: String, AllowedValues: [dev, prod]}\n"
                  "Resources:\n  B: {Type: AWS::S3::Bucket}\n", parameters={"Env": "qa"})
    (diag,) = result.diagnostics
    assert diag.line == 2 and "AllowedValues" in diag.message


def test_allowed_values_of_a_list_parameter_constrain_each_member() -> None:
    """aws-samples' Image Builder template: default 't3.small, t3.medium' with both members allowed is valid."""
    template = ("Parameters:\n  Types: {Type: CommaDelimitedList, Default: 't3.small, t3.medium',\n"
                "          AllowedValues: [t3.small, t3.medium, t3.large]}\n"
                "Resources:\n  B: {Type: AWS::S3::Bucket}\n")
    assert load(template).diagnostics == []
    (diag,) = load(template, parameters={"Types": "t3.small,m5.huge"}).diagnostics
    assert "AllowedValues" in diag.message and "m5.huge" in diag.message


# --- placement --------------------------------------------------------------------------------

def test_defaults_are_labelled_assumed() -> None:
    result = load(KEY_YAML)
    p = result.resources[0].placement
    assert (p.account, p.region, p.account_assumed, p.region_assumed) == (DEFAULT_ACCOUNT, DEFAULT_REGION, True, True)
    assert any("assumed" in a and "t.yaml" in a for a in result.assumptions)


def test_cli_account_and_region() -> None:
    p = load(KEY_YAML, account_id="123456789012", region="eu-west-1").resources[0].placement
    assert (p.account, p.region, p.account_assumed, p.region_assumed) == ("123456789012", "eu-west-1", False, False)


def test_stacks_glob_with_regions_makes_one_copy_per_region() -> None:
    config = parse_config({
        "accounts": {"security": "210987654321"},
        "stacks": [{"template": "stacks/kms-*.yaml", "account": "security", "regions": ["us-east-1", "eu-west-1"],
                    "parameters": {"Env": "prod"}, "name": "kms-baseline"}],
    }, "test")
    text = KEY_YAML.replace("Description: k", "Description: !Sub '${Env} ${AWS::Region} ${AWS::StackName}'") \
        .replace("Resources:", "Parameters: {Env: {Type: String}}\nResources:", 1)
    result = load(text, rel="stacks/kms-main.yaml", config=config, region="ap-south-1")
    keys = [r for r in result.resources if r.name == "Key"]
    assert [k.address for k in keys] == ["stacks/kms-main.yaml#Resources/Key[us-east-1]",
                                         "stacks/kms-main.yaml#Resources/Key[eu-west-1]"]
    assert [k.placement.region for k in keys] == ["us-east-1", "eu-west-1"]
    assert {k.placement.account for k in keys} == {"210987654321"}
    assert [k.attrs["Description"] for k in keys] == ["prod us-east-1 kms-baseline", "prod eu-west-1 kms-baseline"]
    # References stay inside their own copy.
    aliases = [r for r in result.resources if r.name == "Alias"]
    assert [a.attrs["TargetKeyId"].ref for a in aliases] == [
        "stacks/kms-main.yaml#Resources/Key[us-east-1].Ref", "stacks/kms-main.yaml#Resources/Key[eu-west-1].Ref"]
    # A template the glob does not match falls back to --region.
    other = load(KEY_YAML, rel="stacks/app.yaml", config=config, region="ap-south-1").resources[0]
    assert other.address == "stacks/app.yaml#Resources/Key" and other.placement.region == "ap-south-1"


def test_single_region_stack_keeps_plain_addresses() -> None:
    config = Config(stacks=(StackPlacement(template="*.yaml", account="123456789012", regions=("eu-west-1",)),))
    key = load(KEY_YAML, config=config).resources[0]
    assert key.address == "t.yaml#Resources/Key" and key.placement.region == "eu-west-1"


def test_nested_iacsim_yml_places_templates_below_it(tmp_path: Path) -> None:
    (tmp_path / "cfn" / "stacks").mkdir(parents=True)
    (tmp_path / "cfn" / ".iacsim.yml").write_text(
        "stacks:\n  - template: stacks/*.yaml\n    account: '444455556666'\n    regions: [us-west-2]\n"
        "    parameters: {Other: '{{iacsim:stacks/other.yaml#Resources/Key.Arn}}'}\n")
    text = KEY_YAML.replace("Description: k", "Description: !Ref Other").replace(
        "Resources:", "Parameters: {Other: {Type: String}}\nResources:", 1)
    template = tmp_path / "cfn" / "stacks" / "k.yaml"
    template.write_text(text)
    result = load_template(template, "cfn/stacks/k.yaml", text, CfnOptions())
    key = result.resources[0]
    p = key.placement
    assert (p.account, p.region, p.account_assumed) == ("444455556666", "us-west-2", False)
    # A stack reference in that file is relative to the file's directory, made relative to the scan root.
    assert key.attrs["Description"].ref == "cfn/stacks/other.yaml#Resources/Key.Arn"


def test_pathologically_deep_templates_are_reported_not_crashing() -> None:
    for depth in (700, 5000):  # deep enough for evaluation, then for reading, to give up
        value = '{"Fn::Base64": ' * depth + '"x"' + "}" * depth
        text = ('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"K": {"Type": "AWS::KMS::Key", '
                f'"Properties": {{"Description": {value}}}}}}}}}')
        result = load(text, rel="deep.json")
        assert [(d.file, "too deeply" in d.message) for d in result.diagnostics] == [("deep.json", True)], depth


def test_duplicate_keys_are_reported_in_yaml_and_json() -> None:
    yaml_text = """\
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties: {EnableKeyRotation: true}
  Key:
    Type: AWS::KMS::Key
"""
    result = load(yaml_text)
    (diag,) = result.diagnostics
    assert (diag.line, diag.code) == (5, "duplicate-key") and "first on line 2" in diag.message
    assert result.resources[0].attrs == {}  # the later definition is what a reader keeps
    json_text = '{"Resources": {"K": {"Type": "AWS::KMS::Key",\n "Type": "AWS::S3::Bucket"}}}'
    (diag,) = load(json_text, rel="t.json").diagnostics
    assert (diag.line, diag.code) == (2, "duplicate-key")


SAMPLE_TEMPLATES = sorted((Path(__file__).resolve().parents[3] / "samples" / "cloudformation").rglob("*.yaml"))


@pytest.mark.parametrize("template", SAMPLE_TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reads_templates_exactly_as_cfn_flip_does(template: Path) -> None:
    import cfn_tools

    from iacsim.load.cloudformation.parse import load_yaml

    text = template.read_text()
    assert json.dumps(load_yaml(text), default=str) == json.dumps(cfn_tools.load_yaml(text), default=str)


def test_sample_templates_are_found() -> None:
    # every scenario comes as a correct and a broken twin with the same stacks (10 scenarios × 2 variants)
    by_dir: dict[str, set[str]] = {}
    for template in SAMPLE_TEMPLATES:
        by_dir.setdefault(template.parent.name, set()).add(template.name)
    scenarios = {name for name in by_dir if not name.endswith("-broken")}
    assert len(scenarios) == 10 and set(by_dir) == scenarios | {f"{s}-broken" for s in scenarios}
    assert all(by_dir[s] == by_dir[f"{s}-broken"] for s in scenarios)
    assert len(SAMPLE_TEMPLATES) == 38
