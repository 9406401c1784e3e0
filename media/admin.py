"""Pictures in the admin: a gallery inline on products and a logo/banner inline on
storefronts. Uploads go through the same content checks as the API (media.services); the
inline forms only collect input, and every save is a service call (so the one-primary rule,
the private originals and the after-commit file handling hold here too).

Media puts its gallery inline on catalog's product page itself (`attach_inline`, at the end of
this module), so the catalogue's admin never imports this one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from core.admin import ReadOnlyAdmin, admin_inline_register, is_moderator_request
from core.errors import ValidationFailed
from marketplace.models import Vendor
from marketplace.permissions import acting_user
from media import services
from media.models import Image, ImageKind, ImageStatus, Rendition
from media.renditions import image_render
from media.services import Prepared


class ImageInlineForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("picture"),
        required=False,
        help_text=_("JPEG, PNG or WebP, judged by its content."),
    )

    class Meta:
        model = Image
        fields = ("position", "is_primary")

    prepared: Prepared | None = None

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                self.prepared = services.image_prepare(upload=upload)
            except ValidationFailed as exc:
                raise forms.ValidationError(list(exc.errors.get("file", [exc.detail]))) from None
        elif self.instance.pk is None and self.has_changed():
            raise forms.ValidationError(_("Choose a picture."))
        return upload

    def _post_clean(self) -> None:
        # No model validation here: the services set the rest of the row and keep the
        # one-primary and one-logo constraints (switching the primary needs two updates).
        pass


class BrandImageInlineForm(ImageInlineForm):
    kind = forms.ChoiceField(
        label=_("kind"), choices=[(ImageKind.LOGO, _("Logo")), (ImageKind.BANNER, _("Banner"))]
    )

    class Meta:
        model = Image
        fields = ("kind",)


class ServiceFormSet(BaseInlineFormSet):
    """Saves by calling media.services instead of saving the forms' instances."""

    request: HttpRequest

    def save(self, commit: bool = True) -> list[Any]:
        actor = acting_user(self.request)
        self.new_objects: list[Any] = []
        self.changed_objects: list[Any] = []
        self.deleted_objects: list[Any] = []
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                services.image_delete(image=form.instance, actor=actor)
                self.deleted_objects.append(form.instance)
        for form in self.forms:
            if form in self.deleted_forms or not form.has_changed():
                continue
            image = self.save_form(form, actor)
            if image is not None:
                target = self.new_objects if form.instance.pk is None else self.changed_objects
                entry = image if target is self.new_objects else (image, form.changed_data)
                target.append(entry)
        return self.new_objects

    def save_form(self, form: Any, actor: Any) -> Image | None:
        raise NotImplementedError


class GalleryFormSet(ServiceFormSet):
    def clean(self) -> None:
        super().clean()
        primaries = [
            form
            for form in self.forms
            if form not in self.deleted_forms and form.cleaned_data.get("is_primary")
        ]
        if len(primaries) > 1:
            raise forms.ValidationError(_("Only one picture can be the primary one."))

    def save_form(self, form: Any, actor: Any) -> Image | None:
        data = form.cleaned_data
        if form.instance.pk is None:
            return services.product_image_add(
                product=self.instance,
                prepared=form.prepared,
                actor=actor,
                is_primary=bool(data.get("is_primary")),
                position=data.get("position"),
            )
        image: Image = form.instance
        if form.prepared is not None:
            image = services.image_replace(image=image, prepared=form.prepared, actor=actor)
        moved = "position" in form.changed_data
        made_primary = "is_primary" in form.changed_data and data.get("is_primary")
        if moved or made_primary:
            image = services.product_image_update(
                image=image,
                actor=actor,
                position=data.get("position") if moved else None,
                is_primary=True if made_primary else None,
            )
        return image


class BrandFormSet(ServiceFormSet):
    def save_form(self, form: Any, actor: Any) -> Image | None:
        if form.prepared is None:
            return None
        return services.vendor_image_set(
            vendor=self.instance,
            kind=form.cleaned_data["kind"],
            prepared=form.prepared,
            actor=actor,
        )


def preview_html(image: Image) -> str:
    if image.pk is None:
        return "—"
    smallest = Rendition.objects.filter(image=image, format="jpeg").order_by("width").first()
    if image.status != ImageStatus.READY or smallest is None:
        return str(image.get_status_display())
    width = min(smallest.width, 160)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="">',
        smallest.file.url,
        width,
        round(smallest.height * width / smallest.width),
    )


class ImageInlineBase(admin.TabularInline):
    model = Image
    extra = 1
    readonly_fields = ("preview", "status", "width", "height")
    formset_class: type[ServiceFormSet] = ServiceFormSet

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["formset"] = self.formset_class
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request  # type: ignore[attr-defined]
        return formset

    @admin.display(description=_("preview"))
    def preview(self, image: Image) -> str:
        return preview_html(image)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_moderator_request(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_moderator_request(request) or super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_moderator_request(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_moderator_request(request) or super().has_delete_permission(request, obj)


class ProductImageInline(ImageInlineBase):
    """The product's gallery on the product page."""

    fk_name = "product"
    form = ImageInlineForm
    formset_class = GalleryFormSet
    fields = ("preview", "upload", "position", "is_primary", "status", "width", "height")
    ordering = ("position", "id")
    verbose_name = _("picture")
    verbose_name_plural = _("gallery")


class VendorImageInline(ImageInlineBase):
    """The storefront's logo and banner on the storefront page."""

    fk_name = "vendor"
    form = BrandImageInlineForm
    formset_class = BrandFormSet
    fields = ("preview", "kind", "upload", "status", "width", "height")
    max_num = 2
    verbose_name = _("logo or banner")
    verbose_name_plural = _("logo and banner")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Image]:
        return super().get_queryset(request).exclude(kind=ImageKind.GALLERY)


@admin.register(Image)
class ImageAdmin(ReadOnlyAdmin):
    """Every picture, for moderators: find failed or offending ones, re-render them. Pictures
    are added, replaced and removed on their product or storefront page (the inlines)."""

    list_display = ("__str__", "thumbnail", "kind", "vendor", "product", "status", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("vendor__display_name", "product__name", "sha256")
    list_select_related = ("vendor", "product")
    readonly_fields = (
        "thumbnail",
        "vendor",
        "product",
        "kind",
        "position",
        "is_primary",
        "format",
        "width",
        "height",
        "bytes",
        "sha256",
        "status",
        "created_by",
        "created_at",
    )
    fields = readonly_fields
    actions = ("rerender",)

    @admin.display(description=_("preview"))
    def thumbnail(self, image: Image) -> str:
        return preview_html(image)

    @admin.action(description=_("Render selected pictures again"), permissions=["view"])
    def rerender(self, request: HttpRequest, queryset: QuerySet[Image]) -> None:
        results = [
            image_render(image_id=pk)["status"] for pk in queryset.values_list("pk", flat=True)
        ]
        self.message_user(
            request,
            _("%(ready)d ready, %(failed)d failed.")
            % {"ready": results.count("ready"), "failed": results.count("failed")},
        )


# Pictures on the storefront and product pages of the apps below (core.admin's registry).
admin_inline_register(Vendor, VendorImageInline)
admin_inline_register(Product, ProductImageInline)
