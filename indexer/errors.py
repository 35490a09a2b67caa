"""Errors the user may see. Each message names the file or query and says what to do."""

import shlex


class BriefingReaderError(Exception):
    """Base class: the message is written for the user, not the developer."""


class QueryError(BriefingReaderError):
    """A search query that cannot be parsed or run."""


class LibraryLockedError(BriefingReaderError):
    """Another process is writing to the library."""


class IndexCorruptError(BriefingReaderError):
    """The search index cannot be read; `briefing-index rebuild` recreates it."""


class ArticleNotFoundError(BriefingReaderError, KeyError):
    """No article with that id in the library."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "article not found"


class BriefingFileError(BriefingReaderError):
    """A briefing file that cannot be read or written."""


class StoreMissingError(BriefingReaderError):
    """The article store is missing or empty while the search index still holds articles.

    Opening such a library as new would hide every article, and a rebuild would
    erase the index: the last record of what the library held."""

    def __init__(self, library: object, indexed: int):
        self.library, self.indexed = library, indexed
        super().__init__(
            f"The article store of the library {library} (library.sqlite3) is missing or empty, but its search "
            f"index still records {indexed} article(s); nothing was rebuilt or replaced. Restore library.sqlite3 "
            f"from a backup, or run `briefing-index --library {shlex.quote(str(library))} salvage` to re-import the articles from "
            "their original files. `rebuild` will not run: it would recreate the index from the empty store."
        )
