"""The coverage section (notices are not findings) and module-call locations, in every renderer and the CLI.

docs/architecture.md §4: what valid input the scan could not read or simulate is listed with what to do,
never counted as a ``parse-error`` finding; a finding inside a module names the module call.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from iacsim.cli import main
from iacsim.findings import FlowResult, FlowStep
from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.coverage import build_coverage, classify, hint
from iacsim.report.data import Report
from iacsim.report.html import render_html
from iacsim.report.json_format import report_to_dict
from iacsim.report.markdown import render_markdown
from iacsim.report.sarif import report_to_sarif
from iacsim.report.text import render_text

REMOTE = 'module "kms" {\n  source  = "terraform-aws-modules/kms/aws"\n  version = "~> 3.0"\n}\n'
NESTED = {
    "main.tf": 'module "outer" {\n  source   = "./modules/wrap"\n  rotation = false\n}\n',
    "modules/wrap/main.tf": 'variable "rotation" {}\nmodule "key" {\n  source = "../key"\n  rotate = var.rotation\n}\n',
    "modules/key/main.tf": 'variable "rotate" {}\nresource "aws_kms_key" "this" {\n  enable_key_rotation = var.rotate\n}\n',
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _scan(root: Path, fail_on: str = "info", fail_on_unknown: bool = False) -> Report:
    return scan([root], LoadOptions(use_cache=False), fail_on, fail_on_unknown=fail_on_unknown)[0]


@pytest.fixture
def remote(tmp_path: Path) -> Report:
    return _scan(_write(tmp_path, {"main.tf": REMOTE}))


@pytest.fixture
def nested(tmp_path: Path) -> Report:
    return _scan(_write(tmp_path, NESTED))


# ---------------------------------------------------------------- notices are not findings


def test_not_downloaded_module_is_a_notice_and_passes_fail_on_info(remote: Report) -> None:
    assert remote.findings == []
    assert remote.summary["verdict"] == "pass"
    assert remote.summary["parse_errors"] == 0
    assert remote.summary["notices"] == 1
    (notice,) = remote.coverage.notices
    assert (notice.code, notice.rule_id, notice.file, notice.line) == ("module-not-downloaded", "PARSE003", "main.tf", 1)
    assert "terraform init" in notice.what_to_do


def test_unknown_count_and_unresolved_data_source_are_notices(tmp_path: Path) -> None:
    report = _scan(_write(tmp_path, {"main.tf": (
        'data "aws_canonical_user_id" "me" {}\n'
        'resource "aws_ssm_parameter" "p" {\n  count = data.aws_canonical_user_id.me.id == "" ? 0 : 1\n'
        '  name  = "/p"\n  type  = "String"\n  value = "v"\n}\n')}))
    assert [f.rule_id for f in report.findings if f.category == "parse-error"] == []
    codes = report.coverage.notices_by_code()
    assert codes == {"data-source-unresolved": 1, "unknown-repetition": 1}
    repetition = next(n for n in report.coverage.notices if n.code == "unknown-repetition")
    assert repetition.what_to_do == hint("data-source")  # the hint of its cause


FOR_EACH_OVER_VARIABLES = {
    "main.tf": 'variable "parameter_write" {\n  type = list(map(string))\n}\n'
               'module "store" {\n  source          = "./store"\n  parameter_write = var.parameter_write\n}\n',
    "store/main.tf": 'variable "parameter_write" {}\nvariable "enabled" {\n  default = true\n}\n'
                     'locals {\n  write = var.enabled ? { for e in var.parameter_write : e.name => e } : {}\n}\n'
                     'resource "aws_ssm_parameter" "p" {\n  for_each = local.write\n  name  = each.key\n'
                     '  type  = "SecureString"\n  value = each.value.value\n}\n'
                     'resource "aws_ssm_parameter" "c" {\n  count = length(var.parameter_write)\n'
                     '  name  = "/c"\n  type  = "SecureString"\n  value = "v"\n}\n',
}


def test_for_each_and_count_over_a_variable_without_value_name_it_and_var_in_every_format(tmp_path: Path) -> None:
    """cloudposse's parameter store example: ``parameter_write`` has no default, so the SecureString parameters
    it would create are not simulated — the notice must say so and how to give it (issue 13), never nothing."""
    report = _scan(_write(tmp_path, FOR_EACH_OVER_VARIABLES))
    notices = [n for n in report.coverage.notices if n.code == "unknown-repetition"]
    assert sorted(n.message.split(" is unknown")[0] for n in notices) == [
        "count of module.store.aws_ssm_parameter.c", "for_each of module.store.aws_ssm_parameter.p"]
    for notice in notices:
        assert "the resources it would create are not simulated" in notice.message
        assert "variable parameter_write has no value: give it with --var parameter_write=…" in notice.message
        assert notice.what_to_do == "variable parameter_write has no value: give it with --var parameter_write=…"
    rendered = [render_text_plain(report), render_markdown(report), render_html(report),
                json.dumps(report_to_dict(report)), json.dumps(report_to_sarif(report))]
    assert ["--var parameter_write=" in out for out in rendered] == [True] * 5


def render_text_plain(report: Report) -> str:
    console = Console(record=True, width=400, color_system=None)
    render_text(report, console)
    return console.export_text()


IMAGE_BUILDER_TF = {"main.tf": """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_sns_topic" "builds" {
  name              = "builds"
  kms_master_key_id = "alias/aws/sns"
}
resource "aws_imagebuilder_infrastructure_configuration" "this" {
  name                  = "infra"
  instance_profile_name = "builder"
  sns_topic_arn         = aws_sns_topic.builds.arn
}
resource "aws_kms_key" "ami" {
  enable_key_rotation = true
}
resource "aws_imagebuilder_distribution_configuration" "this" {
  name = "dist"
  distribution {
    region = "us-east-1"
    ami_distribution_configuration {
      kms_key_id         = aws_kms_key.ami.arn
      target_account_ids = ["222233334444"]
    }
  }
}
resource "aws_sqs_queue_redrive_policy" "not_a_producer" {
  queue_url      = "https://sqs.us-east-1.amazonaws.com/111122223333/q"
  redrive_policy = "{}"
}
"""}

IMAGE_BUILDER_CFN = {"template.yaml": """
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic: {Type: AWS::SNS::Topic}
  Infra:
    Type: AWS::ImageBuilder::InfrastructureConfiguration
    Properties:
      Name: infra
      InstanceProfileName: builder
      SnsTopicArn: !Ref Topic
  Key: {Type: AWS::KMS::Key}
  Dist:
    Type: AWS::ImageBuilder::DistributionConfiguration
    Properties:
      Name: dist
      Distributions:
        - Region: us-east-1
          AmiDistributionConfiguration:
            KmsKeyId: !GetAtt Key.Arn
            LaunchPermissionConfiguration: {UserIds: ["222233334444"]}
"""}


@pytest.mark.parametrize(("files", "infra", "dist", "topic_attribute"), [
    (IMAGE_BUILDER_TF, "aws_imagebuilder_infrastructure_configuration.this",
     "aws_imagebuilder_distribution_configuration.this", "sns_topic_arn"),
    (IMAGE_BUILDER_CFN, "template.yaml#Resources/Infra", "template.yaml#Resources/Dist", "SnsTopicArn"),
], ids=["terraform", "cloudformation"])
def test_producers_and_ami_sharing_iacsim_does_not_replay_are_listed_in_every_format(
        tmp_path: Path, files: dict[str, str], infra: str, dist: str, topic_attribute: str) -> None:
    report = _scan(_write(tmp_path, files))
    listed = {(n.resource, n.attribute, n.what) for n in report.coverage.not_replayed}
    assert (infra, topic_attribute, "an SNS topic") in listed
    assert any(r == dist and what == "AMI sharing with a KMS key" for r, _, what in listed)
    assert not any("redrive" in r for r, _, _ in listed)  # a queue's own policy configures it, it does not produce
    data = report_to_dict(report)
    assert {n["resource"] for n in data["coverage"]["not_replayed"]} == {infra, dist}
    rendered = [render_text_plain(report), render_markdown(report), render_html(report),
                json.dumps(report_to_sarif(report))]
    assert [infra in out and "not replayed" in out for out in rendered] == [True] * 4


def test_real_input_errors_stay_findings(tmp_path: Path) -> None:
    report = _scan(_write(tmp_path, {"main.tf": 'resource "aws_kms_key" "k" {\n  description = \n}\n'}))
    assert [f.rule_id for f in report.findings if f.category == "parse-error"] == ["PARSE001"]
    assert report.coverage.notices == []


def test_cli_fail_on_low_passes_valid_code_with_a_remote_module(tmp_path: Path) -> None:
    _write(tmp_path, {"main.tf": REMOTE})
    result = CliRunner().invoke(main, ["plan", str(tmp_path), "--no-cache", "--fail-on", "low"])
    assert result.exit_code == 0, result.output
    assert "module-not-downloaded" in result.output and "terraform init" in result.output


# ---------------------------------------------------------------- unknown flows, --fail-on-unknown


def _unknown_flow(kind: str, reason: str) -> FlowResult:
    return FlowResult(kind=kind, name=f"{kind} flow", verdict="unknown",
                      steps=(FlowStep("p", "kms:Decrypt", "k", "allowed", "ok"),
                             FlowStep("p", "kms:Encrypt", "k", "unknown", reason)))


def test_unknown_reasons_are_classified_with_how_to_supply() -> None:
    flows = [_unknown_flow("key-rotation", "the deployer is not known, so whether it may enable rotation is unknown"),
             _unknown_flow("key-rotation", "who deploys is not known: the deployer is not named"),
             _unknown_flow("ssm-secure-string", 'variable "key" has no value: no default'),
             FlowResult(kind="ssm-secure-string", name="ok", verdict="pass")]
    cov = build_coverage([], flows, {})
    assert [(r.kind, r.count) for r in cov.unknown_reasons] == [("deployer", 2), ("variable", 1)]
    assert cov.unknown_flows == cov.unknown_key_flows == 3
    assert cov.summary_line == ("3 flows unknown: 2 × the deployer is not known (set deployer: in .iacsim.yml), "
                                "1 × a Terraform variable has no value (give it with --var NAME=VALUE or --var-file)")


@pytest.mark.parametrize(("reason", "kind"), [
    ("remote module \"kms\" (x/y) not downloaded (run terraform init to include it)", "remote-module"),
    ("parameter Env has no default and no value was given (--cfn-param Env=… or a parameters file)", "cfn-parameter"),
    ("data source aws_vpc is not resolved statically (it reads live infrastructure)", "data-source"),
    ("key alias/x is not defined in the scan, so its key policy cannot be checked", "not-in-scan"),
    ("the key policy is not known statically", "not-static"),
    ("something else entirely", "other"),
])
def test_classify(reason: str, kind: str) -> None:
    assert classify(reason) == kind


UNKNOWN_KEY = ('data "aws_kms_key" "k" {\n  key_id = "alias/elsewhere"\n}\n'
               'resource "aws_ssm_parameter" "p" {\n  name   = "/p"\n  type   = "SecureString"\n'
               '  value  = "v"\n  key_id = data.aws_kms_key.k.arn\n}\n')


def test_fail_on_unknown_exit_codes(tmp_path: Path) -> None:
    _write(tmp_path, {"main.tf": UNKNOWN_KEY})
    runner = CliRunner()
    base = ["plan", str(tmp_path), "--no-cache", "--fail-on", "none"]
    plain = runner.invoke(main, base)
    assert plain.exit_code == 0, plain.output
    assert "flows unknown" in plain.output or "flow unknown" in plain.output
    strict = runner.invoke(main, [*base, "--fail-on-unknown"])
    assert strict.exit_code == 1, strict.output
    (tmp_path / ".iacsim.yml").write_text("fail_on_unknown: true\n")
    assert runner.invoke(main, base).exit_code == 1
    assert runner.invoke(main, [*base, "--no-fail-on-unknown"]).exit_code == 0


def test_fail_on_unknown_does_not_fail_without_unknown_flows(remote: Report, tmp_path: Path) -> None:
    _write(tmp_path, {"main.tf": REMOTE})
    result = CliRunner().invoke(main, ["plan", str(tmp_path), "--no-cache", "--fail-on-unknown"])
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- module-call location


def test_finding_inside_nested_modules_names_each_call_and_argument(nested: Report) -> None:
    (finding,) = [f for f in nested.findings if f.rule_id == "KMS202"]
    assert finding.file == "modules/key/main.tf" and finding.line == 3
    assert [(c.module, c.file, c.line, c.argument) for c in finding.module_calls] == [
        ("module.outer", "main.tf", 3, "rotation"),
        ("module.outer.module.key", "modules/wrap/main.tf", 4, "rotate"),
    ]


def test_module_call_suppression_covers_the_module(tmp_path: Path) -> None:
    files = dict(NESTED)
    files["main.tf"] = "# iacsim:ignore KMS202 rotation is handled by the key owner\n" + files["main.tf"]
    report = _scan(_write(tmp_path, files))
    (finding,) = [f for f in report.findings if f.rule_id == "KMS202"]
    assert finding.suppressed


def test_fingerprint_ignores_module_calls(nested: Report) -> None:
    import dataclasses

    from iacsim.report.fingerprint import fingerprint

    f = next(f for f in nested.findings if f.module_calls)
    assert fingerprint(f) == fingerprint(dataclasses.replace(f, module_calls=()))


# ---------------------------------------------------------------- renderers


def test_json(remote: Report, nested: Report) -> None:
    cov = report_to_dict(remote)["coverage"]
    assert cov["notices_by_code"] == {"module-not-downloaded": 1}
    assert cov["notices"][0]["what_to_do"].startswith("run terraform init")
    assert report_to_dict(remote)["findings"] == []
    finding = next(f for f in report_to_dict(nested)["findings"] if f["rule_id"] == "KMS202")
    assert finding["module_calls"][0] == {"module": "module.outer", "file": "main.tf", "line": 3,
                                          "argument": "rotation"}
    assert all("module_calls" not in f for f in report_to_dict(remote)["findings"])


def test_sarif_notices_are_notifications_not_results(remote: Report, nested: Report) -> None:
    run = report_to_sarif(remote)["runs"][0]
    assert run["results"] == []
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "module-not-downloaded"
    assert note["associatedRule"]["id"] == "PARSE003"
    assert "terraform init" in note["message"]["text"]
    result = next(r for r in report_to_sarif(nested)["runs"][0]["results"] if r["ruleId"] == "KMS202")
    related = result["relatedLocations"]
    assert [r["physicalLocation"]["artifactLocation"]["uri"] for r in related] == ["main.tf", "modules/wrap/main.tf"]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 3
    assert "argument rotation" in related[0]["message"]["text"]


def test_sarif_without_notices_has_no_invocations(nested: Report) -> None:
    assert "invocations" not in report_to_sarif(nested)["runs"][0]


def test_text(remote: Report, nested: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(nested.root)  # the terminal shows paths relative to the current directory
    console = Console(record=True, width=200)
    render_text(remote, console)
    out = console.export_text()
    assert "Coverage" in out and "1 × module-not-downloaded: run terraform init" in out
    assert "Findings" not in out
    console = Console(record=True, width=200)
    render_text(nested, console)
    assert "via module.outer at main.tf:3 (argument rotation)" in console.export_text()


def test_markdown(remote: Report, nested: Report) -> None:
    md = render_markdown(remote)
    assert "Coverage: 1 notices" in md and "`module-not-downloaded`" in md and "run terraform init" in md
    assert "### Findings" not in md
    assert "via `main.tf:3` (rotation)" in render_markdown(nested)


def test_markdown_and_text_summary_line(tmp_path: Path) -> None:
    report = _scan(_write(tmp_path, {"main.tf": UNKNOWN_KEY}), "none")
    assert report.coverage.summary_line.startswith(f"{report.coverage.unknown_flows} flow")
    assert report.coverage.summary_line in render_markdown(report).replace("\\", "")
    console = Console(record=True, width=300)
    render_text(report, console)
    assert report.coverage.summary_line in console.export_text()


def test_html(remote: Report, nested: Report) -> None:
    page = render_html(remote)
    assert 'id="coverage"' in page and "module-not-downloaded" in page and "run terraform init" in page
    assert "argument <code>rotation</code>" in render_html(nested)


def test_report_validates_against_schema(remote: Report, nested: Report) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parents[2] / "iacsim" / "schemas" / "report.schema.json").read_text())
    for report in (remote, nested):
        jsonschema.validate(report_to_dict(report), schema)


def test_config_fail_on_unknown_is_a_boolean() -> None:
    from iacsim.config import ConfigError, parse_config

    assert parse_config({"fail_on_unknown": True}, "t").fail_on_unknown is True
    assert parse_config({}, "t").fail_on_unknown is None
    with pytest.raises(ConfigError, match="fail_on_unknown"):
        parse_config({"fail_on_unknown": "yes"}, "t")
