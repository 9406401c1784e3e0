"""A progress bar on stderr for the search commands (no dependency; quiet when not a TTY)."""

from __future__ import annotations

import sys
import time
from typing import Any


class ProgressBar:
    """Redraws one line per kind ("products 12,000/100,000 [#####-----] 12% 8,500/s")."""

    def __init__(self, stream: Any = None, *, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.started: dict[str, float] = {}
        self.last_kind: str | None = None
        self.tty = self.stream.isatty()
        self.last_draw = 0.0

    def __call__(self, kind: str, done: int, total: int) -> None:
        now = time.monotonic()
        if kind not in self.started:
            if self.last_kind is not None:
                self.stream.write("\n")
            self.started[kind] = now
            self.last_kind = kind
        finished = total and done >= total
        # Redraw at most ten times a second; without a terminal, only the final line per kind.
        if not finished and (not self.tty or now - self.last_draw < 0.1):
            return
        self.last_draw = now
        fraction = done / total if total else 1.0
        filled = int(self.width * fraction)
        rate = done / max(now - self.started[kind], 1e-6)
        line = (
            f"{kind:<9} {done:>11,}/{total:,} [{'#' * filled}{'-' * (self.width - filled)}] "
            f"{fraction:4.0%} {rate:,.0f}/s"
        )
        self.stream.write(("\r" if self.tty else "") + line + ("" if self.tty else "\n"))
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.last_kind is not None:
            self.stream.write("\n")
            self.stream.flush()
