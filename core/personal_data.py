"""A person's data across the apps, for the rights of Law 91/2025 on personal data protection
and Decree 356/2025: export it (a copy, as JSON) and erase it (D142).

Each app registers what it keeps about a person (`personal_data_register`, from its
`extensions.connect()`): how to export it, how to erase it (anonymise in place what the law or
accounting requires to keep), and what, while it lasts, stops an erasure (an order still on its
way needs its delivery address). The account service composes them; this module imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What stands in for a name that was erased (fields that may not be blank).
ERASED = "—"


@dataclass(frozen=True)
class PersonalData:
    name: str  # the section of the export, e.g. "orders"
    export: Callable[[Any], Any]  # user → JSON-ready value
    erase: Callable[[Any], None] | None = None  # user → None, in the caller's transaction
    # user → a sentence saying why erasing must wait, or None
    blocks_erasure: Callable[[Any], str | None] | None = None


_sections: dict[str, PersonalData] = {}


def personal_data_register(section: PersonalData) -> None:
    _sections[section.name] = section


def personal_data_sections() -> list[PersonalData]:
    return [_sections[name] for name in sorted(_sections)]
