"""What every part of the demo composition shares: one seeded random source, the province's
communes, today's date, and the registers that keep names and slugs unique.

The parts (`vendors`, `catalog`, `certificates`, `inquiries`) are functions taking the
`Builder` first; `generator.demo_build()` calls them in a fixed order, so the same seed gives
the same province.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from core.text import slugify_vi


def short_name(commune_name: str) -> str:
    """ "Xã Thanh Ba" -> "Thanh Ba"."""
    for prefix in ("Xã ", "Phường ", "Đặc khu "):
        if commune_name.startswith(prefix):
            return commune_name[len(prefix) :]
    return commune_name


def in_sentence(commune_name: str) -> str:
    """ "Xã Thanh Ba" -> "xã Thanh Ba", as an address reads inside a sentence."""
    return commune_name[:1].lower() + commune_name[1:]


@dataclass
class Builder:
    """The seeded random source, the communes and the date the parts compose from."""

    rng: random.Random
    communes: list[tuple[int, str]]
    today: dt.date
    code_by_name: dict[str, int] = field(default_factory=dict)
    name_by_code: dict[int, str] = field(default_factory=dict)
    used_slugs: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)
    used_tax_codes: set[str] = field(default_factory=set)
    used_phones: set[str] = field(default_factory=set)
    tz: dt.tzinfo = field(default_factory=timezone.get_default_timezone)

    def __post_init__(self) -> None:
        self.code_by_name = {name: code for code, name in self.communes}
        self.name_by_code = dict(self.communes)

    def at(self, days_ago: int, hour: int | None = None) -> dt.datetime:
        """An aware moment `days_ago` (>= 1) days before today, in working hours."""
        day = self.today - dt.timedelta(days=max(days_ago, 1))
        hour = self.rng.randint(7, 17) if hour is None else hour
        return dt.datetime.combine(day, dt.time(hour, self.rng.randint(0, 59)), tzinfo=self.tz)

    def days_ago(self, moment: dt.datetime) -> int:
        return (self.today - moment.astimezone(self.tz).date()).days

    def weighted(self, pairs: Sequence[tuple[str, int]]) -> str:
        return self.rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]

    def slug(self, text: str, max_length: int) -> str:
        base = slugify_vi(text, max_length=max_length - 5)
        slug, n = base, 1
        while slug in self.used_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.used_slugs.add(slug)
        return slug

    def commune_for(self, names: Sequence[str], share: float = 0.6) -> int:
        known = [self.code_by_name[n] for n in names if n in self.code_by_name]
        if known and self.rng.random() < share:
            return self.rng.choice(known)
        return self.rng.choice(self.communes)[0]
