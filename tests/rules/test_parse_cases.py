"""The input-limit ``PARSE`` rules against their case files ``tests/rules/parse_cases/<ID>.yml``.

Same format as ``tests/rules/cases`` (``files``, ``config``, ``expect``, ``findings`` — here the files
the rule must name), plus ``symlinks: {link: target}`` and ``scan: <dir>`` (the scanned root, default
the whole case). A meta-test requires a failing and a passing case for every limit rule.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from iacsim.config import parse_config
from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.limit_rules import LIMIT_RULES

CASES_DIR = Path(__file__).parent / "parse_cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        params += [pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}") for case in data["cases"]]
    return params


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_parse_rule_case(rule_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    for rel, text in case.get("files", {}).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    for rel, target in case.get("symlinks", {}).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, tmp_path / rel)
    config = parse_config(case.get("config"), "case config")
    report, _world, _loaded = scan([tmp_path / case.get("scan", ".")], LoadOptions(config=config, use_cache=False),
                                   "none")
    fired = sorted({f.file for f in report.findings if f.rule_id == rule_id})
    assert fired == (sorted(case["findings"]) if case["expect"] == "fail" else []), fired


@pytest.mark.parametrize("rule_id", sorted(r.rule_id for r in LIMIT_RULES.values()))
def test_every_limit_rule_has_a_failing_and_a_passing_case(rule_id: str) -> None:
    path = CASES_DIR / f"{rule_id}.yml"
    assert path.is_file(), f"no case file {path.name}"
    assert {"fail", "pass"} <= {c["expect"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]}


def test_every_limit_rule_is_documented() -> None:
    for rule in LIMIT_RULES.values():
        for section in ("What it does", "Why it matters", "Example", "Fix", "References"):
            assert f"**{section}**" in rule.docs, (rule.rule_id, section)
