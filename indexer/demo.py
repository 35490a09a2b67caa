"""The bundled demo corpus: invented stories that quote real officials, so never to be mistaken for news.

Articles imported from it are marked in the store (recognised by the file's place in the bundled demo
folder, or by its bytes), shown with a DEMO tag, cited as invented, and removable at once.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .paths import demo_articles, resource

log = logging.getLogger(__name__)

DEMO_CITATION = "(invented demo article)"  # what a briefing's citation of a demo article says


@dataclass(frozen=True)
class DemoCorpus:
    """The bundled demo corpus (invented stories), to recognise its files and the articles made from them."""

    folder: str  # real path of the bundled demo folder ("" when it is missing)
    hashes: frozenset[str]  # sha256 of each of its files
    names: frozenset[str]  # their file names

    def holds(self, path: str, file_hash: str) -> bool:
        """A file of the demo corpus: inside its folder, or a byte-for-byte copy of one of its files."""
        return self.within(path) or file_hash in self.hashes

    def within(self, path: str) -> bool:
        """The demo folder itself or a path inside it."""
        real = os.path.realpath(path)
        return bool(self.folder) and (real == self.folder or real.startswith(self.folder + os.sep))

    def made(self, path: str, file_hash: str) -> bool:
        """An article recorded as imported from a demo file, also by another install (…/resources/demo/NAME)."""
        where = Path(path)
        elsewhere = where.name in self.names and (where.parent.name, where.parent.parent.name) == ("demo", "resources")
        return elsewhere or self.holds(path, file_hash)


@functools.lru_cache(maxsize=1)
def bundled_demo() -> DemoCorpus:
    """The demo corpus this installation bundles (read once per process)."""
    try:
        files = demo_articles()
        hashes = frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for p in files)
        return DemoCorpus(os.path.realpath(resource("demo")), hashes, frozenset(p.name for p in files))
    except OSError as exc:  # FileNotFoundError included: an install without its resources has no demo to mark
        log.warning("the bundled demo corpus cannot be read (%s); no article is marked as a demo", exc)
        return DemoCorpus("", frozenset(), frozenset())


def recognise_demo(store, db) -> int:
    """Mark the demo articles of a library made before demo articles were marked; once per library."""
    demo = bundled_demo()
    ids = [article_id for article_id, path, file_hash in store.files_of_articles() if demo.made(path, file_hash)]
    store.mark_demo(ids, db=db)
    store.set_demo_checked(db=db)
    return len(ids)
