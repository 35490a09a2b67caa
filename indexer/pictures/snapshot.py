"""Pictures as briefing items: draw a timeline or network from the library and keep it as a snapshot.

The snapshot (PNG and SVG) is what the briefing shows and exports; `redraw` draws it again from the
query it was made from, only when the analyst asks.
"""

from __future__ import annotations

from indexer.briefing.model import Briefing, Picture

from .scope import Scope

DEFAULT_CAPTIONS = {"timeline": "Who said what", "network": "Who appears with whom"}


def draw_both(library, kind: str, scope: Scope, options: dict) -> tuple[bytes, str]:
    """The picture of `kind` for `scope`, drawn for print (light theme), as (PNG bytes, SVG text)."""
    from .render import render_network, render_timeline

    if kind == "timeline":
        data, draw = library.timeline(scope), render_timeline
    elif kind == "network":
        data, draw = library.network(scope, min_weight=int(options.get("min_weight", 1))), render_network
    else:
        raise ValueError(f"a picture is a timeline or a network, not {kind!r}")
    png = draw(data, format="png").data
    svg = draw(data, format="svg").data.decode("utf-8")
    return png, svg


def make_picture(library, kind: str, scope: Scope | None = None, caption: str = "", **options) -> Picture:
    """A new briefing picture drawn from the library now, with its caption and the query it was made from."""
    scope = scope or Scope()
    png, svg = draw_both(library, kind, scope, options)
    caption = caption.strip() or DEFAULT_CAPTIONS.get(kind, kind)  # the export adds the query it was made from
    return Picture(kind=kind, caption=caption, png=png, svg=svg, scope=scope.to_json(), options=dict(options))


def redraw(briefing: Briefing, item_id: str, library) -> tuple[bytes, str]:
    """Draw a briefing picture again from its stored query (the analyst asked); returns the old drawing."""
    picture = briefing.item(item_id)
    if not isinstance(picture, Picture):
        raise TypeError(f"item {item_id!r} is not a picture")
    try:
        scope = Scope.from_json(picture.scope)
    except ValueError as exc:
        raise ValueError(f"the picture {picture.caption!r} cannot be drawn again: its stored query is damaged ({exc})") from exc
    png, svg = draw_both(library, picture.kind, scope, picture.options)
    return briefing.replace_picture(item_id, png, svg)
