"""Placement: account and region from provider blocks, module provider maps, v6 resource region, fallbacks."""

from __future__ import annotations

import json
from pathlib import Path

from tf_helpers import by_address, load_dir, load_fixture, write_tree

from iacsim.config import Config
from iacsim.load.resource import DEFAULT_ACCOUNT, DEFAULT_REGION, Placement
from iacsim.values import Unknown


def test_account_from_role_arn_and_region_from_variable_default() -> None:
    key = by_address(load_fixture("basic"))["aws_kms_key.this[0]"]
    assert key.placement == Placement(account="123456789012", region="eu-west-1", provider="aws",
                                      deployer="arn:aws:iam::123456789012:role/deploy")


def test_aliased_provider_uses_allowed_account_ids() -> None:
    key = by_address(load_fixture("basic"))['aws_kms_key.app["api"]']
    assert key.placement == Placement(account="210987654321", region="us-west-2", provider="aws.west")


def test_v6_resource_region_argument_overrides_the_provider_region() -> None:
    param = by_address(load_fixture("basic"))["aws_ssm_parameter.db"]
    assert param.placement.region == "eu-central-1"
    assert param.placement.account == "123456789012"
    assert param.attrs["region"] == "eu-central-1"


def test_no_assumptions_when_the_code_says_everything() -> None:
    assert load_fixture("basic").assumptions == []


def test_module_providers_map_and_default_inheritance() -> None:
    resources = by_address(load_fixture("modules_root"))
    # providers = { aws = aws.dr } → us-west-1, also for the nested module that inherits it.
    assert resources['module.kms["a"].aws_kms_key.this[0]'].placement.region == "us-west-1"
    assert resources['module.kms["a"].aws_kms_key.this[0]'].placement.provider == "aws.dr"
    assert resources['module.kms["b"].module.inner.aws_kms_alias.a'].placement.region == "us-west-1"
    # no providers argument → the caller's default `aws` configuration.
    assert resources["module.single.aws_kms_key.this[0]"].placement.region == "us-east-2"
    assert resources["module.single.module.inner.aws_kms_alias.a"].placement.provider == "aws"


def test_default_account_is_assumed_and_said_so() -> None:
    result = load_fixture("modules_root")
    key = by_address(result)["module.single.aws_kms_key.this[0]"]
    assert key.placement.account == DEFAULT_ACCOUNT
    assert key.placement.account_assumed is True
    assert key.placement.region_assumed is False
    assert ('account 111111111111 assumed for provider aws in root module "." (no assume_role, '
            "allowed_account_ids, --account-id or .iacsim.yml account_id)") in result.assumptions


def test_options_account_and_region_come_before_config_and_defaults(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": 'resource "aws_kms_key" "k" {}\n'})
    config = Config(account_id="222222222222", region="ap-south-1")
    from_config = load_dir(root, config=config).resources[0].placement
    assert (from_config.account, from_config.region, from_config.account_assumed) == ("222222222222", "ap-south-1",
                                                                                        False)
    from_options = load_dir(root, config=config, account_id="333333333333", region="sa-east-1").resources[0].placement
    assert (from_options.account, from_options.region) == ("333333333333", "sa-east-1")
    bare = load_dir(root)
    assert (bare.resources[0].placement.account, bare.resources[0].placement.region) == (DEFAULT_ACCOUNT,
                                                                                          DEFAULT_REGION)
    assert bare.resources[0].placement.region_assumed is True
    assert any(a.startswith(f"region {DEFAULT_REGION} assumed for provider aws") for a in bare.assumptions)


def test_code_beats_options_and_unknown_region_stays_unknown(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
variable "region" {}
provider "aws" {
  region = var.region
  assume_role_with_web_identity {
    role_arn = "arn:aws-cn:iam::444444444444:role/ci"
  }
}
resource "aws_kms_key" "k" {}
"""})
    placement = load_dir(root, account_id="999999999999").resources[0].placement
    assert placement.account == "444444444444"
    assert placement.partition == "aws-cn"
    assert isinstance(placement.region, Unknown)
    assert placement.region.ref == "var.region"
    arn = load_dir(root).resources[0].attrs["arn"]
    assert isinstance(arn, Unknown) and arn.reason.startswith("region unknown")
    with_fallback = load_dir(root, region="cn-north-1")
    assert with_fallback.resources[0].placement.region == "cn-north-1"
    assert any("its region is unknown" in a for a in with_fallback.assumptions)


def test_several_allowed_accounts_pick_the_first_and_say_so(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
provider "aws" {
  region              = "eu-north-1"
  allowed_account_ids = ["555555555555", "444444444444"]
}
resource "aws_kms_key" "k" {}
"""})
    result = load_dir(root)
    assert result.resources[0].placement.account == "444444444444"
    assert any("allows accounts 444444444444, 555555555555" in a for a in result.assumptions)


def test_undeclared_alias_falls_back_to_default_with_warning(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
provider "aws" { region = "eu-west-3" }
resource "aws_kms_key" "k" { provider = aws.nowhere }
"""})
    result = load_dir(root)
    assert result.resources[0].placement.region == "eu-west-3"
    assert [(d.code, d.file, d.line) for d in result.diagnostics] == [("missing-provider", "main.tf", 3)]


def test_provider_block_inside_a_module_is_used_by_its_resources(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf": 'provider "aws" { region = "us-east-2" }\nmodule "legacy" { source = "./legacy" }\n',
        "legacy/main.tf": 'provider "aws" { region = "ca-central-1" }\nresource "aws_kms_key" "k" {}\n',
    })
    key = by_address(load_dir(root))["module.legacy.aws_kms_key.k"]
    assert key.placement.region == "ca-central-1"
    assert key.placement.provider == "module.legacy.aws"


def test_non_aws_resources_do_not_add_placement_assumptions(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": 'resource "random_id" "r" { byte_length = 4 }\n'})
    result = load_dir(root)
    assert [r.address for r in result.resources] == ["random_id.r"]
    assert result.assumptions == []


def test_chained_assume_roles_end_in_the_last_roles_account(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
provider "aws" {
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/hop"
  }
  assume_role {
    role_arn = "arn:aws:iam::444455556666:role/deployer"
  }
}
resource "aws_kms_key" "k" {}
"""})
    assert load_dir(root).resources[0].placement.account == "444455556666"


def test_default_tags_merge_under_resource_tags_into_tags_all(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": """
provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = { Team = "platform", Env = "prod" }
  }
}
resource "aws_kms_key" "k" {
  tags = { Env = "staging" }
}
resource "aws_kms_alias" "a" {
  name          = "alias/a"
  target_key_id = aws_kms_key.k.key_id
}
"""})
    resources = by_address(load_dir(root))
    assert resources["aws_kms_key.k"].attrs["tags_all"] == {"Team": "platform", "Env": "staging"}
    assert resources["aws_kms_key.k"].attrs["tags"] == {"Env": "staging"}
    assert "tags_all" not in resources["aws_kms_alias.a"].attrs  # untaggable (no tags argument)


def test_json_syntax_providers_aliases_and_module_provider_maps(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "main.tf.json": json.dumps({
            "provider": {"aws": [{"region": "us-east-2"},
                                 {"alias": "w", "region": "us-west-2",
                                  "assume_role": {"role_arn": "arn:aws:iam::123456789012:role/x"}}]},
            "module": {"m": {"source": "./m", "providers": {"aws": "aws.w"}}},
            "resource": {"aws_kms_key": {"k": {"provider": "aws.w"}, "d": {}}},
        }),
        "m/main.tf": 'resource "aws_kms_key" "c" {}\n',
    })
    resources = by_address(load_dir(root))
    for address in ("aws_kms_key.k", "module.m.aws_kms_key.c"):
        assert (resources[address].placement.account, resources[address].placement.region) == (
            "123456789012", "us-west-2")
    assert resources["aws_kms_key.d"].placement.region == "us-east-2"
