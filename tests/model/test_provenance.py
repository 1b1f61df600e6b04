"""Provenance: model objects know their input format and the line of each attribute, and a rule that
names a model attribute gets a finding on that attribute's line in every format."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from iacsim.load import LoadOptions, load_paths
from iacsim.load.tfplan import load_plan
from iacsim.model import KmsKey, build_world, world_to_json
from iacsim.model.provenance import NO_PROVENANCE
from iacsim.pipeline import scan
from iacsim.rules import registry
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for

TERRAFORM = """\
resource "aws_kms_key" "app" {
  description = "app"

  deletion_window_in_days = 7
  enable_key_rotation     = false
}
"""

CLOUDFORMATION = """\
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      Description: app
      PendingWindowInDays: 7
      EnableKeyRotation: false
"""

PLAN = {
    "format_version": "1.2",
    "planned_values": {"root_module": {"resources": [{
        "address": "aws_kms_key.app", "mode": "managed", "type": "aws_kms_key", "name": "app",
        "values": {"description": "app", "enable_key_rotation": False},
    }]}},
}


class _RotationOff(Rule):
    """A rule that names the model attribute it finds wrong (test only, never registered)."""

    id: ClassVar[str] = "TEST001"
    name: ClassVar[str] = "rotation-off"
    summary: ClassVar[str] = "rotation is off"
    category: ClassVar[str] = "security"
    severity: ClassVar[str] = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for key in ctx.world.of_type(KmsKey):
            if key.rotation_enabled is False:
                yield Hit(key, "rotation is off", attr="rotation_enabled",
                          fix=fix_for(key, "enable_key_rotation = true", "EnableKeyRotation: true"))


def _findings(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str | None]]:
    monkeypatch.setattr(registry, "all_rules", lambda: (_RotationOff,))
    report, _, _ = scan([root], LoadOptions(use_cache=False), "none")
    return [(f.file, f.line, f.fix) for f in report.findings if f.rule_id == "TEST001"]


def test_terraform_finding_points_at_the_attribute_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM)
    assert _findings(tmp_path, monkeypatch) == [("main.tf", 5, "enable_key_rotation = true")]


def test_cloudformation_finding_points_at_the_property_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kms.yaml").write_text(CLOUDFORMATION)
    assert _findings(tmp_path, monkeypatch) == [("kms.yaml", 7, "EnableKeyRotation: true")]


def test_plan_has_no_attribute_lines_and_falls_back_to_the_resource(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(PLAN, indent=2))
    (key,) = build_world(load_plan(path, "plan.json", PLAN).resources).of_type(KmsKey)
    assert key.provenance.origin == "tfplan" and key.provenance.attr_lines == {}
    assert key.line_of("rotation_enabled") == key.source.line
    # A plan is Terraform: its fixes are written in HCL.
    assert fix_for(key, "hcl", "yaml") == "hcl"


def test_origin_and_lines_of_each_format(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM)
    (tmp_path / "kms.yaml").write_text(CLOUDFORMATION)
    world = build_world(load_paths([tmp_path], LoadOptions(use_cache=False)).result.resources)
    keys = {k.provenance.origin: k for k in world.of_type(KmsKey)}
    assert set(keys) == {"terraform", "cloudformation"}
    assert (keys["terraform"].line_of("deletion_window_days"), keys["cloudformation"].line_of("deletion_window_days")) \
        == (4, 6)
    # Not written (spec), or not a model attribute: the resource line.
    assert keys["terraform"].line_of("spec") == keys["terraform"].source.line == 1
    assert keys["cloudformation"].line_of("no_such_attribute") == keys["cloudformation"].source.line == 2


def test_provenance_is_not_part_of_equality_or_the_model_json(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM)
    world = build_world(load_paths([tmp_path], LoadOptions(use_cache=False)).result.resources)
    text = json.dumps(world_to_json(world))
    assert "provenance" not in text and "enable_key_rotation" not in text
    (key,) = world.of_type(KmsKey)
    assert dataclasses.replace(key, _provenance=NO_PROVENANCE) == key


def test_declared_attribute_names_are_model_fields() -> None:
    from iacsim.model.registry import registered_types, source_names
    from iacsim.model.schema import model_classes

    fields = {f.name for cls in model_classes() for f in dataclasses.fields(cls)}
    wrong = {(t, name) for t in registered_types() for name in source_names(t) if name not in fields}
    assert not wrong, f"translators declare attrs= names that no model class has: {sorted(wrong)}"
    assert source_names("aws_kms_key")["rotation_enabled"] == "enable_key_rotation"
    assert source_names("AWS::KMS::Key")["rotation_enabled"] == "EnableKeyRotation"


def test_nested_attribute_lines_are_dotted_paths(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_kms_grant" "g" {\n  key_id = "k"\n  grantee_principal = "p"\n  operations = ["Decrypt"]\n'
        "  constraints {\n    encryption_context_equals = { a = \"b\" }\n  }\n}\n")
    (tmp_path / "t.yaml").write_text(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n"
        "        maxReceiveCount: 3\n      Tags:\n        - Key: a\n          Value: b\n")
    resources = {r.address: r for r in load_paths([tmp_path], LoadOptions(use_cache=False)).result.resources}
    assert resources["aws_kms_grant.g"].attr_lines["constraints.0.encryption_context_equals"] == 6
    lines = resources["t.yaml#Resources/Q"].attr_lines
    assert (lines["RedrivePolicy.maxReceiveCount"], lines["Tags.0.Key"], lines["Tags.0.Value"]) == (6, 8, 9)
