"""Writes on images: gallery uploads, reorder, replace, delete; storefront logo and banner;
attachments other apps link to (reviews, complaints); certificate-scan cleaning. Renditions
are made by media.tasks (media.renditions).

Heavy work (content checks, decoding, re-encoding) happens before the transaction opens.
Files are touched only after commit: the new original is written by an on-commit callback
(which then queues the renditions), and replaced or deleted files are removed by another
(media.signals, which also catches rows deleted by a cascade from a product or storefront). A
rolled-back transaction therefore leaves no file behind, and a committed one never points at
files it deleted.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Product
from core.audit import audit_record
from core.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.models import User, Vendor
from marketplace.permissions import (
    is_moderator,
    require_member_or_moderator,
    require_owner,
)
from media.changes import image_public_changed
from media.models import Image, ImageKind, ImageStatus
from media.processing import EXTENSIONS, DecodeError, Normalised, normalise
from media.signals import delete_after_commit
from media.storage import private_storage
from media.tasks import image_render_task
from media.validation import (
    PICTURE_FORMATS,
    SCAN_FORMATS,
    inspect,
    read_upload,
    refuse,
)

logger = logging.getLogger(__name__)

GALLERY_LIMIT = 20


@dataclass(frozen=True)
class Prepared:
    """A checked, cleaned upload, ready to be stored."""

    clean: Normalised
    sha256: str


def image_prepare(*, upload: IO[bytes] | Any, field: str = "file") -> Prepared:
    """Check an upload by content and return its metadata-free re-encoding. No I/O but reads."""
    data = read_upload(upload, field=field)
    probe = inspect(data, allowed=PICTURE_FORMATS, field=field)
    try:
        clean = normalise(data, probe)
    except DecodeError:
        raise refuse(
            _("The picture is damaged or incomplete and cannot be read."),
            code="image_corrupt",
            field=field,
        ) from None
    return Prepared(clean=clean, sha256=hashlib.sha256(clean.data).hexdigest())


def _original_name(key: str, fmt: str) -> str:
    return f"originals/{key[:2]}/{key}.{EXTENSIONS[fmt]}"


def _fill(image: Image, prepared: Prepared) -> None:
    clean = prepared.clean
    image.key = uuid.uuid4().hex
    image.original.name = _original_name(image.key, clean.format)
    image.format = clean.format
    image.width, image.height = clean.width, clean.height
    image.bytes = len(clean.data)
    image.sha256 = prepared.sha256
    image.status = ImageStatus.PROCESSING


def _store_after_commit(image: Image, data: bytes) -> None:
    """Write the original once the row is committed, then queue its renditions."""
    image_id, key, name = image.pk, image.key, image.original.name

    def store() -> None:
        try:
            saved = private_storage().save(name, ContentFile(data))
        except Exception:
            logger.exception("could not store the original of image %s", image_id)
            Image.objects.filter(pk=image_id, key=key).update(status=ImageStatus.FAILED)
            return
        if saved != name:
            Image.objects.filter(pk=image_id, key=key).update(original=saved)
        try:
            image_render_task.delay(image_id, key)
        except Exception:  # broker down: the upload stands, beat's catch-up queues it later
            logger.exception("could not queue the renditions of image %s", image_id)

    transaction.on_commit(store)


def _renumber(images: list[Image]) -> None:
    changed = []
    for index, image in enumerate(images):
        if image.position != index:
            image.position = index
            changed.append(image)
    if changed:
        Image.objects.bulk_update(changed, ["position"])


def _gallery_locked(product: Product) -> list[Image]:
    """Lock the product row (serialising gallery writes) and return its gallery in order."""
    Product.objects.select_for_update().filter(pk=product.pk).first()
    return list(
        Image.objects.select_for_update()
        .filter(product=product, kind=ImageKind.GALLERY)
        .order_by("position", "id")
    )


def _set_primary(images: list[Image], primary: Image) -> None:
    others = [i.pk for i in images if i.is_primary and i.pk != primary.pk]
    if others:  # cleared first: the partial unique index allows one primary at a time
        Image.objects.filter(pk__in=others).update(is_primary=False)
    if not primary.is_primary:
        Image.objects.filter(pk=primary.pk).update(is_primary=True)
    for image in images:
        image.is_primary = image.pk == primary.pk
    primary.is_primary = True


# --- product gallery -----------------------------------------------------------------------


def product_image_add(
    *,
    product: Product,
    actor: User,
    upload: IO[bytes] | Any = None,
    prepared: Prepared | None = None,
    is_primary: bool = False,
    position: int | None = None,
) -> Image:
    """Add a picture to a product's gallery; the first one becomes its primary image.
    Give the raw `upload`, or an upload already checked by `image_prepare` (the admin)."""
    require_member_or_moderator(actor, product.vendor)
    prepared = prepared or image_prepare(upload=upload)
    with transaction.atomic():
        images = _gallery_locked(product)
        if len(images) >= GALLERY_LIMIT:
            raise ValidationFailed(
                _("A product has at most %(limit)s pictures.") % {"limit": GALLERY_LIMIT},
                errors={"file": [_("The gallery is full.")]},
                code="gallery_full",
            )
        image = Image(
            vendor_id=product.vendor_id,
            product=product,
            kind=ImageKind.GALLERY,
            position=len(images),
            created_by=actor,
        )
        _fill(image, prepared)
        image.save()
        images.append(image)
        if is_primary or len(images) == 1:
            _set_primary(images, image)
        if position is not None:
            images.remove(image)
            images.insert(min(position, len(images)), image)
            _renumber(images)
        audit_record(
            actor=actor,
            action="media.image.added",
            target=image,
            data={"product": product.slug, "sha256": image.sha256},
        )
        image_public_changed(image)
        _store_after_commit(image, prepared.clean.data)
    return image


def product_image_update(
    *,
    image: Image,
    actor: User,
    position: int | None = None,
    is_primary: bool | None = None,
) -> Image:
    """Move a gallery picture and/or make it the primary one."""
    if image.product is None:
        raise NotFound(_("Not found."))
    require_member_or_moderator(actor, image.product.vendor)
    with transaction.atomic():
        images = _gallery_locked(image.product)
        current = next((i for i in images if i.pk == image.pk), None)
        if current is None:
            raise NotFound(_("This picture no longer exists."))
        if is_primary is False and current.is_primary:
            raise ValidationFailed(
                _("A gallery always has one primary picture; make another one primary instead."),
                errors={"is_primary": [_("Make another picture primary instead.")]},
                code="primary_required",
            )
        if is_primary:
            _set_primary(images, current)
        if position is not None:
            images.remove(current)
            images.insert(min(position, len(images)), current)
            _renumber(images)
        audit_record(
            actor=actor,
            action="media.image.updated",
            target=current,
            data={"position": current.position, "is_primary": current.is_primary},
        )
        image_public_changed(current)
    return current


def image_replace(
    *,
    image: Image,
    actor: User,
    upload: IO[bytes] | Any = None,
    prepared: Prepared | None = None,
) -> Image:
    """New picture, same place (gallery position, primary flag, logo or banner slot)."""
    _require_writer(actor, image)
    prepared = prepared or image_prepare(upload=upload)
    with transaction.atomic():
        current = Image.objects.select_for_update().filter(pk=image.pk).first()
        if current is None:
            raise NotFound(_("This picture no longer exists."))
        old_original = str(current.original.name)
        current.renditions.all().delete()  # their files go after commit (media.signals)
        _fill(current, prepared)
        current.save()
        audit_record(
            actor=actor,
            action="media.image.replaced",
            target=current,
            data={"sha256": current.sha256},
        )
        image_public_changed(current)
        delete_after_commit(private_storage(), old_original)
        _store_after_commit(current, prepared.clean.data)
    return current


def image_delete(*, image: Image, actor: User) -> None:
    """Remove a picture and, after commit, its files; the next picture becomes primary."""
    _require_writer(actor, image)
    with transaction.atomic():
        if image.product_id is not None and image.product is not None:
            images = _gallery_locked(image.product)
        else:
            images = []
        current = Image.objects.select_for_update().filter(pk=image.pk).first()
        if current is None:
            raise NotFound(_("This picture no longer exists."))
        audit_record(
            actor=actor,
            action="media.image.deleted",
            target=current,
            data={"kind": current.kind, "sha256": current.sha256},
        )
        image_public_changed(current)
        current.delete()  # files removed after commit by media.signals
        rest = [i for i in images if i.pk != image.pk]
        if rest:
            _renumber(rest)
            if not any(i.is_primary for i in rest):
                _set_primary(rest, rest[0])


def _require_writer(actor: User, image: Image) -> None:
    if image.kind == ImageKind.ATTACHMENT:
        if image.created_by_id != actor.pk and not is_moderator(actor):
            raise NotAllowed(_("Only the person who attached this picture may change it."))
        return
    vendor = image.vendor
    if vendor is None:  # every other kind has its storefront (image_owner_matches_kind)
        raise NotFound(_("Not found."))
    if image.kind == ImageKind.GALLERY:
        require_member_or_moderator(actor, vendor)
    elif not is_moderator(actor):
        require_owner(actor, vendor)


# --- storefront logo and banner -------------------------------------------------------------


def vendor_image_set(
    *,
    vendor: Vendor,
    kind: str,
    actor: User,
    upload: IO[bytes] | Any = None,
    prepared: Prepared | None = None,
) -> Image:
    """Set or replace a storefront's logo or banner (its owners, or a moderator)."""
    if kind not in (ImageKind.LOGO, ImageKind.BANNER):
        raise ValueError(f"not a storefront image kind: {kind}")
    if not is_moderator(actor):
        require_owner(actor, vendor)
    prepared = prepared or image_prepare(upload=upload)
    with transaction.atomic():
        Vendor.objects.select_for_update().filter(pk=vendor.pk).first()
        existing = Image.objects.filter(vendor=vendor, kind=kind).first()
        if existing is not None:
            return image_replace(image=existing, prepared=prepared, actor=actor)
        image = Image(vendor=vendor, kind=kind, created_by=actor)
        _fill(image, prepared)
        image.save()
        audit_record(
            actor=actor,
            action="media.image.added",
            target=image,
            data={"vendor": vendor.slug, "kind": kind, "sha256": image.sha256},
        )
        image_public_changed(image)
        _store_after_commit(image, prepared.clean.data)
    return image


def vendor_image_delete(*, vendor: Vendor, kind: str, actor: User) -> None:
    if not is_moderator(actor):
        require_owner(actor, vendor)
    image = Image.objects.filter(vendor=vendor, kind=kind).first()
    if image is None:
        raise NotFound(_("This storefront has no such picture."))
    image_delete(image=image, actor=actor)


# --- attachments ----------------------------------------------------------------------------


def attachment_add(*, actor: User, prepared: Prepared, data: dict[str, Any] | None = None) -> Image:
    """A picture `actor` attaches to something of another app, which links the returned row
    and decides who may attach (D162). Runs in the caller's transaction: the original is
    written and the renditions queued after it commits. `data` goes into the audit row."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("attachment_add() must run inside transaction.atomic()")
    image = Image(kind=ImageKind.ATTACHMENT, created_by=actor)
    _fill(image, prepared)
    image.save()
    audit_record(
        actor=actor,
        action="media.image.added",
        target=image,
        data={"kind": ImageKind.ATTACHMENT, "sha256": image.sha256, **(data or {})},
    )
    _store_after_commit(image, prepared.clean.data)
    return image


# --- certificate scans ----------------------------------------------------------------------


def scan_clean(*, upload: IO[bytes] | Any, field: str = "scan") -> ContentFile[bytes]:
    """A certificate scan checked by content: a PDF as uploaded (after its checks), or a
    picture re-encoded without metadata (phone photos of certificates carry GPS)."""
    data = read_upload(upload, field=field)
    probe = inspect(data, allowed=SCAN_FORMATS, field=field)
    name = uuid.uuid4().hex  # not the uploader's file name, and not guessable
    if probe.format == "pdf":
        return ContentFile(data, name=f"{name}.pdf")
    try:
        clean = normalise(data, probe)
    except DecodeError:
        raise refuse(
            _("The picture is damaged or incomplete and cannot be read."),
            code="image_corrupt",
            field=field,
        ) from None
    return ContentFile(clean.data, name=f"{name}.{EXTENSIONS[clean.format]}")
