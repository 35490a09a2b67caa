"""`make team-demo`: the bundled demo corpus in a team library on a throwaway PostgreSQL cluster, and the app on it.

Run inside pg_virtualenv (as the Makefile does): it starts a temporary cluster, exports PGHOST, PGPORT, PGUSER,
PGPASSWORD and PGDATABASE to this program, and drops the cluster when the program ends, so the library goes
when the window closes. The password stays in PGPASSWORD; the address given to the app has none.
"""

from __future__ import annotations

import os
import sys

NEEDED = ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE")


def cluster_address(environ=os.environ) -> str:
    """The postgresql:// address of the cluster pg_virtualenv started (never with its password)."""
    from urllib.parse import quote

    missing = [name for name in NEEDED if not environ.get(name)]
    if missing:
        raise SystemExit(f"team-demo: {', '.join(missing)} not set. Run it as `make team-demo`, which starts a "
                         "throwaway PostgreSQL cluster with pg_virtualenv (Debian: apt install postgresql).")
    host, port = environ["PGHOST"], environ["PGPORT"]
    return f"postgresql://{quote(environ['PGUSER'])}@{quote(host)}:{port}/{quote(environ['PGDATABASE'])}"


def import_demo(address: str) -> int:
    """Import the demo corpus into the team library at `address`, telling the terminal; returns how many."""
    from indexer.library import Library, run_to_end
    from indexer.paths import demo_articles

    with Library(address) as library:
        report = run_to_end(library.iter_add(demo_articles()),
                            lambda step: print(f"\r  {step.done}/{step.total} {step.message[:60]:<60}", end=""))
    print(f"\nteam-demo: {len(report.added)} articles imported into {address} "
          f"({len(report.duplicates)} duplicates recognised).")
    return len(report.added)


def main(argv: list[str] | None = None) -> int:
    from indexer.errors import BriefingReaderError

    from .app import main as app_main

    address = cluster_address()
    try:
        import_demo(address)
    except BriefingReaderError as exc:
        print(f"team-demo: {exc}", file=sys.stderr)
        return 1
    print("team-demo: opening the app; these are invented demo stories (a team library does not mark them "
          "DEMO yet). Close the window to drop the cluster and its library.")
    return app_main(["--library", address, *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    sys.exit(main())
