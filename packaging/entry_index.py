"""Entry point of the PyInstaller bundle's `briefing-index` (the command-line interface)."""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # first: a spawned import worker re-runs this executable
    from indexer.cli import run

    run()  # main(), then the exit (at once after a read-only command)
