"""Plain-text snippets around matched spans, with highlight offsets into the snippet.

Snippets are never HTML: the caller draws highlights from the offsets.
"""

from __future__ import annotations

from .model import Snippet

ELLIPSIS = "…"
_BREAKS = "\n\r\t\f\v"  # shown as spaces in a snippet


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and join the ones that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippets(
    text: str,
    spans: list[tuple[int, int]],
    *,
    max_snippets: int = 3,
    width: int = 220,
) -> tuple[Snippet, ...]:
    """Up to `max_snippets` windows of about `width` characters around the spans, best first by
    number of matches, then presented in text order. Without spans, the opening of the text."""
    size = len(text)
    spans = [(s, e) for s, e in merge_spans(spans) if 0 <= s < e <= size]
    shown_end = len(text.rstrip())  # where the text's last word ends: no ellipsis after it
    if not spans:
        return (_window(text, 0, min(size, width), [], shown_end),) if shown_end else ()
    windows = _group(spans, width)
    best = sorted(windows, key=lambda w: (-len(w[2]), w[0]))[:max_snippets]
    best.sort(key=lambda w: w[0])
    return tuple(_window(text, start, end, group, shown_end) for start, end, group in best)


def _group(spans: list[tuple[int, int]], width: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Cluster spans into windows no wider than `width`, each centred on its matches."""
    windows = []
    current: list[tuple[int, int]] = []
    for span in spans:
        if current and span[1] - current[0][0] > width:
            windows.append(current)
            current = []
        current.append(span)
    if current:
        windows.append(current)
    out = []
    for group in windows:
        first, last = group[0][0], group[-1][1]
        pad = max(0, (width - (last - first)) // 2)
        out.append((max(0, first - pad), last + pad, group))
    return out


def _window(text: str, start: int, end: int, group: list[tuple[int, int]], shown_end: int) -> Snippet:
    end = min(len(text), end)
    first = group[0][0] if group else start
    last = group[-1][1] if group else end
    start = _word_start(text, start, first)
    end = _word_end(text, end, last)
    body = _spaced(text[start:end])
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    start += lead
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if start + len(body) < shown_end else ""
    shift = len(prefix) - start
    highlights = tuple((s + shift, e + shift) for s, e in group)
    return Snippet(text=prefix + body + suffix, highlights=highlights)


def _spaced(body: str) -> str:
    """`body` with its line breaks and tabs as spaces (str.replace: a C search each, where a translate
    table looks every character up in a dict: a fifth of a snippet's time)."""
    for ch in _BREAKS:
        if ch in body:
            body = body.replace(ch, " ")
    return body


def _word_start(text: str, start: int, limit: int) -> int:
    """Move `start` forward to the beginning of a word, never past `limit`."""
    if start <= 0:
        return 0
    if text[start - 1].isspace():
        return start
    i = start
    while i < limit and not text[i].isspace():
        i += 1
    return i if i < limit else start


def _word_end(text: str, end: int, limit: int) -> int:
    """Move `end` back to the end of a word, never before `limit`."""
    if end >= len(text):
        return len(text)
    if text[end].isspace():
        return end
    i = end
    while i > limit and not text[i - 1].isspace():
        i -= 1
    return i if i > limit else end
