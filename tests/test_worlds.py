"""Independent worlds: examples side by side in one repository never collide."""

from pathlib import Path

import pytest

from iacsim.config import parse_config
from iacsim.load import LoadOptions
from iacsim.model.kms import KmsAlias
from iacsim.pipeline import scan
from iacsim.worlds import world_of

EXAMPLE = '''
resource "aws_kms_key" "this" {
  enable_key_rotation = true
}
resource "aws_kms_alias" "this" {
  name          = "alias/example"
  target_key_id = aws_kms_key.this.key_id
}
'''


@pytest.mark.parametrize(("unit", "globs", "world"), [
    ("examples/complete", ("examples/*",), "examples/complete"),
    ("examples/complete/modules/x", ("examples/*",), "examples/complete"),
    ("examples/complete/main.tf", ("examples/*",), "examples/complete"),
    ("stacks/kms.yaml", ("examples/*",), ""),
    ("examples", ("examples/*",), ""),
    ("envs/prod/eu", ("envs/*/*", "envs/*"), "envs/prod/eu"),
    ("plans/a.json", ("plans/*",), "plans/a.json"),
])
def test_world_of_matches_whole_path_segments(unit: str, globs: tuple[str, ...], world: str) -> None:
    assert world_of(unit, globs) == world


def _repo(tmp_path: Path) -> Path:
    for name in ("simple", "complete"):
        (tmp_path / "examples" / name).mkdir(parents=True)
        (tmp_path / "examples" / name / "main.tf").write_text(EXAMPLE)
    return tmp_path


def test_two_sibling_examples_are_apart_by_default(tmp_path: Path) -> None:
    report, _, _ = scan([_repo(tmp_path)], LoadOptions(use_cache=False), "none")
    assert [(f.rule_id, f.file) for f in report.findings] == []
    assert report.summary["worlds"] == [
        {"name": "examples/complete", "units": ["examples/complete"], "placed": "terraform-root",
         "why": "a Terraform root module"},
        {"name": "examples/simple", "units": ["examples/simple"], "placed": "terraform-root",
         "why": "a Terraform root module"}]


def test_named_worlds_join_the_examples_again(tmp_path: Path) -> None:
    config = parse_config({"worlds": {"shared": ["examples/*"]}}, ".iacsim.yml")
    report, _, _ = scan([_repo(tmp_path)], LoadOptions(config=config, use_cache=False), "none")
    assert [(f.rule_id, f.file) for f in report.findings] == [("KMS008", "examples/simple/main.tf")]
    assert report.summary["worlds"] == [
        {"name": "shared", "units": ["examples/complete", "examples/simple"], "placed": "config",
         "why": "joined by .iacsim.yml worlds.shared (examples/*)"}]


def test_worlds_keep_examples_apart(tmp_path: Path) -> None:
    config = parse_config({"worlds": ["examples/*"]}, ".iacsim.yml")
    report, world, _ = scan([_repo(tmp_path)], LoadOptions(config=config, use_cache=False), "none")
    assert [f.rule_id for f in report.findings] == []
    # the model shown in reports is still the union of both examples
    assert sorted(a.source.file for a in world.of_type(KmsAlias)) == ["examples/complete/main.tf",
                                                                      "examples/simple/main.tf"]


def test_a_real_conflict_inside_one_world_is_still_found(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "examples" / "complete" / "extra.tf").write_text(
        'resource "aws_kms_alias" "again" {\n  name          = "alias/example"\n'
        '  target_key_id = aws_kms_key.this.key_id\n}\n')
    config = parse_config({"worlds": ["examples/*"]}, ".iacsim.yml")
    report, _, _ = scan([repo], LoadOptions(config=config, use_cache=False), "none")
    # extra.tf sorts before main.tf, so the alias in main.tf is the second declaration
    assert [(f.rule_id, f.resource, f.file) for f in report.findings] == [
        ("KMS008", "aws_kms_alias.this", "examples/complete/main.tf")]


def test_a_shared_module_outside_the_roots_belongs_to_each_caller(tmp_path: Path) -> None:
    (tmp_path / "modules" / "alias").mkdir(parents=True)
    (tmp_path / "modules" / "alias" / "main.tf").write_text(
        'variable "key_id" {}\nresource "aws_kms_alias" "this" {\n  name          = "alias/shared"\n'
        '  target_key_id = var.key_id\n}\n')
    for name in ("a", "b"):
        (tmp_path / "examples" / name).mkdir(parents=True)
        (tmp_path / "examples" / name / "main.tf").write_text(
            'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n'
            'module "alias" {\n  source = "../../modules/alias"\n  key_id = aws_kms_key.k.key_id\n}\n')
    config = parse_config({"worlds": ["examples/*"]}, ".iacsim.yml")
    report, _, loaded = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    units = sorted({r.unit for r in loaded.result.resources if r.type == "aws_kms_alias"})
    assert units == ["examples/a", "examples/b"]
    assert [f.rule_id for f in report.findings] == []
    # without worlds too: each root is its own world, with its own copy of the called module
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    assert [f.rule_id for f in report.findings] == []
    assert [w["units"] for w in report.summary["worlds"]] == [["examples/a"], ["examples/b"]]


def test_report_model_keeps_same_addresses_of_two_worlds_apart(tmp_path: Path) -> None:
    bucket = ('resource "aws_s3_bucket" "b" {{\n  bucket = "{name}"\n}}\n'
              'resource "aws_s3_bucket_versioning" "b" {{\n  bucket = aws_s3_bucket.b.id\n'
              '  versioning_configuration {{\n    status = "{status}"\n  }}\n}}\n')
    for name, status in (("one", "Enabled"), ("two", "Suspended")):
        (tmp_path / "examples" / name).mkdir(parents=True)
        (tmp_path / "examples" / name / "main.tf").write_text(bucket.format(name=f"acme-{name}", status=status))
    config = parse_config({"worlds": ["examples/*"]}, ".iacsim.yml")
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    buckets = report.model["accounts"]["111111111111"]["regions"]["us-east-1"]["buckets"]
    assert sorted((b["name"], b["versioning"]["status"]) for b in buckets) == [
        ("acme-one", "Enabled"), ("acme-two", "Suspended")]
    assert report.model["diagnostics"] == []
    assert report.cost["monthly_total"] == 0.0


ALIAS_ROOT = '''
provider "aws" {
  region = "eu-west-1"
}
resource "aws_kms_key" "app" {
  enable_key_rotation = true
}
resource "aws_kms_alias" "app" {
  name          = "alias/app"
  target_key_id = aws_kms_key.app.key_id
}
'''


def _envs(tmp_path: Path) -> Path:
    for env in ("dev", "prod"):
        (tmp_path / "envs" / env).mkdir(parents=True)
        (tmp_path / "envs" / env / "main.tf").write_text(ALIAS_ROOT)
    return tmp_path


def test_dev_and_prod_roots_do_not_declare_one_alias_twice(tmp_path: Path) -> None:
    report, _, _ = scan([_envs(tmp_path)], LoadOptions(use_cache=False), "none")
    assert [f.rule_id for f in report.findings] == []
    assert [(w["name"], w["placed"]) for w in report.summary["worlds"]] == [
        ("envs/dev", "terraform-root"), ("envs/prod", "terraform-root")]
    # flows of each world say which world they ran in
    assert sorted(fl.name for fl in report.flows) == ["[envs/dev] aws_kms_key.app rotation",
                                                      "[envs/prod] aws_kms_key.app rotation"]


def test_worlds_mapping_joins_roots_deployed_to_one_account(tmp_path: Path) -> None:
    config = parse_config({"worlds": {"one-account": ["envs/dev", "envs/prod"]}}, ".iacsim.yml")
    report, _, _ = scan([_envs(tmp_path)], LoadOptions(config=config, use_cache=False), "none")
    assert [(f.rule_id, f.resource, f.file) for f in report.findings] == [
        ("KMS008", "aws_kms_alias.app", "envs/prod/main.tf")]


def test_list_form_keeps_working_and_leaves_other_units_apart(tmp_path: Path) -> None:
    _envs(tmp_path)
    (tmp_path / "envs" / "prod" / "eu").mkdir()
    (tmp_path / "envs" / "prod" / "eu" / "main.tf").write_text(ALIAS_ROOT)
    config = parse_config({"worlds": ["envs/prod"]}, ".iacsim.yml")
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    # envs/prod and envs/prod/eu are joined by the glob; envs/dev stays on its own
    assert [(f.rule_id, f.file) for f in report.findings] == [("KMS008", "envs/prod/main.tf")]
    assert [(w["name"], w["units"], w["placed"]) for w in report.summary["worlds"]] == [
        ("envs/dev", ["envs/dev"], "terraform-root"),
        ("envs/prod", ["envs/prod", "envs/prod/eu"], "config")]


TEMPLATE_YAML = '''
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Alias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/replication
      TargetKeyId: !Ref Key
'''
TEMPLATE_JSON = ('{"Resources": {"Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": true}},'
                 ' "Alias": {"Type": "AWS::KMS::Alias", "Properties": {"AliasName": "alias/replication",'
                 ' "TargetKeyId": {"Ref": "Key"}}}}}')


def test_json_and_yaml_copies_of_one_template_are_two_worlds(tmp_path: Path) -> None:
    (tmp_path / "source.yaml").write_text(TEMPLATE_YAML)
    (tmp_path / "source.json").write_text(TEMPLATE_JSON)
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    assert [f.rule_id for f in report.findings] == []
    assert [(w["name"], w["placed"]) for w in report.summary["worlds"]] == [
        ("source.json", "cloudformation-template"), ("source.yaml", "cloudformation-template")]
    assert sorted(fl.name for fl in report.flows) == ["[source.json] source.json#Resources/Key rotation",
                                                      "[source.yaml] source.yaml#Resources/Key rotation"]


def test_templates_placed_by_one_configuration_share_a_world(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TEMPLATE_YAML)
    (tmp_path / "b.yaml").write_text(TEMPLATE_YAML)
    (tmp_path / "c.yaml").write_text(TEMPLATE_YAML)
    config = parse_config({"stacks": [{"template": "a.yaml", "account": "111122223333"},
                                      {"template": "b.yaml", "account": "444455556666"}]}, ".iacsim.yml")
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    # a and b are one deployment across two accounts (each alias in its own account); c is its own world
    assert [f.rule_id for f in report.findings] == []
    assert [(w["name"], w["units"], w["placed"]) for w in report.summary["worlds"]] == [
        ("c.yaml", ["c.yaml"], "cloudformation-template"),
        ("stacks:.", ["a.yaml", "b.yaml"], "stacks")]
    # in one account they really collide
    config = parse_config({"stacks": [{"template": "[ab].yaml", "account": "111122223333"}]}, ".iacsim.yml")
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    assert [(f.rule_id, f.file) for f in report.findings] == [("KMS008", "b.yaml")]


def test_a_stack_reference_joins_the_template_it_names(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "key.yaml").write_text(TEMPLATE_YAML)
    (tmp_path / "nested" / "user.yaml").write_text(
        "Parameters:\n  KeyArn: {Type: String}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
        "    Properties: {KmsMasterKeyId: !Ref KeyArn}\n")
    (tmp_path / "nested" / ".iacsim.yml").write_text(
        'stacks:\n  - template: user.yaml\n    account: "111122223333"\n'
        '    parameters: {KeyArn: "{{iacsim:../key.yaml#Resources/Key.Arn}}"}\n')
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    assert [(w["units"], w["placed"]) for w in report.summary["worlds"]] == [
        (["key.yaml", "nested/user.yaml"], "stacks")]
    assert "{{iacsim:…}} parameter references another template" in report.summary["worlds"][0]["why"]


def test_a_kms_data_source_joins_the_root_that_owns_the_key(tmp_path: Path) -> None:
    _envs(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'data "aws_kms_alias" "app" {\n  name = "alias/app"\n}\n'
        'resource "aws_sns_topic" "t" {\n  kms_master_key_id = data.aws_kms_alias.app.target_key_arn\n}\n')
    config = parse_config({"worlds": ["envs/dev"]}, ".iacsim.yml")
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    # the lookup finds envs/prod's alias (envs/dev is placed by configuration, so links leave it alone)
    assert [(w["name"], w["placed"]) for w in report.summary["worlds"]] == [
        ("app+envs/prod", "lookup"), ("envs/dev", "config")]
    assert report.summary["worlds"][0]["why"] == \
        "data.aws_kms_alias.app in app finds a KMS key or alias of envs/prod"


def test_an_ssm_dynamic_reference_joins_the_unit_that_creates_the_parameter(tmp_path: Path) -> None:
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "main.tf").write_text(
        'resource "aws_ssm_parameter" "p" {\n  name  = "/app/path"\n  type  = "String"\n  value = "/x/"\n}\n')
    (tmp_path / "user.yaml").write_text(
        "Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n"
        "      Path: '{{resolve:ssm:/app/path}}'\n")
    (tmp_path / "other.yaml").write_text(
        "Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n"
        "      Path: '{{resolve:ssm:/elsewhere}}'\n")
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    assert [(w["units"], w["placed"]) for w in report.summary["worlds"]] == [
        (["other.yaml"], "cloudformation-template"), (["params", "user.yaml"], "lookup")]


def test_each_plan_file_is_its_own_world() -> None:
    plans = Path(__file__).resolve().parent.parent / "samples" / "plans"
    report, _, _ = scan([plans / "s3-replication.json", plans / "s3-replication-broken.json"],
                        LoadOptions(use_cache=False), "none")
    assert [(w["name"], w["placed"]) for w in report.summary["worlds"]] == [
        ("s3-replication-broken.json", "plan"), ("s3-replication.json", "plan")]


def test_an_empty_scan_has_no_worlds(tmp_path: Path) -> None:
    report, _, _ = scan([tmp_path], LoadOptions(use_cache=False), "none")
    assert report.summary["worlds"] == [] and report.findings == []


def test_the_root_module_at_the_scanned_root_is_matched_by_dot(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(ALIAS_ROOT)
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "main.tf").write_text(ALIAS_ROOT)
    config = parse_config({"worlds": {"both": [".", "copy"]}}, ".iacsim.yml")
    report, _, _ = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    assert [w["units"] for w in report.summary["worlds"]] == [[".", "copy"]]
    assert [f.rule_id for f in report.findings] == ["KMS008"]


def test_text_markdown_and_html_name_the_worlds_and_how_to_join_them(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from iacsim.report.html import render_html
    from iacsim.report.markdown import render_markdown
    from iacsim.report.text import render_text

    report, _, _ = scan([_envs(tmp_path)], LoadOptions(use_cache=False), "none")
    out = io.StringIO()
    render_text(report, Console(file=out, width=300, color_system=None))
    text = out.getvalue()
    assert "Worlds (2)" in text and "envs/dev: a Terraform root module" in text
    assert "worlds: {prod: [envs/prod/network, envs/prod/app]}" in text
    markdown = render_markdown(report)
    assert "Simulated as 2 independent worlds: `envs/dev`, `envs/prod`" in markdown
    assert ".iacsim.yml" in markdown
    html = render_html(report)
    assert "<h2>Worlds</h2>" in html and "<code>envs/prod</code>" in html and "Terraform workspaces" in html
    # one world needs no mention
    single = tmp_path / "envs" / "dev"
    report, _, _ = scan([single], LoadOptions(use_cache=False), "none")
    assert len(report.summary["worlds"]) == 1 and "independent worlds" not in render_markdown(report)
