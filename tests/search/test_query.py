"""Query parsing, typo distance and highlights (shared by every backend)."""

from __future__ import annotations

from search.query import best_correction, edit_distance, fold_word, highlight, parse


def test_parse_folds_and_keeps_the_typed_words():
    q = parse("  BƯỞI   Đoan-Hùng ")
    assert q.terms == ("buoi", "doan", "hung")
    assert q.exact == ("bưởi", "đoan", "hùng")
    assert q.has_diacritics
    assert not parse("mi gao").has_diacritics
    assert parse("").empty and parse("!!!").empty


def test_edit_distance_and_corrections():
    assert edit_distance("hungg", "hung") == 1
    assert edit_distance("hnug", "hung") == 1  # a swap counts once
    assert edit_distance("abc", "xyz") == 3
    assert best_correction("hungg", ["hung", "hong", "huong"]) == "hung"
    assert best_correction("mi", ["mit"]) is None  # short words are not corrected
    assert best_correction("thanhhh", ["thanh"]) is None  # too far


def test_highlight_escapes_html_and_marks_words():
    q = parse("mat ong")
    assert highlight("Mật ong <b>rừng</b> & hoa", q) == (
        "<mark>Mật</mark> <mark>ong</mark> &lt;b&gt;rừng&lt;/b&gt; &amp; hoa"
    )
    assert highlight("Chè xanh", q) is None
    long = "Đặc sản vùng cao. " * 20 + "Mật ong rừng nguyên chất. " + "Giao hàng toàn quốc. " * 20
    snippet = highlight(long, q, snippet=80)
    assert snippet is not None and "<mark>Mật</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…") and len(snippet) < 200


def test_highlight_folds_each_distinct_word_once():
    """A page of hits repeats its descriptions' words: folded once per process (issue 11)."""
    fold_word.cache_clear()
    q = parse("mat ong")
    text = "Mật ong rừng Tam Đảo, mật ong nguyên chất. " * 10
    assert highlight(text, q) == highlight(text, q)
    info = fold_word.cache_info()
    assert info.misses == len(set(text.replace(",", " ").replace(".", " ").split()))
    assert info.hits > 10 * info.misses
    assert fold_word("Mật") == "mat"


def test_prefix_marks_only_when_the_last_word_is_being_typed():
    typed = parse("mi ga")
    assert highlight("Mì gạo", typed) == "<mark>Mì</mark> <mark>gạo</mark>"
    whole = typed.with_terms(typed.terms, prefix=False)
    assert highlight("Mì gạo", whole) == "<mark>Mì</mark> gạo"


def test_a_snippet_reads_no_word_after_its_end(monkeypatch):
    """A description is marked around its first match: the words after the snippet are not
    folded (a long description costs what its first 160 characters do)."""
    text = "Mật ong rừng U Minh, " + " ".join(f"từ{i}" for i in range(2_000)) + " mật ong"
    folded: list[str] = []

    def counting(word: str) -> str:
        folded.append(word)
        return fold_word(word)

    monkeypatch.setattr("search.query.fold_word", counting)
    marked = highlight(text, parse("mat ong"), snippet=160)
    assert marked is not None and marked.startswith("<mark>Mật</mark> <mark>ong</mark> rừng")
    assert marked.endswith("…") and len(marked) < 220
    assert len(folded) < 40  # the words up to the snippet's end, not the 2,005 of the text
    # without a snippet every word is read, and the last two are marked too
    assert highlight(text, parse("mat ong")).endswith("<mark>mật</mark> <mark>ong</mark>")
