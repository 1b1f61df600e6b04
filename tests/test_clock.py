"""IACSIM_NOW makes date-dependent rules reproducible."""

from datetime import UTC, datetime

import pytest

from iacsim.clock import scan_time


def test_scan_time_follows_iacsim_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IACSIM_NOW", "2030-01-02T03:04:05Z")
    assert scan_time() == datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_scan_time_is_now_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IACSIM_NOW", raising=False)
    assert abs((scan_time() - datetime.now(UTC)).total_seconds()) < 5
