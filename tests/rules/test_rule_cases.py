"""Every rule against its case file ``tests/rules/cases/<ID>.yml``, plus the meta-tests.

Case file format::

    rule: KMS001
    cases:
      - name: rotation on an asymmetric key
        expect: fail
        findings: [aws_kms_key.signing]        # exactly the addresses (parse rules: files; a rule reported in
                                               # the coverage section: the files of its notices) the rule fires on
        terraform: |                           # main.tf; or `cloudformation:` (template.yaml),
          resource "aws_kms_key" "signing" {   # or `files: {path: text}` for several files
            customer_master_key_spec = "RSA_2048"
            key_usage                = "SIGN_VERIFY"
            enable_key_rotation      = true
          }
      - name: rotation on a symmetric key
        expect: pass
        terraform: |
          ...

A file given as ``{repeat: TEXT, times: N}`` is TEXT N times (``{i}`` numbered) — a large input
without a large case file. ``scan: DIR`` scans one directory of the case instead of all of it, and ``symlinks: {link: target}``
makes symbolic links (for the containment rules); ``timeout: SECONDS`` scans under ``--timeout``.

Dates relative to the day the tests run are written ``{{days_from_now:N}}`` (RFC 3339,
UTC midnight N days ahead; N may be negative).

A meta-test fails when a registered rule has no documentation sections or no
failing or no passing case.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from iacsim.config import Config, parse_config
from iacsim.load import LoadOptions, deadline
from iacsim.pipeline import scan
from iacsim.rules import all_rules, rule_by_id
from iacsim.rules.base import DOC_SECTIONS

CASES_DIR = Path(__file__).parent / "cases"


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yml"))


def _cases() -> list[Any]:
    params = []
    for path in _case_files():
        data = yaml.safe_load(path.read_text())
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}"))
    return params


_DAYS = re.compile(r"\{\{days_from_now:(-?\d+)\}\}")


def _dates(text: str) -> str:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return _DAYS.sub(lambda m: (today + timedelta(days=int(m.group(1)))).strftime("%Y-%m-%dT%H:%M:%SZ"), text)


def _materialise(case: dict[str, Any], root: Path) -> Config:
    """Write the case's files (and ``symlinks: {link: target}``) under ``root``; return its config."""
    files: dict[str, str] = dict(case.get("files", {}))
    if "terraform" in case:
        files["main.tf"] = case["terraform"]
    if "cloudformation" in case:
        files["template.yaml"] = case["cloudformation"]
    for rel, text in files.items():
        if isinstance(text, dict):  # {repeat: TEXT, times: N}: a large file without a large case file
            text = "".join(text["repeat"].replace("{i}", str(i)) for i in range(text["times"]))
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(_dates(text))
    for rel, target in case.get("symlinks", {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)
    return parse_config(case.get("config"), "case config")


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    rule = rule_by_id(rule_id)
    assert rule is not None, f"case file names unknown rule {rule_id}"
    config = _materialise(case, tmp_path)
    scanned = tmp_path / case.get("scan", ".")  # the scanned root, when a case needs files outside it
    with deadline.limit(case.get("timeout")):  # ``timeout: SECONDS`` runs the case under --timeout
        report, _world, loaded = scan([scanned], LoadOptions(config=config, use_cache=False), "none")
    errors = [d for d in loaded.result.diagnostics if d.severity == "error"]
    # a parse rule's failing cases are input that does not load, by design
    assert not errors or rule.category == "parse-error", f"case input does not load: {errors}"
    # the whole pipeline (static rules and replayed flows), as a user's scan would run it
    fired = sorted(f.resource for f in report.findings if f.rule_id == rule_id and not f.suppressed)
    if getattr(rule, "reported_in", "findings") == "coverage":
        # notices are not findings: such a rule's cases match the coverage section (by file)
        assert fired == [], f"{rule_id} documents notices but produced findings on {fired}"
        fired = sorted({n.file for n in report.coverage.notices if n.rule_id == rule_id})
    if case["expect"] == "fail":
        assert fired == sorted(case["findings"]), f"{rule_id} fired on {fired}"
    else:
        assert fired == [], f"{rule_id} fired on a passing case: {fired}"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_is_documented(rule: Any) -> None:
    sections = rule.doc_sections()
    missing = [s for s in DOC_SECTIONS if not sections.get(s)]
    assert not missing, f"{rule.id} docstring lacks sections {missing}"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_has_a_failing_and_a_passing_case(rule: Any) -> None:
    path = CASES_DIR / f"{rule.id}.yml"
    assert path.is_file(), f"no case file {path.name}"
    expects = {c["expect"] for c in yaml.safe_load(path.read_text())["cases"]}
    assert {"fail", "pass"} <= expects, f"{rule.id} needs a failing and a passing case"


def test_case_files_name_registered_rules() -> None:
    for path in _case_files():
        assert rule_by_id(path.stem) is not None, f"{path.name} has no registered rule"
