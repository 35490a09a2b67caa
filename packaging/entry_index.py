"""Entry point of the PyInstaller bundle's `briefing-index` (the command-line interface)."""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # first: a spawned import worker re-runs this executable
    from indexer.cli import main

    sys.exit(main())
