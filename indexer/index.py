"""Deprecated: the search index moved to indexer.search (issue 15, the engine seam, step 1).

A thin shim while other branches still import `indexer.index`: the name is the Whoosh engine module itself,
so `from indexer.index import SearchIndex` and test monkeypatches of its limits keep working, and indexes
built before the move (their pickled schema names `indexer.index.PreAnalysableText`) still open.
A later step removes this module; new code imports indexer.search.engine or indexer.search.whoosh_engine.
"""

import sys

from .search import whoosh_engine

sys.modules[__name__] = whoosh_engine
