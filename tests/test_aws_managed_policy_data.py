"""The AWS managed policy snapshot shipped in iacsim/data, and the script that rebuilds it (no network here)."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from iacsim.aws import managed_policies

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "iacsim" / "data"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("refresh_aws_data", ROOT / "scripts" / "refresh_aws_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_metadata_side_file_describes_the_shipped_snapshot() -> None:
    packed = (DATA / "aws_managed_policies.json.gz").read_bytes()
    snapshot = json.loads(gzip.decompress(packed))
    meta = json.loads((DATA / "aws_managed_policies.meta.json").read_text())
    assert meta["sha256"] == hashlib.sha256(packed).hexdigest()
    assert (meta["package_version"], meta["snapshot_date"], meta["policies"]) == (
        snapshot["package_version"], snapshot["snapshot_date"], len(snapshot["policies"]))
    info = managed_policies.snapshot_info()
    assert (info.package_version, info.snapshot_date, info.policies) == (
        meta["package_version"], meta["snapshot_date"], meta["policies"])
    assert all(arn.startswith("arn:aws:iam::aws:policy/") for arn in snapshot["policies"])


def test_lookups_are_by_full_arn_with_the_path() -> None:
    assert managed_policies.document("arn:aws:iam::aws:policy/AdministratorAccess") == {
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    assert managed_policies.document("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
    assert managed_policies.document("arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy") is None
    assert managed_policies.document("arn:aws:iam::111122223333:policy/AdministratorAccess") is None
    assert managed_policies.version("arn:aws:iam::aws:policy/AdministratorAccess") == "v1"


def test_the_snapshot_takes_each_policys_latest_version_and_is_byte_for_byte_reproducible(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script()
    raw = {"Demo": {"arn": "arn:aws:iam::aws:policy/Demo", "latestVersionId": "v2", "versionsCount": 2,
                    "lastUpdatedDate": "2026-01-02T00:00:00.000Z",
                    "versions": {"v1": {"document": {"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}},
                                 "v2": {"document": {"Statement": [{"Effect": "Allow", "Action": "s3:Get*"}]}}}}}
    snap = script.snapshot(raw, "1.2.3", None)
    assert snap == {"snapshot_date": "2026-01-02", "package_version": "1.2.3", "policies": {
        "arn:aws:iam::aws:policy/Demo": {"version": "v2",
                                         "document": '{"Statement":[{"Action":"s3:Get*","Effect":"Allow"}]}'}}}
    monkeypatch.setattr(script, "DATA", tmp_path)
    monkeypatch.setattr(script, "OUT", tmp_path / "out.json.gz")
    monkeypatch.setattr(script, "META", tmp_path / "out.meta.json")
    script.write(script.snapshot(raw, "1.2.3", "2026-02-03"))
    first = (tmp_path / "out.json.gz").read_bytes()
    script.write(script.snapshot(raw, "1.2.3", "2026-02-03"))
    assert (tmp_path / "out.json.gz").read_bytes() == first
    assert json.loads((tmp_path / "out.meta.json").read_text())["snapshot_date"] == "2026-02-03"
