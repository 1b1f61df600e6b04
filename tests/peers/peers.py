"""The peers' suites as a test: Checkov's, trivy-checks' and tfsec's labeled fixtures, scanned by iacsim.

Users who adopt iacsim already run one of these scanners; this suite keeps the comparison honest and
running. ``manifest.yml`` names each peer (repository, commit, license) and each peer check (id, the
property, the resource types it labels, the iacsim rule that judges the same property, where its labeled
fixtures are). ``cases/<peer>/<check>/`` holds the copied fixtures, one folder each, and ``labels.yml``:
every labeled resource with the peer's label and the file it came from. ``expected.yml`` holds, per
fixture resource, the peer's label, iacsim's verdict, and for a disagreement who is right (``judged``),
why, and the AWS documentation that says so.

iacsim's verdict for a resource under a rule pair: ``fail`` when a mapped rule reports the resource,
``pass`` when none does, ``not-modelled`` when iacsim does not read the resource type at all,
``parse-error`` when the fixture is not valid input, ``pending`` when no iacsim rule judges the property
yet. The rules of a peer check are the manifest's ``rule:`` and every rule that claims the peer id in its
``peers`` metadata (``Rule.peers``), so a rule that starts claiming an id is picked up without editing
the manifest. A fixture is scanned as a new user would, except that when a pair's rule is a *customer
managed key* rule (its ``customer_managed_key_service``) that service is listed in
``encryption.customer_managed_key``: the peers' CMK checks assume CMKs are required, iacsim's are opt-in.

``python tests/peers/peers.py --import PEER GITDIR`` copies the fixtures from a clone of the peer's
repository (at the manifest's commit); ``--write`` rescans and rewrites iacsim's side of
``expected.yml``, keeping the judgments of disagreements whose verdicts did not change; ``--table`` prints
the agreement per rule pair (Markdown, for a closing note).
"""

from __future__ import annotations

import argparse
import ast
import functools
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
EXPECTED = HERE / "expected.yml"
AGREE = ("pass", "fail")
JUDGMENTS = {
    "iacsim-right": "the peer's label is wrong about what AWS does (or what the fixture declares)",
    "iacsim-wrong": "iacsim's verdict is wrong: a bug to fix in iacsim",
    "not-comparable": "the two judge different things on this fixture (neither is wrong)",
}
DOC_PREFIXES = ("https://docs.aws.amazon.com/", "https://registry.terraform.io/", "https://developer.hashicorp.com/")


@dataclass(frozen=True)
class Check:
    peer: str
    id: str
    property: str
    types: tuple[str, ...]
    sources: tuple[str, ...]
    rule: str | None = None
    repair: tuple[dict[str, str], ...] = ()
    exclude: tuple[dict[str, str], ...] = ()
    name: str = ""
    """The peer's own name for the check where it is not the id (tfsec's ``aws-kms-auto-rotate-keys``)."""

    @property
    def key(self) -> str:
        return f"{self.peer}/{self.id}"

    @property
    def folder(self) -> Path:
        return CASES / self.peer / self.id


@dataclass(frozen=True)
class Label:
    fixture: str
    resource: str
    label: str
    source: str


@dataclass
class Observation:
    """What one scan of one fixture said: the rules reported per resource address."""

    reported: dict[str, set[str]] = field(default_factory=dict)
    parse_error: bool = False
    unmodelled: set[str] = field(default_factory=set)


def load_manifest() -> tuple[dict[str, dict[str, str]], list[Check]]:
    raw = yaml.safe_load((HERE / "manifest.yml").read_text(encoding="utf-8"))
    checks = [Check(peer=c["peer"], id=c["id"], property=c["property"], types=tuple(c["types"]),
                    sources=tuple(c["sources"]), rule=c.get("rule"), repair=tuple(c.get("repair") or ()),
                    exclude=tuple(c.get("exclude") or ()), name=c.get("name", "")) for c in raw["checks"]]
    return raw["peers"], checks


def read_labels(check: Check) -> list[Label]:
    path = check.folder / "labels.yml"
    if not path.exists():
        return []
    return [Label(**e) for e in yaml.safe_load(path.read_text(encoding="utf-8")) or []]


# --- which iacsim rules judge a peer check --------------------------------------------------------------

@functools.cache
def claimed_by_rules() -> dict[str, tuple[str, ...]]:
    """Peer id → the ids of the rules that claim it in their ``peers`` metadata (none before the rules
    carry the field)."""
    from iacsim.rules.registry import all_rules

    claims: dict[str, list[str]] = {}
    for rule in all_rules():
        for peer_id in getattr(rule, "peers", ()) or ():
            claims.setdefault(peer_id, []).append(rule.id)
    return {k: tuple(sorted(v)) for k, v in claims.items()}


def rules_for(check: Check) -> tuple[str, ...]:
    return tuple(sorted({*([check.rule] if check.rule else []), *claimed_by_rules().get(check.id, ())}))


def cmk_services(rules: tuple[str, ...]) -> frozenset[str]:
    """The services whose customer-managed-key requirement the pair's rules need switched on.

    A *customer managed key* rule runs only when ``.iacsim.yml`` lists its service in
    ``encryption.customer_managed_key`` (read from the rule's ``customer_managed_key_service``); the
    peers' CMK checks assume CMKs are required, so the pair is scanned as a team requiring them would."""
    from iacsim.rules.registry import rule_by_id

    found = (rule_by_id(r) for r in rules)
    return frozenset(s for rule in found if rule is not None and (s := rule.customer_managed_key_service))


# --- scanning ------------------------------------------------------------------------------------------

@functools.cache
def observe_fixture(folder: Path, customer_managed_key: frozenset[str] = frozenset()) -> Observation:
    """Scan one fixture as a new user would (no cache, no configuration but the customer-managed-key
    services the pair needs, see :func:`cmk_services`); once per process and configuration."""
    from iacsim.config import Config
    from iacsim.load import LoadOptions
    from iacsim.pipeline import scan

    config = Config(customer_managed_key=customer_managed_key)
    report = scan([folder], LoadOptions(config=config, use_cache=False), "high")[0]
    seen = Observation(unmodelled=set(report.summary.get("unmodelled_types", {})))
    for f in report.findings:
        if f.suppressed:
            continue
        seen.reported.setdefault(f.resource, set()).add(f.rule_id)
        if f.rule_id == "PARSE001":
            seen.parse_error = True
    return seen


def resource_type(address: str) -> str:
    """``aws_kms_key.x`` → ``aws_kms_key``; a CloudFormation address has no type in it (``""``)."""
    return "" if "#Resources/" in address else address.split(".", 1)[0]


def verdict(check: Check, label: Label) -> str:
    rules = rules_for(check)
    if not rules:
        return "pending"
    seen = observe_fixture(check.folder / label.fixture, cmk_services(rules))
    if seen.parse_error:
        return "parse-error"
    if seen.reported.get(label.resource, set()) & set(rules):
        return "fail"
    if resource_type(label.resource) in seen.unmodelled or cfn_type(check, label) in seen.unmodelled:
        return "not-modelled"
    return "pass"


def cfn_type(check: Check, label: Label) -> str:
    if "#Resources/" not in label.resource:
        return ""
    file, logical = label.resource.split("#Resources/", 1)
    doc = read_template(check.folder / label.fixture / file)
    return str(((doc.get("Resources") or {}).get(logical) or {}).get("Type", ""))


def observe(check: Check) -> list[dict[str, Any]]:
    return [{"fixture": lb.fixture, "resource": lb.resource, "peer": lb.label, "iacsim": verdict(check, lb)}
            for lb in read_labels(check)]


def agrees(entry: dict[str, Any]) -> bool:
    return entry["iacsim"] == entry["peer"]


def is_judged_disagreement(entry: dict[str, Any]) -> bool:
    return entry["iacsim"] != "pending" and not agrees(entry)


# --- expected.yml --------------------------------------------------------------------------------------

def read_expected() -> dict[str, dict[str, Any]]:
    if not EXPECTED.exists():
        return {}
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8")) or {}


def entry_key(entry: dict[str, Any]) -> tuple[str, str]:
    return entry["fixture"], entry["resource"]


def write_expected(checks: list[Check]) -> None:
    """Rescan and rewrite iacsim's side, keeping a disagreement's judgment while its verdicts stay."""
    old = read_expected()
    data: dict[str, dict[str, Any]] = {}
    for check in checks:
        before = {entry_key(e): e for e in (old.get(check.key) or {}).get("fixtures", [])}
        entries = []
        for entry in observe(check):
            prev = before.get(entry_key(entry), {})
            if is_judged_disagreement(entry):
                same = prev.get("iacsim") == entry["iacsim"] and prev.get("peer") == entry["peer"]
                entry.update({k: prev.get(k, "") if same else "" for k in ("judged", "why", "doc")})
                entry["judged"] = entry["judged"] or "unjudged"
            entries.append(entry)
        data[check.key] = {"property": check.property, "rules": list(rules_for(check)) or "pending",
                           "fixtures": entries}
    header = ("# Per peer check and fixture resource: the peer's label, iacsim's verdict, and for a disagreement\n"
              "# who is right (judged: " + " | ".join(JUDGMENTS) + "), why, and the AWS documentation.\n"
              "# Regenerate iacsim's side: python tests/peers/peers.py --write (keeps judgments).\n")
    EXPECTED.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110),
                        encoding="utf-8")


# --- the agreement table -------------------------------------------------------------------------------

def table(checks: list[Check]) -> str:
    """Per rule pair (peer check ↔ iacsim rules): labeled resources, agreements, and each disagreement by
    judgment; pending pairs are listed with their fixture counts."""
    expected = read_expected()
    lines = ["| peer check | property | iacsim rule | resources | agree | iacsim right | iacsim wrong "
             "| not comparable | agreement |", "|---|---|---|---|---|---|---|---|---|"]
    total: Counter[str] = Counter()
    for check in checks:
        entries = (expected.get(check.key) or {}).get("fixtures", [])
        rules = rules_for(check)
        counts = Counter("agree" if agrees(e) else e.get("judged", "unjudged") for e in entries)
        if not rules:
            lines.append(f"| {check.key} | {check.property} | rule pending | {len(entries)} | | | | | |")
            total["pending"] += len(entries)
            continue
        total.update(counts)
        total["resources"] += len(entries)
        share = f"{100 * counts['agree'] / len(entries):.0f}%" if entries else "—"
        lines.append(f"| {check.key} | {check.property} | {', '.join(rules)} | {len(entries)} | {counts['agree']} "
                     f"| {counts['iacsim-right']} | {counts['iacsim-wrong']} | {counts['not-comparable']} "
                     f"| {share} |")
    mapped = total["resources"]
    share = f"{100 * total['agree'] / mapped:.0f}%" if mapped else "—"
    lines.append(f"| **mapped** | | | **{mapped}** | **{total['agree']}** | **{total['iacsim-right']}** "
                 f"| **{total['iacsim-wrong']}** | **{total['not-comparable']}** | **{share}** |")
    lines.append(f"\n{total['pending']} labeled resources wait for a rule (rule pending).")
    return "\n".join(lines)


# --- importing fixtures from a peer's repository -------------------------------------------------------

class _AnyTagLoader(yaml.SafeLoader):
    """Reads CloudFormation's short-form intrinsics (``!Ref``, ``!Sub``…) as plain values: the importer
    only needs the resources' logical ids and types."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("!", _any_tag)


def read_template(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # a SafeLoader subclass
    except yaml.YAMLError:
        return {}
    return doc if isinstance(doc, dict) else {}


def _git(gitdir: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(gitdir), *args], check=True, capture_output=True,
                          text=True).stdout


def _tf_resources(text: str, types: tuple[str, ...]) -> list[str]:
    return [f"{t}.{n}" for t, n in re.findall(r'^\s*resource\s+"([\w-]+)"\s+"([\w-]+)"', text, re.M)
            if t in types]


def _cfn_resources(path: Path, types: tuple[str, ...]) -> list[str]:
    resources = read_template(path).get("Resources") or {}
    return [f"{path.name}#Resources/{name}" for name, body in resources.items()
            if isinstance(body, dict) and body.get("Type") in types]


def _checkov_sets(text: str) -> dict[str, str]:
    """Resource → label from a Checkov test: the string sets assigned to names saying pass or fail."""
    labels: dict[str, str] = {}
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Assign) or not isinstance(node.value, (ast.Set, ast.List)):
            continue
        names = [t.id.lower() for t in node.targets if isinstance(t, ast.Name)]
        label = "pass" if any("pass" in n for n in names) else "fail" if any("fail" in n for n in names) else ""
        for elt in node.value.elts if label else []:
            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                labels[elt.value] = label
    return labels


def _file_label(name: str) -> str:
    upper = name.upper()
    return "fail" if "FAIL" in upper else "pass" if "PASS" in upper else ""


class Importer:
    """Copies one peer's fixtures for the manifest's checks and writes each check's ``labels.yml``."""

    def __init__(self, peer: str, info: dict[str, str], gitdir: Path, checks: list[Check]) -> None:
        self.peer, self.commit, self.gitdir, self.checks = peer, info["commit"], gitdir, checks

    def show(self, path: str) -> str:
        return _git(self.gitdir, "show", f"{self.commit}:{path}")

    def files(self, folder: str) -> list[str]:
        return [p for p in _git(self.gitdir, "ls-tree", "-r", "--name-only", self.commit, folder + "/").splitlines()]

    def exists(self, path: str) -> bool:
        return subprocess.run(["git", "--git-dir", str(self.gitdir), "cat-file", "-e", f"{self.commit}:{path}"],
                              capture_output=True).returncode == 0

    def run(self) -> None:
        (CASES / self.peer).mkdir(parents=True, exist_ok=True)
        (CASES / self.peer / "LICENSE").write_text(self.show("LICENSE"), encoding="utf-8")
        for check in self.checks:
            if check.folder.exists():
                for old in sorted(check.folder.rglob("*"), reverse=True):
                    old.unlink() if old.is_file() else old.rmdir()
            labels = [lb for source in check.sources for lb in getattr(self, f"_{self.peer}")(check, source)]
            labels = [lb for lb in labels if not _excluded(check, lb)]
            check.folder.mkdir(parents=True, exist_ok=True)
            (check.folder / "labels.yml").write_text(yaml.safe_dump(
                [lb.__dict__ for lb in labels], sort_keys=False, width=110), encoding="utf-8")
            print(f"{check.key}: {len(labels)} labeled resources")

    def _write(self, check: Check, fixture: str, name: str, text: str) -> Path:
        for fix in check.repair:
            if fix.get("fixture") != fixture or fix.get("file", name) != name:
                continue
            if "append" in fix:
                text = text.rstrip("\n") + "\n\n" + fix["append"].rstrip("\n") + "\n"
            else:
                assert fix["replace"] in text, (check.key, fixture, fix)
                text = text.replace(fix["replace"], fix["with"])
        path = check.folder / fixture / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def _checkov(self, check: Check, source: str) -> list[Label]:
        parent, name = source.rsplit("/", 1)
        test = next((f"{parent}/{n}" for n in (f"test_{name.removeprefix('example_')}.py",)
                     if self.exists(f"{parent}/{n}")), "")
        graph_expected = f"{source}/expected.yaml"
        if self.exists(graph_expected):
            raw = yaml.safe_load(self.show(graph_expected)) or {}
            sets = {r: lb for lb in ("pass", "fail") for r in raw.get(lb) or []}
        else:
            if not test:  # case-insensitive sibling (example_KMSKeyWildCardPrincipal / test_KMSKeyWildCardPrincipal)
                wanted = f"test_{name.removeprefix('example_')}.py".lower()
                test = next((p for p in _git(self.gitdir, "ls-tree", "--name-only", self.commit, parent + "/")
                             .splitlines() if p.rsplit("/", 1)[-1].lower() == wanted), "")
            sets = _checkov_sets(self.show(test)) if test else {}
        labels: list[Label] = []
        if "/terraform/" in source:
            fixture = "tf-" + name.removeprefix("example_")
            texts = []
            for path in self.files(source):
                rel = PurePosixPath(path).relative_to(source)
                if rel.name == "expected.yaml" or rel.suffix not in (".tf", ".json") or rel.name == "tfplan.json":
                    continue
                texts.append(self._write(check, fixture, str(rel), self.show(path)).read_text(encoding="utf-8"))
            for address in _tf_resources("\n".join(texts), check.types):
                if address in sets:
                    labels.append(Label(fixture, address, sets[address], source))
            return labels
        for path in self.files(source):
            rel = PurePosixPath(path)
            if rel.suffix not in (".yaml", ".yml", ".json"):
                continue
            fixture = "cfn-" + rel.stem
            written = self._write(check, fixture, rel.name, self.show(path))
            doc_resources = read_template(written).get("Resources") or {}
            for address in _cfn_resources(written, check.types):
                logical = address.split("#Resources/", 1)[1]
                typed = f"{doc_resources[logical]['Type']}.{logical}"
                label = sets.get(typed) or ("" if sets else _file_label(rel.name))
                if label:
                    labels.append(Label(fixture, address, label, path))
        return labels

    def _snippets(self, check: Check, source: str, fmt: str, label: str, snippets: list[str]) -> list[Label]:
        labels: list[Label] = []
        for i, text in enumerate(snippets, 1):
            fixture = f"{fmt}-{'good' if label == 'pass' else 'bad'}-{i}"
            name = "main.tf" if fmt == "terraform" else "template.yaml"
            written = self._write(check, fixture, name, text.rstrip() + "\n")
            found = (_tf_resources(written.read_text(encoding="utf-8"), check.types) if fmt == "terraform"
                     else _cfn_resources(written, check.types))
            labels += [Label(fixture, address, label, source) for address in found]
        return labels

    def _trivy(self, check: Check, source: str) -> list[Label]:
        raw = yaml.safe_load(self.show(source)) or {}
        return [lb for fmt in ("terraform", "cloudformation") for kind, label in (("good", "pass"), ("bad", "fail"))
                for lb in self._snippets(check, source, fmt, label, (raw.get(fmt) or {}).get(kind) or [])]

    def _tfsec(self, check: Check, source: str) -> list[Label]:
        trivy = _trivy_snippets(check.id)
        sections = re.split(r"^### ", self.show(source), flags=re.M)
        labels: list[Label] = []
        for section, label in (("Insecure Example", "fail"), ("Secure Example", "pass")):
            body = next((s for s in sections if s.startswith(section)), "")
            blocks = re.findall(r"```terraform\n(.*?)```", body, re.S)
            kept = [b for b in blocks if _normalized(b) not in trivy]
            labels += self._snippets(check, source, "terraform", label, kept)
        return labels


def _trivy_snippets(peer_id: str) -> set[str]:
    """The trivy-checks Terraform snippets already copied for this id (tfsec's pages repeat many)."""
    folder = CASES / "trivy" / peer_id
    return {_normalized(p.read_text(encoding="utf-8")) for p in folder.glob("terraform-*/main.tf")}


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _excluded(check: Check, label: Label) -> bool:
    return any(x.get("fixture") == label.fixture and x.get("resource", label.resource) == label.resource
               for x in check.exclude)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import", dest="import_from", nargs=2, metavar=("PEER", "GITDIR"),
                        help="copy the fixtures of PEER's checks from a clone of its repository")
    parser.add_argument("--write", action="store_true", help="rescan and rewrite expected.yml (keeps judgments)")
    parser.add_argument("--table", action="store_true", help="print the agreement table per rule pair")
    args = parser.parse_args(argv)
    peers, checks = load_manifest()
    if args.import_from:
        peer, gitdir = args.import_from
        Importer(peer, peers[peer], Path(gitdir), [c for c in checks if c.peer == peer]).run()
    if args.write:
        write_expected(checks)
        print(f"wrote {EXPECTED.relative_to(HERE.parent.parent)}")
    if args.table:
        print(table(checks))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    raise SystemExit(main(sys.argv[1:]))
