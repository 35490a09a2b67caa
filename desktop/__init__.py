"""Briefing Reader desktop application (PySide6). Imports `indexer`, never the reverse."""

from __future__ import annotations

import sys


def _pin_none() -> None:
    """Work around PySide6 6.12.0 on CPython < 3.12: each call of a void Qt method drops a reference
    to None (measured: 100 calls of QLabel.setText lower sys.getrefcount(None) by 100), so a
    long session ends in "Fatal Python error: none_dealloc". CPython 3.12 made None immortal;
    do the same here by giving None a reference count that cannot run out."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


_pin_none()
