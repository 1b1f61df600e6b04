"""The model JSON (`iacsim translate` output, the report's `model` section) of every sample:
valid against the documented schema, mirrors the World, free of secret values, and — for
the samples given their apply-time inputs — free of unknowns: every value is decided."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from sample_pipeline import PAYMENTS_KEY_MATERIAL, SCENARIOS, SECURE_VALUES, load_sample

ROOTS = tuple(name for s in SCENARIOS for name in (s, f"{s}-broken"))
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "model-schema.json"


@functools.cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


_ASSIGNED_BY_AWS = (".arn", ".volume_id", ".template_id", ".instance_id", ".snapshot_id")
"""Identifiers AWS assigns at creation (a volume's id, a launch template's id, a secret's ARN suffix): the
code cannot state them, so they are the one thing a sample may leave known only after apply."""


def _unknowns(value: object, path: str = "$") -> list[str]:
    if isinstance(value, dict):
        if set(value) == {"unknown", "ref"}:
            if path.endswith(_ASSIGNED_BY_AWS) and value["unknown"] == "known after apply":
                return []
            if value["ref"] and value["unknown"] == "known after apply":
                return []  # another scanned resource's id: the model knows which object it names
            return [f"{path}: {value['unknown']}"]
        return [u for k, v in value.items() for u in _unknowns(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [u for i, v in enumerate(value) for u in _unknowns(v, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize("root", ROOTS)
def test_loads_without_any_diagnostic(root: str) -> None:
    # Every defect is one AWS or a replayed flow would catch, never unreadable or unresolvable input.
    loaded = load_sample(root)
    assert loaded.result.diagnostics == []
    assert loaded.result.assumptions == []  # every account and region is stated in the code
    assert loaded.world.diagnostics == ()
    assert loaded.world.unmodelled == ()


@pytest.mark.parametrize("root", ROOTS)
def test_model_json_is_valid_and_fully_resolved(root: str) -> None:
    from iacsim.model import world_to_json

    loaded = load_sample(root)
    data = world_to_json(loaded.world)
    text = json.dumps(data)  # strict: no default=, so every value is plain JSON
    if SCHEMA.exists():
        errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
        assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    for secret in (PAYMENTS_KEY_MATERIAL, *SECURE_VALUES.values()):
        assert secret not in text
    assert _unknowns(data) == []


@pytest.mark.parametrize("root", ROOTS)
def test_model_json_mirrors_the_world(root: str) -> None:
    from iacsim.model import world_to_json

    loaded = load_sample(root)
    data = world_to_json(loaded.world)
    seen = 0
    for account_id, account in loaded.world.accounts.items():
        for region_name, region in account.regions.items():
            for i, key in enumerate(region.keys):
                entry = data["accounts"][account_id]["regions"][region_name]["keys"][i]
                assert (entry["kind"], entry["address"], entry["arn"], entry["key_id"]) == (
                    "KmsKey", key.address, key.arn, key.key_id)
                if key.policy is not None:
                    assert entry["policy"]["document"] == key.policy.document
                else:
                    assert entry["policy"] is None  # the default key policy applies
                seen += 1
    assert seen >= 1
