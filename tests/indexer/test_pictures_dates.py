"""Dates on the timeline's axis (QA 4, defect 13): ISO YYYY-MM-DD as the app writes them (YYYY-MM and YYYY
for long spans), at whole days, weeks, months or years, and never so many that two labels overlap."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from indexer.pictures import Scope, render_timeline
from indexer.pictures.data import Lane, QuoteMark, TimelineData
from indexer.pictures.render import tick_days


def timeline(span: int, speaker: str = "Alba Ferrant") -> TimelineData:
    """An invented timeline of one speaker quoted on four days spread over `span` days."""
    first = date(2025, 1, 1)
    days = [first + timedelta(days=d) for d in sorted({0, span // 3, span // 2, span})]
    marks = tuple(QuoteMark("alba", "alba", d.isoformat(), f"a{i}", 0, 5, "words") for i, d in enumerate(days))
    return TimelineData(Scope(), len(days), 0, 0, (Lane("alba", speaker, "person", len(days)),), marks,
                        tuple((d.isoformat(), 1) for d in days))


def axis_labels(data: TimelineData, width: float):
    """The drawn x-axis labels (text, box in pixels) of the timeline in a figure `width` inches wide."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, 3), dpi=100)
    FigureCanvasAgg(figure)
    render_timeline(data, figure=figure)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    ticks = figure.axes[1].get_xticklabels()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in ticks if t.get_text() and t.get_visible()]


@pytest.mark.parametrize("width", [2.5, 4, 6, 10, 16])
@pytest.mark.parametrize("span", [0, 1, 10, 45, 120, 399, 500, 1500, 20000])
def test_axis_labels_never_overlap_and_are_iso(width, span):
    labels = axis_labels(timeline(span), width)
    assert labels, "at least one date is written"
    for i, (text, box) in enumerate(labels):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}" if span <= 400 else r"\d{4}(-\d{2})?", text), text
        for other, other_box in labels[i + 1:]:
            assert not box.overlaps(other_box), (text, other)


def test_a_long_lane_name_leaves_less_room_and_still_no_overlap():
    labels = axis_labels(timeline(120, "Invented Council for the Coordination of Harbour Reconstruction"), 6)
    boxes = [box for _, box in labels]
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_a_wide_picture_gets_more_dates_than_a_narrow_one():
    assert len(axis_labels(timeline(120), 16)) > len(axis_labels(timeline(120), 4)) >= 2


def test_ticks_fall_on_whole_days_weeks_months_and_years():
    days, unit = tick_days(date(2025, 3, 1), date(2025, 3, 5), 10)
    assert unit == "day" and days == [date(2025, 3, d) for d in range(1, 6)]
    days, unit = tick_days(date(2025, 3, 1), date(2025, 4, 30), 10)
    assert unit == "day" and all(d.weekday() == 0 for d in days) and len(days) == 9
    days, unit = tick_days(date(2025, 3, 1), date(2025, 6, 30), 9)
    assert unit == "day" and all(d.weekday() == 0 for d in days) and len(days) == 9 and days[1] - days[0] == timedelta(14)
    days, unit = tick_days(date(2025, 1, 10), date(2025, 12, 31), 6)
    assert unit == "month" and days == [date(2025, m, 1) for m in (3, 5, 7, 9, 11)]
    days, unit = tick_days(date(2020, 6, 1), date(2030, 6, 1), 6, long_span=True)
    assert unit == "year" and days == [date(y, 1, 1) for y in (2022, 2024, 2026, 2028, 2030)]


def test_no_room_gives_one_date_or_none_never_a_crowd():
    days, _ = tick_days(date(2025, 3, 1), date(2025, 3, 3), 1)
    assert len(days) == 1
    assert len(tick_days(date(2025, 3, 1), date(2025, 3, 3), 0)[0]) == 0
    assert tick_days(date(2025, 3, 5), date(2025, 3, 1), 5) == ([], "day")  # an empty range


def test_a_long_span_is_labelled_by_month_or_year():
    texts = [text for text, _ in axis_labels(timeline(1500), 10)]
    assert texts and all(re.fullmatch(r"\d{4}-\d{2}", t) for t in texts), texts
    texts = [text for text, _ in axis_labels(timeline(20000), 10)]
    assert texts and all(re.fullmatch(r"\d{4}", t) for t in texts), texts
