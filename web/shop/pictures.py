"""Pictures as the page shows them: `<picture>` with a WebP `srcset` and a JPEG fallback,
built from the renditions the API lists (media: each rendition has a spec, a format, a width
and a height)."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static

from core.site import site_url

# The fallback `src` and the width/height the browser reserves: the rendition nearest this.
FALLBACK_WIDTH = 480
MIME = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png", "avif": "image/avif"}
# Formats in the order a browser should try them; the last present is the <img> itself.
ORDER = ("avif", "webp", "png", "jpeg")


def picture(image: dict[str, Any] | None, sizes: str) -> dict[str, Any] | None:
    """{"sources": [{"type", "srcset"}], "src", "srcset", "width", "height", "sizes"} for one
    picture of the API's shape, or None when it has no rendition yet (still processing)."""
    if not image:
        return None
    by_format: dict[str, list[dict[str, Any]]] = {}
    for rendition in image.get("renditions") or ():
        by_format.setdefault(rendition["format"], []).append(rendition)
    formats = [fmt for fmt in ORDER if fmt in by_format]
    if not formats:
        return None
    fallback_format = formats[-1]
    fallback = sorted(by_format[fallback_format], key=lambda r: r["width"])
    chosen = min(fallback, key=lambda r: abs(r["width"] - FALLBACK_WIDTH))
    return {
        "sources": [
            {"type": MIME.get(fmt, ""), "srcset": _srcset(by_format[fmt])} for fmt in formats[:-1]
        ],
        "src": chosen["url"],
        "srcset": _srcset(fallback),
        "width": chosen["width"],
        "height": chosen["height"],
        "sizes": sizes,
        "largest": fallback[-1]["url"],
    }


def share_image(pictures: list[dict[str, Any]], logo: dict[str, Any] | None) -> str:
    """A link preview's picture (Open Graph, Twitter): the page's first picture, else the
    storefront's logo, else the exchange's default picture (web/static/web/share.png)."""
    if pictures:
        return str(pictures[0]["largest"])
    logo_picture = picture(logo, "")
    if logo_picture:
        return str(logo_picture["largest"])
    return site_url() + static("web/share.png")


def _srcset(renditions: list[dict[str, Any]]) -> str:
    return ", ".join(
        f"{r['url']} {r['width']}w" for r in sorted(renditions, key=lambda r: r["width"])
    )
