"""The peers' labeled fixtures keep iacsim's verdicts, and every disagreement says who is right and why.

A changed verdict fails here until ``python tests/peers/peers.py --write`` records it and, if it is a
disagreement, a person judges it (``iacsim-right`` / ``iacsim-wrong`` / ``not-comparable``, why, and the
AWS documentation). A peer check whose property has no iacsim rule yet is reported as "rule pending" in
the agreement table, not failed; once a rule claims the peer id (``Rule.peers``) its verdicts are checked
like the others.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from peers import (
    CASES,
    DOC_PREFIXES,
    JUDGMENTS,
    Check,
    agrees,
    cmk_services,
    entry_key,
    is_judged_disagreement,
    load_manifest,
    observe,
    read_expected,
    read_labels,
    rules_for,
    table,
)

PEERS, CHECKS = load_manifest()
EXPECTED = read_expected()
LICENSES = ("Apache-2.0", "MIT")


@pytest.mark.parametrize("peer", sorted(PEERS))
def test_peer_fixtures_are_published_material_with_their_license(peer: str) -> None:
    info = PEERS[peer]
    assert info["license"] in LICENSES, info
    assert len(info["commit"]) == 40, info
    assert (CASES / peer / "LICENSE").is_file(), f"{peer}: run peers.py --import {peer} <clone>"


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.key)
def test_fixtures_are_copied_and_labeled(check: Check) -> None:
    labels = read_labels(check)
    assert labels, f"{check.key}: no labeled resource (run peers.py --import {check.peer} <clone>)"
    for label in labels:
        assert label.label in ("pass", "fail"), label
        assert (check.folder / label.fixture).is_dir(), label
        assert any(label.source.startswith(s) or s.startswith(label.source) for s in check.sources), label


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.key)
def test_verdicts_are_as_recorded_and_disagreements_judged(check: Check) -> None:
    recorded = (EXPECTED.get(check.key) or {}).get("fixtures", [])
    observed = observe(check)
    before = {entry_key(e): e for e in recorded}
    changes = []
    for entry in observed:
        was = before.get(entry_key(entry))
        if was is None or (was["peer"], was["iacsim"]) != (entry["peer"], entry["iacsim"]):
            changes.append(f"{entry_key(entry)}: {_pair(was)} → {_pair(entry)}")
    changes += [f"{k}: gone" for k in before.keys() - {entry_key(e) for e in observed}]
    assert not changes, (f"{check.key}: verdicts changed; record them with `python tests/peers/peers.py --write` "
                         "and judge the disagreements:\n  " + "\n  ".join(changes))
    unexplained = [entry_key(e) for e in recorded if is_judged_disagreement(e) and not _explained(e)]
    assert not unexplained, (f"{check.key}: disagreements without a judgment ({' | '.join(JUDGMENTS)}), why and "
                             f"an AWS documentation URL: {unexplained}")


def _pair(entry: dict[str, Any] | None) -> str:
    return "absent" if entry is None else f"peer {entry['peer']}, iacsim {entry['iacsim']}"


def _explained(entry: dict[str, Any]) -> bool:
    return (entry.get("judged") in JUDGMENTS and bool(entry.get("why"))
            and str(entry.get("doc", "")).startswith(DOC_PREFIXES))


def test_agreement_table_reports_every_pair(capsys: pytest.CaptureFixture[str]) -> None:
    """The table (``peers.py --table``) covers every peer check; pending pairs are reported, not failed."""
    text = table(CHECKS)
    for check in CHECKS:
        assert f"| {check.key} |" in text
    pending = [c.key for c in CHECKS if not rules_for(c)]
    counts = Counter("agree" if agrees(e) else e.get("judged", "pending")
                     for c in CHECKS if rules_for(c) for e in (EXPECTED.get(c.key) or {}).get("fixtures", []))
    with capsys.disabled():
        print(f"\npeers: {sum(counts.values())} labeled resources on mapped rule pairs, {dict(counts)}; "
              f"{len(pending)} peer checks with rule pending")


def test_a_rule_claiming_a_peer_id_takes_the_pending_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the branches adding ``Rule.peers`` merge, a pending pair is judged by the claiming rule without a
    manifest edit."""
    import peers

    pending = next(c for c in CHECKS if c.rule is None)
    monkeypatch.setattr(peers, "claimed_by_rules", lambda: {pending.id: ("NEW201",)})
    assert rules_for(pending) == ("NEW201",)
    mapped = next(c for c in CHECKS if c.rule is not None)
    monkeypatch.setattr(peers, "claimed_by_rules", lambda: {mapped.id: ("NEW201",)})
    assert rules_for(mapped) == tuple(sorted({mapped.rule or "", "NEW201"}))


def test_checkov_labels_come_from_the_tests_resource_sets() -> None:
    from peers import _checkov_sets

    source = ('passing_resources = {"aws_kms_key.pass1"}\nfailing_resources = {"AWS::KMS::Key.Bad"}\n'
              'other = {"aws_kms_key.ignored"}\n')
    assert _checkov_sets(source) == {"aws_kms_key.pass1": "pass", "AWS::KMS::Key.Bad": "fail"}


def test_customer_managed_key_pairs_scan_with_the_service_required() -> None:
    """A pair whose rule is a customer-managed-key rule is scanned with that service listed in
    ``encryption.customer_managed_key`` (from the rule's metadata); other pairs with none."""
    from iacsim.rules.registry import all_rules

    cmk_rules = {r.id: r.customer_managed_key_service for r in all_rules() if r.customer_managed_key_service}
    assert cmk_rules, "no rule has customer_managed_key_service"
    for rule_id, service in cmk_rules.items():
        assert cmk_services((rule_id,)) == {service}
    assert cmk_services(("KMS202",)) == frozenset()
    both = next(c for c in CHECKS if c.key == "trivy/AVD-AWS-0079")  # RDS201 (at rest) and RDS202 (its CMK half)
    assert cmk_services(rules_for(both)) == {"rds"}
