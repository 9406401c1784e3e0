"""ETags of API answers, computed from the body the client receives.

The ETag is weak (``W/"..."``) and computed from the rendered bytes, so it changes with anything
visible in the answer (the object, its certificates and pictures, the language of the labels,
the page of a list) and never with anything invisible. Hashing the rendered body costs a
SHA-256 over bytes the 200 answer holds anyway, no second serialisation; a match saves the
transfer, not the work. ``core.api.caching`` puts it on every successful API read and answers
``If-None-Match`` with 304 (D88).
"""

from __future__ import annotations

import hashlib


def body_etag(content: bytes) -> str:
    """The weak ETag of a rendered body."""
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'
