"""Data-driven policy evaluation cases, one YAML file per topic under ``cases/``.

Each file has ``sources`` (short name -> AWS documentation page), optional ``defaults`` merged
into every case (``request`` is merged key by key), and ``cases``. Every case cites the rule it
is written from in ``doc`` as ``<source>: <rule>``; the meta-tests below enforce it.

A case expects either an ``outcome`` (allowed / implicit_deny / explicit_deny / unknown), optionally with
``explain`` substrings that must appear in ``str(decision)`` or one of its reasons and
``decisive_kind`` (kind of the deciding reason), or an ``error`` substring of the PolicyError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from iacsim.policy import AuthorizationRequest, PolicyError, evaluate

CASES_DIR = Path(__file__).parent / "cases"
POLICY_ARGS = ("identity_policies", "resource_policy", "permission_boundaries", "scps", "rcps",
               "session_policy", "endpoint_policies", "grants")
CASE_KEYS = {"name", "doc", "request", "outcome", "explain", "decisive_kind", "error", *POLICY_ARGS}


def _load() -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    loaded = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        defaults = data.get("defaults", {})
        for case in data["cases"]:
            merged = {**{k: v for k, v in defaults.items() if k != "request"}, **case}
            merged["request"] = {**defaults.get("request", {}), **case.get("request", {})}
            loaded.append((f"{path.stem}::{case['name']}", merged, data.get("sources", {})))
    return loaded


CASES = _load()


def test_there_are_at_least_200_cases() -> None:
    assert len(CASES) >= 200, len(CASES)


def test_case_names_are_unique() -> None:
    ids = [case_id for case_id, _, _ in CASES]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


@pytest.mark.parametrize(("case_id", "case", "sources"), CASES, ids=[c[0] for c in CASES])
def test_case_is_well_formed_and_cites_its_source(case_id: str, case: dict[str, Any], sources: dict[str, str]) -> None:
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{case_id}: unknown keys {unknown}"
    source, _, rule = str(case.get("doc", "")).partition(":")
    assert source in sources, f"{case_id}: doc must start with one of {sorted(sources)}"
    assert sources[source].startswith("https://docs.aws.amazon.com/"), sources[source]
    assert rule.strip(), f"{case_id}: doc must name the rule after the source"
    assert ("outcome" in case) != ("error" in case), f"{case_id}: exactly one of outcome / error"


@pytest.mark.parametrize(("case_id", "case", "sources"), CASES, ids=[c[0] for c in CASES])
def test_case(case_id: str, case: dict[str, Any], sources: dict[str, str]) -> None:
    request = AuthorizationRequest(**case["request"])
    kwargs = {k: case[k] for k in POLICY_ARGS if k in case}
    if "error" in case:
        with pytest.raises(PolicyError) as caught:
            evaluate(request, **kwargs)
        assert case["error"] in str(caught.value)
        return
    decision = evaluate(request, **kwargs)
    text = "\n".join([str(decision), *(r.message for r in decision.reasons)])
    assert decision.outcome == case["outcome"], f"{case_id}: {decision}\n{text}"
    assert decision.allowed == (case["outcome"] == "allowed")
    for fragment in case.get("explain", []):
        assert fragment in text, f"{case_id}: {fragment!r} not in explanation:\n{text}"
    if "decisive_kind" in case:
        assert decision.decisive is not None
        assert decision.decisive.kind == case["decisive_kind"], f"{case_id}: {decision.decisive}"
