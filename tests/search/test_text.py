"""Folding: the fast table path gives what the general Unicode path gives."""

from __future__ import annotations

import unicodedata

import pytest

from core.text import _fold_slow, fold


@pytest.mark.parametrize(
    "text",
    [
        "Bưởi Đoan Hùng",
        "MẬT ONG RỪNG THANH THỦY",
        unicodedata.normalize("NFD", "Chè búp tím Thanh Ba"),  # typed with combining marks
        "Ｍì ｇạo",  # full-width letters
        "ﬁ İ ß Æ œ ł",
        "日本 tiếng Việt",
    ],
)
def test_fast_fold_matches_the_unicode_path(text):
    assert fold(text) == " ".join(_fold_slow(text).split())


def test_fold_examples():
    assert fold("BƯỞI Đoan-Hùng") == "buoi doan-hung"
    assert fold(unicodedata.normalize("NFD", "Đông trùng")) == "dong trung"
    assert fold("") == "" and fold(None) == ""  # type: ignore[arg-type]
