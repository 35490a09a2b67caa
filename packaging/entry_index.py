"""Entry point of the PyInstaller bundle's `briefing-index` (the command-line interface)."""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # first: a spawned import worker re-runs this executable
    from indexer.served import main

    main()  # a running `serve`'s answer to a search, else cli.run(): main(), then the exit
