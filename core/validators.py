"""Validators shared by every app: a public name someone can actually see (D108).

A name made only of combining marks, zero-width characters or bidirectional controls renders as
nothing (or as another name's look-alike) in a storefront list, a fair's exhibitor list or an
e-mail. ``validate_visible_name`` refuses a name with no visible character, and a name carrying
bidirectional embedding, override or isolate controls anywhere (they reorder the text around
them, "Trojan Source" style, and no Vietnamese or English name needs them).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Marks (Mn, Mc, Me), format characters (Cf: zero-width space and joiners, LRM/RLM, the BOM,
# the soft hyphen), controls (Cc), separators (Z*), unassigned and private-use code points.
_INVISIBLE_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Cf", "Cc", "Zs", "Zl", "Zp", "Cn", "Co"})
# Blank-looking letters Unicode classes as letters (Hangul fillers, braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_visible_character(value: str) -> bool:
    return any(
        unicodedata.category(c) not in _INVISIBLE_CATEGORIES and c not in _BLANK_LETTERS
        for c in value
    )


def validate_visible_name(value: str) -> None:
    if any(c in BIDI_CONTROLS for c in value):
        raise ValidationError(
            _("A name may not contain text-direction control characters."), code="bidi_control"
        )
    if not has_visible_character(value):
        raise ValidationError(
            _("A name needs at least one visible letter or digit."), code="invisible_name"
        )
