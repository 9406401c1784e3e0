"""One progress display for the long commands (D210).

On a terminal it is a tqdm bar redrawn in place; anywhere else (a log file, a pipe, CI, a test's
StringIO) it writes plain lines — one every `interval` seconds and one when each kind is done —
with no carriage return and no escape sequence. Commands pass it where a `(kind, done, total)`
callback is expected (search.backends.elasticsearch.reindex.rebuild) or call it themselves:

    progress = Progress(self.stderr)
    for done, item in enumerate(items, start=1):
        ...
        progress("images", done, len(items))
    progress.close()
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

from django.core.management.base import OutputWrapper
from tqdm import tqdm


def writes_to_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Progress:
    """`progress(kind, done, total)`: one bar (or line) per kind, in the order they come."""

    def __init__(
        self,
        stream: TextIO | OutputWrapper | None = None,
        *,
        interval: float = 10.0,
        unit: str = "it",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        # A command's self.stderr: write to its stream (the wrapper ends every write with a
        # newline, which would break a bar redrawn in place).
        target: Any = stream._out if isinstance(stream, OutputWrapper) else stream
        self.stream: Any = target if target is not None else sys.stderr
        self.tty = writes_to_terminal(self.stream)
        self.interval = interval
        self.unit = unit
        self.kind: str | None = None
        self.bar: Any = None
        self.done = self.total = 0
        self.started = self.last_line = 0.0

    def __call__(self, kind: str, done: int, total: int) -> None:
        now = self.clock()
        if kind != self.kind:
            self._finish()
            self.kind, self.started, self.last_line = kind, now, now
            if self.tty:
                self.bar = tqdm(
                    total=total, desc=kind, unit=self.unit, unit_scale=True, file=self.stream
                )
        self.done, self.total = done, total
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)
        elif done < total and now - self.last_line >= self.interval:
            self.last_line = now
            self._line(now)

    def _line(self, now: float) -> None:
        elapsed = now - self.started
        share = f" ({self.done / self.total:.0%})" if self.total else ""
        rate = self.done / elapsed if elapsed > 0 else 0.0
        self.stream.write(
            f"{self.kind}: {self.done:,}/{self.total:,}{share} in {elapsed:.1f} s, {rate:,.0f}/s\n"
        )
        self.stream.flush()

    def _finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.kind is not None:
            self._line(self.clock())

    def close(self) -> None:
        """End the last bar (or write the last line). Safe to call twice."""
        self._finish()
        self.kind = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
