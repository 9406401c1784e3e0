"""Vietnamese text folding, done once in Python so every search backend and slug agrees.

fold("Bưởi Đoan Hùng") == "buoi doan hung": lower case, diacritics removed, đ/Đ → d.
"""

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    text = (text or "").translate(_D)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def slugify_vi(text: str, max_length: int = 80) -> str:
    slug = _NON_WORD.sub("-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "item"
