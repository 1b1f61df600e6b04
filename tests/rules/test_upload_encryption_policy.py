"""S3212's findings say which upload the bucket policy does not refuse (decided by the policy engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from iacsim.config import parse_config
from iacsim.load import LoadOptions
from iacsim.pipeline import scan

_CASES = {c["name"]: c for c in yaml.safe_load(
    (Path(__file__).parent / "cases" / "S3212.yml").read_text())["cases"]}


def _messages(case: dict[str, Any], tmp_path: Path) -> list[str]:
    name = "main.tf" if "terraform" in case else "template.yaml"
    (tmp_path / name).write_text(case.get("terraform") or case["cloudformation"])
    config = parse_config(case.get("config"), "case config")
    report, _world, _loaded = scan([tmp_path], LoadOptions(config=config, use_cache=False), "none")
    return [f.message for f in report.findings if f.rule_id == "S3212"]


@pytest.mark.parametrize(("case", "sse_s3", "other_key"), [
    ("customer managed key by default, no bucket policy (both uploads go through)", True, True),
    ("policy document denies only uploads not naming aws:kms (another key still goes through)", False, True),
    ("jsonencode policy with both condition keys in one StringNotEquals block (ANDed, a wrong key escapes)",
     False, True),
    ("CloudFormation bucket policy denying only uploads without the header", True, True),
])
def test_names_the_upload_not_refused(case: str, sse_s3: bool, other_key: bool, tmp_path: Path) -> None:
    [message] = _messages(_CASES[case], tmp_path)
    assert ("naming SSE-S3" in message) is sse_s3
    assert ("aws:kms with another KMS key" in message) is other_key
