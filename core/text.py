"""Vietnamese text folding, done once in Python so every search backend and slug agrees.

fold("Bưởi Đoan Hùng") == "buoi doan hung": lower case, diacritics removed, đ/Đ → d.

Folding runs on every indexed document (millions for a full reindex), so the Latin letters
are folded through one precomputed `str.translate` table; only text still holding other
non-ASCII characters afterwards takes the general Unicode path (NFKD, marks dropped).
"""

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_D))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _latin_table() -> dict[int, str]:
    """Latin-1 Supplement to Latin Extended Additional (where Vietnamese lives), combining
    marks: each character mapped to what the general path makes of it, when that is ASCII."""
    table: dict[int, str] = {}
    for code in [*range(0x80, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]:
        folded = _fold_slow(chr(code))
        if folded.isascii():
            table[code] = folded
    return table


_LATIN = str.maketrans(_latin_table())


def fold(text: str) -> str:
    text = (text or "").translate(_LATIN)
    text = text.lower() if text.isascii() else _fold_slow(text)
    return " ".join(text.split())


def slugify_vi(text: str, max_length: int = 80) -> str:
    slug = _NON_WORD.sub("-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "item"
