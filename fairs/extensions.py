"""What fairs plug into the exchange's extension points: what they keep about a visitor
(export and erasure). `connect()` runs from FairsConfig.ready()."""

from __future__ import annotations

from core.personal_data import personal_data_register
from fairs.personal_data import SECTIONS


def connect() -> None:
    for section in SECTIONS:
        personal_data_register(section)
