"""Monthly cost: keys, replicas, rotations, requests beyond the free tier, SSM Advanced parameters."""

from pathlib import Path

import pytest

from iacsim.cost import UsageError, estimate_cost, load_usage
from iacsim.cost.usage import parse_usage
from iacsim.load import LoadOptions, load_paths
from iacsim.model import build_world

KEYS = '''
provider "aws" {
  region = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_kms_key" "plain" {}
resource "aws_kms_key" "rotating" {
  multi_region            = true
  enable_key_rotation     = true
  rotation_period_in_days = 180
}
resource "aws_kms_replica_key" "eu" {
  provider        = aws.eu
  primary_key_arn = aws_kms_key.rotating.arn
}
resource "aws_kms_key" "signing" {
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}
resource "aws_ssm_parameter" "std" {
  name  = "/a"
  type  = "String"
  value = "x"
}
resource "aws_ssm_parameter" "adv" {
  name  = "/b"
  type  = "String"
  tier  = "Advanced"
  value = "x"
}
resource "aws_ssm_parameter" "auto_small" {
  name  = "/c"
  type  = "String"
  tier  = "Intelligent-Tiering"
  value = "x"
}
'''


def _cost(tmp_path: Path, usage: dict | None = None) -> dict:
    (tmp_path / "main.tf").write_text(KEYS)
    world = build_world(load_paths([tmp_path], LoadOptions(use_cache=False)).result.resources)
    return estimate_cost(world, parse_usage(usage, "usage.yml") if usage else None)


def _by_address(cost: dict) -> dict[str, dict]:
    return {r["address"]: r for r in cost["resources"]}


def test_every_customer_managed_key_and_replica_costs_a_dollar(tmp_path: Path) -> None:
    cost = _cost(tmp_path)
    rows = _by_address(cost)
    assert {a: r["monthly"] for a, r in rows.items()} == {
        "aws_kms_key.plain": 1.0, "aws_kms_key.rotating": 1.0, "aws_kms_replica_key.eu": 1.0,
        "aws_kms_key.signing": 1.0, "aws_ssm_parameter.adv": 0.05}
    assert cost["monthly_total"] == 4.05
    assert {(r["account"], r["region"]): r["monthly"] for r in cost["by_account_region"]} == {
        ("111122223333", "eu-west-1"): 1.0, ("111122223333", "us-east-1"): 3.05}


def test_rotation_adds_a_dollar_for_each_of_the_first_two_rotations(tmp_path: Path) -> None:
    rows = _by_address(_cost(tmp_path))
    assert rows["aws_kms_key.rotating"]["monthly_after_rotations"] == 3.0
    assert rows["aws_kms_replica_key.eu"]["monthly_after_rotations"] == 3.0  # replicas share the rotation
    assert rows["aws_kms_key.plain"]["monthly_after_rotations"] == 1.0
    cost = _cost(tmp_path)
    # first year of the 180-day key: 12 + 12·(365−180)/365 + 12·(365−360)/365
    first_year_rotating = 12 + 12 * 185 / 365 + 12 * 5 / 365
    assert cost["first_year_total"] == round(first_year_rotating * 2 + 12 + 12 + 0.6, 2)


def test_requests_are_charged_after_the_accounts_free_tier(tmp_path: Path) -> None:
    cost = _cost(tmp_path, {"resource_usage": {"aws_kms_key.plain": {"monthly_requests": 1_020_000},
                                               "aws_kms_key.signing": {"monthly_requests": 20_000}}})
    rows = _by_address(cost)
    # 1,040,000 requests in the account: the 20,000 free ones are shared pro rata
    plain_billable = 1_020_000 - 20_000 * 1_020_000 / 1_040_000
    signing_billable = 20_000 - 20_000 * 20_000 / 1_040_000
    assert rows["aws_kms_key.plain"]["monthly"] == round(1 + plain_billable / 10_000 * 0.03, 2)
    assert rows["aws_kms_key.signing"]["monthly"] == round(1 + signing_billable / 10_000 * 0.15, 2)


def test_usage_globs_and_ssm_api_interactions(tmp_path: Path) -> None:
    cost = _cost(tmp_path, {"resource_usage": {"aws_ssm_parameter.*": {"monthly_api_interactions": 100_000}}})
    rows = _by_address(cost)
    assert rows["aws_ssm_parameter.adv"]["monthly"] == round(0.05 + 10 * 0.05, 2)
    assert "aws_ssm_parameter.std" not in rows  # Standard parameters are free
    assert "aws_ssm_parameter.auto_small" not in rows  # Intelligent-Tiering stays Standard when it can
    assert any("unconfirmed" in a for a in cost["assumptions"])


@pytest.mark.parametrize(("data", "message"), [
    ({"resource_usage": {"aws_kms_key.a": {"monthly_requsts": 1}}}, "resource_usage.aws_kms_key.a.monthly_requsts: unknown key"),
    ({"resource_usage": {"aws_kms_key.a": {"monthly_requests": -1}}}, "expected a non-negative whole number"),
    ({"version": 2}, "only version 1"),
    ({"usage": {}}, "usage: unknown key"),
])
def test_bad_usage_files_name_the_key(data: object, message: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_usage(data, "iacsim-usage.yml")
    assert message in str(exc.value)


def test_invalid_usage_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "iacsim-usage.yml"
    path.write_text("resource_usage:\n  a: [oops\n")
    with pytest.raises(UsageError) as exc:
        load_usage(path)
    assert f"{path}:" in str(exc.value) and "invalid YAML" in str(exc.value)


SECRETS = """
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_secretsmanager_secret" "db" {
  name = "prod/db"
  replica {
    region = "eu-west-1"
  }
  replica {
    region = "ap-southeast-2"
  }
}
resource "aws_secretsmanager_secret" "api" {
  name = "prod/api"
}
"""


def test_each_secret_and_each_replica_costs_forty_cents_plus_api_calls(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(SECRETS)
    world = build_world(load_paths([tmp_path], LoadOptions(use_cache=False)).result.resources)
    usage = parse_usage({"resource_usage": {"aws_secretsmanager_secret.api": {"monthly_api_interactions": 200_000}}},
                        "usage.yml")
    rows = _by_address(estimate_cost(world, usage))
    assert rows["aws_secretsmanager_secret.db"]["monthly"] == round(3 * 0.40, 2)
    assert [i["name"] for i in rows["aws_secretsmanager_secret.db"]["items"]] == [
        "secret", "replica in eu-west-1", "replica in ap-southeast-2"]
    assert rows["aws_secretsmanager_secret.api"]["monthly"] == round(0.40 + 20 * 0.05, 2)
