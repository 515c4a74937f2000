"""Failpoints and delay points (akhbar.faults): inert unless a test arms them by name."""

from __future__ import annotations

import pytest

from akhbar import faults


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(faults.time, "sleep", slept.append)
    return slept


def test_a_delay_point_sleeps_only_where_it_is_armed(monkeypatch, sleeps):
    monkeypatch.delenv(faults.DELAY_VAR, raising=False)
    faults.delay("transform.batch")
    monkeypatch.setenv(faults.DELAY_VAR, "transform.batch:2.5")
    faults.delay("transform.batch")
    assert sleeps == [2.5]


def test_an_unknown_delay_point_is_refused_so_a_typo_cannot_disable_a_test(monkeypatch, sleeps):
    monkeypatch.setenv(faults.DELAY_VAR, "transform.batch:1")
    with pytest.raises(ValueError, match="unknown delay point 'transform.bacth'"):
        faults.delay("transform.bacth")
    assert sleeps == []
