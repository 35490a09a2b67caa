"""One import run: the decisions (added, duplicate, unchanged, skipped) and the batched writes.

Loaded only when an import starts, so opening a library does not pay for the
reading and cleaning code.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable, Generator, Iterable

from . import ingest
from .demo import bundled_demo, recognise_demo
from .ingest import dedupe
from .ingest.metadata import canonical_outlet, fallback_title
from .ingest.readers import NO_HEADLINE_WARNING, open_regular
from .library import ACTORS_FOLDER, COMMIT_EVERY, Library, index_doc
from .model import Added, Article, Document, Duplicate, ImportReport, Progress, Skip, Unchanged
from .pipeline import PARALLEL_MIN_FILES, PreparedFile, prepared_stream
from .store import LogEntry, StoreError, StoredArticle, now_iso

log = logging.getLogger(__name__)

# Metadata a duplicate may supply to the article it repeats (when that article's field is empty), as the log names it.
FILLED_FIELDS = (("title", "headline"), ("date", "date"), ("author", "author"), ("source", "outlet"),
                 ("url", "web address"))
# A near-duplicate shares at least this share of its text with the article before its metadata is taken:
# a copy that adds more may be a follow-up story with another date or outlet.
FILL_SIMILARITY = 0.85
# A near-duplicate that holds at least this share of the article's text and adds a sentence of its own (at
# least FULLER_NEW new five-word shingles: "UPDATE: The Kremlin said the meeting lasted four hours." has 13; one
# word changed makes at most 5) is a fuller copy: the article takes its text instead of losing it.
FULLER = 0.95
FULLER_NEW = 8
# A near-duplicate dated more days apart than this from the article is another story the outlet ran again (a
# copy at another outlet, or pasted late from an aggregator, is dated within days); an identical text is a
# duplicate whatever its date.
DAYS_APART = 7
# How the files table records a duplicate: since duplicates give metadata, "duplicate-checked"; a plain
# "duplicate" was recorded by an older version, so its copy is read once more when it could fill a gap.
DUPLICATE, UNCHECKED_DUPLICATE = "duplicate-checked", "duplicate"


def run_import(
    lib: Library,
    paths: Iterable[str | os.PathLike],
    *,
    max_size: int | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Generator[Progress, None, ImportReport]:
    """Import files and folders into `lib` (whose write lock the caller holds), yielding Progress."""
    max_size = ingest.DEFAULT_MAX_SIZE if max_size is None else max_size
    report = ImportReport()
    candidates = list(ingest.iter_candidate_files(paths))
    total = len(candidates)
    yield Progress(0, total, "Starting import")
    importer = _Importer(lib, report, uuid.uuid4().hex[:12])
    try:
        if not lib.store.demo_checked():
            recognise_demo(lib.store, importer.db)
        plan = [importer.triage(c, max_size) for c in candidates]  # a Skip/Unchanged already decided, or a path
        to_prepare = [p for p in plan if isinstance(p, str)]
        importer.bulk = len(to_prepare) >= PARALLEL_MIN_FILES  # worth worker processes, and a writer process
        stream = prepared_stream(to_prepare, max_size, actors_dir=str(lib.path / ACTORS_FOLDER))
        try:
            if to_prepare:
                lib.actors_engine  # noqa: B018 - built while the worker processes start and prepare the first files
            for done, step in enumerate(plan, 1):
                if cancel is not None and cancel():
                    report.cancelled = True
                    break
                name = ingest.display_path(step if isinstance(step, str) else step.path)
                if isinstance(step, str):
                    importer.take_file(next(stream))
                yield Progress(done, total, os.path.basename(name))
        finally:
            stream.close()
    except BaseException:
        importer.abort()
        raise
    importer.finish()
    return report


class _Importer:
    """One import run: decides added / duplicate / unchanged / skipped per file and writes in batches."""

    def __init__(self, library: Library, report: ImportReport, run: str):
        self.lib = library
        self.report = report
        self.run = run
        self.indexed_ids: list[str] = []  # added this run, to mark indexed once the index commits
        self.added_ids: set[str] = set()  # the same, for lookups
        self.log: list[LogEntry] = []
        self.writer = None
        self.db = library.store.db  # this thread's connection; Python opens the transaction on first write
        self.near_overlap: dict[str, dedupe.Overlap] = {}  # article id -> overlap, from the last near-duplicate check
        self.signatures_current = False  # stored signatures checked against dedupe.SIGNATURE_VERSION this run
        self.filled_ids: set[str] = set()  # articles given metadata by a duplicate, re-indexed in finish()
        self.serialised = False  # this transaction holds the team library's import lock
        self.bulk = False  # a big import: its index writer works in a process of its own
        self.updated_ids: set[str] | None = None  # articles whose id is not their text's hash (see _new_id)

    def triage(self, candidate, max_size: int):
        """Settle what needs no reading: skipped names and unchanged files. Else return the path to prepare."""
        if isinstance(candidate, Skip):
            self._skip(candidate)
            return candidate
        path = str(candidate)
        record = self.lib.store.file_record(db_path(path))
        if record and self.lib.store.exists(record[1]) and record[0] == file_sha256(candidate, max_size):
            if record[2] == UNCHECKED_DUPLICATE and self._lacks_citation(record[1]):
                return path  # read this copy again: it may give the article it repeats a date, an outlet, a title
            return self._unchanged(path, record[1])
        return path

    def _lacks_citation(self, article_id: str) -> bool:
        """The article has no date or no outlet, or a stand-in title (e.g. kept by a version that never
        took metadata from its duplicates)."""
        try:
            stored = self.lib.store.get(article_id)
        except StoreError:
            return False
        return stored is not None and citation_gaps(stored.article)

    def take_file(self, prepared: list[PreparedFile]) -> None:
        """Take every article of one file. A file that is only parts (a mailbox, a feed) is then recorded whole,
        as a "container" (never an article to update), so importing it again unchanged skips reading it."""
        ids = [self.take(p) for p in prepared]
        documents = [p.document for p in prepared if p.document is not None]
        first_id = next((i for i in ids if i), "")
        if documents and first_id and all(doc.part for doc in documents):
            self.lib.store.record_file(db_path(prepared[0].path), documents[0].file_hash, first_id, "container", db=self.db)

    def take(self, prepared: PreparedFile) -> str:
        """Decide and write one article; the id it was added as, unchanged as, or a duplicate of ("" if skipped).

        An article that is one part of a file (a message, an entry) is never replaced by another part: parts
        are keyed by position, which shifts when a mailbox or a feed changes, so they are judged by text only."""
        if prepared.skip is not None:
            self._skip(prepared.skip)
            return ""
        self._serialise()
        doc = prepared.document
        key = db_path(prepared.path) + (f"#{doc.part}" if doc.part else "")
        store = self.lib.store
        record = None if doc.part else store.file_record(key)
        previous_id = record[1] if record and record[2] == "added" and store.exists(record[1]) else None
        same = store.by_content_hash(doc.content_hash)
        if same is not None and (same == previous_id or self._earlier_part(same, doc)):
            store.record_file(key, doc.file_hash, same, "added", db=self.db)  # only whitespace or boilerplate changed
            self._unchanged(prepared.path, same, doc.part)
            return same
        if same is not None:
            return self._duplicate(key, doc, same, "identical text")
        near = self._near_duplicate(doc, prepared.minhash, prepared.lsh_keys)
        if near is not None and near != previous_id:
            if not self._fuller_copy(near):
                return self._duplicate(key, doc, near, "near-identical text")
            if self._same_citation(near, doc):
                return self._take_fuller_copy(key, prepared, near)
            return self._duplicate(key, doc, near, "near-identical text", _ADDS_ELSEWHERE)
        article_id = previous_id or self._new_id(doc)
        self._write(key, prepared, article_id, replacing=previous_id is not None)
        self.report.added.append(Added(article_id, doc.path, doc.title, updated=previous_id is not None))
        self._log(doc.path, "updated" if previous_id else "added", warning_detail(doc), article_id)
        return article_id

    def _same_citation(self, article_id: str, doc: Document) -> bool:
        """The fuller copy would be cited as the article is: the same date and outlet (where both have one).
        The same story at another outlet or of another day that adds a paragraph stays a duplicate (the log
        says it adds text): taking it would move the article's citations to another date or outlet."""
        kept = self._stored_article(article_id)
        if kept is None:
            return False
        same_date = not kept.date or not doc.date or kept.date[:10] == doc.date[:10]
        same_outlet = (not kept.source or not doc.source
                       or canonical_outlet(kept.source).casefold() == canonical_outlet(doc.source).casefold())
        return same_date and same_outlet

    def _stored_article(self, article_id: str) -> Article | None:
        """The library's article of that id, None when it is gone or its entry is damaged."""
        try:
            stored = self.lib.store.get(article_id)
        except StoreError:
            return None
        return stored.article if stored is not None else None

    def _write(self, key: str, prepared: PreparedFile, article_id: str, replacing: bool) -> None:
        """Analyse the document's actors and quotes, store it as `article_id` (`replacing` the article of that
        id, if any) and index it."""
        doc, store = prepared.document, self.lib.store
        if replacing and self.updated_ids is not None and article_id != doc.content_hash[:16]:
            self.updated_ids.add(article_id)  # updated in this run: its id is no longer its text's hash
        mentions, quotes = self.lib.actors_engine.analyse(doc.text, article_id, (doc.author,), prepared.actors)
        article = article_from_document(article_id, doc)
        store.put(article, mentions, quotes, prepared.minhash, prepared.lsh_keys, db=self.db)
        article = replace(article, **store.edits(article_id))  # the analyst's corrections are what gets indexed
        store.record_file(key, doc.file_hash, article_id, "added", db=self.db)
        if bundled_demo().holds(doc.path, doc.file_hash):
            store.mark_demo([article_id], db=self.db)
        if replacing and article_id in self.added_ids:  # its entry is not committed yet: indexed after the commit
            self.filled_ids.add(article_id)
            return
        stored = StoredArticle(article, tuple(mentions), tuple(quotes), prepared.minhash)
        analysed = prepared.analysed if article.title == doc.title else None  # analysed with the file's title
        self._index(stored, analysed, replace=replacing)

    def _fuller_copy(self, article_id: str) -> bool:
        """The newcomer holds (nearly) all of the article's text and adds some of its own: an update with a
        new paragraph or a correction, the whole page after a cut-off copy of it."""
        found = self.near_overlap[article_id]
        return found.new - found.shared >= FULLER_NEW and found.shared >= FULLER * found.other

    def _take_fuller_copy(self, key: str, prepared: PreparedFile, article_id: str) -> str:
        """The article takes the fuller copy's text and details (the analyst's corrections stay): what either
        file holds stays searchable. The log says whose copy it was."""
        doc = prepared.document
        title = self.lib.store.title(article_id)
        self._write(key, prepared, article_id, replacing=True)
        self.report.added.append(Added(article_id, doc.path, doc.title, updated=True))
        detail = (f"a fuller copy of “{title}” (similarity {self.near_overlap[article_id].covered:.2f}): "
                  "the article now has its text")
        self._log(doc.path, "updated", "; ".join(filter(None, (detail, warning_detail(doc)))), article_id)
        return article_id

    def _serialise(self) -> None:
        """In a team library, hold its import lock until this transaction commits, so another analyst's import
        decides before or after this batch, never beside it (a local library's write lock already does that)."""
        hold = getattr(self.lib.store, "hold_import_lock", None)
        if hold is not None and not self.serialised:
            hold(self.db)
            self.serialised = True

    def _earlier_part(self, article_id: str, doc: Document) -> bool:
        """`doc` is a part of a file, and the article was imported from the same file by an earlier run."""
        if not doc.part or article_id in self.added_ids:
            return False
        try:  # through the store: its SQL differs between a local and a team library
            stored = self.lib.store.get(article_id)
        except StoreError:
            return False  # a damaged entry: this part is then recorded as its duplicate, never lost
        return stored is not None and stored.article.path == doc.path

    def _unchanged(self, path: str, article_id: str, part: str = "") -> Unchanged:
        shown = ingest.display_path(path)
        self.report.unchanged.append(Unchanged(shown, article_id))
        self._log(shown, "unchanged", part, article_id)
        return Unchanged(shown, article_id)

    def _new_id(self, doc: Document) -> str:
        """A new article's id: its text's hash, shortened; when an article already has that id (one whose file
        was updated keeps the id of its first text: the store lists them, read once a run), one made from the
        hash and the file's path, so a new article never overwrites another."""
        if self.updated_ids is None:
            self.updated_ids = self.lib.store.updated_ids()
        candidate, attempt = doc.content_hash[:16], 0
        while candidate in self.updated_ids or (attempt and self.lib.store.exists(candidate)):
            attempt += 1
            seed = f"{doc.content_hash}\n{doc.path}\n{attempt}".encode("utf-8")
            candidate = hashlib.sha256(seed).hexdigest()[:16]
        return candidate

    def _near_duplicate(self, doc: Document, signature, keys) -> str | None:
        """The library article this document mostly repeats (see dedupe.Overlap), or None."""
        self._ensure_current_signatures()
        self.near_overlap = {}
        new_shingles = None
        for other_id, other_sig in self.lib.store.lsh_candidates(keys):
            if dedupe.estimated_similarity(signature, other_sig) < dedupe.CANDIDATE_THRESHOLD:
                continue
            new_shingles = new_shingles if new_shingles is not None else dedupe.shingle_set(doc.text)
            found = dedupe.overlap(new_shingles, self.lib.store.text(other_id) or "")
            if found.is_near_duplicate and not self._dated_apart(other_id, doc):
                self.near_overlap[other_id] = found
        return max(self.near_overlap, key=lambda i: self.near_overlap[i].covered, default=None)

    def _dated_apart(self, article_id: str, doc: Document) -> bool:
        """Both texts are dated, more than DAYS_APART days apart: a story the outlet ran again with new
        figures months later is another article, however much of its text it repeats (an identical text
        is still a duplicate)."""
        kept = self._stored_article(article_id)
        if kept is None:
            return False
        try:
            apart = abs(date.fromisoformat(kept.date[:10]) - date.fromisoformat(doc.date[:10]))
        except ValueError:  # either has no date (or not a whole one)
            return False
        return apart.days > DAYS_APART

    def _ensure_current_signatures(self) -> None:
        """Recompute the signatures of a library made by an older version, once (they are compared with new ones)."""
        if self.signatures_current:
            return
        if self.lib.store.signature_version() != dedupe.SIGNATURE_VERSION:
            count = self.lib.store.replace_signatures(_signature_and_keys, dedupe.SIGNATURE_VERSION, db=self.db)
            if count:
                log.info("recomputed the duplicate-detection signatures of %d articles", count)
        self.signatures_current = True

    def _duplicate(self, key: str, doc: Document, of: str, why: str, note: str = "") -> str:
        similarity = 1.0 if why == "identical text" else round(self.near_overlap[of].covered, 2)
        title = self.lib.store.title(of)  # as the article was called when this copy arrived
        duplicate = Duplicate(doc.path, of, title, similarity, self._fill_from(of, doc, similarity))
        self.lib.store.record_file(key, doc.file_hash, of, DUPLICATE, db=self.db)
        self.report.duplicates.append(duplicate)
        detail = "; ".join(filter(None, (duplicate.detail, note, warning_detail(doc))))
        self._log(doc.path, "duplicate", detail, of)
        return of

    def _fill_from(self, article_id: str, doc: Document, similarity: float) -> str:
        """Give the kept article the metadata it lacks from its duplicate `doc`; what the log says of it."""
        store = self.lib.store
        try:
            kept = store.get(article_id)
        except StoreError:
            return ""  # a damaged entry is repaired by re-importing its own file, not patched from a copy
        if kept is None:
            return ""
        values = missing_metadata(kept.article, doc, store.edited_fields(article_id))
        if not values:
            return ""
        named = ", ".join(label for name, label in FILLED_FIELDS if name in values)
        if similarity < FILL_SIMILARITY:
            return f"its {named} not taken: the texts differ too much to be sure it is the same article"
        store.fill_metadata(article_id, values, db=self.db)
        self.filled_ids.add(article_id)
        return f"took {named} from this copy"

    def _skip(self, skip: Skip) -> None:
        self.report.skipped.append(skip)
        self._log(skip.path, "skipped", skip.reason, "")

    def _log(self, path: str, status: str, detail: str, article_id: str) -> None:
        self.log.append(LogEntry(self.run, now_iso(), path, status, detail, article_id))

    def _index(self, stored: StoredArticle, analysed, replace: bool) -> None:
        if self.writer is None:
            self.writer = self.lib.index.writer(procs=2 if self.bulk else 1)
        doc = index_doc(stored)
        (self.writer.add if replace else self.writer.add_new)(doc, analysed)
        self.indexed_ids.append(stored.article.id)
        self.added_ids.add(stored.article.id)
        if len(self.indexed_ids) % COMMIT_EVERY == 0:
            self._commit_store()

    def _commit_store(self) -> None:
        self.lib.store.add_log(self.log, db=self.db)
        self.log = []
        self.db.commit()
        self.serialised = False

    def abort(self) -> None:
        """Keep what was committed, drop the rest, and free the index writer (an error or a kill of the job)."""
        self.db.rollback()
        self.serialised = False
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None

    def finish(self) -> None:
        """Commit the store, then the index, then mark the articles indexed. A crash between is repaired later.
        The actors the run discovered are saved meanwhile (they describe stored articles)."""
        try:
            self._commit_store()
        except BaseException:
            self.abort()
            raise
        if self.writer is not None:  # the actors this run discovered are saved while the index commits
            self.writer.commit_alongside(self.lib.save_actors)
            self.lib.store.mark_indexed(i for i in self.indexed_ids if i not in self.filled_ids)
        self._reindex_filled()

    def _reindex_filled(self) -> None:
        """Re-index the articles a duplicate gave metadata, once the run's own index entries are committed
        (Whoosh cannot replace an entry its writer has not committed yet)."""
        stored = [s for s in map(self.lib.store.get, sorted(self.filled_ids)) if s is not None]
        if not stored:
            return
        with self.lib.index.writer() as writer:
            for one in stored:
                writer.add(index_doc(one))
        self.lib.store.mark_indexed(s.article.id for s in stored)


def article_from_document(article_id: str, doc: Document) -> Article:
    return Article(
        id=article_id, title=doc.title, text=doc.text, date=doc.date, author=doc.author, source=doc.source,
        path=doc.path, url=doc.url, kind=doc.kind, content_hash=doc.content_hash, file_hash=doc.file_hash,
        imported=now_iso(), removed=doc.removed, language=doc.language, pages=doc.pages,
    )


def missing_metadata(kept: Article, doc: Document, edited: set[str]) -> dict[str, str]:
    """The metadata `doc` can give the article it duplicates: fields the article lacks (a title only when
    it is a stand-in and `doc` has a real headline), never one the analyst corrected (`edited`)."""
    values = {name: getattr(doc, name) for name, _ in FILLED_FIELDS[1:] if not getattr(kept, name)}
    if has_fallback_title(kept) and NO_HEADLINE_WARNING not in doc.warnings:
        values["title"] = doc.title
    return {name: value.strip() for name, value in values.items() if value.strip() and name not in edited}


def citation_gaps(article: Article) -> bool:
    """A citation of the article would lack its date, its outlet or its real title."""
    return not article.date or not article.source or has_fallback_title(article)


def has_fallback_title(article: Article) -> bool:
    """The article's title is a stand-in made from its opening words (no headline in its file)."""
    stand_in = fallback_title(article.text, Path(article.path).stem) or "Untitled"
    return article.title in (stand_in, "Untitled")


def warning_detail(doc: Document) -> str:
    """The import-log detail: where in its file the article was (a message, an entry), then its warnings
    (lost text, fallbacks, mixed encodings); "" when there is nothing to say."""
    return "; ".join(filter(None, (doc.part, *doc.warnings)))


def _signature_and_keys(text: str) -> tuple[tuple[int, ...], list[int]]:
    signature = dedupe.minhash(text)
    return signature, dedupe.lsh_keys(signature)


_ADDS_ELSEWHERE = ("it also adds text of its own, but has another date or outlet, so the article keeps its own "
                   "text and details; open this file to read the rest")


def db_path(path: str) -> str:
    """A file's key in the store: its exact name, with undecodable bytes as backslash escapes (unique, storable)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _streams(path: Path) -> bool:
    """A format read part by part (a mailbox), so a file over the size limit is still imported."""
    reader = ingest.registry.by_extension(path)
    return reader is not None and reader.streams


def file_sha256(path: Path, max_size: int) -> str:
    """Hash of the raw file, to recognise an unchanged re-import; "" when it cannot be read.

    Opened like the reader opens it: a pipe that replaced an imported file must not hang the import."""
    try:
        with open_regular(os.path.realpath(path)) as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or (info.st_size > max_size and not _streams(path)):
                return ""
            digest = hashlib.sha256()
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return ""
