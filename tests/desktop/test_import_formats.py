"""The Import Files dialog offers every format of the reader registry."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from indexer.ingest.registry import READERS


def test_import_dialog_filter_lists_every_registered_format(window, monkeypatch):
    seen = {}

    def fake(parent, caption, folder, filters):
        seen["filters"] = filters
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake))
    window.import_files()
    first = seen["filters"].split(";;")[0]
    assert all(f"*{ext}" in first for reader in READERS for ext in reader.extensions)
    assert all(reader.label in seen["filters"] for reader in READERS)
