"""Pictures: a timeline of who said what and an actor network (data, and drawings made with matplotlib).

The data functions are plain SQL over the article store; drawing imports matplotlib only when called,
so opening a library or starting the CLI never pays for it. Qt-free."""

from __future__ import annotations

import importlib

_HOMES = {
    "Scope": "scope", "Lane": "data", "QuoteMark": "data", "TimelineData": "data", "Node": "data", "Edge": "data",
    "NetworkData": "data", "timeline_data": "data", "network_data": "data", "OTHERS": "data",
    "render_timeline": "render", "render_network": "render",
}  # fmt: skip
__all__ = list(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
