"""What the public site plugs into the apps below it (D83): the trace page people get from a
lot's QR code (traceability's resolver keeps JSON for clients)."""

from traceability.resolver import page_renderer_register
from web.trace_page import trace_page


def connect() -> None:
    page_renderer_register(trace_page)
