"""The real-world regression suite: published examples, scanned, and their verdicts judged by hand.

``manifest.yml`` names each case (source repository, commit, license, files, paths to scan);
``cases/<name>/`` holds the copied files with the repository's license; ``expected/<name>.yml``
holds every finding and every flow that did not pass, each judged by a person:

* ``judged: correct`` — AWS would behave as reported (for ``unknown``: the tool really cannot know);
* ``judged: false`` — the verdict is wrong; ``why`` says what AWS really does. These are the bugs the
  suite exists to drive out; fixing one changes the scan, and the case must be re-judged.

``python tests/realworld/realworld.py --write [NAME…]`` rescans and rewrites the expectation files,
keeping the judgments of entries that still occur and marking new ones ``unjudged`` (the test
refuses those until a person judges them). ``--import DIR NAME`` copies a case's files from an
exported checkout of its repository. ``--table`` prints, per case, how many entries are judged
correct, false or not yet, then findings per category and judgment and the unknown reasons with
their counts (Markdown, for a closing note).
"""

from __future__ import annotations

import argparse
import glob
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
EXPECTED = HERE / "expected"
JUDGMENTS = ("correct", "false", "unjudged")


@dataclass(frozen=True)
class Case:
    name: str
    repo: str
    commit: str
    license: str
    files: tuple[str, ...]
    scan: tuple[str, ...]
    shared_folder: str | None = None
    """Another case's folder holding the same checkout (two examples of one module share its copy)."""

    @property
    def folder(self) -> Path:
        return CASES / (self.shared_folder or self.name)


def load_manifest() -> list[Case]:
    raw = yaml.safe_load((HERE / "manifest.yml").read_text(encoding="utf-8"))
    return [Case(name=c["name"], repo=c["repo"], commit=c["commit"], license=c["license"],
                 files=tuple(c["files"]), scan=tuple(c["scan"]), shared_folder=c.get("folder")) for c in raw]


def observe(case: Case) -> dict[str, Any]:
    """Scan the case as a new user would (no configuration, no cache) and keep what is judged."""
    from iacsim.config import Config, load_config
    from iacsim.load import LoadOptions
    from iacsim.pipeline import scan

    config_file = case.folder / ".iacsim.yml"
    options = LoadOptions(config=load_config(config_file) if config_file.exists() else Config(), use_cache=False)
    report = scan([case.folder / p for p in case.scan], options, "high")[0]
    findings = sorted(
        ({"rule": f.rule_id, "resource": f.resource, "category": f.category, "severity": f.severity,
          "message": f.message} for f in report.findings if not f.suppressed),
        key=lambda f: (f["rule"], f["resource"], f["message"]))
    flows = []
    for fl in report.flows:
        if fl.verdict == "pass":
            continue
        deciding = next((s for s in fl.steps if s.decision != "allowed"), None)
        flows.append({"name": fl.name, "kind": fl.kind, "verdict": fl.verdict,
                      "reason": deciding.reason if deciding else ""})
    flows.sort(key=lambda f: (f["name"], f["verdict"]))
    return {"findings": findings, "flows": flows,
            "pass_flows": sum(1 for fl in report.flows if fl.verdict == "pass")}


def finding_key(entry: dict[str, Any]) -> tuple[str, str]:
    """Which rule fired on which resource: a reworded message is not a changed verdict."""
    return entry["rule"], entry["resource"]


def flow_key(entry: dict[str, Any]) -> tuple[str, str]:
    return entry["name"], entry["verdict"]


def read_expected(case: Case) -> dict[str, Any]:
    path = EXPECTED / f"{case.name}.yml"
    if not path.exists():
        return {"findings": [], "flows": [], "pass_flows": 0}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {"findings": data.get("findings") or [], "flows": data.get("flows") or [],
            "pass_flows": data.get("pass_flows", 0)}


def write_expected(case: Case, observed: dict[str, Any]) -> None:
    """Rewrite ``expected/<name>.yml`` from a scan, keeping judgments of entries that still occur."""
    old = read_expected(case)
    old_findings: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in old["findings"]:
        old_findings.setdefault(finding_key(e), []).append(e)
    old_flows = {flow_key(e): e for e in old["flows"]}

    def judged(entry: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
        return {**entry, "judged": (before or {}).get("judged", "unjudged"), "why": (before or {}).get("why", "")}

    data = {
        "findings": [judged(f, (old_findings.get(finding_key(f)) or [None]).pop(0)) for f in observed["findings"]],
        "flows": [judged(f, old_flows.get(flow_key(f)) or old_flows.get(flow_key(_unprefixed(f))))
                  for f in observed["flows"]],
        "pass_flows": observed["pass_flows"],
    }
    header = (f"# {case.name}: {case.repo}@{case.commit[:12]} — every finding and every flow that did not pass,\n"
              "# judged by hand (correct | false, with why). Regenerate: python tests/realworld/realworld.py --write\n")
    EXPECTED.mkdir(exist_ok=True)
    (EXPECTED / f"{case.name}.yml").write_text(
        header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")


def _unprefixed(flow: dict[str, Any]) -> dict[str, Any]:
    """The flow as a scan that did not split into worlds named it (``[envs/dev] x`` → ``x``): the same
    verdict keeps its judgment when a scan starts naming its worlds."""
    name = flow["name"]
    return {**flow, "name": name.split("] ", 1)[1]} if name.startswith("[") and "] " in name else flow


def import_case(case: Case, source: Path) -> None:
    """Copy a case's files from an exported checkout of its repository at ``case.commit`` (into the shared
    folder, beside what the other cases of that folder copied, when ``folder:`` names one)."""
    if case.folder.exists() and case.shared_folder is None:
        shutil.rmtree(case.folder)
    for pattern in case.files:
        matches = sorted(glob.glob(str(source / pattern)))
        if not matches:
            raise SystemExit(f"{case.name}: {pattern} matches nothing in {source}")
        for match in matches:
            rel = Path(match).relative_to(source)
            (case.folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(match, case.folder / rel)


def case_table(cases: list[Case]) -> list[str]:
    """Per case, the judged entries (findings and non-passing flows) that are correct, false, unjudged."""
    lines = ["| case | correct | false | unjudged | passing flows |", "|---|---|---|---|---|"]
    totals: Counter[str] = Counter()
    for case in cases:
        expected = read_expected(case)
        counts = Counter(e.get("judged", "unjudged") for e in expected["findings"] + expected["flows"])
        totals.update(counts)
        totals["pass"] += expected["pass_flows"]
        lines.append(f"| {case.name} | " + " | ".join(str(counts[j]) for j in JUDGMENTS)
                     + f" | {expected['pass_flows']} |")
    lines.append("| **total** | " + " | ".join(f"**{totals[j]}**" for j in JUDGMENTS) + f" | **{totals['pass']}** |")
    return lines


def table(cases: list[Case]) -> str:
    """Counts per case, findings per category and judgment, flows per verdict and judgment, and the
    unknown reasons by count."""
    by_category: Counter[tuple[str, str]] = Counter()
    by_flow: Counter[tuple[str, str]] = Counter()
    unknown_reasons: Counter[str] = Counter()
    for case in cases:
        expected = read_expected(case)
        for f in expected["findings"]:
            by_category[(f["category"], f.get("judged", "unjudged"))] += 1
        for fl in expected["flows"]:
            by_flow[(fl["verdict"], fl.get("judged", "unjudged"))] += 1
            if fl["verdict"] == "unknown":
                unknown_reasons[fl.get("reason", "")] += 1
    lines = [*case_table(cases), "", "| category | correct | false | unjudged |", "|---|---|---|---|"]
    for cat in sorted({c for c, _ in by_category}):
        lines.append(f"| {cat} | " + " | ".join(str(by_category[(cat, j)]) for j in JUDGMENTS) + " |")
    lines += ["", "| flow verdict | correct | false | unjudged |", "|---|---|---|---|"]
    for verdict in sorted({v for v, _ in by_flow}):
        lines.append(f"| {verdict} | " + " | ".join(str(by_flow[(verdict, j)]) for j in JUDGMENTS) + " |")
    lines += ["", "unknown reasons:"] + [f"  {n} × {r}" for r, n in unknown_reasons.most_common()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rescan and rewrite expectations (keeps judgments)")
    parser.add_argument("--import", dest="import_from", type=Path, help="copy files from this exported checkout")
    parser.add_argument("--table", action="store_true", help="print the judgment tables")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args(argv)
    cases = [c for c in load_manifest() if not args.names or c.name in args.names]
    for case in cases:
        if args.import_from:
            import_case(case, args.import_from)
        if args.write:
            write_expected(case, observe(case))
            print(f"wrote expected/{case.name}.yml")
    if args.table:
        print(table(cases))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    raise SystemExit(main(sys.argv[1:]))
