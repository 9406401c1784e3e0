"""A product's gallery picture with its renditions, written straight to the tables (the search
tests read cards, not uploads)."""

from __future__ import annotations

from media.models import ImageStatus
from tests.factories.media import picture


def gallery_picture(product, *, position=0, status=ImageStatus.READY, widths=(160, 480)):
    return picture(
        product=product, position=position, primary=position == 0, status=status, widths=widths
    )
