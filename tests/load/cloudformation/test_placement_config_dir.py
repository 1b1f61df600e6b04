"""``stacks[].template`` globs are relative to the .iacsim.yml that holds them, whatever path is scanned."""

from __future__ import annotations

from pathlib import Path

from iacsim.config import load_config
from iacsim.load import LoadOptions, load_paths

TEMPLATE = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n"


def test_a_config_given_for_a_parent_directory_places_templates_below_it(tmp_path: Path) -> None:
    (tmp_path / "stacks" / "prod").mkdir(parents=True)
    (tmp_path / "stacks" / "prod" / "kms.yaml").write_text(TEMPLATE)
    config = tmp_path / "stacks" / ".iacsim.yml"
    config.write_text('stacks:\n  - {template: prod/kms.yaml, account: "444455556666", regions: [eu-west-1]}\n')
    loaded = load_paths([tmp_path / "stacks" / "prod"], LoadOptions(config=load_config(config), use_cache=False))
    (key,) = [r for r in loaded.result.resources if r.type == "AWS::KMS::Key"]
    assert (key.placement.account, key.placement.region) == ("444455556666", "eu-west-1")
