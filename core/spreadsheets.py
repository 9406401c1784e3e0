"""Cells of the files the exchange writes for spreadsheet programs (CSV and XLSX exports).

Text a user typed (a product name, a contact's name) that starts like a formula would be run by
Excel or LibreOffice when the file is opened — CSV/formula injection (OWASP). Every export
prefixes such text with an apostrophe, which spreadsheets read as "this is text"; the listings
import strips that one apostrophe again, so an exported file re-imports unchanged (D108).
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """``value``, with text a spreadsheet would read as a formula prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def spreadsheet_unescape(value: str) -> str:
    """The text ``spreadsheet_safe`` wrote as ``'=…``, as it was typed."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value
