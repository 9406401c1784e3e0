"""Comparing an index with the database: two id-ordered streams walked side by side.

search_check uses it for every backend: the database backends compare entry columns
(search.backends.database.check), Elasticsearch compares document fingerprints
(search.backends.elasticsearch.reindex.check).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Differences:
    kind: str
    checked: int = 0
    missing: list[int] = field(default_factory=list)  # visible in the database, not indexed
    extra: list[int] = field(default_factory=list)  # indexed, not visible in the database
    stale: list[int] = field(default_factory=list)  # indexed with other content

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def merge_compare(
    kind: str, expected: Iterator[tuple[int, Any]], indexed: Iterator[tuple[int, Any]]
) -> Differences:
    """Walk two id-ordered streams side by side (constant memory, any catalogue size)."""
    diff = Differences(kind=kind)
    sentinel: tuple[Any, Any] = (None, "")
    exp = next(expected, sentinel)
    idx = next(indexed, sentinel)
    while exp[0] is not None or idx[0] is not None:
        if idx[0] is None or (exp[0] is not None and exp[0] < idx[0]):
            diff.missing.append(int(exp[0]))
            diff.checked += 1
            exp = next(expected, sentinel)
        elif exp[0] is None or idx[0] < exp[0]:
            diff.extra.append(int(idx[0]))
            idx = next(indexed, sentinel)
        else:
            if exp[1] != idx[1]:
                diff.stale.append(int(exp[0]))
            diff.checked += 1
            exp = next(expected, sentinel)
            idx = next(indexed, sentinel)
    return diff
