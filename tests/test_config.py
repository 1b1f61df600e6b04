"""`.iacsim.yml`: typed values, and errors that name the offending key."""

from pathlib import Path

import pytest

from iacsim.config import ConfigError, find_config, load_config, parse_config


def test_full_config_is_typed() -> None:
    cfg = parse_config({
        "account_id": "prod",
        "region": "eu-west-1",
        "accounts": {"prod": "123456789012", "shared": "210987654321"},
        "trusted_accounts": ["shared", "111122223333"],
        "stacks": [{"template": "stacks/*.yaml", "account": "prod", "regions": ["us-east-1", "eu-west-1"],
                    "parameters": {"Env": "prod"}}],
        "expect": [{"principal": "aws_iam_role.app", "action": "kms:Decrypt", "resource": "aws_kms_key.db",
                    "allowed": True}],
        "rules": {"KMS003": {"severity": "LOW", "enabled": False}},
        "fail_on": "medium",
    }, ".iacsim.yml")
    assert cfg.account_id == "123456789012"
    assert cfg.trusted_accounts == ("210987654321", "111122223333")
    assert cfg.stacks[0].account == "123456789012"
    assert cfg.stacks[0].regions == ("us-east-1", "eu-west-1")
    assert cfg.stacks[0].parameters == {"Env": "prod"}
    assert cfg.expect[0].allowed is True and cfg.expect[0].action == "kms:Decrypt"
    assert cfg.rules["KMS003"].severity == "low" and cfg.rules["KMS003"].enabled is False
    assert cfg.fail_on == "medium"
    assert cfg.resolve_account("shared") == "210987654321"


def test_empty_file_is_default_config() -> None:
    assert parse_config(None, "x").stacks == ()


@pytest.mark.parametrize(("data", "message"), [
    ({"acounts": {}}, ": acounts: unknown key"),
    ({"accounts": {"prod": "12345"}}, "accounts.prod: '12345' is not a 12-digit account id"),
    ({"stacks": [{"account": "123456789012"}]}, "stacks[0]: missing `template`"),
    ({"stacks": [{"template": "a.yaml", "regions": ["mars-1"]}]}, "stacks[0].regions: 'mars-1' is not an AWS region"),
    ({"stacks": [{"template": "a.yaml", "account": "nope"}]}, "stacks[0].account: 'nope' is neither"),
    ({"stacks": [{"template": "a.yaml", "colour": "red"}]}, "stacks[0].colour: unknown key"),
    ({"expect": [{"principal": "p", "action": "a", "resource": "r"}]}, "expect[0]: missing `allowed`"),
    ({"expect": [{"principal": "p", "action": "a", "resource": "r", "allowed": "yes"}]},
     "expect[0].allowed: expected true or false"),
    ({"rules": {"KMS001": {"severity": "urgent"}}}, "rules.KMS001.severity: 'urgent' is not one of"),
    ({"rules": {"KMS001": {"enabled": "no"}}}, "rules.KMS001.enabled: expected true or false"),
    ({"fail_on": "severe"}, "fail_on: 'severe' is not one of"),
    ({"worlds": {"prod": []}}, "worlds.prod: expected at least one glob"),
    ({"worlds": {"prod": [{"dir": "x"}]}}, "worlds.prod[0]: expected a string"),
    ({"worlds": 3}, "worlds: expected a list of strings"),
    ({"encryption": {"cmk": ["s3"]}}, "encryption.cmk: unknown key"),
    ({"encryption": {"customer_managed_key": ["s3", "glacier"]}},
     "encryption.customer_managed_key[1]: 'glacier' is not one of s3,"),
    ({"encryption": {"customer_managed_key": [{"s3": True}]}}, "encryption.customer_managed_key[0]: expected a string"),
    (["not", "a", "mapping"], "expected a mapping"),
])
def test_bad_values_name_the_key(data: object, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_config(data, ".iacsim.yml")
    assert message in str(exc.value)
    assert str(exc.value).startswith(".iacsim.yml")


def test_worlds_list_and_mapping_forms() -> None:
    assert parse_config({"worlds": ["examples/*"]}, "c").worlds == ("examples/*",)
    named = parse_config({"worlds": {"prod": ["envs/prod/*", "stacks/prod.yaml"], "dev": "envs/dev"}}, "c")
    assert (named.worlds, dict(named.named_worlds)) == (
        (), {"prod": ("envs/prod/*", "stacks/prod.yaml"), "dev": ("envs/dev",)})


def test_customer_managed_key_services() -> None:
    assert not parse_config(None, "c").requires_customer_managed_key("s3")
    cfg = parse_config({"encryption": {"customer_managed_key": ["s3", "sqs"]}}, "c")
    assert cfg.requires_customer_managed_key("sqs") and not cfg.requires_customer_managed_key("sns")
    assert parse_config({"encryption": {"customer_managed_key": "all"}}, "c").requires_customer_managed_key("efs")


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / ".iacsim.yml"
    cfg.write_text("accounts:\n  prod: [unclosed\n")
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    assert f"{cfg}:" in str(exc.value) and "invalid YAML" in str(exc.value)


def test_find_config_at_scanned_root(tmp_path: Path) -> None:
    assert find_config([tmp_path]) is None
    (tmp_path / ".iacsim.yml").write_text("fail_on: low\n")
    assert find_config([tmp_path]) == tmp_path / ".iacsim.yml"
    assert load_config(tmp_path / ".iacsim.yml").fail_on == "low"
