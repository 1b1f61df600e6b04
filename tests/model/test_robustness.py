"""Property: no attribute shape makes a Terraform translator fail, and world_to_json always validates.

Loader output can hold anything JSON-like plus Unknown anywhere (unresolved variables, dynamic
blocks over unknown collections, values known after apply). Every translator must turn that into
model values or Unknowns — never a ``translate-error`` — and the JSON must still match the schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_factory import build, res

from iacsim.model import registered_types, world_to_json
from iacsim.values import Unknown

TF_TYPES = sorted(t for t in registered_types() if not t.startswith("AWS::"))
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "model-schema.json").read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
"""Built once: ``jsonschema.validate`` re-checks the schema itself on every call."""

# Attribute names the translators read, so generated records exercise real code paths.
NAMES = [
    "name",
    "bucket",
    "policy",
    "key_id",
    "arn",
    "id",
    "type",
    "tier",
    "value",
    "role",
    "rule",
    "rules",
    "destination",
    "filter",
    "status",
    "enabled",
    "versioning",
    "versioning_configuration",
    "multi_region",
    "enable_key_rotation",
    "rotation_period_in_days",
    "deletion_window_in_days",
    "primary_key_arn",
    "target_key_id",
    "operations",
    "constraints",
    "tags",
    "ebs_block_device",
    "root_block_device",
    "block_device_mappings",
    "ebs",
    "launch_template",
    "distribution",
    "ami_distribution_configuration",
    "launch_permission",
    "inline_policy",
    "managed_policy_arns",
    "users",
    "groups",
    "roles",
    "policy_arn",
    "image_id",
    "account_id",
    "snapshot_id",
    "key_arn",
    "replication_configuration",
    "source_selection_criteria",
    "sse_kms_encrypted_objects",
    "encryption_configuration",
    "replica_kms_key_id",
    "apply_server_side_encryption_by_default",
    "server_side_encryption_configuration",
    "key_material_base64",
    "valid_to",
    "policies",
    "group",
    "user",
]

unknowns = st.builds(
    Unknown, st.text(max_size=10), st.one_of(st.none(), st.sampled_from(["aws_kms_key.k.arn", "x.y"]))
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["Enabled", "Disabled", "true", "{}", "[]", "{bad", "aws:kms"]),
    unknowns,
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(NAMES), children, max_size=4),
    ),
    max_leaves=12,
)
attrs = st.dictionaries(st.sampled_from(NAMES), values, max_size=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(type_=st.sampled_from(TF_TYPES), attributes=attrs)
def test_any_attribute_shape_translates_without_error_and_validates(
    type_: str, attributes: dict[str, Any]
) -> None:
    world = build(res(type_, f"{type_}.fuzz", attributes))
    assert [d for d in world.diagnostics if d.code == "translate-error"] == []
    VALIDATOR.validate(world_to_json(world))
