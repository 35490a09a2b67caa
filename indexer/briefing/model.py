"""The briefing document model: sections of excerpts and notes, edited one operation at a time.

Every edit is one method that returns what is needed to undo it, so a GUI can wrap each
operation in an undo command that only calls model methods. Listeners registered with
`Briefing.add_listener` are called after each change. Qt-free.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Union

from indexer.demo import DEMO_CITATION
from indexer.model import QUOTE_KINDS, QUOTE_REPORTED, Article, page_label

STALE_MISSING = "article missing"  # the stored flag values (kept for older files); shown as STALE_LABELS say
STALE_CHANGED = "article changed"
STALE_LABELS = {
    STALE_MISSING: "article no longer in the library",
    STALE_CHANGED: "text no longer in the article",
}
CITATION_FIELDS = ("title", "date", "author", "source", "path", "url", "page", "speaker", "quote_kind", "title_kind")
EXCERPT_UPDATE_FIELDS = (*CITATION_FIELDS, "start", "end")  # what follows the library; never the text
# An excerpt's title_kind: "" when its title is a headline (the file's, or the analyst's correction), else
TITLE_OPENING = "opening"  # a stand-in made of the article's first words: its file has no headline
TITLE_NONE = "none"  # no title at all: the stand-in is "Untitled" or the file's name
UNTITLED = "Untitled"  # the stand-in of a file whose text gives no opening words (indexer.ingest.readers)

Listener = Callable[["Briefing", str], None]


def new_id() -> str:
    """A fresh stable id for a section or an item."""
    return uuid.uuid4().hex


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string with microseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass
class Excerpt:
    """A span [start, end) of an article, with a snapshot of its text and metadata."""

    article_id: str
    start: int
    end: int
    text: str
    title: str = ""
    date: str = ""
    author: str = ""
    source: str = ""
    path: str = ""
    url: str = ""
    note: str = ""  # the analyst's Markdown, shown after the excerpt
    speaker: str = ""  # who said it, when the excerpt is an attributed quote: cited before the title
    quote_kind: str = ""  # QUOTE_REPORTED when the speaker's words are reported speech: never cited as a quotation
    actors: tuple[tuple[str, str, str], ...] = ()  # (name, type, role) mentioned in the span, and a quote's speaker
    stale: str = ""  # "" or STALE_MISSING / STALE_CHANGED (shown as STALE_LABELS say)
    id: str = field(default_factory=new_id)
    page: str = ""  # the PDF page(s) of the span: "4" or "4–5"; "" when the article has no pages
    title_kind: str = ""  # TITLE_OPENING / TITLE_NONE when the title is not a headline: never cited as one

    @property
    def untitled(self) -> bool:
        """The article has no headline: its title is a stand-in, never cited as if it were one."""
        return self.title_kind in (TITLE_OPENING, TITLE_NONE)

    @property
    def reported(self) -> bool:
        """The speaker's words are reported speech: cite them as reported, never inside quotation marks."""
        return self.quote_kind == QUOTE_REPORTED

    @property
    def stale_label(self) -> str:
        """What the flag tells the analyst ("text no longer in the article"), or ""."""
        return STALE_LABELS.get(self.stale, self.stale)


@dataclass(frozen=True)
class ActorNote:
    """What the actor appendix says of an actor: its name and type now, and the names the analyst added
    (aliases, and the names it had in excerpts before a rename or merge). Never gazetteer text."""

    name: str
    type: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class Note:
    """The analyst's own Markdown paragraph."""

    text: str
    id: str = field(default_factory=new_id)


PICTURE_KINDS = ("timeline", "network")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass
class Picture:
    """A timeline or network drawn from the library, kept as a snapshot: the image as it was drawn, and
    the query (scope and options) it was made from, so it can be drawn again when the analyst asks."""

    kind: str  # one of PICTURE_KINDS
    caption: str
    png: bytes  # the snapshot as PNG
    svg: str  # and as SVG text (drawn by us; sanitised again when exported)
    scope: dict = field(default_factory=dict)  # indexer.pictures.Scope.to_json()
    options: dict = field(default_factory=dict)  # e.g. {"min_weight": 2}
    made: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.kind not in PICTURE_KINDS:
            raise ValueError(f"a picture is a {' or a '.join(PICTURE_KINDS)}, not {self.kind!r}")
        if not self.png.startswith(PNG_MAGIC):
            raise ValueError("the picture's PNG snapshot is not a PNG image")

    @property
    def query(self) -> str:
        """The search query the picture was made from ("" for the whole library)."""
        return str(self.scope.get("query", ""))


Item = Union[Excerpt, Note, Picture]


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Briefing:
    """A briefing: a title, optional subtitle and author, and ordered sections."""

    title: str
    subtitle: str = ""
    author: str = ""
    created: str = field(default_factory=now_iso)
    modified: str = ""
    sections: list[Section] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.modified:
            self.modified = self.created

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Briefing):
            return NotImplemented
        fields = ("title", "subtitle", "author", "created", "modified", "sections")
        return all(getattr(self, f) == getattr(other, f) for f in fields)

    def snapshot(self) -> "Briefing":
        """A deep copy without listeners, safe to hand to a background save."""
        return Briefing(
            title=self.title,
            subtitle=self.subtitle,
            author=self.author,
            created=self.created,
            modified=self.modified,
            sections=copy.deepcopy(self.sections),
        )

    # -- observers ---------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        """Call `listener(briefing, operation_name)` after every change."""
        self.listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        self.listeners.remove(listener)

    def notify(self, operation: str) -> None:
        for listener in list(self.listeners):
            listener(self, operation)

    def _changed(self, operation: str) -> None:
        self.modified = now_iso()
        self.notify(operation)

    # -- lookups -----------------------------------------------------------------

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"no section with id {section_id!r} in this briefing")

    def section_index(self, section_id: str) -> int:
        return self.sections.index(self.section(section_id))

    def section_by_title(self, title: str) -> Section | None:
        """The first section with exactly this title, or None."""
        return next((s for s in self.sections if s.title == title), None)

    def locate(self, item_id: str) -> tuple[Section, int]:
        """The section holding an item, and the item's index in it."""
        for section in self.sections:
            for index, item in enumerate(section.items):
                if item.id == item_id:
                    return section, index
        raise KeyError(f"no item with id {item_id!r} in this briefing")

    def item(self, item_id: str) -> Item:
        section, index = self.locate(item_id)
        return section.items[index]

    def excerpts(self) -> list[Excerpt]:
        """Every excerpt, in document order."""
        return [i for s in self.sections for i in s.items if isinstance(i, Excerpt)]

    def pictures(self) -> list[Picture]:
        """Every picture, in document order."""
        return [i for s in self.sections for i in s.items if isinstance(i, Picture)]

    # -- document fields -----------------------------------------------------------

    def set_title(self, title: str) -> str:
        """Set the title; returns the old one."""
        return self._set_field("title", title)

    def set_subtitle(self, subtitle: str) -> str:
        return self._set_field("subtitle", subtitle)

    def set_author(self, author: str) -> str:
        return self._set_field("author", author)

    def _set_field(self, name: str, value: str) -> str:
        old = getattr(self, name)
        setattr(self, name, value)
        self._changed(f"set_{name}")
        return old

    # -- sections ------------------------------------------------------------------

    def add_section(self, title: str, index: int | None = None) -> Section:
        """Create a section (at the end by default); undo with remove_section(section.id)."""
        section = Section(title)
        self.insert_section(section, len(self.sections) if index is None else index)
        return section

    def insert_section(self, section: Section, index: int) -> None:
        """Put an existing section back at `index` (undo of remove_section)."""
        if any(s.id == section.id for s in self.sections):
            raise ValueError(f"section {section.id!r} is already in this briefing")
        _check_index(index, len(self.sections))
        self.sections.insert(index, section)
        self._changed("insert_section")

    def rename_section(self, section_id: str, title: str) -> str:
        """Rename a section; returns the old title."""
        section = self.section(section_id)
        old, section.title = section.title, title
        self._changed("rename_section")
        return old

    def move_section(self, section_id: str, new_index: int) -> int:
        """Move a section so it ends up at `new_index`; returns its old index."""
        old_index = self.section_index(section_id)
        _check_index(new_index, len(self.sections) - 1)
        self.sections.insert(new_index, self.sections.pop(old_index))
        self._changed("move_section")
        return old_index

    def remove_section(self, section_id: str) -> tuple[Section, int]:
        """Remove a section with its items; returns (section, index) for insert_section."""
        index = self.section_index(section_id)
        section = self.sections.pop(index)
        self._changed("remove_section")
        return section, index

    # -- items -------------------------------------------------------------------

    def add_item(self, section_id: str, item: Item, index: int | None = None) -> int:
        """Insert an item (at the end by default); returns its index. Undo: remove_item."""
        section = self.section(section_id)
        if any(i.id == item.id for s in self.sections for i in s.items):
            raise ValueError(f"item {item.id!r} is already in this briefing")
        index = len(section.items) if index is None else index
        _check_index(index, len(section.items))
        section.items.insert(index, item)
        self._changed("add_item")
        return index

    def remove_item(self, item_id: str) -> tuple[str, int, Item]:
        """Remove an item; returns (section_id, index, item) for add_item."""
        section, index = self.locate(item_id)
        item = section.items.pop(index)
        self._changed("remove_item")
        return section.id, index, item

    def move_item(self, item_id: str, to_section_id: str, to_index: int | None = None) -> tuple[str, int]:
        """Move an item so it ends up at `to_index` of the target section (end if None).

        Returns (from_section_id, from_index): move_item(item_id, *returned) undoes it.
        """
        source, from_index = self.locate(item_id)
        target = self.section(to_section_id)
        size_after_removal = len(target.items) - (1 if target is source else 0)
        to_index = size_after_removal if to_index is None else to_index
        _check_index(to_index, size_after_removal)
        target.items.insert(to_index, source.items.pop(from_index))
        self._changed("move_item")
        return source.id, from_index

    def edit_note(self, item_id: str, text: str) -> str:
        """Replace a note's Markdown text; returns the old text."""
        note = self.item(item_id)
        if not isinstance(note, Note):
            raise TypeError(f"item {item_id!r} is an excerpt, not a note; use set_excerpt_note")
        old, note.text = note.text, text
        self._changed("edit_note")
        return old

    def set_picture_caption(self, item_id: str, caption: str) -> str:
        """Replace a picture's caption; returns the old one."""
        picture = self.item(item_id)
        if not isinstance(picture, Picture):
            raise TypeError(f"item {item_id!r} is not a picture")
        old, picture.caption = picture.caption, caption
        self._changed("set_picture_caption")
        return old

    def replace_picture(self, item_id: str, png: bytes, svg: str) -> tuple[bytes, str]:
        """Put a new drawing in a picture (drawn again from its query, when the analyst asks); returns the old one."""
        picture = self.item(item_id)
        if not isinstance(picture, Picture):
            raise TypeError(f"item {item_id!r} is not a picture")
        if not png.startswith(PNG_MAGIC):
            raise ValueError("the new drawing is not a PNG image")
        old = (picture.png, picture.svg)
        picture.png, picture.svg, picture.made = png, svg, now_iso()
        self._changed("replace_picture")
        return old

    def update_excerpts(self, changes: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
        """Set citation fields (and offsets) of excerpts, {excerpt id: {field: value}}, as one change; returns
        the old values in the same shape, so update_excerpts(returned) undoes it. The quoted text never changes:
        a field outside EXCERPT_UPDATE_FIELDS, or a value of the wrong type, raises before anything is set."""
        excerpts = {item_id: self._excerpt(item_id) for item_id in changes}
        for fields in changes.values():
            _check_excerpt_fields(fields)
        old = {}
        for item_id, fields in changes.items():
            excerpt = excerpts[item_id]
            old[item_id] = {name: getattr(excerpt, name) for name in fields}
            for name, value in fields.items():
                setattr(excerpt, name, value)
        if changes:
            self._changed("update_excerpts")
        return old

    def flag_excerpts(self, flags: dict[str, str]) -> None:
        """Set excerpts' stale flags, {excerpt id: STALE_* or ""}: what the library says now, not an edit."""
        excerpts = {item_id: self._excerpt(item_id) for item_id in flags}
        for item_id, flag in flags.items():
            if flag not in ("", *STALE_LABELS):
                raise ValueError(f"unknown excerpt flag {flag!r}")
            excerpts[item_id].stale = flag
        if flags:
            self.notify("flag_excerpts")

    def _excerpt(self, item_id: str) -> Excerpt:
        item = self.item(item_id)
        if not isinstance(item, Excerpt):
            raise TypeError(f"item {item_id!r} is not an excerpt")
        return item

    def set_excerpt_note(self, item_id: str, note: str) -> str:
        """Replace the analyst note attached to an excerpt; returns the old note."""
        excerpt = self.item(item_id)
        if not isinstance(excerpt, Excerpt):
            raise TypeError(f"item {item_id!r} is a note, not an excerpt; use edit_note")
        old, excerpt.note = excerpt.note, note
        self._changed("set_excerpt_note")
        return old


def _check_index(index: int, highest: int) -> None:
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= highest:
        raise IndexError(f"position {index!r} is outside 0..{highest}")


def _check_excerpt_fields(fields: dict[str, object]) -> None:
    """ValueError unless every field may follow the library and has a value of its type."""
    for name, value in fields.items():
        if name not in EXCERPT_UPDATE_FIELDS:
            allowed = ", ".join(EXCERPT_UPDATE_FIELDS)
            raise ValueError(f"an excerpt's {name!r} does not follow the library (only {allowed})")
        wanted = int if name in ("start", "end") else str
        if not isinstance(value, wanted) or isinstance(value, bool):
            kind = "a whole number" if wanted is int else "text"
            raise ValueError(f"an excerpt's {name} must be {kind}, not {value!r}")
    if "start" in fields or "end" in fields:
        start, end = fields.get("start"), fields.get("end")
        if start is None or end is None or not 0 <= start < end:  # type: ignore[operator]
            raise ValueError(f"excerpt offsets need both start and end with 0 <= start < end, got {start!r}..{end!r}")


def has_visible_text(text: str) -> bool:
    """True when the text has at least one printable, non-space character."""
    return any(ch.isprintable() and not ch.isspace() for ch in text)


def excerpt_from_article(
    article: Article, start: int, end: int, note: str = "", speaker: str = "", quote_kind: str = ""
) -> Excerpt:
    """Build an excerpt of article.text[start:end], snapshotting text, metadata and actors (and the speaker
    of a quote, cited as '— Speaker, in “Title”, Outlet, date'; quote_kind QUOTE_REPORTED for reported
    speech, which is cited as reported, not as a quotation)."""
    length = len(article.text)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise ValueError(f"excerpt offsets must be whole numbers, got start={start!r} end={end!r}")
    if not 0 <= start < end <= length:
        raise ValueError(
            f"excerpt offsets start={start} end={end} are outside article {article.id!r}, "
            f"whose text has {length} characters (need 0 <= start < end <= {length})"
        )
    if quote_kind not in ("", *QUOTE_KINDS):
        raise ValueError(f"unknown quote kind {quote_kind!r} (expected one of {', '.join(QUOTE_KINDS)})")
    text = article.text[start:end]
    if not has_visible_text(text):
        raise ValueError(f"excerpt {start}..{end} of article {article.id!r} contains only whitespace")
    return Excerpt(
        article_id=article.id,
        start=start,
        end=end,
        text=text,
        note=note,
        speaker=speaker.strip(),
        quote_kind=quote_kind,
        actors=actors_in_span(article, start, end, speaker.strip()),
        page=page_label(article.pages, start, end),
        **article_citation(article),
    )


def article_citation(article: Article) -> dict[str, str]:
    """The citation fields an excerpt takes from its article: title (and whether it is a headline), date,
    author, outlet, file and URL (a demo article's outlet says it is invented)."""
    return {
        "title": article.title,
        "title_kind": title_kind(article),
        "date": article.date,
        "author": article.author,
        "source": f"{article.source} {DEMO_CITATION}".strip() if article.demo else article.source,
        "path": article.path,
        "url": article.url,
    }


def quote_at_span(article: Article, start: int, end: int) -> tuple[str, str] | None:
    """(speaker, kind) when [start, end) is exactly one of the article's quotes, as the app records a quote
    excerpt: the speaker is the article's own attribution ("" when it names none); None for any other span."""
    quote = next((q for q in article.quotes if (q.start, q.end) == (start, end)), None)
    if quote is None:
        return None
    names = {ref.id: ref.name for ref in article.actors}
    return names.get(quote.actor_id, ""), quote.kind


def untitled_words(title: str, kind: str, escape: Callable[[str], str] = str) -> str:
    """How a citation names an article whose title is a stand-in, never quoted as its headline: 'untitled
    article beginning “…”' (the opening words, through `escape`) or 'untitled article'; "" for a headline."""
    if kind == TITLE_OPENING and title.strip():
        return f"untitled article beginning “{escape(title)}”"
    return "untitled article" if kind in (TITLE_OPENING, TITLE_NONE) else ""


def title_kind(article: Article) -> str:
    """"" when the article's title is a headline: its file's, a duplicate's, or the analyst's correction (any
    other text than the stand-in). TITLE_OPENING when it is the stand-in made of the text's first words
    (indexer.ingest.metadata.fallback_title), TITLE_NONE when it is "Untitled" or the file name standing in."""
    stem = Path(article.path).stem
    if article.title == UNTITLED:  # as the importer takes it (indexer.importer.has_fallback_title)
        return TITLE_NONE
    if article.title != stem and not _opens_text(article.title, article.text):
        return ""  # the common case, decided without loading the ingest code
    from indexer.ingest.metadata import fallback_title  # lazy: citing an article needs no ingest code otherwise

    if article.title != fallback_title(article.text, stem):
        return ""
    return TITLE_NONE if article.title == stem else TITLE_OPENING


def _opens_text(title: str, text: str) -> bool:
    """The title's first word (an ellipsis aside) opens the text: it may be the text's opening words."""
    first = title.split(maxsplit=1)[0].rstrip("…") if title.strip() else ""
    return bool(first) and text.lstrip().startswith(first)


def actors_in_span(
    article: Article, start: int, end: int, speaker: str = ""
) -> tuple[tuple[str, str, str], ...]:
    """(name, type, role) of each actor with a mention wholly inside [start, end), and of the actor named
    `speaker` (a quote's speaker belongs to the excerpt even when named outside the quote)."""
    found = []
    for actor in article.actors:
        inside = any(start <= m_start and m_end <= end for m_start, m_end in actor.mentions)
        if inside or (speaker and actor.name == speaker):
            found.append((actor.name, actor.type, actor.role))
    return tuple(found)


def find_quote(article_text: str, quote: str) -> tuple[int, int]:
    """(start, end) of the first exact occurrence of `quote` in the text; ValueError if absent."""
    if not quote:
        raise ValueError("the quote is empty")
    start = article_text.find(quote)
    if start < 0:
        shown = quote if len(quote) <= 60 else quote[:57] + "..."
        raise ValueError(f"the quote {shown!r} does not occur in the article text (it must match exactly)")
    return start, start + len(quote)
