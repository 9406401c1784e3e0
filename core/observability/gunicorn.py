"""Gunicorn's own lines (start-up, worker boots and exits) in the exchange's log format (D176):
`logger_class` in gunicorn.conf.py. Gunicorn's access log stays off there: the exchange writes
one access line per request itself (core.observability.requests), with the request id, route
and user that gunicorn cannot know, so each request is logged once."""

from __future__ import annotations

import logging
import os
from typing import Any

from gunicorn import glogging

from core.observability.logs import formatter


def log_format_from_environment() -> str:
    """LOG_FORMAT as marketplace/settings.py reads it: json unless DJANGO_DEBUG is true."""
    debug = os.environ.get("DJANGO_DEBUG", "true").strip().lower() in {"true", "1", "yes", "on"}
    return os.environ.get("LOG_FORMAT") or ("console" if debug else "json")


class Logger(glogging.Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        config = formatter(log_format_from_environment())
        factory = config.pop("()")
        structured: logging.Formatter = factory(**config)
        for handler in self.error_log.handlers:
            handler.setFormatter(structured)
