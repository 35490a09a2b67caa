"""Quotes: who said what.

Finds quoted statements and reported speech ("X told reporters that ...") and gives each to the actor the
text names as its speaker. Precision first: a quote whose speaker is not certain keeps actor_id "", because
one misattributed quote costs the analyst's trust in every other one.

Russian and Ukrainian quotes (their own text is Cyrillic) follow the stricter rules of quotes_cyrillic.py,
never the English ones below. Quote marks: “…”, "…", «…» (with „…“ or "…" inside), „…“ and mixed pairs
(“…", “…»). A quote may run over paragraphs (the paragraph is left open and the next one opens with a quote
mark): each paragraph is its own Quote, all with one speaker. A quote's span is the text inside the marks (character offsets into the article),
without a trailing comma that leads into the attribution ("“We are ready,” he said" -> "We are ready"). Words
inside marks are kind "direct"; reported speech ("X said that …", no marks) is kind "reported".

Attribution patterns, tried in this order:

    after the quote    “…,” Lavrov said        “…,” said Kremlin spokesman Dmitry Peskov
                       “…,” Putin's aide Yuri Ushakov said  (the aide, never Putin)
                       “…,” TASS quoted Waltz as saying      “…,” the Turkish foreign minister said
    before the quote   Lavrov said: “…”    Lavrov said that “…”    Zakharova said Washington “…”
                       according to Lavrov, “…”    Fidan called it “…”    Lavrov's remarks that “…”
                       Lavrov expressed gratitude for a “…”    He listed … “…”    X described it as “…”
                       (a closed list of verbs of expression; a passive "has been dubbed “…”" is nobody's)
    Quote: blocks      "Quote: “…”" takes the one speaker of the paragraph before it
                       (its "Source: NAME" line, or the one actor who speaks there)
    continuation       “A,” X said. “B.”   and a paragraph opening with a quote mark right after X's
                       quote, when nobody else is named and nobody else speaks in between
    pronouns           “…,” he said  -> the one person named since the last quote, if a sentence subject;
                       with several, the one subject of the last sentence that names a speaking person;
                       with none, the previous quote's person speaker; else nobody. A person the text
                       shows to be of the other gender (first name, Mrs/Mr, spokeswoman, "X said she")
                       is never the answer: then the one person of the pronoun's gender in the paragraph
                       and two sentences before, if a subject there and nobody else speaks or acts since
    role references    "the Turkish foreign minister" -> the one person the article introduced with
                       those title words ("Turkish Foreign Minister Hakan Fidan"); of several, the one
                       named since the previous paragraph; with none, the one untitled person named
                       there (never for "the spokesman", "the aide": they speak for someone); else nobody
    documents          according to a joint statement, … “…”    “…,” the statement read / the document
                       says    the declaration emphasized that … “…”: the document named with its
                       qualifiers (documents.py); "the statement" points back to the one named earlier

Who speaks: a person, or an organisation that is itself the grammatical subject ("the Kremlin said",
"said the White House"). Someone speaking for an organisation is not the organisation ("a spokeswoman for
Royal Mail said", "EFF lawyer Kurt Opsahl said" stay unattributed unless the person is recognised). Places
never speak ("Ukraine said" stays unattributed) and he/she resolve to persons only.

Traps that give no speaker: nested speech ("X said Y had told him: “…”", "according to Y, X said"), a
compound subject ("Putin and Trump said"), an unrecognised subject or name in between ("von der Layen said",
"Tennis Australia's Geoff Pollard rejected ... he said"), a possessor ("Putin's aide said"), a prepositional
object ("a source close to Putin", "the envoy to the IAEA, Glyn Davies,"), part of a longer unrecognised name
("Paul" of "Paul King"), a name inside the quote, a name after a quote that ends its sentence, a quote that
sits inside another clause ('the programme "This Week," Reid said'), and quoted titles ("Peace Mission 2005").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from indexer.actors.documents import (
    DOCUMENT_VERBS,
    DocumentPhrase,
    Documents,
    is_document,
    phrase_ending,
    phrase_starting,
    placeholder,
)
from indexer.actors.gender import agree, name_gender, pronoun_gender, role_gender, title_gender
from indexer.actors.quotes_cyrillic import CyrillicAttributor, is_cyrillic, split_interrupted
from indexer.model import QUOTE_DIRECT, QUOTE_REPORTED, Mention, Quote

_VERB_LIST = (
    "said says told tells added adds noted notes stated states warned warns announced announces explained "
    "wrote writes insisted insists argued argues declared declares replied replies urged urges acknowledged "
    "confirmed confirms denied denies stressed stresses emphasised emphasized emphasises emphasizes commented "
    "claimed claims predicted suggested responded recalled cautioned conceded admitted asserted maintained "
    "observed continued tweeted posted asked complained complains concluded remarked summarised summarized "
    "assured answered underlined underscored reiterated vowed lamented clarified"
).split()
VERBS = "|".join(sorted(_VERB_LIST, key=len, reverse=True))
# Case-sensitive on purpose: a sentence-initial "Asked whether ..." is a participle, not a speaker's verb.
_VERB_RE = re.compile(rf"(?<![\w'’-])(?:{VERBS})(?![\w'’-])")
_ACCORDING_RE = re.compile(r"(?<![\w-])[Aa]ccording to\s+")
_CALLED_RE = re.compile(r"(?<![\w-])called\s+(?:it|them|this|that|the\s+\w+(?:\s+\w+)?)\s*[,:]?\s*$")
# Verbs that bring a partial quote of the subject's own words later in their sentence ("X expressed
# gratitude for a “warm welcome”", "He listed … “…”, and “…”"); only before the quote. Verbs whose
# object may be someone else's words (praised, condemned, welcomed, quoted) are left out on purpose.
_PARTIAL_CUES = "expressed expresses listed lists outlined outlines voiced voices termed dubbed branded labelled"
# A passive one ("what has been dubbed “…”") stays a cue: its unknown subject leaves the quote
# unattributed.
_PARTIAL_CUE_RE = re.compile(rf"(?<![\w'’-])(?:{'|'.join(_PARTIAL_CUES.split())}|labeled)(?![\w'’-])")
# "X said … and described it as “…”": the second verb shares X's cue, it does not start a new one.
_COORDINATED_RE = re.compile(r"\sand\s+(?:also\s+|later\s+)?$")
_DOCUMENT_VERB_RE = re.compile(rf"(?<![\w'’-])(?:{'|'.join(DOCUMENT_VERBS.split())})(?![\w'’-])")
_DESCRIBED_AS_RE = re.compile(r"(?<![\w-])described\s+(?:[^.!?;\"“”«»]{1,80}?\s)?as\s*$")
# "X, quoting Putin, said", "… X said, citing the president": someone else's words, passed on.
_RELAYED_RE = re.compile(r"\b(?:[Qq]uoting|[Cc]iting|as\s+quoted\s+by)\b")
_SENTENCE_STOP_AFTER_RE = re.compile(r"[.!?](?=\s|$)|\n")
# "“…,” according to Kaja Kallas." / "in the words of X": the quote's own source, named after it.
_ACCORDING_AFTER_RE = re.compile(r"[\s,]*(?:according\s+to|in\s+the\s+words\s+of)\s+")
_OWN_SOURCE_AFTER_RE = re.compile(
    r"[\s,]*(?:according\s+to|in\s+the\s+words\s+of|citing|as\s+(?:quoted|cited|reported)\s+by|per)\b", re.I)
_SENTENCE_END_AFTER_RE = re.compile(r"\s*(?:[.!?]|$)")
# "“…?” Zelensky replied": the question is not the replier's.
_REPLY_VERB_RE = re.compile(r"\b(?:replied|replies|replying|answered|answers|responded|responds|retorted)\b")
# "Asked by a reporter, “…?”", "A reporter asked Peskov, “…?”": a question put to someone.
_ASK_RE = re.compile(r"\b[Aa]sk(?:ed|s|ing)?\b")
# "“…,” Zelensky said Trump told him", "“…,” Ushakov said Putin told Witkoff": another's words, passed on.
_PASSED_ON_RE = re.compile(
    r"\s+(?:that\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*\s+(?:had\s+)?(?:told|said\s+to)\s+"
    r"(?:him|her|them|me|us|reporters|journalists|(?:the\s+)?[A-Z][\w'’-]+)\b"
)
# "X denied saying that Russia “…”", "X rejected claims that Moscow was “…”", "a remark attributed to him:
# “…”": the words are what X denies or is said to have said, never X's statement.
_CLAIMS = r"(?:the\s+)?(?:claims?|reports?|suggestions?|accusations?|allegations?|rumou?rs?|assertions?)\s+that"
_DISOWNED_RE = re.compile(
    rf"\b(?:den(?:y|ies|ied|ying)\s+(?:ever\s+)?(?:saying|having\s+said|that|{_CLAIMS})"
    rf"|(?:reject|dismiss|refut|disput)(?:e|es|ed|s|ing)?\s+{_CLAIMS}|attributed\s+to\s+(?:him|her|them)"
    r"|\b(?:a|the|an)\s+(?:media\s+|news\s+|press\s+)?(?:report|claim|suggestion|allegation|rumou?r|assertion)s?"
    r"\s+(?:\w+\s+){0,3}?that)\b"  # "… a report that he had said “…”": the report's words, not his
)
# A new speech act after the denial ("denied the report, saying: “…”") makes the quote X's own again.
_SPEAKS_AGAIN_RE = re.compile(
    r"(?:,\s*|\band\s+)(?:saying|said|adding|added|telling\s+\w+|told\s+\w+|writing|wrote|insisting|insisted|"
    r"stating|stated|declaring|declared|arguing|argued|calling\s+it)\b"
)  # ", saying: “…”", "and said: “…”" (not "a report that he had told aides he was “…”")
_QUOTED_AS_RE = re.compile(r"^[\s,]*[^.!?\"“”«»\n]{1,60}?\bquoted\s+(.{1,80}?)\s+as\s+saying\b")
_OBJECT_OF_RE = re.compile(r"\b(?:for|of|at|from|with|to|by)\s+(?:the\s+)?(?:[\w.]+['’]s\s+)?$")
_VERB_NEXT_RE = re.compile(r"(?:\s*[,–—]\s*|\s+)(?!(?:and|or|of|in|at|on|to|for|with|from|by)\b)[a-z]")
# After “… .” a new sentence starts, unless it is only "X said." with at most three more words.
_SHORT_ATTRIBUTION_END_RE = re.compile(r"(?:\s+[^\s.!?,]+){0,3}[.!?]")
_REMARKS_RE = re.compile(r"['’]s\s+(?:remarks|comments|statement|words|claim|warning)\s+(?:that\s+)?")
_PRONOUN_END_RE = re.compile(r"(?<![\w-])([Hh]e|[Ss]he)$")
_HIS_STATEMENT_RE = re.compile(
    r"\s*([Hh]is|[Hh]er)\s+(?:\w+\s+)?(?:statement|post|message|remarks|address|letter|comments|tweet)\b"
)
# "Kovac said she ...": the pronoun tells the speaker's gender.
_SPEAKS_PRONOUN_RE = re.compile(
    rf"\s*(?:,[^,]{{1,40}},\s*)?(?:has\s+|had\s+)?(?:{VERBS})(?:\s+(?:reporters|journalists))?\s+(?:that\s+)?"
    r"([Hh]e|[Ss]he)\b"
)
_CONNECTIVE_RE = re.compile(r"^\s*(?:(?:But|And|Yet|So|Still|However|Meanwhile|Later|Earlier)\b,?\s*)?")
# Lower-case words that describe a person before the name: "full-back Robinson", "TUC chairman Ann Lee".
_ROLE_WORDS = frozenset(
    """chairman chairwoman chair director manager coach captain skipper editor founder boss executive singer
    actor actress star player striker midfielder defender full-back winger goalkeeper economist analyst
    professor lawyer solicitor critic writer author journalist correspondent campaigner activist historian
    expert scientist researcher shadow mp mep lord lady sir dame dr chief-executive general-secretary""".split()
)
_SENTENCE_SUBJECT_RE = re.compile(
    r"\s*(?:(?:But|And|Yet|So|Still|However|Meanwhile),?\s+)?([A-Z][a-z]+)(?:,[^,.]{1,60},)?\s+[a-z]"
)
_OPENERS_NOT_NAMES = frozenset(
    """Despite After Before Following During Under With For In On At As If When While Although Though Since
    Because Unless Until Once Now Today Yesterday Last Next Earlier Later Meanwhile Instead Still Yet So Also
    Many Some Most Both All Other Others Several Few One Two Three Officials Critics Analysts Experts Police""".split()
)
_VERB_AFTER_SUBJECT_RE = re.compile(r"(?:,[^,]{1,80},)?\s+[a-z]")  # "Kovac, the host, said" / "Kovac met"
_ANY_PRONOUN_RE = re.compile(r"(?<![\w-])(?:[Hh]e|[Ss]he)(?![\w-])")
_ELIDED = frozenset(("", "but", "and", "or", "then", "and then", "but also", "and also"))
_NON_PERSON_PRONOUN_RE = re.compile(r"(?<![\w-])(?:[Ii]t|[Tt]hey|[Ww]e|I|[Yy]ou)$")
_POSSESSIVE_RE = re.compile(r"['’]s?\b")
_ROLE_HEADS = (
    "minister|president|spokesman|spokeswoman|spokesperson|secretary|envoy|aide|adviser|advisor|official|"
    "ambassador|chancellor|premier|leader|chief|head|diplomat|negotiator|representative|commander|general|"
    "governor|mayor|senator|emir|king|state"
)
_ROLE_HEAD_SET = frozenset(_ROLE_HEADS.split("|"))
# Roles of someone who speaks for another: "the spokesman said" after "Telnov" is not Telnov.
_SPEAKS_FOR = frozenset("spokesman spokeswoman spokesperson aide adviser advisor official representative".split())
_ROLE_NP_RE = re.compile(rf"(?<![\w-])(?:the|The)\s+((?:[\w.'’-]+\s+){{0,4}}(?:{_ROLE_HEADS}))$", re.I)
_TRAILING_FILLER_RE = re.compile(
    r"(?:,|\s(?:also|has|have|had|later|earlier|then|further|again|previously|once|reportedly|recently|"
    r"repeatedly|publicly|separately|subsequently|already|who|which|would|will|had\s+earlier|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)))\s*$"
)
_BREAK_RE = re.compile(r",\s*but\b|;|\bwhile\b|\bwhereas\b|\balthough\b")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen sen rep gov lt col jr sr no jan feb mar apr aug sep sept oct nov dec prof rev vs".split()
)
_TITLE_WORDS = frozenset(
    """the a an of and president presidential vice prime minister ministry foreign defence defense affairs
    interior finance secretary state press spokesman spokeswoman spokesperson aide adviser advisor envoy
    special chief head deputy acting former senior top national security council ambassador official leader
    chancellor premier general commander negotiator representative investment policy economic assistant
    director governor mayor senator speaker king queen prince emir sheikh sultan crown mr mrs ms dr u.s. us
    uk eu un russian ukrainian american turkish chinese french british german kremlin""".split()
)
_NAME_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_FULL_NAME_RE = re.compile(rf"(?<![\w.'’-]){_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}(?![\w-])")
_NOT_NAMES = frozenset(
    """The A An On In At But And He She It Its They We I This That These Those There Then When While After Before
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Mr Mrs Ms Dr Sir Lord Lady President Prime Minister Secretary General
    Chancellor Senator Governor Mayor King Queen Prince Foreign Defence Defense State Minister""".split()
)
_NP_END_WORDS = frozenset(
    """on in at of from for to with who which after before during when while as last this yesterday today
    earlier later adding speaking referring explaining noting according told said says wrote added""".split()
)
_ROLE_MODIFIERS = frozenset("deputy vice former acting assistant junior shadow ex first under".split())
_STOP_RE = re.compile(r"[.!?…]+[\"”’»)]*\s+(?=[\"“«„‘A-Z0-9])")
_MIN_WORDS = 3  # fewer words only when the quote is a whole utterance ("Fine, thanks,")
_MAX_QUOTE = 3000
_MAX_SENTENCE = 1500  # characters looked at around a position to find its sentence (bounds the work)

TypeFn = Callable[[str], str]


@dataclass
class _Q:
    start: int  # first character inside the marks
    end: int  # first character after the quoted text
    close: int  # index of the closing mark; -1 when the paragraph ends first (quote runs on)
    chain: int  # paragraphs of one quote share a chain number
    actor: str = ""
    attribution_end: int = -1  # where the attribution clause ends, for continuations

    @property
    def open(self) -> int:
        return self.start - 1


def extract_quotes(
    text: str, mentions: list[Mention], article_id: str = "", type_of: TypeFn | None = None
) -> list[Quote]:
    """Quoted statements of an article with the actor each is attributed to ("" when unattributed).

    A document speaker needs the actor engine (attribute_quotes): here its quotes stay unattributed."""
    quotes, _ = attribute_quotes(text, mentions, article_id, type_of)
    return [replace(q, actor_id="") if is_document(q.actor_id) else q for q in quotes]


QuoteSpan = tuple[int, int, int, int]  # start, end, close, chain of a quoted passage (see _Q)


def quote_spans(text: str) -> tuple[QuoteSpan, ...]:
    """The quoted passages attribute_quotes attributes. They depend on the text alone, so an import worker
    finds them beforehand (prepare.ActorPrep.quote_spans)."""
    found = [q for q in split_interrupted(text, find_quote_spans(text)) if _worth_keeping(text, q)]
    return tuple((q.start, q.end, q.close, q.chain) for q in found)


def attribute_quotes(
    text: str, mentions: list[Mention], article_id: str = "", type_of: TypeFn | None = None,
    spans: tuple[QuoteSpan, ...] | None = None, name_of: Callable[[str], str] | None = None,
    names_of: Callable[[str], Sequence[str]] | None = None,
) -> tuple[list[Quote], list[Mention]]:
    """Quotes as extract_quotes gives them, but a quote of a document ("the statement read") has the
    placeholder id DOCUMENT_PREFIX + its name; with the phrases naming those documents, as Mentions of the
    placeholder ids (documents.add_document_speakers turns both into a document actor). `spans` are
    quote_spans(text) when the caller has them. `name_of`: an actor's full name (its first name tells a
    pronoun's gender); `names_of`: all its names (a Cyrillic nominative ending in -а is told from a genitive)."""
    type_of = type_of or (lambda _id: "person")
    found = [_Q(*span) for span in (quote_spans(text) if spans is None else spans)]
    attributor = _Attributor(text, mentions, type_of, found, name_of, names_of)
    attributor.attribute_all()
    quotes = [_direct_quote(text, q, article_id) for q in found]
    quotes += attributor.reported_speech(article_id)
    return sorted(quotes, key=lambda q: (q.start, q.end)), attributor.document_mentions(quotes)


# “…extremely productive,” Lavrov said / «A, — написал X: the comma belongs to the attribution.
_TRAILING_COMMA_RE = re.compile(r"\s*,\s*$")


def _direct_quote(text: str, q: _Q, article_id: str) -> Quote:
    """The words inside the marks, without a trailing comma that leads into the attribution."""
    end = q.end
    comma = _TRAILING_COMMA_RE.search(text, q.start, end)
    if comma is not None and text[q.start : comma.start()].strip():
        end = comma.start()
    return Quote(article_id, text[q.start : end], q.start, end, q.actor, QUOTE_DIRECT)


# ---------------------------------------------------------------------------------------------- quote marks
_MARK_RE = re.compile(r"[“”«»„\"\n]")
_OPENERS = "“«„\""


def find_quote_spans(text: str) -> list[_Q]:
    """Quoted passages, one per paragraph, with their closing mark (or -1 when the quote runs on)."""
    out: list[_Q] = []
    open_at, opener, chain, skip_to = -1, "", 0, -1
    for m in _MARK_RE.finditer(text):
        i, ch = m.start(), m.group()
        if i < skip_to:
            continue
        if open_at >= 0 and i - open_at > _MAX_QUOTE:
            open_at = -1
        if ch == "\n":
            if open_at >= 0:
                nxt = _next_paragraph_opener(text, i)
                if nxt >= 0 and text[open_at + 1 : i].strip():
                    out.append(_Q(open_at + 1, open_at + 1 + len(text[open_at + 1 : i].rstrip()), -1, chain))
                    open_at, opener, skip_to = nxt, text[nxt], nxt + 1
                else:
                    open_at = -1
            continue
        if open_at < 0:
            if ch in _OPENERS and not (ch == "\"" and _closes_word(text, i)):
                open_at, opener, chain = i, ch, chain + 1
        elif opener == "«" and ch != "»" and _guillemet_closes_later(text, i):
            continue  # «… „inner“ …» and «… "inner" …»: a quote inside the quote
        elif ch == "\"" and _opens_word(text, i):  # "A. "B.": the paragraph break was lost, one quote runs on
            if text[open_at + 1 : i].strip():
                out.append(_Q(open_at + 1, open_at + 1 + len(text[open_at + 1 : i].rstrip()), -1, chain))
            open_at = i
        elif _closes(opener, ch):
            if i > open_at + 1:
                out.append(_Q(open_at + 1, i, i, chain))
            open_at = -1
        elif ch in "“«„":  # a new opening before the old one closed: the old mark was stray
            open_at, opener, chain = i, ch, chain + 1
    return out


def _guillemet_closes_later(text: str, i: int) -> bool:
    """A » later in this paragraph closes the open «."""
    line_end = text.find("\n", i)
    return text.find("»", i, line_end if line_end >= 0 else len(text)) >= 0


def _opens_word(text: str, i: int) -> bool:
    """A straight quote with a space before and a word after opens a quotation; it cannot close one."""
    return i > 0 and text[i - 1].isspace() and i + 1 < len(text) and text[i + 1].isalnum()


def _closes_word(text: str, i: int) -> bool:
    """A straight quote right after a word and before a space or punctuation closes; it cannot open one."""
    after = text[i + 1 : i + 2]
    return i > 0 and (text[i - 1].isalnum() or text[i - 1] in ".,!?") and (not after or not after.isalnum())


def _closes(opener: str, ch: str) -> bool:
    if ch in "”»\"":
        return True
    return ch == "“" and opener == "„"


def _next_paragraph_opener(text: str, newline: int) -> int:
    """Index of the quote mark opening the next paragraph, or -1."""
    m = _SPACES_RE.match(text, newline)
    j = m.end()
    return j if j < len(text) and text[j] in "“«„\"" else -1


def _worth_keeping(text: str, q: _Q) -> bool:
    """Three words or more; fewer only as a whole utterance: "Fine, thanks," (its own punctuation), or
    «Мы готовы», — сказал Песков (a Russian or Ukrainian dash attribution right after the closing mark)."""
    inner = text[q.start : q.end]
    words = len(inner.split())
    if words >= _MIN_WORDS:
        return True
    if words == 2 and inner.rstrip()[-1:] in ",.!?":
        return True
    return 0 < words and q.close >= 0 and _DASH_ATTRIBUTION_RE.match(text, q.close + 1) is not None


_DASH_ATTRIBUTION_RE = re.compile(r"[ \t]*,?[ \t]*[—–][ \t]*[а-яёіїєґ]")


# ---------------------------------------------------------------------------------------------- attribution
@dataclass
class _Subject:
    kind: str  # "actor", "pronoun", "unknown", "none"
    actor: str = ""
    at: int = -1  # where the subject starts


_NONE = _Subject("none")
_UNKNOWN = _Subject("unknown")


class _Attributor:
    """Attribution for one article: the mentions that can speak, the quotes, the text."""

    def __init__(self, text: str, mentions: list[Mention], type_of: TypeFn, quotes: list[_Q],
                 name_of: Callable[[str], str] | None = None,
                 names_of: Callable[[str], Sequence[str]] | None = None) -> None:
        self.text = text
        self.name_of = name_of or (lambda _id: "")  # an actor's full name (gazetteer or registry): its gender
        self.quotes = quotes
        self.kinds = {m.actor_id: type_of(m.actor_id) for m in mentions}
        ordered = sorted(mentions, key=lambda m: m.start)
        self.ordered, self.all_starts = ordered, [m.start for m in ordered]
        self.speakers = [m for m in ordered if self.kinds[m.actor_id] in ("person", "organisation")]
        self.starts = [m.start for m in self.speakers]
        self.by_end = {m.end: m for m in ordered}
        self.quote_spans = [(q.start, q.end) for q in quotes]
        self._current = 0  # index of the quote being attributed
        self._title_cache: dict[str, dict[frozenset[str], int]] | None = None
        self._genders: dict[str, str] = {}
        self._stops: dict[tuple[int, int], tuple[list[int], list[int]]] = {}  # see _stops_from
        self.documents = Documents(text, lambda pos: not self._inside_quote(pos), self._speaker_in)
        self._document_spans: dict[str, set[tuple[int, int]]] = {}
        self.cyrillic = CyrillicAttributor(text, mentions, self.kinds, names_of)

    # -- driver
    def attribute_all(self) -> None:
        for index, q in enumerate(self.quotes):
            self._current = index
            prev = self.quotes[index - 1] if index else None
            if self._is_cyrillic(q):  # Russian and Ukrainian: their own patterns, never the English ones
                found = self.cyrillic.attribute(q.start, q.end, q.close)
                q.actor, q.attribution_end = found.actor, found.end
                continue
            q.actor, q.attribution_end = self._direct(q)
            if not q.actor and prev is not None and not self._names_own_speaker(q) and not self._disowned(q):
                q.actor = self._continuation(prev, q)
                if q.actor:
                    q.attribution_end = prev.attribution_end
        self._share_within_chains()

    def _is_cyrillic(self, q: _Q) -> bool:
        """A Russian or Ukrainian quote, or another one with Cyrillic text on both sides."""
        if is_cyrillic(self.text[q.start : q.end]):
            return True
        return is_cyrillic(self.text[max(0, q.open - 60) : q.open]) and is_cyrillic(self.text[q.end : q.end + 60])

    def _direct(self, q: _Q) -> tuple[str, int]:
        """The speaker of a quote from its own attribution, unless the words are someone else's: a question
        put to the person named ("Asked …, “…?” X replied"; "A reporter asked X, “…?”"), or words X says
        another person told him ("“…,” X said Trump told him")."""
        actor, end = self._attributed(q)
        if actor and (self._question_put_to(q, actor, end) or _PASSED_ON_RE.match(self.text, end)
                      or self._relayed(q, end) or self._disowned(q)):
            return "", -1
        return actor, end

    def _disowned(self, q: _Q) -> bool:
        """The quote is what its clause denies or attributes to someone: "X denied saying that “…”",
        "rejected claims that Moscow was “…”", "a remark attributed to him: “…”"."""
        lo = self._head_start(q)
        denials = list(_DISOWNED_RE.finditer(self.text, lo, q.open))
        return bool(denials) and _SPEAKS_AGAIN_RE.search(self.text, denials[-1].end(), q.open) is None

    def _relayed(self, q: _Q, end: int) -> bool:
        """The one named passes on someone else's words: "X, quoting Putin, said: “…”", "Quoting Lavrov, X
        wrote: “…”", "“…,” X said, citing the president"."""
        lo = self._head_start(q)
        stop = _SENTENCE_STOP_AFTER_RE.search(self.text, max(end, q.end), max(end, q.end) + 200)
        hi = stop.start() if stop else max(end, q.end) + 200
        return bool(_RELAYED_RE.search(self.text, lo, q.open) or _RELAYED_RE.search(self.text, max(end, q.end), hi))

    def _question_put_to(self, q: _Q, actor: str, end: int) -> bool:
        """The quote is a question, and the one named is who answers it, not who asks it."""
        if not self.text[q.start : q.end].rstrip().endswith("?"):
            return False
        if q.close >= 0 and end > q.close and _REPLY_VERB_RE.search(self.text, q.close, end):
            return True
        lo = self._head_start(q)
        asks = list(_ASK_RE.finditer(self.text, lo, q.open))
        if not asks:
            return False
        ask = asks[-1]
        before_ask = self.ordered[bisect_left(self.all_starts, lo) : bisect_left(self.all_starts, ask.start())]
        return not any(m.actor_id == actor for m in before_ask)  # the one asking is named before "asked"

    def _attributed(self, q: _Q) -> tuple[str, int]:
        if _looks_like_title(self.text[q.start : q.end]):
            return "", -1  # "the program “This Week,”", "the “Rally for Republicans” party": a name, not speech
        head_lo = self._head_start(q)
        head = self.text[head_lo : q.open]
        if _THAT_OR_COLON_END_RE.search(head):
            found = self._before(q, head_lo)
            if found:
                return found, q.end
        found, end = self._after(q) if _opens_clause(head) else ("", -1)
        if found:
            return found, end
        found = self._before(q, head_lo) or self._quote_block(q, head)
        return found, q.end if found else -1

    def _names_own_speaker(self, q: _Q) -> bool:
        """“…,” said the Tottenham striker: the quote has its own speaker, even one we cannot resolve."""
        if q.close < 0:
            return False
        tail = self.text[q.close + 1 : q.close + 160]
        if _OWN_SOURCE_AFTER_RE.match(tail):
            return True  # “…,” according to Kaja Kallas / in the words of X / citing X: not the last speaker
        verb = _VERB_RE.search(tail)
        if verb is None or _BREAK_OR_MARK_RE.search(tail[: verb.start()]):
            return False
        ended = self.text[q.start : q.end].rstrip().endswith(".")
        return not ended or _SHORT_ATTRIBUTION_END_RE.match(tail, verb.end()) is not None

    def _share_within_chains(self) -> None:
        """The paragraphs of one quote have one speaker, when their attributions agree."""
        chains: dict[int, list[_Q]] = {}
        for q in self.quotes:
            chains.setdefault(q.chain, []).append(q)
        for parts in chains.values():
            actors = {q.actor for q in parts if q.actor}
            if len(parts) > 1 and len(actors) == 1:
                for q in parts:
                    q.actor = next(iter(actors))

    # -- after the quote: “…,” X said / “…,” said X
    def _after(self, q: _Q) -> tuple[str, int]:
        if q.close < 0:
            return "", -1
        lo = q.close + 1
        line_end = self.text.find("\n", lo)
        tail = self.text[lo : min(lo + 220, line_end if line_end >= 0 else len(self.text))]
        inner = self.text[q.start : q.end].rstrip()
        if not (inner[-1:] in ",.!?…—–-" or tail.lstrip().startswith(",")):
            return "", -1
        according = _ACCORDING_AFTER_RE.match(tail)
        if according:
            m = self._noun_phrase_actor(lo + according.end())
            person = m is not None and self.kinds.get(m.actor_id) == "person"
            ends = person and _SENTENCE_END_AFTER_RE.match(self.text, m.end)
            return (m.actor_id, m.end) if ends else ("", -1)
        quoted_as = _QUOTED_AS_RE.match(tail)
        if quoted_as:
            m = self._noun_phrase_actor(lo + quoted_as.start(1))
            return (m.actor_id, lo + quoted_as.end()) if m and m.end <= lo + quoted_as.end(1) else ("", -1)
        verb_first = _VERB_FIRST_RE.match(tail)
        if verb_first:
            return self._named_after_verb(lo + verb_first.end(), q)
        return self._subject_then_verb(lo, tail, inner.endswith("."))

    def _named_after_verb(self, at: int, q: _Q) -> tuple[str, int]:
        """“…,” said [title] NAME: the first actor of the noun phrase that is not a possessor."""
        m = self._noun_phrase_actor(at)
        if m is not None:
            return m.actor_id, m.end
        role = _ROLE_AFTER_VERB_RE.match(self.text[at : at + 80])
        if role:
            actor = self._role(role.group(1), q.open)
            return (actor, at + role.end()) if actor else ("", -1)
        phrase = phrase_starting(self.text, at, self._speaker_in)
        subject = self._document(phrase, q.open) if phrase else _UNKNOWN
        return (subject.actor, phrase.end) if phrase and subject.kind == "actor" else ("", -1)

    def _subject_then_verb(self, lo: int, tail: str, ended: bool) -> tuple[str, int]:
        """“…,” [title] NAME [, apposition,] said."""
        verb = _VERB_RE.search(tail) or _DOCUMENT_VERB_RE.search(tail)
        if verb is None or _STOP_OR_MARK_RE.search(tail[: verb.start()].replace("U.S.", "US")):
            return "", -1
        document_verb = _VERB_RE.fullmatch(verb.group()) is None
        after_verb = lo + verb.end()
        if ended and not _SHORT_ATTRIBUTION_END_RE.match(self.text, after_verb):
            return "", -1  # “… now.” Putin said the next day that …: a new sentence, not an attribution
        subject = self._subject(lo, lo + verb.start())
        if subject.kind != "actor" or not _title_like(self.text[lo : subject.at], possessives=True):
            return "", -1
        if document_verb and not is_document(subject.actor):
            return "", -1  # "read" makes only a document speak
        if ended and ("," in self.text[lo : subject.at] or self.text[subject.at : subject.at + 3] in ("He ", "She")):
            return "", -1  # “… now.” However, X vowed … / He said …: a new sentence
        return subject.actor, after_verb

    # -- before the quote: X said: “…” / X said that “…” / according to X, “…” / X's remarks that “…”
    def _before(self, q: _Q, head_lo: int) -> str:
        verbs = self._speech_cues(head_lo, q.open)
        if not verbs:
            return ""
        v_start, v_end, kind = verbs[-1]
        subject, between_lo = self._cue_subject(head_lo, v_start, v_end, kind)
        if subject.kind != "actor" or not self._clean_between(between_lo, q.open, v_end):
            return ""
        for e_start, e_end, e_kind in verbs[:-1]:  # nested speech: "X said Y had told him: “…”"
            other, _ = self._cue_subject(head_lo, e_start, e_end, e_kind, pronouns=False)
            if other.kind != "none" and other.actor != subject.actor:
                return ""
        if self._other_speaker_earlier(self._sentence_start(q.open, 0), head_lo, subject.actor):
            return ""
        return subject.actor

    def _speech_cues(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """(start, end, kind) of what introduces speech in text[lo:hi], in order: verbs, "according to",
        "called it", "X's remarks that"."""
        cues = [(m.start(), m.end(), "verb") for m in _VERB_RE.finditer(self.text, lo, hi)]
        cues += [(m.start(), m.end(), "according") for m in _ACCORDING_RE.finditer(self.text, lo, hi)]
        cues += [(m.start(), m.end(), "remarks") for m in _REMARKS_RE.finditer(self.text, lo, hi)]
        cues += [(m.start(), m.end(), "document verb") for m in _DOCUMENT_VERB_RE.finditer(self.text, lo, hi)]
        partial = [(m.start(), m.end(), "verb") for m in _PARTIAL_CUE_RE.finditer(self.text, lo, hi)]
        described = _DESCRIBED_AS_RE.search(self.text, lo, hi)
        if described:
            partial.append((described.start(), described.start() + len("described"), "verb"))
        cues += [c for c in partial if not self._coordinated(c[0], lo, cues)]
        called = _CALLED_RE.search(self.text, lo, hi)
        if called:
            cues.append((called.start(), called.start() + len("called"), "verb"))
        return sorted(cues)

    def _coordinated(self, at: int, lo: int, cues: list[tuple[int, int, str]]) -> bool:
        """The verb at `at` follows "and" after an earlier cue: it shares that cue's subject."""
        return any(cue[0] < at for cue in cues) and _COORDINATED_RE.search(self.text, lo, at) is not None

    def _cue_subject(self, lo: int, start: int, end: int, kind: str, pronouns: bool = True) -> tuple[_Subject, int]:
        """The speaker a cue introduces, and where the text between it and the quote starts."""
        if kind == "verb":
            return self._subject(lo, start, pronouns), end
        if kind == "document verb":
            subject = self._subject(lo, start, pronouns)
            return (subject if is_document(subject.actor) else _UNKNOWN), end
        if kind == "remarks":
            m = self.by_end.get(start)
            ok = m is not None and self.kinds[m.actor_id] in ("person", "organisation")
            return (_Subject("actor", m.actor_id, m.start) if ok else _UNKNOWN), end
        m = self._noun_phrase_actor(end)
        if m is not None:
            return _Subject("actor", m.actor_id, m.start), m.end
        phrase = phrase_starting(self.text, end, self._speaker_in)  # according to a joint statement, …
        if phrase is not None:
            return self._document(phrase, start), phrase.end
        return (self._pronoun_subject(end) if pronouns else _UNKNOWN), end

    def _other_speaker_earlier(self, lo: int, hi: int, actor: str) -> bool:
        """Someone else speaks earlier in the sentence, before an earlier quote: 'X told MPs that “…” Y …'."""
        return bool(self._speaking(lo, hi) - {actor}) if hi > lo else False

    def _pronoun_subject(self, at: int) -> _Subject:
        word = _HE_SHE_RE.match(self.text[at : at + 4])
        if not word:
            return _UNKNOWN
        actor = self._resolve_pronoun(at)
        return _Subject("actor", actor, at) if actor else _UNKNOWN

    def _clean_between(self, lo: int, hi: int, verb_end: int) -> bool:
        """Between the verb and the quote: a short clause, no other speaker, no clause break."""
        between = self.text[lo:hi]
        if len(between) > 200 or _BREAK_RE.search(between) or "\n" in between:
            return False
        persons = self._speakers_in(lo, hi)
        if not persons:
            return True
        lead = self.text[verb_end : persons[0].start]
        return bool(_TITLED_LEAD_RE.fullmatch(lead))

    # -- Quote: blocks
    def _quote_block(self, q: _Q, head: str) -> str:
        label = self._quote_label(q, head)
        if label < 0:
            return ""
        para_end = self.text.rfind("\n", 0, label)
        para_lo = self.text.rfind("\n", 0, max(para_end, 0)) + 1
        while para_end > 0 and not self.text[para_lo:para_end].strip() and para_lo > 0:
            para_end = para_lo - 1
            para_lo = self.text.rfind("\n", 0, para_end) + 1
        if para_end <= 0:
            return ""
        para = self.text[para_lo:para_end]
        if _SOURCE_LABEL_RE.match(para):
            ids = {m.actor_id for m in self._speakers_in(para_lo, para_end) if self.kinds[m.actor_id] == "person"}
            return next(iter(ids)) if len(ids) == 1 else ""
        ids = self._speaking(para_lo, para_end)
        return next(iter(ids)) if len(ids) == 1 and "" not in ids else ""

    def _quote_label(self, q: _Q, head: str) -> int:
        """Where the "Quote:" label before this quote starts (on its line or the line above), else -1."""
        if _QUOTE_LABEL_RE.fullmatch(head):
            return q.open - len(head)
        line_start = self.text.rfind("\n", 0, q.open) + 1
        if self.text[line_start : q.open].strip():
            return -1
        above = _QUOTE_LABEL_ABOVE_RE.search(self.text[max(0, line_start - 40) : q.open])
        return max(0, line_start - 40) + above.start() if above else -1

    def _speaking(self, lo: int, hi: int) -> set[str]:
        """The actors who speak (subjects of speech verbs) in text[lo:hi]; "" stands for an unknown one."""
        out = set()
        for verb in _VERB_RE.finditer(self.text, lo, hi):
            if self._inside_quote(verb.start()):
                continue
            subject = self._subject(self._sentence_start(verb.start(), lo), verb.start(), pronouns=False)
            if subject.kind == "actor":
                out.add(subject.actor)
            elif subject.kind == "unknown":
                out.add("")
        for according in _ACCORDING_RE.finditer(self.text, lo, hi):
            m = self._noun_phrase_actor(according.end())
            if m is not None and not self._inside_quote(according.start()):
                out.add(m.actor_id)
        return out

    # -- continuation: “A,” X said. “B.”
    def _continuation(self, prev: _Q, q: _Q) -> str:
        if not prev.actor or prev.attribution_end < 0:
            return ""
        gap_lo = max(prev.attribution_end, prev.close + 1 if prev.close >= 0 else prev.end)
        gap = self.text[gap_lo : q.open]
        if len(gap) > 400:
            return ""
        breaks = len(_LINE_BREAK_RE.findall(gap))
        opens_paragraph = not self.text[self.text.rfind("\n", 0, q.open) + 1 : q.open].strip()
        if breaks and not opens_paragraph:
            return ""
        others = {m.actor_id for m in self._speakers_in(gap_lo, q.open)} - {prev.actor}
        speaking = self._speaking(gap_lo, q.open) - {prev.actor}
        if others or speaking or self._unrecognised_name(gap_lo, q.open):
            return ""
        same_speaker_talks = bool(self._speakers_in(gap_lo, q.open))
        return prev.actor if breaks <= (2 if same_speaker_talks else 1) else ""

    # -- subjects
    def _subject(self, lo: int, verb_start: int, pronouns: bool = True) -> _Subject:
        """Who is the subject of the verb at verb_start (text[lo:verb_start] is its clause so far)."""
        end = self._strip_filler(lo, verb_start)
        if end < 0:
            return _UNKNOWN
        m = self.by_end.get(end)
        if m is not None and self.kinds[m.actor_id] in ("person", "organisation"):
            if _AND_OR_END_RE.search(self.text[max(lo, m.start - 6) : m.start]):
                return _UNKNOWN  # "Putin and Trump said": nobody alone
            object_of = _OBJECT_OF_RE.search(self.text[max(lo, m.start - 24) : m.start])
            if object_of and not _WHO_WHICH_RE.match(self.text[m.end : verb_start]):
                return _UNKNOWN  # "a spokeswoman for Royal Mail(, which …,) said": someone unnamed speaks
            return _Subject("actor", m.actor_id, m.start)
        clause = self.text[lo:end]
        if clause.strip(" ,").lower() in _ELIDED:
            return _NONE  # "X called it “…”, but claimed …": the same subject
        pronoun = _PRONOUN_END_RE.search(clause) or _HIS_STATEMENT_RE.match(clause)
        if pronoun:
            if not pronouns:
                return _Subject("pronoun", "", lo + pronoun.start())
            actor = self._resolve_pronoun(lo + pronoun.start())
            return _Subject("actor", actor, lo + pronoun.start()) if actor else _UNKNOWN
        if _NON_PERSON_PRONOUN_RE.search(clause):
            return _UNKNOWN
        phrase = phrase_ending(self.text, lo, end, self._speaker_in)
        if phrase is not None:
            return self._document(phrase, phrase.start)
        role = _ROLE_NP_RE.search(clause)
        if role:
            actor = self._role(role.group(0), lo + role.start())
            return _Subject("actor", actor, lo + role.start()) if actor else _UNKNOWN
        return _UNKNOWN

    def _strip_filler(self, lo: int, hi: int) -> int:
        """End of the subject: drop adverbs ("also", "on Monday") and an apposition (", the minister,").

        -1 when an apposition follows something that is not a recognised name."""
        text = self.text
        while True:
            hi = lo + len(text[lo:hi].rstrip())
            filler = _TRAILING_FILLER_RE.search(text, lo, hi)
            if filler is None or filler.start() == hi:
                break
            if text[filler.start() : hi].strip() in (",", "–", "—"):
                opener = self._apposition_start(lo, filler.start())
                if opener < 0:  # "the head, NAME, said" names the speaker; "X, from the Y, said" hides X
                    named = self._name_apposition(lo, filler.start())
                    return lo + len(text[lo : filler.start()].rstrip()) if named else -1
                hi = opener
            else:
                hi = filler.start()
                if filler.group().split()[-1] in ("who", "which"):  # "Telnov, who said": the antecedent
                    hi = lo + len(text[lo:hi].rstrip().rstrip(","))
        if text[hi - 1 : hi] in "–—" and hi > lo:
            opener = text.rfind(text[hi - 1], lo, hi - 1)
            if opener >= lo:
                return self._strip_filler(lo, opener)
        return hi

    def _apposition_start(self, lo: int, comma: int) -> int:
        """The comma or dash that opens the apposition closed at `comma` (-1 when there is none)."""
        opener = max(self.text.rfind(mark, lo, comma) for mark in ",–—")
        if opener < 0 or comma - opener > 160:
            return -1
        name = self.by_end.get(lo + len(self.text[lo:opener].rstrip()))
        if name is None or self.kinds[name.actor_id] not in ("person", "organisation"):
            return -1  # ", adding," or a list: only a name may stand before an apposition
        return opener

    def _name_apposition(self, lo: int, comma: int) -> bool:
        """'the head of the delegation, Vladimir Medinsky,': the name itself is the apposition."""
        name = self.by_end.get(lo + len(self.text[lo:comma].rstrip()))
        if name is None or self.kinds[name.actor_id] not in ("person", "organisation"):
            return False
        opener = self.text.rfind(",", lo, name.start)
        if opener < 0:
            return False
        apposition = self.text[opener + 1 : name.start]
        before = self.text[lo:opener].rstrip()
        named_before = _CAPITALISED_END_RE.search(before) and self.by_end.get(lo + len(before)) is None
        if named_before or _PREPOSITION_FIRST_RE.match(apposition):
            return False  # "Mike Hobday, of the League Against Cruel Sports, said": Hobday speaks
        return _title_like(apposition)

    def _noun_phrase_actor(self, at: int) -> Mention | None:
        """The speaker a noun phrase starting at `at` names: '[title] NAME', 'Putin's aide NAME' -> NAME.

        None when the phrase is not made of titles ('a source close to Putin') or names several ('Putin and
        Trump')."""
        i = bisect_left(self.starts, at)
        while i < len(self.speakers) and self.speakers[i].start < at + 100:
            m = self.speakers[i]
            between = self.text[at : m.start]
            if _CLAUSE_MARK_RE.search(between) or not _title_like(between, after_verb=True):
                return None  # a comma: "said Jan Egeland, head of the UN office" names someone unrecognised
            if not _POSSESSIVE_RE.match(self.text, m.end):
                return self._head_of_phrase(m)
            i += 1
        return None

    def _head_of_phrase(self, m: Mention) -> Mention | None:
        """The speaker of a noun phrase that starts with mention m.

        'Kremlin spokesman Dmitry Peskov' -> Peskov; 'Kovac at the ministry' -> Kovac; None for several
        speakers ('Putin and Trump'), a longer unrecognised name ('Paul' of 'Paul King') or someone
        unrecognised described by m ('EFF lawyer Kurt Opsahl', 'Cobain biographer Charles Cross')."""
        after = self.text[m.end : m.end + 40]
        if _AND_OR_FIRST_RE.match(after):
            return None
        word = _NEXT_WORD_RE.match(after)
        if word is None or word.group(1) in _NP_END_WORDS:
            return m
        later = self._speakers_in(m.end, m.end + 60)
        if later and self.kinds[later[0].actor_id] == "person":
            between = self.text[m.end : later[0].start]
            if "," not in between and _title_like(between, after_verb=True):
                return self._head_of_phrase(later[0])
        return None

    # -- documents: “…,” the statement read
    def _document(self, phrase: DocumentPhrase, at: int) -> _Subject:
        """The document a phrase names or points back to, as a subject with a placeholder id."""
        named = self.documents.resolve(phrase, at)
        if named is None:
            return _UNKNOWN
        spans = self._document_spans.setdefault(placeholder(named), set())
        spans |= {(phrase.start, phrase.end), (named.start, named.end)}
        return _Subject("actor", placeholder(named), phrase.start)

    def _speaker_in(self, lo: int, hi: int) -> bool:
        """A person or organisation is named in text[lo:hi]."""
        return any(
            m.start < hi and lo < m.end and self.kinds[m.actor_id] in ("person", "organisation")
            for m in self._mentions_near(lo, hi)
        )

    def document_mentions(self, quotes: list[Quote]) -> list[Mention]:
        """The phrases naming the documents that speak in `quotes`, as mentions of their placeholder ids."""
        used = {q.actor_id for q in quotes if is_document(q.actor_id)}
        spans = [(start, end, key) for key in used for start, end in self._document_spans.get(key, ())]
        return [Mention(key, start, end, self.text[start:end]) for start, end, key in sorted(spans)]

    # -- pronouns
    def _resolve_pronoun(self, at: int) -> str:
        """he/she -> the one person the preceding text makes the speaker, if the gender the text gives that
        person does not contradict the pronoun; else the one person of the pronoun's gender in scope."""
        gender = pronoun_gender(self.text[at : at + 6].split()[0] if self.text[at : at + 6].split() else "")
        at = min(at, self.quotes[self._current].open) if self.quotes else at
        actor = self._pronoun_antecedent(at)
        if not gender or (actor and self._gender(actor) in ("", gender)):
            return actor  # the text's own structure decides, unless it names someone of the other gender
        return self._one_of_gender(at, gender)

    def _pronoun_antecedent(self, at: int) -> str:
        """The person the text before `at` makes the speaker of a he/she, gender aside ("" when unsure)."""
        lo = self._previous_paragraph_start(at)
        prev = self.quotes[self._current - 1] if self._current > 0 else None
        window_lo = max(lo, (prev.close + 1 if prev.close >= 0 else prev.end) if prev and prev.end > lo else lo)
        persons = [m for m in self._speakers_in(window_lo, at) if self.kinds[m.actor_id] == "person"]
        speaking = self._speaking(window_lo, at)
        if "" in speaking or self._unrecognised_name(window_lo, at):
            return ""  # someone the recogniser missed may be meant ("von der Layen said", "Geoff Pollard")
        ids = {m.actor_id for m in persons} | {a for a in speaking if self.kinds.get(a) == "person"}
        if not ids:
            ok = prev is not None and prev.end > lo and prev.actor and self.kinds.get(prev.actor) == "person"
            return prev.actor if ok else ""
        if len(ids) == 1 and any(self._is_subject(m) for m in persons):
            return persons[0].actor_id
        return self._last_speaking_subject(window_lo, at, persons)

    def _one_of_gender(self, at: int, gender: str) -> str:
        """The one person of `gender` named in the paragraph and the two sentences before `at`, when every
        person named there has a known gender, that person is a sentence subject there (or named beside a
        subject of the other gender), and nobody else speaks or acts as a subject after their last mention
        (an unknown speaker, an unrecognised name, another he/she); else ""."""
        lo = self._pronoun_scope(at)
        genders = {actor: self._gender(actor) for actor in self._persons_in(lo, at)}
        fits = [actor for actor, g in genders.items() if g == gender]
        if "" in genders.values() or len(fits) != 1:
            return ""
        named = [m for m in self._speakers_in(lo, at) if m.actor_id == fits[0]]
        if not any(self._subject_here(m, gender) for m in named):
            return ""  # "he went on to accuse Mr Brown": the pronoun's referent is someone else
        since = self._sentence_start(named[-1].start, lo)
        if "" in self._speaking(since, at) or self._unrecognised_name(since, at):
            return ""
        if self._other_subject(named[-1].end, at) or self._pronoun_between(lo, at, gender, named):
            return ""
        return fits[0]

    def _subject_here(self, m: Mention, gender: str) -> bool:
        return self._opens_sentence(m) or self._is_subject(m) or self._beside_subject(m, gender)

    def _beside_subject(self, m: Mention, gender: str) -> bool:
        """m is named in a sentence whose subject is a person known to be of the other gender ("Boris Telnov
        met Anna Kovac"): the pronoun cannot mean that subject, so it means m."""
        lo = self._sentence_start(m.start, 0)
        first = next((p for p in self._speakers_in(lo, m.start) if self.kinds[p.actor_id] == "person"), None)
        if first is None or first.actor_id == m.actor_id or self._gender(first.actor_id) in ("", gender):
            return False
        return self._opens_sentence(first) or self._is_subject(first)

    def _opens_sentence(self, m: Mention) -> bool:
        """m is its sentence's subject: only a connective and title or role words before it ("But TUC
        chief Ann Lee", "On Monday, full-back Robinson"), a lower-case word after it, no possessive."""
        if _POSSESSIVE_RE.match(self.text, m.end):
            return False
        before = self.text[self._sentence_start(m.start, 0) : m.start]
        before = _CONNECTIVE_RE.sub("", before.rsplit(", ", 1)[-1] if "," in before else before)
        words = before.split()
        titled = all(w[:1].isupper() or w.lower().strip(",") in _TITLE_WORDS | _ROLE_WORDS for w in words)
        verb_after = _VERB_AFTER_SUBJECT_RE.match(self.text[m.end : m.end + 90]) is not None
        return len(words) <= 5 and titled and verb_after

    def _other_subject(self, lo: int, hi: int) -> bool:
        """A sentence in text[lo:hi] opens with a capitalised name that is no mention ("But Bailey sees …")."""
        for start in [lo, *(m.end() for m in _STOP_RE.finditer(self.text, lo, hi))]:
            word = _SENTENCE_SUBJECT_RE.match(self.text, start, hi)
            if word is None or self._inside_quote(word.start(1)) or not _may_be_name(word.group(1)):
                continue
            a, b = word.span(1)
            if not any(m.start < b and a < m.end for m in self._mentions_near(a, b)):
                return True
        return False

    def _pronoun_between(self, lo: int, hi: int, gender: str, named: list[Mention]) -> bool:
        """A he (she) outside quotes in text[lo:hi], other than one right after the candidate speaks ("Osei
        said she ..."): the text already speaks of someone of that gender."""
        bound = {found.start(1) for m in named if (found := _SPEAKS_PRONOUN_RE.match(self.text, m.end))}
        return any(
            pronoun_gender(p.group()) == gender and p.start() not in bound and not self._inside_quote(p.start())
            for p in _ANY_PRONOUN_RE.finditer(self.text, lo, hi)
        )

    def _persons_in(self, lo: int, hi: int) -> set[str]:
        return {m.actor_id for m in self._speakers_in(lo, hi) if self.kinds[m.actor_id] == "person"}

    def _pronoun_scope(self, at: int) -> int:
        """Start of the paragraph of `at`, or of the second sentence before, whichever is earlier (never
        before the previous paragraph)."""
        floor = self._previous_paragraph_start(at)
        lo = self._sentence_start(at, floor)
        for _ in range(2):
            before = floor + len(self.text[floor:lo].rstrip())
            if before <= floor:
                break
            lo = self._sentence_start(before - 1, floor)
        return min(lo, self.text.rfind("\n", 0, at) + 1)

    def _gender(self, actor_id: str) -> str:
        """The gender this article gives a person: first name, title, "X said she ..."; "" when unknown."""
        if actor_id not in self._genders:
            cues = [name_gender(self.name_of(actor_id))]  # "Rubio said … she said": Marco Rubio is a man
            for m in self.ordered:
                if m.actor_id == actor_id:
                    cues.append(name_gender(m.text))
                    cues.append(title_gender(self.text[max(0, m.start - 16) : m.start]))
                    follow = _SPEAKS_PRONOUN_RE.match(self.text, m.end)
                    cues.append(pronoun_gender(follow.group(1)) if follow else "")
            self._genders[actor_id] = agree(cues)
        return self._genders[actor_id]

    def _unrecognised_name(self, lo: int, hi: int) -> bool:
        """A capitalised full name in text[lo:hi] that is no mention: a person the recogniser missed."""
        for name in _FULL_NAME_RE.finditer(self.text, lo, hi):
            words = name.group().split()
            if any(w in _NOT_NAMES or w.lower() in _TITLE_WORDS for w in words) or self._inside_quote(name.start()):
                continue
            near = self._mentions_near(name.start(), name.end())
            if not any(m.start < name.end() and name.start() < m.end for m in near):
                return True
        return False

    def _mentions_near(self, lo: int, hi: int) -> list[Mention]:
        i = bisect_left(self.all_starts, lo - 80)
        out = []
        while i < len(self.ordered) and self.ordered[i].start < hi:
            out.append(self.ordered[i])
            i += 1
        return out

    def _last_speaking_subject(self, lo: int, at: int, persons: list[Mention]) -> str:
        """The one person who speaks in the last sentence that names or makes anyone speak."""
        last = max([m.start for m in persons] + [v.start() for v in _VERB_RE.finditer(self.text, lo, at)], default=-1)
        if last < 0:
            return ""
        speaking = self._speaking(self._sentence_start(last, lo), at)
        actor = next(iter(speaking)) if len(speaking) == 1 else ""
        return actor if self.kinds.get(actor) == "person" else ""

    def _is_subject(self, m: Mention) -> bool:
        """A sentence subject: only titles (after an opening phrase) stand before it, and no possessive."""
        if _POSSESSIVE_RE.match(self.text, m.end):
            return False
        sentence_lo = self._sentence_start(m.start, 0)
        for verb in _VERB_RE.finditer(self.text, m.end, min(len(self.text), m.end + 160)):
            if self._subject(sentence_lo, verb.start(), pronouns=False).actor == m.actor_id:
                return True  # the subject of a speech verb ("Lavrov, the minister, said")
        before = self.text[sentence_lo : m.start]
        before = _LEAD_LABEL_RE.sub("", before.rsplit(", ", 1)[-1])  # "On Monday, ", "Details: "
        after = self.text[m.end : m.end + 40]
        followed_by_verb = _VERB_NEXT_RE.match(after)
        return _title_like(before, possessives=True) and followed_by_verb is not None

    # -- role references: "the Turkish foreign minister"
    def _role(self, phrase: str, at: int) -> str:
        words = {w for w in _fold(phrase).split() if w not in ("the", "of", "a", "an")}
        if not words:
            return ""
        ids = set()
        for actor_id, titles in self._titles().items():
            if any(first < at and _role_fits(words, title) for title, first in titles.items()):
                ids.add(actor_id)
        gender = role_gender(phrase)
        ids = {actor for actor in ids if self._gender(actor) in ("", gender)} if gender else ids
        if len(ids) == 1:
            return next(iter(ids))
        return self._last_with_role(ids, at) if ids else self._lone_untitled_person(at, words, gender)

    def _last_with_role(self, ids: set[str], at: int) -> str:
        """Of several persons with the role, the one named since the previous paragraph, if only one is."""
        lo = self._previous_paragraph_start(at)
        named = {m.actor_id for m in self._speakers_in(lo, at)} & ids
        return next(iter(named)) if len(named) == 1 else ""

    def _lone_untitled_person(self, at: int, words: set[str], gender: str) -> str:
        """'the envoy said' when nobody has that title: the one person named since the previous paragraph,
        if the article gives them no other title and nobody else (unrecognised) speaks there."""
        if words & _SPEAKS_FOR:
            return ""  # "the spokesman said" after "Telnov": someone speaking for him, unnamed
        lo = self._previous_paragraph_start(at)
        persons = self._persons_in(lo, at)
        if len(persons) != 1 or "" in self._speaking(lo, at) or self._unrecognised_name(lo, at):
            return ""
        actor = next(iter(persons))
        titled = any(set(title) & _ROLE_HEAD_SET for title in self._titles().get(actor, {}))
        return "" if titled or self._gender(actor) not in ("", gender) else actor

    def _titles(self) -> dict[str, dict[frozenset[str], int]]:
        """Per person: each distinct set of title words and where it first appears; once per article."""
        if self._title_cache is None:
            self._title_cache = {}
            for m in self.speakers:
                if self.kinds[m.actor_id] == "person":
                    title = frozenset(self._title_of(m).split())
                    self._title_cache.setdefault(m.actor_id, {}).setdefault(title, m.start)
        return self._title_cache

    def _title_of(self, m: Mention) -> str:
        """The title words around a mention: before it in its clause, and a following apposition."""
        lo = max(self._sentence_start(m.start, 0), m.start - 80)
        pieces = _CLAUSE_SPLIT_RE.split(self.text[lo : m.start])
        before = _title_suffix(pieces[-1] if pieces[-1].strip() or len(pieces) < 2 else pieces[-2])
        after = ""
        if self.text[m.end : m.end + 2] == ", " and not self.text[lo : m.start].rstrip().endswith(","):
            after = _APPOSITION_SPLIT_RE.split(self.text[m.end + 2 : m.end + 82])[0]
        return _fold(before + " " + after)

    # -- reported speech: X told reporters that …
    def reported_speech(self, article_id: str) -> list[Quote]:
        out = []
        for m in self.speakers:
            rep = _REPORTED_RE.match(self.text, m.end)
            if rep is None or not self._is_subject(m):
                continue
            if _AND_OR_END_RE.search(self.text[max(0, m.start - 6) : m.start]):
                continue
            start = rep.end()
            end = self._sentence_end(start)
            tail = _TRAILING_ATTRIBUTION_RE.search(self.text, start, end)
            end = tail.start() if tail else end  # "…, a State Department official said." is not the clause
            clause = self.text[start:end]
            if len(clause) < 10 or _QUOTE_MARK_RE.search(clause) or self._inside_quote(start):
                continue
            out.append(Quote(article_id, clause, start, end, m.actor_id, QUOTE_REPORTED))
        return out

    # -- text helpers
    def _speakers_in(self, lo: int, hi: int) -> list[Mention]:
        i = bisect_left(self.starts, lo)
        out = []
        while i < len(self.speakers) and self.speakers[i].end <= hi:
            if not self._inside_quote(self.speakers[i].start):
                out.append(self.speakers[i])
            i += 1
        return out

    def _inside_quote(self, pos: int) -> bool:
        i = bisect_left(self.quote_spans, (pos + 1,)) - 1
        return i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]

    def _head_start(self, q: _Q) -> int:
        """Start of the clause before a quote: its sentence, after any earlier quote in that sentence."""
        lo = self._sentence_start(q.open, 0)
        i = bisect_left(self.quote_spans, (q.start,)) - 1
        if i >= 0 and self.quotes[i].close >= lo:
            lo = self.quotes[i].close + 1
        return lo

    def _sentence_start(self, pos: int, floor: int) -> int:
        lo = max(floor, self.text.rfind("\n", 0, pos) + 1, pos - _MAX_SENTENCE)
        starts, ends = self._stops_from(lo, pos)
        for k in range(bisect_right(ends, pos) - 1, -1, -1):  # the stops that end by pos, last first
            if not _abbreviation_before(self.text, starts[k]):
                return ends[k]
        return lo

    def _stops_from(self, lo: int, pos: int) -> tuple[list[int], list[int]]:
        """Starts and ends of the sentence stops from `lo` on, in pos's line and within _MAX_SENTENCE, found once
        per `lo`. Those that end by pos are the stops a search of text[lo:pos + 1] finds (a stop's lookahead
        needs the character at its end, so a longer search cannot change one that ends earlier)."""
        line_end = self.text.find("\n", pos)
        hi = min(len(self.text) if line_end < 0 else line_end + 1, lo + _MAX_SENTENCE + 1)
        found = self._stops.get((lo, hi))
        if found is None:
            matches = list(_STOP_RE.finditer(self.text, lo, hi))
            found = self._stops[(lo, hi)] = ([m.start() for m in matches], [m.end() for m in matches])
        return found

    def _sentence_end(self, pos: int) -> int:
        line_end = self.text.find("\n", pos)
        hi = min(line_end if line_end >= 0 else len(self.text), pos + _MAX_SENTENCE)
        for stop in _STOP_RE.finditer(self.text, pos, hi):
            if not _abbreviation_before(self.text, stop.start()):
                return stop.start() + 1
        return len(self.text[:hi].rstrip())

    def _previous_paragraph_start(self, pos: int) -> int:
        para = self.text.rfind("\n", 0, pos)
        while para > 0 and not self.text[self.text.rfind("\n", 0, para) + 1 : para].strip():
            para = self.text.rfind("\n", 0, para)
        return self.text.rfind("\n", 0, max(para, 0)) + 1 if para > 0 else 0


# The attribution of a whole sentence after its reported clause: ", a State Department official said.",
# ", according to the Russian readout."
_TRAILING_ATTRIBUTION_RE = re.compile(
    r",\s+(?:according\s+to\b[^,.!?]{1,80}|(?:[\w'’.-]+\s+){1,6}(?:said|says|added|reported|told\s+[\w ]{1,30}?))"
    r"\s*[.!?]?\s*\Z"
)
_REPORTED_RE = re.compile(
    r"\s+(?:told\s+(?:reporters|journalists|the\s+[\w ]{1,30}?|\w+)|said|says|warned|added|stressed|insisted)"
    r"(?:\s+on\s+\w+)?\s+that\s+"
)


_LAST_WORD_RE = re.compile(r"(\w+)$")
# Patterns the attribution code uses inline, compiled once.
_SPACES_RE = re.compile(r"\s*")
_THAT_OR_COLON_END_RE = re.compile(r"(?:\bthat|:)\s*$")
_BREAK_OR_MARK_RE = re.compile(r"[.!?\n\"“”«»]")
_VERB_FIRST_RE = re.compile(rf"[\s,]*(?:{VERBS})\b")
_ROLE_AFTER_VERB_RE = re.compile(rf"\s+((?:the|The)\s+(?:[\w.'’-]+\s+){{0,4}}?(?:{_ROLE_HEADS}))\b")
_STOP_OR_MARK_RE = re.compile(r"[.!?\"“”«»]")
_HE_SHE_RE = re.compile(r"(he|her|she)\b")
_TITLED_LEAD_RE = re.compile(r"\s*(?:that\s+)?(?:the\s+)?(?:[A-Z][\w.'’-]*\s+)*")
_SOURCE_LABEL_RE = re.compile(r"\s*Source\s*:")
_QUOTE_LABEL_RE = re.compile(r"\s*Quote\s*:\s*")
_QUOTE_LABEL_ABOVE_RE = re.compile(r"(?:^|\n)[ \t]*Quote\s*:[ \t]*\n\s*$")
_LINE_BREAK_RE = re.compile(r"\n\s*")
_AND_OR_END_RE = re.compile(r"(?:\band|\bor|&)\s*$")
_WHO_WHICH_RE = re.compile(r"\s*,\s*(?:who|which)\b[^,]*$")
_CAPITALISED_END_RE = re.compile(r"[A-Z][\w'’-]*$")
_PREPOSITION_FIRST_RE = re.compile(r"\s*(?:of|from|at|for|with)\b")
_CLAUSE_MARK_RE = re.compile(r"[,.!?;:\"“”«»\n]")
_AND_OR_FIRST_RE = re.compile(r"\s*(?:and|or|&)\s")
_NEXT_WORD_RE = re.compile(r"\s+([A-Za-z][\w'’-]*)")
_LEAD_LABEL_RE = re.compile(r"^\s*\w+\s*:\s*")
_CLAUSE_SPLIT_RE = re.compile(r"[,;:()]")
_APPOSITION_SPLIT_RE = re.compile(r"[,;.()]")
_QUOTE_MARK_RE = re.compile(r"[\"“”«»„]")
_TITLE_TOKEN_RE = re.compile(r"[\w.'’-]+|[^\w\s]")
_SPACE_RUN_RE = re.compile(r"\s+")
_DOTS_APOSTROPHES_RE = re.compile(r"[.'’]")


def _may_be_name(word: str) -> bool:
    """A capitalised sentence opener that may be an unrecognised name ("Bailey"), not "Speaking", "After"."""
    if word in _NOT_NAMES or word in _OPENERS_NOT_NAMES or word.lower() in _TITLE_WORDS:
        return False
    return not word.endswith(("ing", "ed", "ly"))  # "Speaking on Monday, …", "Asked about …", "Clearly, …"


def _abbreviation_before(text: str, dot: int) -> bool:
    """'U.S.', 'V.R.', 'Mr.': a full stop that does not end a sentence."""
    word = _LAST_WORD_RE.search(text[max(0, dot - 6) : dot])
    if word is None:
        return False
    token = word.group(1)
    return (len(token) == 1 and token.isupper()) or token.lower() in _ABBREVIATIONS


def _title_like(text: str, *, after_verb: bool = False, possessives: bool = False) -> bool:
    """Only title words, capitalised words (names, nationalities) and commas: 'Kremlin spokesman'."""
    for token in _TITLE_TOKEN_RE.findall(text):
        if token in (",", "-") or token[:1].isupper() or token[:1].isdigit():
            continue
        if possessives and token in ("'s", "’s"):
            continue
        if token.lower() in _TITLE_WORDS and not (after_verb and token == "and"):
            continue
        return False
    return True


def _opens_clause(head: str) -> bool:
    """The quote starts its sentence or clause ("…, “A,” X said"), so a following "X said" is its attribution."""
    return not head.strip() or head.rstrip()[-1] in ":,;(—–-"


def _looks_like_title(inner: str) -> bool:
    """A short quoted name in title case ("Peace Mission 2005,", "Keeping the Promise")."""
    words = [w for w in inner.split() if w.lower() not in ("of", "for", "the", "a", "an", "in", "on", "and", "to")]
    if not words or len(inner.split()) > 6:
        return False
    return sum(w[:1].isupper() or w[:1].isdigit() for w in words) == len(words) and len(words) >= 2


def _role_fits(words: set[str], title: frozenset[str]) -> bool:
    """'the prime minister' fits 'British Prime Minister', not 'Deputy Prime Minister', nor 'the spokesman
    for the foreign minister' (who speaks for the minister, and is not one)."""
    return words <= title and not (title & (_ROLE_MODIFIERS | _SPEAKS_FOR)) - words


def _title_suffix(text: str) -> str:
    """The title words that end `text`: 'Kovac met Foreign Minister ' -> 'Foreign Minister'."""
    tokens = text.split()
    i = len(tokens)
    while i > 0 and _title_like(tokens[i - 1], possessives=True) and tokens[i - 1].lower() not in ("and", "a", "an"):
        i -= 1
    return " ".join(tokens[i:])


def _fold(text: str) -> str:
    return _SPACE_RUN_RE.sub(" ", _DOTS_APOSTROPHES_RE.sub("", text.lower())).strip()
