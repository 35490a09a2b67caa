"""Which article store and search engine a library location gets; the one place that knows.

A folder gets the SQLite store (library.sqlite3) and the Whoosh index (index/); a `postgresql://` address gets
PgStore and PgEngine, which share the server. The PostgreSQL modules load only for a team address, so a local
library never needs psycopg.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .paths import is_team_address

if TYPE_CHECKING:  # the protocols only name the return types: a search never loads store_protocol
    from .search.engine import SearchEngine
    from .store_protocol import Store

STORE_FILE, INDEX_FOLDER = "library.sqlite3", "index"

ActorResolver = Callable[[str], "set[str]"]


def open_store(location: str | os.PathLike) -> Store:
    """The article store of the library at `location`."""
    if is_team_address(location):
        from .pg_store import PgStore  # psycopg only for a team library

        return PgStore(os.fspath(location))
    from .store import ArticleStore

    return ArticleStore(Path(location) / STORE_FILE)


def open_engine(location: str | os.PathLike, actor_resolver: ActorResolver) -> SearchEngine:
    """The search engine of the library at `location`; `actor_resolver` maps a name to raw actor ids."""
    if is_team_address(location):
        from .search.pg_engine import PgEngine

        return PgEngine(os.fspath(location), actor_resolver=actor_resolver)
    from .search.whoosh_engine import SearchIndex

    return SearchIndex(Path(location) / INDEX_FOLDER, actor_resolver=actor_resolver)
