"""Remove web boilerplate pasted into article text, keeping the article's own paragraphs.

Line-based and conservative: a line is dropped only when it matches a known
boilerplate shape (link-list headings and their lists, share/follow/newsletter
lines, cookie banners, copyright footers, adverts, photo credits and captions,
timestamps, navigation, tag lists, policy links, membership appeals), is
another story's headline between paragraphs, or is short junk after the
article's last sentence. Normal prose lines (20+ words ending like a sentence)
are never dropped by the short-line rules; a sentence that mentions Reuters or
Facebook is prose. Russian and Ukrainian boilerplate has its own shapes ("Читайте
также:", "Подписывайтесь на ...", "Фото: ...", "Реклама", "Поділитися", a row of
section names); "Фото опубликовал ..." or "Реклама подорожала ..." is prose.
`clean()` is idempotent and its output lines are (suffixes of) input lines;
`clean_lines()` also returns every removed line with its reason.
"""

from __future__ import annotations

import re

from ..model import RemovedLine
from .metadata import OUTLET_WORDS as _OUTLET_WORDS
from .metadata import is_date_line

__all__ = [
    "clean", "clean_lines", "clean_numbered", "is_junk_line", "is_prose", "join_lines", "junk_reason",
    "leading_link_list_end", "repeated_teasers",
]

PROSE_MIN_WORDS = 20
LIST_ITEM_MAX_WORDS = 25
TAIL_JUNK_MAX_WORDS = 8
MAX_JUNK_CHARS = 600  # boilerplate lines are short; longer lines skip the regexes (and their cost)

_END_PUNCT = tuple(".!?\"”’)…'")
_BULLET = re.compile(r"^\s*(?:[-*•·▪►▸→»]|\d{1,3}[.)])\s+")

# Widget labels glued to the next paragraph when a page is copied ("More ShortsSpeaking of ...").
_GLUED_LABEL = re.compile(
    r"^(?:\s*(?:More Shorts|Impact Shorts|Advertisement|ADVERTISEMENT|Story continues below advertisement|"
    r"Skip Advertisement|Continue reading))+(?=[A-Z“\"‘'(])"
)

_LIST_HEADING = re.compile(
    r"""^\W*(?:
      (?:latest|top|more|other|breaking|recent|trending|popular)\s+(?:news|stories|headlines|articles|posts|updates|videos|shorts)
    | latest(?:\s+[\w&-]+)?
    | read\s+(?:next|more|also)
    | related(?:\s+(?:news|stories|articles|content|topics|coverage|links|posts|reading|videos))?
    | recommended(?:\s+(?:for\s+you|stories|articles|reading|videos))?
    | you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)
    | more\s+(?:on|about)\s+this\s+(?:story|topic)
    | more\s+from\s+[\w .&'’-]{1,40}
    | most\s+(?:read|popular|viewed|shared|watched|commented)
    | trending(?:\s+now)?
    | editors?'?’?s?\s+picks?
    | also\s+read | see\s+also | further\s+reading | impact\s+shorts | in\s+other\s+news
    | don'?’?t\s+miss | must\s+reads? | around\s+the\s+web | from\s+the\s+web | what\s+to\s+read\s+next
    | sponsored(?:\s+(?:stories|content|links))?
    | (?:top|more)\s+in\s+[\w &-]{1,30}
    | (?:читайте|смотрите|дивіться)\s+(?:также|тоже|також) | (?:новости|новини)\s+(?:по\s+темі?|за\s+темою)
    | по\s+теме | (?:другие|последние|главные)\s+новости | (?:інші|останні|головні)\s+новини
    | самое\s+(?:читаемое|популярное) | популярное | найпопулярніше | найбільш\s+читане
    )\W*$""",
    re.I | re.X,
)

_ADVERT = re.compile(
    r"^\W*(?:advertisements?|advertising|ad|ads|sponsored(?:\s+content)?|paid\s+(?:content|post)|promoted|"
    r"story\s+continues\s+(?:below|after)\s+(?:this\s+)?(?:advertisement|ad)|scroll\s+(?:down\s+)?to\s+continue(?:\s+with\s+content)?|"
    r"continue\s+reading(?:\s+below)?|skip\s+advert(?:isement)?|advertisement\s*[-–—·•|:]\s*scroll\s+to\s+continue|"
    r"реклама|на\s+правах\s+рекламы|партн[её]рский\s+материал|партнерський\s+матеріал)\W*$",
    re.I,
)
_READ_MORE_LINK = re.compile(
    r"^\W*(?:read\s+(?:more|also|next)|also\s+read|learn\s+(?:more|extra)|see\s+also|more|related|watch|listen|"
    r"video|recommended|related\s+(?:article|story|news)|click\s+here|must\s+read|don'?’?t\s+miss|"
    r"(?:читайте|смотрите|дивіться)\s+(?:также|тоже|також))"
    r"(?:\s*[:|»›>]|\s+[–—-])\s*\S",
    re.I,
)
_SHARE = re.compile(
    r"^\W*(?:share(?:\s+(?:this|on|via|the|article|story|page|link|post|to)\b.*)?|tweet|pin\s+it|copy\s+(?:the\s+)?link|"
    r"print(?:\s+this)?(?:\s+(?:article|page|story))?|e-?mail(?:\s+this)?(?:\s+(?:article|story|page))?|save(?:\s+(?:article|story))?|"
    r"bookmark|gift\s+(?:this\s+)?article|listen\s+to\s+(?:this\s+)?article|\d+\s+comments?|comments?|leave\s+a\s+comment|"
    r"view\s+comments|join\s+the\s+(?:conversation|discussion)|(?:поделиться|поділитися|поширити)(?:\s*:.*)?)\W*$",
    re.I,
)
_FOLLOW = re.compile(
    r"\bfollow\s+(?:us|me|@)|\b(?:on|via|at)\s+(?:twitter|facebook|instagram|telegram|whatsapp|linkedin|youtube|tiktok|"
    r"threads|bluesky|mastodon|google\s+news|x\.com)\b|^\W*(?:follow|like|subscribe|join)\b.{0,60}\b(?:twitter|facebook|"
    r"instagram|telegram|whatsapp|linkedin|youtube|tiktok|channel)\b",
    re.I,
)
_SOCIAL_NAMES = r"twitter|facebook|instagram|telegram|whatsapp|linkedin|youtube|tiktok|threads|bluesky|mastodon|x"
_FOLLOW_US = re.compile(
    rf"^\W*(?:follow|like|join|subscribe\s+to|find)\b.{{0,80}}\b(?:on|via|at)\s+(?:{_SOCIAL_NAMES})\b", re.I
)
_ENGAGEMENT = re.compile(
    r"^\W*(?:(?:like|liked|enjoyed|love|loved)\s+(?:this|the)\s+(?:story|article|post|piece)\b.{0,60}"
    r"|[\w .,'’&-]{2,80}\s+contributed\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article)\W*)$",
    re.I,
)
_SOCIAL_WORD = re.compile(
    r"^(?:facebook|twitter|x|instagram|telegram|whatsapp|linkedin|youtube|tiktok|reddit|pinterest|email|e-mail|print|"
    r"share|copy|link|messenger|threads|bluesky|flipboard|tumblr|vk|weibo|wechat|sms|mail|rss)$",
    re.I,
)
_SIGN_UP = re.compile(
    r"^\W*(?:subscribe|sign\s+up|register|log\s+in|login|sign\s+in|create\s+(?:an\s+)?account|"
    r"(?:download|get)\s+(?:our|the)\s+(?:[\w&'’.-]+\s+){0,4}app\b|get\s+(?:our|the)\s+newsletter|"
    r"click\s+here|tap\s+here|already\s+a\s+(?:subscriber|member))\b",
    re.I,
)
_NEWSLETTER = re.compile(r"\bnewsletters?\b|\b(?:delivered|sent|straight)\s+(?:straight\s+)?to\s+your\s+inbox\b", re.I)
_NEWSLETTER_CALL = re.compile(r"\b(?:sign\s+up|subscribe|inbox|delivered|receive|free|get\s+(?:our|the)|join)\b", re.I)
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_COOKIE_CALL = re.compile(
    r"\b(?:we\s+use|this\s+(?:web)?site|our\s+(?:web)?site|by\s+(?:continuing|using|clicking)|accept|consent|"
    r"(?:cookie|privacy)\s+(?:policy|settings|preferences|notice)|manage|opt[\s-]out)\b",
    re.I,
)
_CONSENT_BUTTON = re.compile(
    r"^\W*(?:accept(?:\s+all)?(?:\s+cookies)?|reject\s+all|decline|manage\s+(?:preferences|cookies|settings|options)|"
    r"i\s+agree|agree(?:\s+and\s+close)?|got\s+it|ok,?\s+i\s+understand)\W*$",
    re.I,
)
_COPYRIGHT = re.compile(r"^\W*(?:©|\(c\)\s|copyright\b)|\ball\s+rights\s+reserved\b|\b(?:все|усі|всі)\s+права\s+(?:защищены|захищені)\W*$|\bterms\s+of\s+(?:use|service)\b.{0,40}\bprivacy\b", re.I)
_AGENCIES = (
    r"AFP|Reuters|AP|EPA|EPA-EFE|Getty\s+Images|Bloomberg|Xinhua|TASS|Sputnik|Anadolu|Shutterstock|Alamy|PA|"
    r"PA\s+Images|PA\s+Wire|Associated\s+Press|Agence\s+France-Presse|SOPA\s+Images|NurPhoto|Pool|Handout|Wikimedia\s+Commons"
)
_CAP_NAME = r"(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){0,3}"  # capitalised words, even under re.I
_PHOTO = re.compile(
    r"^\W*(?:(?:main|top|header|cover|featured|lead|hero)\s+)?(?:(?:photos?|photograph|picture|pic|images?|illustration|graphic|video|credits?|"
    r"(?:photo|image|picture)\s+(?:credit|courtesy)|file\s+photo|source\s+image)\s*(?:by|credit|credits|courtesy)?\s*[:|/–—]"
    r"|(?:photos?|picture|images?)\s+(?:by|courtesy\s+of|courtesy)\b|file\s+(?:photo|picture|image)\b"
    r"|(?:image|media|video)\s+(?:source|caption)\s*,)",  # a BBC page's "Image source, Getty Images"
    re.I,
)
# "Фото: Имя Фамилия / Агентство", "Источник и фото - site.ru", "Джерело: site.ua" (a credit, not a sentence)
_CYR_PHOTO = re.compile(
    r"^\W*(?:фото(?:графия)?|иллюстрация|ілюстрація|(?:источник|джерело)\s+(?:и|і|та)\s+фото)\s*(?::|[-–—]\s)", re.I
)
_CYR_SOURCE_CREDIT = re.compile(r"^\W*(?:источник|джерело)\s*(?::|[-–—]\s)", re.I)  # "Источник: ria.ru"
_CYR_FOLLOW = re.compile(
    r"^\W*(?:(?:подписывайтесь|подпишитесь|підписуйтесь|підпишіться|присоединяйтесь|приєднуйтесь)\s+(?:на|к|до)\b|"
    r"(?:следите|стежте)\s+за\s+(?:нами|новостями|новинами)\b|читайте\s+нас\b)",
    re.I,
)
_CAPTION_CREDIT = re.compile(
    r"\((?:(?:file\s+)?(?:photos?|pictures?|images?|pic|illustration)\b[^()]*|[^()]*(?:/|\bvia\s+)\s*(?:"
    + _AGENCIES + r")[^()]*|\s*(?:" + _AGENCIES + r")\s*/[^()]*)\)\W*$",
    re.I,
)
# A caption ending in its credit: "... Marco Rubio. Photo: Reuters", "... Kellogg. EPA / TASS".
_TRAILING_CREDIT = re.compile(
    r"(?:\s|^)(?:photo(?:graph)?s?|image|picture|credit)\s*(?::|by\b)\s*(?-i:[A-Z])[\w.,'’&/-]*(?:\s+[\w.,'’&()/-]+){0,5}$"
    r"|[.!?]\s+(?:" + _AGENCIES + r")(?:\s*/\s*(?:" + _AGENCIES + "|" + _CAP_NAME + r"))*\s*$",
    re.I,
)
# Photo captions mark people's places in the picture: "Donald Trump (L) greets ...", "(2nd R)".
_POSITION_MARK = re.compile(r"\s\((?:[LRC]|\d(?:st|nd|rd|th)\s+[LR]|front|back|centre|center)\)[\s,]")
_AGENCY_CREDIT = re.compile(  # "Jane Doe/AFP via Getty Images", "REUTERS/Jane Doe/File Photo"
    r"^\W*(?:[\w .'’-]{0,60}/\s*)?(?:" + _AGENCIES + r")(?:\s+via\s+Getty\s+Images)?\W*$"
    r"|^\W*(?:" + _AGENCIES + rf")\s*/\s*{_CAP_NAME}(?:\s*/\s*{_CAP_NAME})?\W*$",
    re.I,
)
_CREDIT_ROLE = r"(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|graphics|fact-checking)\s+by"
# "Reporting by Jane Doe in Kyiv; Editing by John Smith": the names only, so "Reporting by the BBC found ..." is prose.
_CREDIT_PART = rf"{_CREDIT_ROLE}\s+{_CAP_NAME}(?:\s*(?:,|and|&)\s*{_CAP_NAME})*(?:\s+in\s+{_CAP_NAME}(?:\s*(?:,|and)\s*{_CAP_NAME})*)?"
_WIRE_CREDIT = re.compile(
    r"^\W*\((?:additional\s+)?(?:reporting|writing|editing|compiled|translated)\s+by\b[^()]{0,200}\)\W*$"
    rf"|^\W*{_CREDIT_PART}(?:\s*[;,]\s*{_CREDIT_PART})*\W*$"
    r"|^\W*\(?with\s+(?:inputs?\s+from\s+|agency\s+inputs?|agencies)[\w ,&.-]{0,60}\)?\W*$",
    re.I,
)
_CAP_WORD = r"[A-Z][\w&'’.-]*"
_OUTLET = re.compile(
    rf"^\W*(?:The\s+)?(?:{_CAP_WORD}\s+){{0,4}}(?:{_OUTLET_WORDS})(?:\s+{_CAP_WORD}){{0,3}}\W*$"
)
_SITE = re.compile(r"^\W*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|ru|kz|in|info|news|io)/?\W*$", re.I)
_PAGE_LABEL = re.compile(
    r"^\W*(?:premium|exclusive|subscribers?\s+only|members?\s+only|news\s+feed|icon|details|breaking(?:\s+news)?|"
    r"(?:new)?\s*you\s+can\s+now\s+listen\s+to\b.{0,60}|listen\s+to\s+(?:this\s+)?(?:article|story)\b.{0,30}|"
    r"(?:skip|jump)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|search|footer)|skip\s+navigation|"
    r"our\s+standards\s*:.{0,60}|(?:related\s+)?(?:topics|tags)|listen(?:\s+now)?|watch(?:\s+(?:now|live|video))?|"
    r"(?:show|hide|view|load|read)\s+(?:all\s+|more\s+)?comments(?:\s*\(\d+\))?|\d+\s*(?:min|mins|minutes)|sign\s+up\s+here|"
    r"sent\s+from\s+my\s+(?:iphone|ipad|android|samsung|galaxy|mobile(?:\s+device)?|phone|blackberry)|"
    r"get\s+outlook\s+for\s+(?:ios|android))\W*$",
    re.I,
)
_COMMENTS = re.compile(r"^\W*(?:no\s+comments|post\s+a\s+comment|\d+\s+comments?|add\s+a\s+comment)\W*$", re.I)
_MEMBERSHIP = re.compile(
    r"^\W*(?:support\s+(?:our|independent|quality)\s+(?:journalism|reporting)|become\s+a\s+(?:member|subscriber|patron|supporter)|"
    r"donate\s+(?:now|today)|make\s+a\s+(?:donation|contribution)|join\s+(?:our\s+)?(?:community|membership))\b",
    re.I,
)
_MARKUP_RESIDUE = re.compile(r"[\[\]()|<>!{}]")
_APPEAL_OPENINGS = ("support", "become", "donate", "make a", "join")
_EDITORS_NOTE = re.compile(r"^\W*editor'?’?s?\s+note\s*:", re.I)
_POLICY_LINKS = re.compile(
    r"^\W*(?:(?:privacy\s+policy|terms\s+(?:of\s+(?:use|service)|and\s+conditions)|cookie\s+policy|contact\s+us|"
    r"about\s+us|advertise(?:\s+with\s+us)?|careers|sitemap|accessibility|imprint|impressum)\W*)+$",
    re.I,
)
_TAGS = re.compile(r"^\W*(?:tags?|topics?|keywords?|filed\s+under|теги|тэги|мітки|теги)\s*:\s*\S.{0,200}$", re.I)
_BREADCRUMB = re.compile(r"^\W*(?:[\w&'’.-]+(?:\s[\w&'’.-]+){0,3}\s*(?:>|›|»|/)\s*){2,}[\w&'’.-]+(?:\s[\w&'’.-]+){0,3}\W*$")
_NAV_WORD = r"(?:[A-Z][a-z]+|[A-Z]{2,})"
# A site's controls pasted as a row: "Menu  Search  Subscribe", "Sign in | Register".
_SITE_CONTROLS = re.compile(
    r"^(?:(?:menu|search|subscribe|sign\s+(?:in|up)|log\s*in|register|my\s+account|account|newsletters?|donate)"
    r"(?:\s*[|·•]\s*|\s{2,}|\s*$)){2,}$",
    re.I,
)
# Section links joined by " | ": "World | Europe | Ukraine" (three or more parts of one or two capitalised words).
_PIPE_NAV_PART = re.compile(r"^[A-Z][\w&'’.-]*(?:\s[A-Z][\w&'’.-]*)?$")
_NAV_BAR = re.compile(rf"^\s*{_NAV_WORD}(?:\s+(?:{_NAV_WORD}|&)){{4,}}\s*$")  # 5+ words, no small word
_SECTION_WORDS = frozenset(
    "home news world business politics opinion opinions sport sports science tech technology culture "
    "entertainment movies lifestyle health economy markets video videos photos live society travel weather "
    "local national international europe asia africa americas education environment climate".split()
)
_HASHTAGS = re.compile(r"^(?:#[^\W\d_]\w*\s*){1,5}$")
_READ_TIME = re.compile(
    r"^\W*(?:\d+\s*(?:-\s*)?(?:min|mins|minute|minutes)\s+(?:read|listen|watch)|reading\s+time\s*:?.{0,20}|"
    r"(?:updated|published|posted)?\s*\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|"
    r"(?:updated|published|posted|last\s+updated)\s*:?\s*(?:at\s+)?[0-2]?\d[:.][0-5]\d.{0,20})\W*$",
    re.I,
)


def _word_count(line: str) -> int:
    """Words in a stripped line (fast: counts spaces, exact for single-spaced text)."""
    if "  " in line or "\t" in line:
        return len(line.split())
    return line.count(" ") + 1 if line else 0


def is_prose(line: str) -> bool:
    """A sentence-like paragraph: at least PROSE_MIN_WORDS words and a sentence ending."""
    stripped = line.strip()
    return stripped.endswith(_END_PUNCT) and _word_count(stripped) >= PROSE_MIN_WORDS


def is_junk_line(line: str) -> bool:
    """True for a single line of known boilerplate (independent of its neighbours)."""
    return bool(junk_reason(line))


def junk_reason(line: str) -> str:
    """Why a single line is known boilerplate ("share row", "photo credit" ...), else ""."""
    line = line.strip()
    if not line or len(line) > MAX_JUNK_CHARS:
        return ""
    words = _word_count(line)
    opening = line[:12].lower()
    if words <= 80 and "editor" in opening and _EDITORS_NOTE.match(line):
        return "editor's note"
    if words <= 40 and opening.lstrip("*_ ").startswith(_APPEAL_OPENINGS) and _MEMBERSHIP.match(line):
        return "membership appeal"
    if words <= 60 or (words <= 150 and " (" in line and _is_positioned_caption(line)):
        reason = (_has_banner_hint(line) and _banner_reason(line, words)) or _credit_reason(line, words)
        if reason:
            return reason
    if words > 50 or is_prose(line):
        return ""
    return _short_line_reason(line, words)


def _short_line_reason(line: str, words: int) -> str:
    """Why a short, non-prose line is boilerplate; the checks run in order and stop at the first hit."""
    if not any(ch.isalnum() for ch in line):
        return "no text" if _MARKUP_RESIDUE.search(line) else ""  # "![]() |" goes; a "___" or "* * *" separator stays
    unfinished = not line.endswith((".", "!", "?", "\"", "”"))
    checks = (
        ("page label", lambda: words <= 12 and _PAGE_LABEL.match(line)),
        ("comments", lambda: _COMMENTS.match(line)),
        ("policy links", lambda: _POLICY_LINKS.match(line)),
        ("tag list", lambda: unfinished and _TAGS.match(line)),
        ("hashtag", lambda: line.startswith("#") and _HASHTAGS.match(line)),
        ("navigation", lambda: unfinished and (_BREADCRUMB.match(line) or is_nav_bar(line))),
        ("follow appeal", lambda: words <= 25 and (_FOLLOW_US.match(line) or _CYR_FOLLOW.match(line))),
        ("engagement appeal", lambda: _ENGAGEMENT.match(line)),
        ("link list heading", lambda: _LIST_HEADING.match(line)),
        ("advertisement", lambda: _ADVERT.match(line)),
        ("consent button", lambda: _CONSENT_BUTTON.match(line)),
        ("share row", lambda: unfinished and words <= 12 and _SHARE.match(line)),
        ("share row", lambda: unfinished and _is_social(line, words)),
        ("timestamp", lambda: _READ_TIME.match(line) or is_date_line(line)),
        ("related link", lambda: words <= 25 and _READ_MORE_LINK.match(line)),
        ("source credit", lambda: unfinished and words <= 6 and _CYR_SOURCE_CREDIT.match(line)),
        ("sign-up appeal", lambda: words <= 15 and _SIGN_UP.match(line) and not line.endswith((".", "?", "!"))),
        ("navigation", lambda: unfinished and words <= 12 and (_SITE_CONTROLS.match(line) or _is_pipe_nav(line))),
    )
    return next((reason for reason, check in checks if check()), "")


def _is_pipe_nav(line: str) -> bool:
    parts = line.split(" | ")
    return len(parts) >= 3 and all(_PIPE_NAV_PART.match(part.strip()) for part in parts)


_BANNER_HINTS = ("cookie", "newsletter", "inbox", "©", "(c)", "copyright", "rights", "terms of", "права")


def _has_banner_hint(line: str) -> bool:
    """Cheap substring test before the banner regexes (most lines have none of these words)."""
    low = line.lower()
    return any(hint in low for hint in _BANNER_HINTS)


def is_nav_bar(line: str) -> bool:
    """A site's section menu pasted as one line: "World Society Russia Opinion Science Sport Business"."""
    if _CYRILLIC.search(line):
        return _is_cyrillic_nav_bar(line.split())
    if not _NAV_BAR.match(line):
        return False
    sections = sum(1 for word in line.split() if word.lower() in _SECTION_WORDS)
    return sections >= 3 and sections * 2 >= len(line.split()) - 1


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CYR_SECTION_WORDS = frozenset(
    "главная новости политика экономика финансы бизнес общество происшествия события мир спорт культура наука "
    "технологии hi-tech авто недвижимость курсы валют акции обмен видео фото регионы мнения аналитика интервью "
    "головна новини політика економіка фінанси суспільство події світ культура наука технології регіони думки "
    "аналітика здоровʼя здоровье війна война".split()
)


def _is_cyrillic_nav_bar(tokens: list[str]) -> bool:
    """Section names and tickers in a row ("Курсы ЦБ Акции Экономика Финансы Политика События"): five or more
    words, none starting in lower case (a Russian or Ukrainian headline is in sentence case), three or more of
    them section names, making up a third of the row."""
    if len(tokens) < 5 or any(token[:1].islower() for token in tokens):
        return False
    sections = sum(1 for token in tokens if token.lower() in _CYR_SECTION_WORDS)
    return sections >= 3 and sections * 3 >= len(tokens)


def _banner_reason(line: str, words: int) -> str:
    """Cookie banners, newsletter calls and copyright footers (may be full sentences)."""
    if _COOKIE.search(line) and _COOKIE_CALL.search(line):
        return "cookie banner"
    if words <= 40 and _NEWSLETTER.search(line) and _NEWSLETTER_CALL.search(line):
        return "newsletter appeal"
    return "copyright footer" if words <= 30 and _COPYRIGHT.search(line) else ""


_SOCIAL_HINTS = (
    "follow", "twitter", "facebook", "instagram", "telegram", "whatsapp", "linkedin", "youtube", "tiktok",
    "threads", "bluesky", "mastodon", "google news", "x.com", "email", "e-mail", "share", "print", "reddit",
    "pinterest", "messenger", "flipboard", "tumblr", "weibo", "wechat", "rss", "sms", "mail", " x ",
)


def _is_social(line: str, words: int) -> bool:
    if words > 14:
        return False
    low = f" {line.lower()} "
    if not any(hint in low for hint in _SOCIAL_HINTS):
        return False
    if _FOLLOW.search(line):
        return True
    tokens = [t for t in re.split(r"[\s|/,·•]+", line) if t]
    return 0 < len(tokens) <= 10 and sum(1 for t in tokens if _SOCIAL_WORD.match(t)) >= max(2, len(tokens) - 1)


def _credit_reason(line: str, words: int) -> str:
    if words <= 30 and (_PHOTO.match(line) or _CYR_PHOTO.match(line)):
        return "photo caption" if line[:14].lower().endswith("caption,") else "photo credit"
    if words <= 50 and ")" in line[-3:] and _is_credited_caption(line):
        return "photo caption"
    if words <= 40 and not line.endswith((".", "!", "?")) and _TRAILING_CREDIT.search(line):
        return "photo caption"
    if " (" in line and _is_positioned_caption(line):
        return "photo caption"
    if _AGENCY_CREDIT.match(line):
        return "photo credit"
    return "wire credit" if _WIRE_CREDIT.match(line) else ""


def _is_credited_caption(line: str) -> bool:
    """A line ending in a picture credit "(Jane Doe/Reuters)"; a sentence ending "(as reported by Reuters)." is prose."""
    match = _CAPTION_CREDIT.search(line)
    if not match or not is_prose(line):
        return bool(match)
    credit = match.group(0).lower()
    return "/" in credit or " via " in credit or credit.lstrip("( ").startswith(("photo", "picture", "image", "file", "pic"))


def _is_positioned_caption(line: str) -> bool:
    """People placed in a picture: two marks ("Trump (C) welcomes Zelensky (R)"), or one and a credit.

    One "(R)" alone may be a party ("Rep. Jane Doe (R) said"), so it needs the credit.
    """
    marks = len(_POSITION_MARK.findall(line))
    return marks >= 2 or (marks == 1 and bool(_CAPTION_CREDIT.search(line)))


def clean(text: str) -> str:
    """Return `text` without web boilerplate; paragraphs and their order are kept."""
    return clean_lines(list(enumerate(text.split("\n"), 1)))[0]


def clean_lines(numbered: list[tuple[int, str]]) -> tuple[str, list[RemovedLine]]:
    """Clean (line number, text) pairs: (body, what was removed and why, in line order)."""
    kept, removed = clean_numbered(numbered)
    return join_lines([line for _number, line in kept]), removed


def clean_numbered(numbered: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[RemovedLine]]:
    """The kept (line number, text) pairs, blank lines included, and the removed lines with their reasons."""
    removed: list[RemovedLine] = []
    lines: list[str] = []
    for number, raw in numbered:
        label, rest = _split_glued_label(raw)
        if label:
            removed.append(RemovedLine(number, label, "widget label"))
        lines.append(rest)
    reasons = _junk_reasons(lines)
    _mark_caption_names(lines, reasons)
    _mark_related_headlines(lines, reasons)
    _mark_tail_junk(lines, reasons)
    kept = []
    for (number, _raw), line, reason in zip(numbered, lines, reasons):
        if not reason:
            kept.append((number, line))
        elif line.strip():
            removed.append(RemovedLine(number, line.strip(), reason))
    removed.sort(key=lambda item: item.line)
    return kept, removed


def _junk_reasons(lines: list[str]) -> list[str]:
    """Per line, why it is boilerplate ("" to keep it): link lists with their items, then single lines."""
    reasons = [""] * len(lines)
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if line and len(line) <= MAX_JUNK_CHARS and _LIST_HEADING.match(line) and not is_prose(line):
            end = _list_end(lines, index + 1)
            for j in range(index, end):
                reasons[j] = "link list"
            index = end
            continue
        reasons[index] = junk_reason(line)
        index += 1
    return reasons


_CREDIT_REASONS = ("photo credit", "photo caption")


def _mark_caption_names(lines: list[str], reasons: list[str]) -> None:
    """A short line just above a photo credit that names what the credit names ("Keith Kellogg")."""
    previous = -1
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if reasons[index] in _CREDIT_REASONS and previous >= 0 and not reasons[previous]:
            name = lines[previous].strip()
            if _word_count(name) <= 5 and not name.endswith(_END_PUNCT) and name in line:
                reasons[previous] = "photo caption"
        previous = index


RELATED_MIN_WORDS = 10  # an article's own subheadings are shorter
_LABEL_HEADS = r"(?:Source|Sources|Quote|Note|Update|Updated|Read|Photo|Video|Background|Context|Reference|Recall)"
_QUOTED_HEADLINE = r"^[‘\"“].{3,80}?[’\"”]\s+[–—-]\s+\S"  # "‘Quoted words’ — Why ..."
_CARD_HEADLINE = re.compile(r"\s[–—-]\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}$|" + _QUOTED_HEADLINE)
_ATTRIBUTED_HEADLINE = re.compile(
    r"\s[–—-]\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}$"  # "... at the highest level – Umerov"
    rf"|^(?!{_LABEL_HEADS}:)[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,2}}:\s+\S"  # "Trump: We go directly to ..."
    r"|:\s+(?:[\w'’-]+\s+)?(?:diplomat|official|officials|source|sources|minister|envoy|expert|experts|analyst|"
    r"media|report|reports|spokesperson|spokesman|intelligence)$"  # "... for peace: European diplomat"
    r"|" + _QUOTED_HEADLINE
)


def _mark_related_headlines(lines: list[str], reasons: list[str]) -> None:
    """Headlines of other stories pasted between paragraphs or closing the text.

    A long line shaped like an attributed headline ("... – Umerov", "Trump: ...",
    "...: European diplomat", "‘Quoted words’ — Why ...") with a paragraph before
    it and a paragraph, or only its own cut-off teaser, after it. An article's
    own subheadings are short and not attributed, so they stay.
    """
    kept = [i for i, line in enumerate(lines) if line.strip() and not reasons[i]]
    for position in range(1, len(kept) - 1):
        before, line, after = (lines[kept[position + k]].strip() for k in (-1, 0, 1))
        if not (_is_paragraph(before) and _is_related_headline(line)):
            continue
        if _is_paragraph(after):
            reasons[kept[position]] = "related stories"
        elif position == len(kept) - 2 and _is_card_teaser(line, after):
            reasons[kept[position]] = reasons[kept[-1]] = "related stories"


def _is_card_teaser(headline: str, last: str) -> bool:
    """The text ends with a quoted or dash-attributed headline and its cut-off teaser (a related-story card)."""
    return bool(_CARD_HEADLINE.search(headline)) and not last.endswith(_END_PUNCT) and _word_count(last) <= 60


def _is_paragraph(line: str) -> bool:
    return _word_count(line) >= 12 and line.endswith(_END_PUNCT)


def _is_related_headline(line: str) -> bool:
    return (
        RELATED_MIN_WORDS <= _word_count(line) <= 30
        and not line.endswith((".", "!", "?", ":"))
        and bool(_ATTRIBUTED_HEADLINE.search(line))
    )


def _split_glued_label(line: str) -> tuple[str, str]:
    """("More Shorts", "Speaking of ...") for a widget label glued to a paragraph, else ("", line)."""
    match = _GLUED_LABEL.match(line)
    if not match:
        return "", line.rstrip()
    return line[: match.end()].strip(), line[match.end():].rstrip()


_LEADING_ITEM = re.compile(r"^\s*(?:[>»›\-*•·▪►▸→]|\d{1,3}[.)])\s*\S")


def leading_link_list_end(lines: list[str]) -> int:
    """Index after a link list ("Latest news" plus short items) that opens the text, else 0.

    The list is the heading and the short, non-prose lines right after it; it
    ends at the first blank line unless the next line is another bullet
    (">", "-", "•" ...), so the headline after the gap is never swallowed.
    """
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    heading = lines[start].strip() if start < len(lines) else ""
    if not heading or len(heading) > 80 or not _LIST_HEADING.match(heading):
        return 0
    end, gap = start + 1, False
    for j in range(start + 1, len(lines)):
        line = lines[j].strip()
        if not line:
            gap = end > start + 1
            continue
        if gap and not _LEADING_ITEM.match(line):
            break
        if is_prose(line) or _word_count(line) > LIST_ITEM_MAX_WORDS:
            break
        end = j + 1
    items = [line for line in lines[start + 1:end] if line.strip()]
    if len(items) == 1 and not _LEADING_ITEM.match(items[0]):
        return start + 1  # one line after "Latest News" is the headline, not a list
    return end if end > start + 1 else 0


TEASER_WORDS = 8


def repeated_teasers(lines: list[str], indices: list[int]) -> list[int]:
    """Of `indices` (head lines), those whose last sentence reappears in a later line.

    A page often shows the lede twice: as a teaser under a picture ("... on Tuesday. |")
    and as the article's first paragraph; the later, complete copy is kept.
    """
    found = []
    for index in indices:
        line = lines[index].strip().rstrip(" |")
        if not line.endswith((".", "!", "?")) and _word_count(line) <= 25:
            continue  # a headline, not a teaser (a caption may repeat the headline)
        words = line.split()[:-1]  # the last word may be cut off
        last_sentence = _SENTENCE_START.split(" ".join(words))[-1]
        if len(last_sentence.split()) < TEASER_WORDS:
            continue
        if any(last_sentence in lines[j] for j in _later(lines, index)):
            found.append(index)
    return found


_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def _later(lines: list[str], index: int) -> range:
    return range(index + 1, min(len(lines), index + 40))


def _list_end(lines: list[str], start: int) -> int:
    """Index after the link list that follows a list heading."""
    end = start
    for j in range(start, len(lines)):
        line = lines[j].strip()
        if not line:
            continue
        if is_prose(line) or _word_count(line) > LIST_ITEM_MAX_WORDS:
            break
        if not (_BULLET.match(line) or is_junk_line(line) or not line.endswith((".", "!", ";", ":", ","))):
            break
        end = j + 1
    return end


def _mark_tail_junk(lines: list[str], reasons: list[str]) -> None:
    """Mark short non-sentence lines (outlet names, site addresses) after the last kept sentence."""
    last_sentence = -1
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i].strip()
        if not reasons[i] and line.endswith(_END_PUNCT) and _word_count(line) >= 5:
            last_sentence = i
            break
    if last_sentence < 0:
        return
    for i in range(last_sentence + 1, len(lines)):
        if not reasons[i] and _is_tail_junk(lines[i].strip()):
            reasons[i] = "outlet name after the article"


def _is_tail_junk(line: str) -> bool:
    """An outlet name or site address left after the article ("Valmora Post", "valmora.example")."""
    if not line or len(line) > 120 or _word_count(line) > TAIL_JUNK_MAX_WORDS or line.endswith(_END_PUNCT):
        return False
    return bool(_OUTLET.match(line) or _SITE.match(line))


def join_lines(lines: list[str]) -> str:
    """The lines as text, runs of blank lines squeezed to one, none at the ends."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and out[-1]:
                out.append("")
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
