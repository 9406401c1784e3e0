"""Turning what a person typed into search terms, and marking them in text (highlights).

Shared by every backend so they agree on words, prefixes and <mark> snippets.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core.text import fold

MAX_TERMS = 8
MAX_TERM_LENGTH = 64
_FOLDED_WORD = re.compile(r"[0-9a-z]+")
_WORD = re.compile(r"\w+")

# Highlighting folds every word of a hit's name and description (about a thousand words on a
# page of 20 hits), and descriptions repeat their words from hit to hit: each distinct word is
# folded once per process. Bounded, so a flood of odd words cannot grow it.
fold_word = lru_cache(maxsize=20_000)(fold)


def folded_words(text: str) -> list[str]:
    """The words of `text` as the index stores them: folded, alphanumeric runs."""
    return _FOLDED_WORD.findall(fold(text))


def exact_words(text: str) -> list[str]:
    """Lower-case words with their diacritics (NFC)."""
    return _WORD.findall(unicodedata.normalize("NFC", text or "").lower())


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # folded words
    exact: tuple[str, ...]  # the words as typed (lower case, diacritics kept)
    has_diacritics: bool
    # The last word also matches as a prefix (a word being typed). Backends set it off when
    # the last word is itself an indexed word, so "bun ga" does not also find "bún … gạo".
    prefix: bool = True

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def text(self) -> str:
        return " ".join(self.terms)

    def with_terms(self, terms: tuple[str, ...], *, prefix: bool | None = None) -> ParsedQuery:
        return ParsedQuery(
            terms=terms,
            exact=self.exact,
            has_diacritics=self.has_diacritics,
            prefix=self.prefix if prefix is None else prefix,
        )


def parse(q: str) -> ParsedQuery:
    terms = tuple(t[:MAX_TERM_LENGTH] for t in folded_words(q)[:MAX_TERMS])
    exact = tuple(exact_words(q)[:MAX_TERMS])
    return ParsedQuery(terms=terms, exact=exact, has_diacritics=tuple(exact) != terms)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def max_edits(term: str) -> int:
    """Typos forgiven in a word: none under 4 letters, 1 up to 7, 2 beyond."""
    if len(term) < 4:
        return 0
    return 1 if len(term) <= 7 else 2


def best_correction(term: str, candidates: list[str]) -> str | None:
    allowed = max_edits(term)
    if not allowed:
        return None
    scored = sorted(
        (edit_distance(term, c, allowed + 1), abs(len(c) - len(term)), c) for c in candidates
    )
    if scored and scored[0][0] <= allowed:
        return scored[0][2]
    return None


def highlight(text: str, query: ParsedQuery, *, snippet: int | None = None) -> str | None:
    """`text` HTML-escaped with the words matching the query in <mark>; None when none match.
    With `snippet`, about that many characters around the first match (the words after the
    snippet's end are not read)."""
    if not text or query.empty:
        return None
    terms = set(query.terms[:-1])
    last = query.terms[-1]
    prefix = query.prefix

    def marked(m: re.Match[str]) -> bool:
        word = fold_word(m.group())
        return word in terms or word == last or (prefix and word.startswith(last))

    words = _WORD.finditer(text)
    first = next((m for m in words if marked(m)), None)
    if first is None:
        return None
    start, end = 0, len(text)
    if snippet and len(text) > snippet:
        start = max(0, first.start() - snippet // 4)
        end = min(len(text), start + snippet)
        # whole words at the cut ends
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first.start() else start
        if end < len(text):
            space = text.rfind(" ", first.end(), end)
            end = space if space > 0 else end
    parts = ["…" if start > 0 else ""]
    pos = start
    for m in itertools.chain((first,), itertools.takewhile(lambda m: m.start() < end, words)):
        s, e = m.span()
        if e > end or (m is not first and not marked(m)):
            continue
        parts.append(html.escape(text[pos:s]))
        parts.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    parts.append(html.escape(text[pos:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)
