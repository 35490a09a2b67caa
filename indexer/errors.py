"""Errors the user may see. Each message names the file or query and says what to do."""


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
