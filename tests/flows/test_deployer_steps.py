"""Steps made as the deployer, and what later steps depend on (issue 13: honest verdicts).

A write made as whoever deploys is replayed as the deployer: a known one is itself (policy decides), an unknown
one is played by the account root, whose refusal is ``unknown`` when the real deployer might escape it. A
reader's step depends only on the object existing (``after=()``): the replay makes it anyway when the write is
``unknown``, so a reader lacking ``kms:Decrypt`` still fails. Terraform, CloudFormation and plan JSON forms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iacsim.config import parse_config
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.steps import verdict
from iacsim.load import LoadOptions
from iacsim.model.deployer import DEPLOYER_UNKNOWN
from iacsim.pipeline import scan
from iacsim.report.data import Report
from iacsim.report.json_format import render_json

ACCOUNT = "111122223333"
TERRAFORM = f"arn:aws:iam::{ACCOUNT}:role/terraform"


def _step(decision: str, after: tuple[int, ...] | None = None) -> FlowStep:
    return FlowStep("p", "a", "r", decision, "why", after=after)


def test_a_denial_is_unknown_only_when_it_depends_on_an_unknown_step() -> None:
    assert verdict([_step("unknown"), _step("denied")]) == "unknown"  # None: every earlier step
    assert verdict([_step("unknown"), _step("denied", after=())]) == "fail"
    assert verdict([_step("unknown"), _step("allowed", after=()), _step("denied", after=(1,))]) == "fail"
    assert verdict([_step("unknown"), _step("allowed"), _step("denied", after=(1,))]) == "unknown"  # transitively
    assert verdict([_step("unknown"), _step("allowed", after=())]) == "unknown"
    assert verdict([_step("allowed"), _step("error", after=())]) == "fail"
    assert verdict([_step("allowed"), _step("allowed")]) == "pass"


def _key_policy(*admins: str, reader: bool = True) -> dict[str, Any]:
    statements: list[dict[str, Any]] = [{"Sid": "Deploy", "Effect": "Allow", "Principal": {"AWS": list(admins)},
                                         "Action": "kms:*", "Resource": "*"}]
    if reader:
        statements.append({"Sid": "Readers", "Effect": "Allow",
                           "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/reader"},
                           "Action": "kms:Decrypt", "Resource": "*"})
    return {"Version": "2012-10-17", "Statement": statements}


READER_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["ssm:GetParameter", "kms:Decrypt"], "Resource": "*"}]}
TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def _terraform(policy: dict[str, Any], provider: str = "") -> str:
    return f'''provider "aws" {{
  region              = "eu-west-1"
  allowed_account_ids = ["{ACCOUNT}"]
{provider}}}

resource "aws_kms_key" "app" {{
  policy = {json.dumps(json.dumps(policy))}
}}

resource "aws_ssm_parameter" "db" {{
  name   = "/app/db"
  type   = "SecureString"
  value  = "x"
  key_id = aws_kms_key.app.arn
}}

resource "aws_iam_role" "reader" {{
  name               = "reader"
  assume_role_policy = {json.dumps(json.dumps(TRUST))}
  inline_policy {{
    name   = "read"
    policy = {json.dumps(json.dumps(READER_POLICY))}
  }}
}}
'''


def _scan(tmp_path: Path, files: dict[str, str], config: dict[str, Any] | None = None) -> Report:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    report, _, _ = scan([tmp_path], LoadOptions(config=parse_config(config or {}, "test"), use_cache=False), "none")
    return report


def _ssm(report: Report) -> tuple[FlowResult, list[str]]:
    (flow,) = [f for f in report.flows if f.kind == "ssm-secure-string"]
    return flow, sorted(f"{f.rule_id} {f.resource}" for f in report.findings if f.category == "broken-flow")


def test_a_known_deployer_the_key_policy_admits_by_name_writes(tmp_path: Path) -> None:
    assume = f'  assume_role {{ role_arn = "{TERRAFORM}" }}\n'
    flow, broken = _ssm(_scan(tmp_path, {"main.tf": _terraform(_key_policy(TERRAFORM), assume)}))
    assert flow.verdict == "pass" and broken == []
    write, read = flow.steps
    assert (write.principal, write.action, write.decision) == (TERRAFORM, "ssm:PutParameter", "allowed")
    assert read.principal.endswith(":role/reader") and read.decision == "allowed" and read.after == ()


def test_a_known_deployer_the_key_policy_does_not_admit_fails_with_the_trace(tmp_path: Path) -> None:
    ci = f"arn:aws:iam::{ACCOUNT}:role/ci"
    flow, broken = _ssm(_scan(tmp_path, {"main.tf": _terraform(_key_policy(TERRAFORM))}, {"deployer": ci}))
    assert flow.verdict == "fail" and broken == ["SSM102 aws_ssm_parameter.db"]
    (write,) = flow.steps
    assert (write.principal, write.decision) == (ci, "denied")
    assert "kms:" in write.reason and ci in write.reason


def test_an_unknown_deployer_refused_by_a_policy_naming_a_role_is_unknown_with_the_reason(tmp_path: Path) -> None:
    flow, broken = _ssm(_scan(tmp_path, {"main.tf": _terraform(_key_policy(TERRAFORM))}))
    assert flow.verdict == "unknown" and broken == []
    write, read = flow.steps
    assert (write.principal, write.decision) == (f"arn:aws:iam::{ACCOUNT}:root", "unknown")
    assert DEPLOYER_UNKNOWN in write.reason
    # the parameter was made anyway, outside the trail: the reader's step was replayed against it
    assert read.decision == "allowed" and read.after == ()


def test_an_unknown_deployer_passes_what_the_key_policy_grants_the_account_saying_so(tmp_path: Path) -> None:
    root = f"arn:aws:iam::{ACCOUNT}:root"
    flow, broken = _ssm(_scan(tmp_path, {"main.tf": _terraform(_key_policy(root))}))
    assert flow.verdict == "pass" and broken == []
    assert flow.steps[0].decision == "allowed" and "as every AWS guide assumes" in flow.steps[0].reason


def test_a_reader_lacking_decrypt_fails_even_when_the_write_is_unknown(tmp_path: Path) -> None:
    flow, broken = _ssm(_scan(tmp_path, {"main.tf": _terraform(_key_policy(TERRAFORM, reader=False))}))
    assert flow.verdict == "fail" and broken == ["SSM101 aws_ssm_parameter.db"]
    write, read = flow.steps
    assert write.decision == "unknown" and read.decision == "denied" and read.after == ()
    assert "kms:Decrypt" in read.reason
    data = json.loads(render_json(_scan(tmp_path, {})))
    (steps,) = [f["steps"] for f in data["flows"] if f["kind"] == "ssm-secure-string"]
    assert "after" not in steps[0] and steps[1]["after"] == []  # the JSON says what the read depends on


def test_a_key_policy_granting_no_one_but_the_account_a_part_fails_an_unknown_deployer(tmp_path: Path) -> None:
    # No deployer can escape it: the account may only describe the key, and nobody else is named.
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": ["kms:Describe*", "kms:PutKeyPolicy"], "Resource": "*"}]}
    flow, broken = _ssm(_scan(tmp_path, {"main.tf": _terraform(policy)}))
    assert flow.verdict == "fail" and broken == ["SSM102 aws_ssm_parameter.db"]


TEMPLATE = f"""Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - {{ Effect: Allow, Principal: {{ AWS: "{TERRAFORM}" }}, Action: "kms:*", Resource: "*" }}
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties: {{ Name: app/db, KmsKeyId: !Ref Key, SecretString: x }}
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      StorageEncrypted: true
      MasterUserPassword: "{{{{resolve:secretsmanager:app/db}}}}"
"""


def test_cloudformation_the_stack_deployer_resolves_a_reference_or_it_is_unknown(tmp_path: Path) -> None:
    # CloudFormation cannot create a SecureString parameter: the form is a dynamic reference to a secret, whose
    # creation and resolution are both the deployer's.
    config = {"account_id": ACCOUNT, "region": "eu-west-1"}

    def resolve(report: Report) -> FlowResult:
        (flow,) = [f for f in report.flows if f.kind == "code-secret"]
        return flow

    flow = resolve(_scan(tmp_path, {"stack.yaml": TEMPLATE}, {**config, "deployer": TERRAFORM}))
    assert flow.verdict == "pass" and {s.principal for s in flow.steps} == {TERRAFORM}
    flow = resolve(_scan(tmp_path, {}, config))
    assert flow.verdict == "unknown" and [s.decision for s in flow.steps] == ["unknown", "unknown"]
    assert DEPLOYER_UNKNOWN in flow.steps[-1].reason and flow.steps[-1].after == ()
    flow = resolve(_scan(tmp_path, {}, {**config, "deployer": f"arn:aws:iam::{ACCOUNT}:role/ci"}))
    # the write is refused (the secrets-manager flow fails it); whether ci could read it is not known
    assert flow.verdict == "unknown" and "could not be created in the simulation" in flow.steps[-1].reason


def _plan(policy: dict[str, Any]) -> str:
    resources: list[tuple[str, str, dict[str, Any], dict[str, Any], dict[str, Any]]] = [
        ("aws_kms_key", "app", {"policy": json.dumps(policy)}, {"arn": True, "id": True, "key_id": True}, {}),
        ("aws_ssm_parameter", "db", {"name": "/app/db", "type": "SecureString", "value": "x"},
         {"arn": True, "id": True, "key_id": True},
         {"key_id": {"references": ["aws_kms_key.app.arn", "aws_kms_key.app"]}}),
        ("aws_iam_role", "reader", {"name": "reader", "assume_role_policy": json.dumps(TRUST),
                                    "inline_policy": [{"name": "read", "policy": json.dumps(READER_POLICY)}]},
         {"arn": True, "id": True}, {}),
    ]
    planned, changes, config = [], [], []
    for rtype, name, values, unknown, expressions in resources:
        address = f"{rtype}.{name}"
        common = {"address": address, "mode": "managed", "type": rtype, "name": name,
                  "provider_name": "registry.terraform.io/hashicorp/aws"}
        planned.append({**common, "values": values})
        changes.append({**common, "change": {"actions": ["create"], "before": None, "after": values,
                                             "after_unknown": unknown}})
        config.append({"address": address, "mode": "managed", "type": rtype, "name": name,
                       "provider_config_key": "aws", "expressions": expressions})
    return json.dumps({
        "format_version": "1.2", "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": planned}}, "resource_changes": changes,
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
            "region": {"constant_value": "eu-west-1"}, "allowed_account_ids": {"constant_value": [ACCOUNT]}}}},
            "root_module": {"resources": config}}})


def test_plan_form_unknown_deployer_and_a_reader_without_decrypt(tmp_path: Path) -> None:
    flow, broken = _ssm(_scan(tmp_path, {"plan.json": _plan(_key_policy(TERRAFORM, reader=False))}))
    assert flow.verdict == "fail" and broken == ["SSM101 aws_ssm_parameter.db"]
    assert [s.decision for s in flow.steps] == ["unknown", "denied"]
    flow, broken = _ssm(_scan(tmp_path, {"plan.json": _plan(_key_policy(TERRAFORM))}, {"deployer": TERRAFORM}))
    assert flow.verdict == "pass" and flow.steps[0].principal == TERRAFORM
