"""Compose the demo province in memory: storefronts, products, certificates, awards, inquiries.

`demo_build()` reads nothing from the database and writes nothing: given the province's
communes and today's date it returns the same `DemoData` every time (one seeded
random.Random drives every choice, and the parts draw from it in a fixed order), so the
loader's output is reproducible and the composition can be tested without a database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from demo.builder import Builder
from demo.catalog import products_compose
from demo.certificates import awards_compose, certificates_compose
from demo.inquiries import inquiries_compose
from demo.records import BUYER_EMAIL, MODERATOR_EMAIL, ORGANIZER_EMAIL, SEED, DemoData, DemoUser
from demo.vendors import vendors_compose


def demo_build(
    *, communes: Sequence[tuple[int, str]], today: dt.date, seed: int = SEED
) -> DemoData:
    """Compose the demo province from the province's (code, name) communes."""
    if not communes:
        raise ValueError("the demo needs the province's communes")
    ordered = sorted(communes)
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    b = Builder(rng=rng, communes=ordered, today=today)
    start = b.at(1200, hour=8)
    staff = (
        DemoUser(
            MODERATOR_EMAIL, "Cán bộ quản lý sàn (demo)", "0210 3900 001", start,
            is_moderator=True, is_staff=True, is_superuser=True,
        ),
        DemoUser(
            ORGANIZER_EMAIL, "Trung tâm Khuyến công và XTTM (demo)", "0210 3900 002",
            start, is_organizer=True,
        ),
        DemoUser(BUYER_EMAIL, "Nguyễn Minh Anh", "0210 3900 100", b.at(400, 9)),
    )  # fmt: skip
    vendors, themes = vendors_compose(b)
    products, flagship_of = products_compose(b, vendors, themes)
    return DemoData(
        staff=staff,
        vendors=tuple(vendors),
        products=tuple(products),
        certificates=tuple(certificates_compose(b, products, vendors, flagship_of)),
        awards=tuple(awards_compose(b, products, vendors)),
        inquiries=tuple(inquiries_compose(b, products, vendors, staff[2])),
    )
