"""Published examples keep the verdicts a person judged (see realworld.py for the workflow).

A changed verdict — a finding that appears or disappears, a flow whose verdict changes — fails
here until it is re-judged: rerun ``python tests/realworld/realworld.py --write NAME`` and judge
every entry it marks ``unjudged`` (``correct`` or ``false``, with why).
"""

from __future__ import annotations

from collections import Counter

import pytest
from realworld import JUDGMENTS, Case, finding_key, flow_key, load_manifest, observe, read_expected

CASES = load_manifest()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case_is_published_material_with_its_license(case: Case) -> None:
    assert case.folder.is_dir(), f"{case.name}: run realworld.py --import <checkout> {case.name}"
    assert any((case.folder / name).exists() for name in ("LICENSE", "LICENSE.txt", "LICENSE.md")), case.name
    assert case.license in ("Apache-2.0", "MIT", "MIT-0", "BSD-3-Clause", "MPL-2.0"), case.license
    assert len(case.commit) == 40


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_verdict_is_judged(case: Case) -> None:
    expected = read_expected(case)
    for entry in expected["findings"] + expected["flows"]:
        assert entry.get("judged") in JUDGMENTS[:2], f"{case.name}: judge {entry}"
        assert entry.get("why"), f"{case.name}: say why for {entry}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_verdicts_are_as_judged(case: Case) -> None:
    expected, observed = read_expected(case), observe(case)
    new = Counter(map(finding_key, observed["findings"])) - Counter(map(finding_key, expected["findings"]))
    gone = Counter(map(finding_key, expected["findings"])) - Counter(map(finding_key, observed["findings"]))
    new_flows = Counter(map(flow_key, observed["flows"])) - Counter(map(flow_key, expected["flows"]))
    gone_flows = Counter(map(flow_key, expected["flows"])) - Counter(map(flow_key, observed["flows"]))
    changes = ([f"new finding {k}" for k in new] + [f"finding gone {k}" for k in gone]
               + [f"new non-pass flow {k}" for k in new_flows] + [f"non-pass flow gone {k}" for k in gone_flows])
    if observed["pass_flows"] != expected["pass_flows"]:
        changes.append(f"passing flows: {expected['pass_flows']} → {observed['pass_flows']}")
    assert not changes, (f"{case.name}: verdicts changed; re-judge with "
                         f"`python tests/realworld/realworld.py --write {case.name}`:\n  " + "\n  ".join(changes))
