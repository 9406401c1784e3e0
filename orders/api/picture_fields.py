"""Pictures attached to reviews and complaints as they are shown (D162): media's picture shape
(id, status, size, renditions with their URLs); orders.selectors.pictures_prefetch
fetches them for whole lists."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field

from media.api.serializers import ImageSerializer

pictures_schema = extend_schema_field(ImageSerializer(many=True))


def pictures_data(obj: Any) -> list[dict[str, Any]]:
    images = [p.image for p in obj.pictures.all()]
    return ImageSerializer(images, many=True).data  # type: ignore[return-value]
