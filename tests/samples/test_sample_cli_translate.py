"""`iacsim translate` on the samples prints the same model the pipeline builds, with the
samples' apply-time inputs given on the command line (`--var`, `--var-file`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_pipeline import PAYMENTS_KEY_MATERIAL, SAMPLE_VAR_FILES, SAMPLES, SECURE_VALUES, load_sample


def _translate(*args: str) -> dict[str, object]:
    from iacsim.cli import main

    result = CliRunner().invoke(main, ["translate", *args, "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert PAYMENTS_KEY_MATERIAL not in result.output
    for secret in SECURE_VALUES.values():
        assert secret not in result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


def test_translate_with_var_matches_the_pipeline() -> None:
    from iacsim.model import world_to_json

    data = _translate(str(SAMPLES / "imported-key"), "--var", f"payments_key_material={PAYMENTS_KEY_MATERIAL}")
    assert data == world_to_json(load_sample("imported-key").world)


def test_translate_with_var_file_matches_the_pipeline(tmp_path: Path) -> None:
    from iacsim.model import world_to_json

    var_file = tmp_path / "secrets.tfvars"
    var_file.write_text(SAMPLE_VAR_FILES["ssm-parameters"], encoding="utf-8")
    data = _translate(str(SAMPLES / "ssm-parameters"), "--var-file", str(var_file))
    assert data == world_to_json(load_sample("ssm-parameters").world)


@pytest.mark.parametrize("root", ["multi-region-key-broken", "s3-replication", "ami-sharing-broken"])
def test_translate_without_inputs_matches_the_pipeline(root: str) -> None:
    from iacsim.model import world_to_json

    assert _translate(str(SAMPLES / root)) == world_to_json(load_sample(root).world)
