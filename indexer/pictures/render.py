"""Draw the timeline and the network with matplotlib (Agg, no display), as PNG or SVG.

matplotlib and networkx are imported only when a picture is drawn. Colours come from the Okabe-Ito
palette, which colour-blind readers can tell apart, in a light theme (print, export) and a dark one
(the app's dark palette). Axis dates are ISO (YYYY-MM-DD), as the app writes every date (not the locale's
format: one form across the app, exports and languages), and their labels never overlap. SVG keeps its text
as text, so labels can be found, copied and read by screen readers.
"""

from __future__ import annotations

import io
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from pathlib import Path
from typing import Callable

from indexer.errors import BriefingReaderError

from .data import OTHERS, NetworkData, TimelineData

FORMATS = ("png", "svg")
DPI = 100
LABELLED_NODES = 20  # the largest nodes always get a label that overlaps no other
# Okabe & Ito (2008): distinguishable with every common form of colour blindness.
OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}  # fmt: skip
THEMES = {
    "light": {"background": "#FFFFFF", "text": "#1A1A1A", "strip": "blue", "grid": "#D0D0D0", "muted": "#7A7A7A", "edge": "#8C8C8C",
              "lanes": ("blue", "orange", "green", "vermillion", "purple", "sky")},
    "dark": {"background": "#232629", "text": "#EDEDED", "strip": "sky", "grid": "#4A4F54", "muted": "#A0A0A0", "edge": "#8A9096",
             "lanes": ("sky", "orange", "green", "yellow", "purple", "vermillion")},
}  # fmt: skip
# The reader's colours (desktop/theme.py): person blue, organisation green, place orange.
TYPE_COLOURS = {"person": "sky", "organisation": "green", "place": "orange"}
_DRAWING_LOCK = threading.Lock()  # rc_context changes matplotlib's global settings


class RenderError(BriefingReaderError):
    """A picture cannot be written in the asked form (e.g. an unknown file type)."""


@dataclass
class Drawing:
    """A drawn picture: the file bytes, and what was placed (for checks and for the GUI)."""

    data: bytes
    format: str  # "png" or "svg"
    width: int  # pixels (SVG: at 100 dpi)
    height: int
    labels: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)  # text, box (px)


def picture_format(path: str | Path | None, format: str | None) -> str:
    """"png" or "svg", from `format` or else the file's suffix; RenderError saying what is accepted."""
    fmt = (format or (Path(path).suffix.lstrip(".") if path else "") or "").lower()
    if fmt not in FORMATS:
        where = f" for {path}" if path else ""
        raise RenderError(f"Cannot draw a picture as {fmt or 'a file without a suffix'!r}{where}: "
                          "use a .png or .svg file name.")
    return fmt


# -- timeline --------------------------------------------------------------------------------------------
def render_timeline(
    data: TimelineData, path: str | Path | None = None, *, format: str | None = None, theme: str = "light",
    title: str = "", day_label: Callable[[Date], str] | None = None, figure=None,
) -> Drawing | None:
    """Draw the timeline: an article-density strip above one lane per speaker, with a mark on each day the
    speaker is quoted (larger for more quotes that day).

    Writes `path` when given and returns the Drawing; with `figure` (the app's canvas) it draws there
    and returns None."""
    fmt = picture_format(path, format) if figure is None else ""
    colours = _theme(theme)
    with _drawing():
        fig = figure if figure is not None else _new_figure(10, 1.8 + 0.42 * max(2, len(data.lanes)))
        fig.clear()
        fig.set_layout_engine(None)
        _paint_background(fig, colours)
        if not data.density:
            _empty_message(fig, "No dated article in this scope.", colours)
        else:
            fig.set_layout_engine("constrained")
            _draw_timeline(fig, data, colours, day_label or iso_day)
        if title:
            fig.suptitle(title, color=colours["text"], fontsize=11)
        return None if figure is not None else _finish(fig, path, fmt)


def _theme(name: str) -> dict:
    if name not in THEMES:
        raise RenderError(f"Unknown picture theme {name!r}: use {' or '.join(THEMES)}.")
    return THEMES[name]


def _draw_timeline(fig, data: TimelineData, colours: dict, day_label) -> None:
    lanes = list(data.lanes)
    strip, chart = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1, max(2, len(lanes)) * 0.9]})
    first, last = _day(data.density[0][0]), _day(data.density[-1][0])
    span = max(1, (last - first).days)
    _draw_density(strip, data.density, span, colours)
    palette = colours["lanes"]
    per_day = Counter((m.lane, m.date) for m in data.marks)  # one mark a day and lane, sized by its quotes
    for row, lane in enumerate(lanes):
        y = len(lanes) - 1 - row
        days = sorted(d for (lane_id, d) in per_day if lane_id == lane.id)
        colour = colours["muted"] if lane.id == OTHERS else OKABE_ITO[palette[row % len(palette)]]
        chart.axhline(y, color=colours["grid"], linewidth=0.6, zorder=0)
        if days:
            sizes = np_array([30 + 16 * min(per_day[(lane.id, d)] - 1, 9) for d in days])
            chart.scatter(_dates(_day(d) for d in days), np_array([y] * len(days)), s=sizes, marker="D",
                          color=colour, alpha=0.85, linewidths=0, zorder=2)
    chart.set_yticks(range(len(lanes)), [_lane_label(lane) for lane in reversed(lanes)])
    chart.set_ylim(-0.7, max(0.7, len(lanes) - 0.3))
    pad = timedelta(days=max(1, span // 40))
    chart.set_xlim(*_dates([first - pad, last + pad]))
    _style_axes(chart, colours)
    _date_axis(chart, span, day_label)
    if not lanes:
        chart.text(0.5, 0.5, "No attributed quote in this scope.", transform=chart.transAxes, ha="center",
                   color=colours["muted"])
    chart.set_xlabel(_timeline_note(data), color=colours["muted"], fontsize=8)


def _lane_label(lane) -> str:
    """'Name (quotes)'; the folded lane also says how many speakers it holds."""
    if lane.id == OTHERS:
        return f"{lane.actors} other speaker{'s' if lane.actors != 1 else ''} ({lane.quotes})"
    return f"{lane.name} ({lane.quotes})"


def _draw_density(ax, density, span: int, colours: dict) -> None:
    width = 1 if span <= 62 else 7 if span <= 730 else 30
    bins: Counter = Counter()
    for day, count in density:
        d = _day(day)
        start = d if width == 1 else d - timedelta(days=d.weekday()) if width == 7 else d.replace(day=1)
        bins[start] += count
    starts = sorted(bins)
    ax.bar(_dates(starts), [bins[s] for s in starts], width=width * 0.9, align="edge",
           color=OKABE_ITO[colours["strip"]], alpha=0.8)
    unit = {1: "day", 7: "week", 30: "month"}[width]
    ax.set_ylabel(f"articles\nper {unit}", color=colours["muted"], fontsize=8)
    _style_axes(ax, colours)
    ax.yaxis.get_major_locator().set_params(integer=True, nbins=3)


def _timeline_note(data: TimelineData) -> str:
    parts = [f"{data.articles} article(s), {len(data.marks)} attributed quote(s)"]
    if data.undated:
        parts.append(f"{data.undated} undated article(s) not shown")
    if data.unattributed:
        parts.append(f"{data.unattributed} unattributed quote(s) not shown")
    return " · ".join(parts)


def iso_day(day: Date) -> str:
    """A day as the app writes every date (results, panes, filters, citations): YYYY-MM-DD."""
    return day.isoformat()


# Tick steps, finest first: (count, unit). A timeline uses the finest step whose labels all fit side by side.
TICK_STEPS = ((1, "day"), (2, "day"), (3, "day"), (7, "day"), (14, "day"), (1, "month"), (2, "month"),
              (3, "month"), (6, "month"), (1, "year"), (2, "year"), (5, "year"), (10, "year"), (25, "year"),
              (50, "year"), (100, "year"))
LONG_SPAN = 400  # days: longer timelines label months (YYYY-MM) and years (YYYY) instead of days
_LABEL_GAP = 1.3  # room a label needs, as a multiple of its width: a clear gap between neighbours


def tick_days(low: Date, high: Date, most: int, long_span: bool = False) -> tuple[list[Date], str]:
    """The ticks between `low` and `high` (whole days, weeks from Monday, first days of months or years) at
    the finest step giving at most `most` of them (and at least one, where a step can), and that step's unit.
    Long spans skip day steps."""
    steps = [step for step in TICK_STEPS if not (long_span and step[1] == "day")]
    fitting = [(days, unit) for days, unit in ((_step_days(low, high, *step), step[1]) for step in steps)
               if len(days) <= most]
    return next((choice for choice in fitting if choice[0]), fitting[0] if fitting else ([], "year"))


def _step_days(low: Date, high: Date, count: int, unit: str) -> list[Date]:
    if unit == "day":
        first = low.toordinal() + -low.toordinal() % count
        if count in (7, 14):  # weeks start on Monday, as the density strip's weekly bars do
            first = low.toordinal() + -low.weekday() % 7
            first += 7 if count == 14 and first // 7 % 2 else 0
        return [Date.fromordinal(n) for n in range(first, high.toordinal() + 1, count)]
    months = range(low.year * 12 + low.month - 1, high.year * 12 + high.month)
    every = count * 12 if unit == "year" else count
    days = (Date(m // 12, m % 12 + 1, 1) for m in months if m % every == 0)
    return [d for d in days if low <= d <= high]


def _date_axis(ax, span: int, day_label) -> None:
    """Date ticks whose labels never overlap: as many as the axis has room for at draw time."""
    from matplotlib.dates import num2date
    from matplotlib.ticker import FuncFormatter, Locator

    long_span = span > LONG_SPAN
    sample = "2025-12" if long_span else day_label(Date(2025, 12, 28))  # as wide as the widest label

    class FittingTicks(Locator):
        unit = "day"

        def __call__(self):
            low, high = (num2date(value).date() for value in sorted(self.axis.get_view_interval()))
            room = self.axis.axes.get_window_extent().width
            label = _label_width(sample, self.axis.axes.figure.dpi)
            days, self.unit = tick_days(low, high, max(1, int(room // (label * _LABEL_GAP))), long_span)
            return _dates(days)

    locator = FittingTicks()

    def label(value, _pos):
        day = num2date(value).date()
        if not long_span:
            return day_label(day)
        return f"{day.year}" if locator.unit == "year" else f"{day.year}-{day.month:02d}"

    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(FuncFormatter(label))


def _label_width(text: str, dpi: float, size: float = 8) -> float:
    """A generous width in pixels of `text` at `size` points (DejaVu Sans: digits 0.64 em, '-' 0.36 em)."""
    return len(text) * 0.62 * size * dpi / 72


# -- network ---------------------------------------------------------------------------------------------
def render_network(
    data: NetworkData, path: str | Path | None = None, *, format: str | None = None, theme: str = "light",
    title: str = "", seed: int = 7, figure=None,
) -> Drawing | None:
    """Draw the network: nodes sized by articles and coloured by type, edges as thick as shared articles.

    The layout is seeded, so the same data gives the same picture. The LABELLED_NODES largest nodes get
    labels placed so that none overlaps another; smaller ones are labelled only where there is room."""
    fmt = picture_format(path, format) if figure is None else ""
    colours = _theme(theme)
    with _drawing():
        fig = figure if figure is not None else _new_figure(10, 7.5)
        fig.clear()
        fig.set_layout_engine(None)
        _paint_background(fig, colours)
        labels: list = []
        if not data.nodes:
            _empty_message(fig, _empty_network_text(data), colours)
        else:
            labels = _draw_network(fig, data, colours, seed)
        if title:
            fig.suptitle(title, color=colours["text"], fontsize=11)
        if figure is not None:
            return None
        picture = _finish(fig, path, fmt)
        picture.labels = labels
        return picture


def layout(data: NetworkData, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]², the same for the same data (seeded spring layout)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in data.nodes)  # in the data's (deterministic) order
    graph.add_weighted_edges_from((e.source, e.target, e.weight) for e in data.edges)
    if len(graph) == 1:
        return {data.nodes[0].id: (0.0, 0.0)}
    k = 1.6 / max(1, len(graph)) ** 0.5
    positions = nx.spring_layout(graph, k=k, seed=seed, iterations=80, weight="weight")
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def _draw_network(fig, data: NetworkData, colours: dict, seed: int) -> list:
    ax = fig.add_axes((0.02, 0.06, 0.96, 0.86))
    ax.set_axis_off()
    pos = layout(data, seed)
    _draw_edges(ax, data, pos, colours)
    most = max(n.articles for n in data.nodes)
    sizes = {n.id: 60 + 900 * (n.articles / most) ** 0.5 for n in data.nodes}
    groups: dict = {}
    for n in data.nodes:  # one scatter per type (and discovered or not): few artists, quick to draw
        groups.setdefault((TYPE_COLOURS.get(n.type, "purple"), n.discovered), []).append(n)
    for (colour, discovered), nodes in groups.items():
        ax.scatter(np_array(pos[n.id][0] for n in nodes), np_array(pos[n.id][1] for n in nodes),
                   s=np_array(sizes[n.id] for n in nodes), color=OKABE_ITO[colour], edgecolors=colours["background"],
                   linewidths=1.2, zorder=2, hatch="///" if discovered else None)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.15, 1.15)
    _legend(ax, colours)
    fig.text(0.01, 0.01, _network_note(data), color=colours["muted"], fontsize=8)
    return place_labels(fig, ax, data, pos, sizes, colours)


def _draw_edges(ax, data: NetworkData, pos, colours: dict) -> None:
    """Every edge in one collection, as thick and as opaque as its share of the heaviest, heaviest on top."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba

    heaviest = max(e.weight for e in data.edges)
    edges = list(reversed(data.edges))
    ax.add_collection(LineCollection(
        [(pos[e.source], pos[e.target]) for e in edges],
        linewidths=[0.6 + 4.4 * e.weight / heaviest for e in edges],
        colors=[to_rgba(colours["edge"], 0.35 + 0.45 * e.weight / heaviest) for e in edges],
        capstyle="round", zorder=1,
    ))


def _legend(ax, colours: dict) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=OKABE_ITO[c], label=t)
               for t, c in TYPE_COLOURS.items()]
    legend = ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=8, labelcolor=colours["text"])
    legend.set_zorder(4)


def _network_note(data: NetworkData) -> str:
    shown = f"{len(data.nodes)} of {data.actors} actor(s) in {data.articles} article(s)"
    return f"{shown} · an edge joins actors named in at least {data.min_weight} same article(s) · size: articles"


def _empty_network_text(data: NetworkData) -> str:
    if data.actors == 0:
        return "No actor is mentioned in this scope."
    return f"No two actors share {data.min_weight} or more articles in this scope. Lower the minimum weight."


def place_labels(fig, ax, data: NetworkData, pos, sizes, colours: dict) -> list:
    """Label nodes largest first, each at the first spot around its node that overlaps no node, no label
    placed before and not the legend. The LABELLED_NODES largest are always labelled (further out, with a
    leader line, when crowded); smaller ones only where they fit. Boxes are computed, not drawn, per try."""
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    taken = [tuple(legend.extents)] + _node_boxes(ax, data, pos, sizes)
    frame = (0.0, 0.0, fig.bbox.width, fig.bbox.height)
    scale = fig.dpi / 72  # points -> pixels
    placed = []
    for rank, n in enumerate(data.nodes):
        size = 8.5 if rank < LABELLED_NODES else 7.5
        w, h = _text_size(renderer, n.name, size)
        anchor = tuple(ax.transData.transform(pos[n.id]))
        radius = (sizes[n.id] ** 0.5) / 2 + 3
        spots = list(_spots(radius)) + (list(_ring_spots()) if rank < LABELLED_NODES else [])
        for dx, dy, ha, va in spots:
            box = _box(anchor, dx * scale, dy * scale, w, h, ha, va)
            if _within(box, frame) and not any(_overlaps(box, other) for other in taken):
                leader = {"arrowstyle": "-", "color": colours["muted"], "linewidth": 0.5} if abs(dx) + abs(dy) > 60 else None
                ax.annotate(n.name, pos[n.id], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                            fontsize=size, color=colours["text"], zorder=3, arrowprops=leader)
                taken.append(box)
                placed.append((n.name, (box[0], frame[3] - box[3], box[2] - box[0], box[3] - box[1])))
                break
    return placed


def _text_size(renderer, text: str, size: float) -> tuple[float, float]:
    """Width and height in pixels of a label, with a little margin."""
    from matplotlib.font_manager import FontProperties

    w, h, _descent = renderer.get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
    return w + 4, h + 4


def _box(anchor, dx: float, dy: float, w: float, h: float, ha: str, va: str) -> tuple[float, float, float, float]:
    x, y = anchor[0] + dx, anchor[1] + dy
    x0 = x if ha == "left" else x - w if ha == "right" else x - w / 2
    y0 = y if va == "bottom" else y - h if va == "top" else y - h / 2
    return (float(x0), float(y0), float(x0 + w), float(y0 + h))


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _within(box, frame) -> bool:
    return box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]


def _node_boxes(ax, data: NetworkData, pos, sizes) -> list:
    """The square around each node's disc (pixels): a label placed on a node would hide it."""
    boxes = []
    for n in data.nodes:
        x, y = ax.transData.transform(pos[n.id])
        r = (sizes[n.id] ** 0.5) / 2 * ax.figure.dpi / 72
        boxes.append((float(x - r), float(y - r), float(x + r), float(y + r)))
    return boxes


def _spots(radius: float):
    """Offsets (points) around a node, nearest first: right, left, above, below, then the diagonals, further out."""
    for reach in (1.0, 1.8, 2.8):
        r = max(radius, 6) * reach
        yield r, 0, "left", "center"
        yield -r, 0, "right", "center"
        yield 0, r, "center", "bottom"
        yield 0, -r, "center", "top"
        for sx, sy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
            yield sx * r * 0.8, sy * r * 0.8, "left" if sx > 0 else "right", "bottom" if sy > 0 else "top"


def _ring_spots():
    """Wider rings for a large node whose near spots are all taken (drawn with a leader line)."""
    from math import cos, radians, sin

    for distance in range(40, 400, 12):
        for angle in range(0, 360, 15):
            yield distance * cos(radians(angle)), distance * sin(radians(angle)), "center", "center"


# -- shared ----------------------------------------------------------------------------------------------
def require_drawing_libraries() -> None:
    """RenderError saying what to install when matplotlib or networkx is missing (e.g. a bundle built without)."""
    try:
        import matplotlib  # noqa: F401
        import networkx  # noqa: F401
    except ImportError as exc:
        raise RenderError(
            f"Drawing pictures needs matplotlib and networkx, and this installation lacks {exc.name}. Install "
            "them (`pip install matplotlib networkx`) or use --json for the data."
        ) from exc


@contextmanager
def _drawing():
    """matplotlib settings for one drawing (one at a time): SVG text kept as text, names with "$" never read
    as formulas."""
    require_drawing_libraries()
    import matplotlib

    with _DRAWING_LOCK, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "briefing",
                                               "font.family": "DejaVu Sans", "text.parse_math": False}):
        yield


def _new_figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _paint_background(fig, colours: dict) -> None:
    fig.set_facecolor(colours["background"])


def _empty_message(fig, text: str, colours: dict) -> None:
    fig.text(0.5, 0.5, text, ha="center", va="center", color=colours["muted"], fontsize=11)


def _style_axes(ax, colours: dict) -> None:
    ax.set_facecolor(colours["background"])
    ax.tick_params(colors=colours["text"], labelsize=8)
    for side, spine in ax.spines.items():
        spine.set_color(colours["grid"])
        spine.set_visible(side in ("bottom", "left"))


def _finish(fig, path: str | Path | None, fmt: str) -> Drawing:
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}  # reproducible bytes: no timestamp
    fig.savefig(buffer, format=fmt, dpi=DPI, facecolor=fig.get_facecolor(), metadata=metadata)
    picture = Drawing(buffer.getvalue(), fmt, int(fig.bbox.width), int(fig.bbox.height))
    if path is not None:
        _write(Path(path), picture.data)
    return picture


def _write(path: Path, data: bytes) -> None:
    from indexer.briefing.store import write_atomic
    from indexer.errors import BriefingFileError

    try:
        write_atomic(path, data, mode=0o600)
    except BriefingFileError as exc:
        raise RenderError(str(exc).replace("Cannot save", "Cannot write the picture")) from exc


def _day(text: str) -> Date:
    return Date.fromisoformat(text)


def _dates(days):
    """matplotlib date numbers of `days` (an array; date2num one by one is slow for thousands of marks)."""
    from matplotlib.dates import date2num

    epoch = date2num(Date(1970, 1, 1))
    return np_array([d.toordinal() - _ORDINAL_1970 + epoch for d in days])


_ORDINAL_1970 = Date(1970, 1, 1).toordinal()


def np_array(values):
    import numpy

    return numpy.asarray(list(values), dtype=float)
