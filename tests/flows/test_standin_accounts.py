"""A stand-in account is never compared with an account written in the code as if it were known (issue 13 §1).

When no account is configured the replay places the code in the stand-in account 111111111111. A key whose
policy names only ``arn:aws:iam::222222222222:root`` then sits in the stand-in: the account it will really
live in may well be 222222222222, so the database's use of the key is ``unknown`` (naming the stand-in and how
to give the account), never denied. Given that account (``--account-id 222222222222``) the replay allows;
given another (``--account-id 333333333333``) it denies, as AWS would. The plan form has its account from the
provider's credentials, so it cannot express a stand-in the same way (tests/test_equivalence.py covers plans).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iacsim.config import parse_config
from iacsim.findings import FlowResult
from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.data import Report

OTHER_ACCOUNT_ONLY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ' \
                     '"Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "kms:*", "Resource": "*"}]}'

TERRAFORM = f"""
resource "aws_kms_key" "db" {{
  policy = <<POLICY
{OTHER_ACCOUNT_ONLY}
POLICY
}}
resource "aws_db_instance" "db" {{
  identifier        = "orders"
  engine            = "postgres"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.db.arn
}}
"""

CLOUDFORMATION = f"""
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {OTHER_ACCOUNT_ONLY}
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      StorageEncrypted: true
      KmsKeyId: !GetAtt Key.Arn
"""

FORMS = {"terraform": ("main.tf", TERRAFORM, "aws_db_instance.db", "allowed_account_ids"),
         "cloudformation": ("template.yaml", CLOUDFORMATION, "template.yaml#Resources/Database", "stacks:")}


def _scan(root: Path, form: str, account_id: str | None) -> tuple[Report, str]:
    name, text, address, _ = FORMS[form]
    (root / name).write_text(text)
    options = LoadOptions(config=parse_config(None, "test"), use_cache=False, account_id=account_id)
    report, _world, _loaded = scan([root], options, "none")
    return report, address


def _flow(report: Report, address: str) -> FlowResult:
    (flow,) = [f for f in report.flows if address in f.name]
    return flow


@pytest.mark.parametrize("form", FORMS)
def test_a_key_naming_another_account_in_the_stand_in_account_is_unknown_not_denied(tmp_path: Path, form: str):
    report, address = _scan(tmp_path, form, None)
    flow = _flow(report, address)
    assert flow.verdict == "unknown", flow.steps
    assert not [f for f in report.findings if f.rule_id == "RDS101"]
    (step,) = [s for s in flow.steps if s.decision != "allowed"]
    assert step.decision == "unknown" and "may kms:DescribeKey" in step.reason  # the database's key check
    assert "account 111111111111 is a stand-in" in step.reason and "had it been 222222222222" in step.reason
    assert "--account-id" in step.reason and FORMS[form][3] in step.reason
    assert "which account" in step.reason  # the coverage section classifies it as an unknown account


@pytest.mark.parametrize("form", FORMS)
def test_given_the_account_the_key_policy_names_the_replay_allows(tmp_path: Path, form: str):
    report, address = _scan(tmp_path, form, "222222222222")
    assert _flow(report, address).verdict == "pass"


@pytest.mark.parametrize("form", FORMS)
def test_given_another_account_the_replay_denies(tmp_path: Path, form: str):
    report, address = _scan(tmp_path, form, "333333333333")
    flow = _flow(report, address)
    assert flow.verdict == "fail"
    assert [f.resource for f in report.findings if f.rule_id == "RDS101"] == [address]
    denied = [s for s in flow.steps if s.decision == "denied"]
    assert denied and "AccessDenied" in denied[0].reason and "stand-in" not in denied[0].reason


def test_the_coverage_section_says_an_account_is_not_known(tmp_path: Path):
    report, _address = _scan(tmp_path, "terraform", None)
    assert [u.kind for u in report.coverage.unknown_reasons] == ["account"]
