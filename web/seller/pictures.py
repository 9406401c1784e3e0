"""A product's pictures in the seller center: upload from a phone's camera (several at once),
move up and down, choose the main one, delete.

Each file goes through the API's checks and service: ImageUploadSerializer, the request-size
refusal of media.api.uploads, then media.services.product_image_add (content, not name, decides
what a picture is); a refusal shows beside the file field with the API's status. With
JavaScript (web/static/web/pictures.js) large pictures are made smaller in the browser before
they are sent, and the upload shows its progress; without it the form is a plain multipart
POST. Every action is a form, so reordering works without JavaScript."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from catalog.models import Product
from core.errors import DomainError
from marketplace.models import User, Vendor
from media import selectors as media_selectors
from media import services as media_services
from media.api.serializers import ImageUploadSerializer, gallery_data
from media.api.uploads import refuse_oversized
from web.forms import ServiceForm
from web.seller.products import vendor_product
from web.signed_in import refusal_page, seller_page


class CameraInput(forms.FileInput):
    allow_multiple_selected = True


class PicturesField(forms.FileField):
    """One or several files (Django's recipe for <input multiple>)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(PicturesField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class PictureForm(ServiceForm):
    file = PicturesField(
        label=gettext_lazy("Pictures"),
        help_text=gettext_lazy("JPEG, PNG or WebP, at most 10 MB each; take them with the camera."),
        widget=CameraInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True}),
    )


def _pictures_url(vendor: Vendor, product: Product) -> str:
    return reverse("web:seller-product-pictures", args=[vendor.slug, product.slug])


def _page(
    request: HttpRequest, product: Product, form: PictureForm, status: int
) -> HttpResponseBase:
    pictures = gallery_data(media_selectors.product_gallery(product))
    for picture in pictures:
        small = [r for r in picture["renditions"] if r["format"] == "jpeg"]
        picture["thumbnail"] = small[0]["url"] if small else None
    context = {"product": product, "pictures": pictures, "form": form, "last": len(pictures) - 1}
    return TemplateResponse(request, "web/seller/pictures.html", context, status=status)


def _add(form: PictureForm, request: HttpRequest, product: Product) -> int:
    """Add each uploaded file in turn; stop at the first refusal (on the form). The count
    added."""
    added = 0
    for upload in request.FILES.getlist("file"):
        data = ImageUploadSerializer(data={"file": upload})
        if not data.is_valid():
            form._put_errors(data.errors)
            return added
        done = form.run(
            media_services.product_image_add,
            product=product,
            actor=cast(User, request.user),
            upload=data.validated_data["file"],
        )
        if done is None:
            name = upload.name or ""
            form.add_error("file", _("Not added: %(name)s") % {"name": name})
            return added
        added += 1
    return added


@require_http_methods(["GET", "HEAD", "POST"])
@seller_page
def pictures(request: HttpRequest, product: str) -> HttpResponseBase:
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    found = vendor_product(request, product)
    if request.method != "POST":
        return _page(request, found, PictureForm(), 200)
    try:
        refuse_oversized(request)  # type: ignore[arg-type]
    except DomainError as exc:
        form = PictureForm()
        form.cleaned_data = {}  # nothing was read: the refusal alone, beside the field
        form.refuse(exc)
        return _page(request, found, form, form.status)
    form = PictureForm(request.POST, request.FILES)
    added = _add(form, request, found) if form.is_valid() else 0
    if form.errors:
        if added:
            form.add_error(
                None, _("%(count)s pictures were added before this one.") % {"count": added}
            )
        return _page(request, found, form, form.status)
    messages.success(request, _("Pictures added: %(count)s.") % {"count": added})
    return HttpResponseRedirect(_pictures_url(vendor, found))


@require_POST
@seller_page
def picture_change(request: HttpRequest, product: str, picture: int) -> HttpResponseBase:
    """One picture's buttons: `up`, `down`, `primary` or `delete`."""
    vendor: Vendor = request.vendor  # type: ignore[attr-defined]
    found = vendor_product(request, product)
    image = media_selectors.product_image_get(found, picture)
    if image is None:
        raise Http404
    user = cast(User, request.user)
    action = request.POST.get("action", "")
    changes: dict[str, Any] = {}
    if action == "up":
        changes["position"] = max(image.position - 1, 0)
    elif action == "down":
        changes["position"] = image.position + 1
    elif action == "primary":
        changes["is_primary"] = True
    try:
        if action == "delete":
            media_services.image_delete(image=image, actor=user)
            messages.success(request, _("The picture is deleted."))
        elif changes:
            media_services.product_image_update(image=image, actor=user, **changes)
            messages.success(request, _("The pictures are in their new order."))
        else:
            raise Http404
    except DomainError as exc:
        return refusal_page(request, exc)
    return HttpResponseRedirect(_pictures_url(vendor, found))
