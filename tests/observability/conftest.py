"""Structured log lines as an operator's log collector sees them: the JSON renderer the
production settings use, on a handler of the root logger."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest

from core.observability.logs import formatter


@pytest.fixture
def json_log() -> Iterator[Callable[[], list[dict]]]:
    """A function returning every line logged so far, each parsed as JSON (a line that is not
    JSON fails the test)."""
    stream = io.StringIO()
    config = formatter("json")
    factory = config.pop("()")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory(**config))
    root = logging.getLogger()
    root.addHandler(handler)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    yield lines
    root.removeHandler(handler)


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line.get("logger") == "giaothuong.request"]
