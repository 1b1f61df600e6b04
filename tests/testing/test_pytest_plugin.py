"""The pytest plugin: registered by entry point, cheap to load, and its fixture runs a test inside mock_aws."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "iacsim.testing.pytest_plugin"


def _this_checkout_first() -> str:
    """PYTHONPATH for a child Python that imports this checkout's iacsim (not an installed copy)."""
    return os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])


def test_the_plugin_is_registered_through_an_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["pytest11"] == {"iacsim": PLUGIN}


def test_loading_the_plugin_imports_neither_botocore_nor_the_simulator() -> None:
    code = (f"import sys, {PLUGIN}; heavy = [m for m in ('botocore', 'boto3', 'iacsim.sim') if m in sys.modules]; "
            "print(heavy); sys.exit(bool(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": _this_checkout_first()})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_fixture_answers_boto3_calls_from_a_fresh_cloud(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("""
import pytest

@pytest.fixture
def iacsim_mock_options():
    return {"region": "eu-west-1"}
""")
    pytester.makepyfile("""
import boto3

def test_one(iacsim_cloud):
    kms = boto3.client("kms")
    assert kms.meta.region_name == "eu-west-1"
    kms.create_key()
    assert len(kms.list_keys()["Keys"]) == 1

def test_two_starts_empty(iacsim_cloud):
    assert boto3.client("kms").list_keys()["Keys"] == []
""")
    result = pytester.runpytest("-p", PLUGIN, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_without_boto3_only_the_tests_using_the_fixture_error(pytester: pytest.Pytester,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", _this_checkout_first())
    pytester.makeconftest("""
import sys
sys.modules["botocore"] = None   # as if botocore and boto3 were not installed
sys.modules["boto3"] = None
""")
    pytester.makepyfile("""
def test_needs_it(iacsim_cloud):
    pass

def test_does_not():
    pass
""")
    result = pytester.runpytest_subprocess("-p", PLUGIN, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)  # the fixture fails in setup: an error of that test only
    result.stdout.fnmatch_lines(["the iacsim_cloud fixture needs botocore and boto3: pip install 'iacsim?testing?'"])
