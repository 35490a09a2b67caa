"""The scripted walk of issue 14 ("Done when") runs headless and finds nothing a user would trip over."""

from __future__ import annotations

import re

import pytest

from desktop import gui_check


@pytest.mark.slow
def test_the_walk_through_the_demo_finds_no_problem(qapp, tmp_path):
    shots, problems = gui_check.walk(tmp_path / "shots")
    assert problems == []
    names = sorted(p.name for p in shots)
    for size in ("1366x768", "800x600"):
        for step in ("search", "side-by-side", "merged", "briefing"):
            assert any(n.startswith(f"walk-{size}-") and n.endswith(f"-{step}.png") for n in names), (size, step)
    assert all(p.stat().st_size > 10_000 for p in shots)


def test_a_walk_reports_what_goes_wrong(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(gui_check, "MIN_RESULTS_AT_LAPTOP_SIZE", 500)  # more than the demo's 17 articles
    _shots, problems = gui_check.walk(tmp_path / "shots", sizes=((1366, 768),))
    assert len(problems) == 1
    assert re.fullmatch(r"1366x768: the results list shows \d+ results, fewer than 500", problems[0])


def test_usage_without_a_folder(capsys):
    assert gui_check.main([]) == 2
    assert "usage: python -m desktop.gui_check OUTDIR" in capsys.readouterr().err
