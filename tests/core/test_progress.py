"""core.progress: the one progress display of the long commands (D210).

On a terminal it redraws a tqdm bar in place; anywhere else (logs, pipes, CI) it writes plain
lines with no control character a log viewer would show as garbage.
"""

from __future__ import annotations

import io
import re

from core.progress import Progress, writes_to_terminal

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_not_a_terminal_gets_plain_lines_only():
    out = io.StringIO()
    now = [0.0]
    progress = Progress(out, interval=10, clock=lambda: now[0])
    progress("products", 0, 100)
    for done in range(1, 101):
        now[0] += 1  # one item a second: a line every ten seconds
        progress("products", done, 100)
    progress("vendors", 5, 5)
    progress.close()
    text = out.getvalue()
    assert not CONTROL.search(text)
    lines = text.splitlines()
    assert lines[0] == "products: 10/100 (10%) in 10.0 s, 1/s"
    assert lines[-2] == "products: 100/100 (100%) in 100.0 s, 1/s"
    assert lines[-1].startswith("vendors: 5/5 (100%) in ")
    assert len(lines) == 11  # nine on the way (10..90), one per finished kind


def test_a_quick_run_writes_one_line_per_kind():
    out = io.StringIO()
    with Progress(out) as progress:
        for done in range(1, 4):
            progress("images", done, 3)
    assert out.getvalue().count("\n") == 1
    assert out.getvalue().startswith("images: 3/3 (100%)")


def test_a_terminal_gets_a_bar_redrawn_in_place():
    out = Terminal()
    with Progress(out, unit="docs") as progress:
        for done in range(0, 1001, 100):
            progress("products", done, 1000)
    text = out.getvalue()
    assert "\r" in text  # redrawn in place, not a line per step
    assert "products" in text and "1.00k/1.00k" in text and "100%" in text
    assert text.endswith("\n")


def test_terminal_detection():
    assert writes_to_terminal(Terminal())
    assert not writes_to_terminal(io.StringIO())
    assert not writes_to_terminal(object())
    closed = io.StringIO()
    closed.close()
    assert not writes_to_terminal(closed)
