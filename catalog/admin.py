"""Admin for the catalogue: the category tree, units, and moderation of products,
OCOP certificates and rural-industry awards.

Built on core.admin's toolkit: saves go through catalog.services, status changes only
through moderation actions, and certificates and awards are never edited here (their holders
edit them through the API; moderators verify, reject or revoke them).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from catalog.models import (
    Category,
    CertificateStatus,
    OcopCertificate,
    Product,
    RuralIndustryAward,
    Unit,
)
from catalog.scans import scan_link
from catalog.services.awards import award_reject, award_revoke, award_verify
from catalog.services.categories import category_save
from catalog.services.certificates import (
    certificate_reject,
    certificate_revoke,
    certificate_verify,
)
from catalog.services.products import (
    PRODUCT_FIELDS,
    product_approve,
    product_archive,
    product_create,
    product_reject,
    product_update,
)
from core.admin import Decision, ModeratedAdmin, ModeratorAdmin
from marketplace.permissions import acting_user
from marketplace.services.vendors import slug_not_reserved

# --- categories and units --------------------------------------------------------------------


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ("name", "name_en", "slug", "parent", "position", "kind")

    def clean_parent(self) -> Category | None:
        parent: Category | None = self.cleaned_data.get("parent")
        node = parent
        while node is not None:
            if self.instance.pk is not None and node.pk == self.instance.pk:
                raise ValidationError(_("A category cannot be placed inside itself."))
            node = node.parent
        return parent


@admin.register(Category)
class CategoryAdmin(ModeratorAdmin):
    """Moderators keep the tree; every save goes through category_save so paths follow."""

    moderator_may_add = True
    moderator_may_change = True
    form = CategoryForm
    list_display = ("name", "path", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "name_en", "slug")
    ordering = ("path",)
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        category_save(category=obj)


@admin.register(Unit)
class UnitAdmin(ModeratorAdmin):
    moderator_may_add = True
    moderator_may_change = True
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


# --- products --------------------------------------------------------------------------------


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = (
            "vendor",
            "name",
            "slug",
            "category",
            "description",
            "price",
            "price_on_request",
            "unit",
            "min_order_quantity",
            "availability",
            "origin_commune",
            "gtin",
            "attributes",
        )

    def clean_slug(self) -> str:
        return slug_not_reserved(self.cleaned_data["slug"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("price_on_request"):
            cleaned["price"] = None
        elif cleaned.get("price") is None and "price" not in self.errors:
            self.add_error("price", _("Give a price in VND or mark the price as on request."))
        return cleaned


PRODUCT_APPROVE = Decision(
    service=product_approve,
    target="product",
    done=ngettext_lazy("%(count)d product published.", "%(count)d products published.", "count"),
)
PRODUCT_REJECT = Decision(
    service=product_reject,
    target="product",
    done=ngettext_lazy("%(count)d product rejected.", "%(count)d products rejected.", "count"),
    title=_("Reject products"),
    needs_reason=True,
)
PRODUCT_TAKE_DOWN = Decision(
    service=product_archive,
    target="product",
    done=ngettext_lazy("%(count)d product taken down.", "%(count)d products taken down.", "count"),
    title=_("Take products down"),
    needs_reason=True,
)


@admin.register(Product)
class ProductAdmin(ModeratedAdmin):
    """Moderators edit a product's details through product_update; status only by actions.

    Products are created by their storefront's members through the API; adding one here (on
    the storefront's behalf, through product_create) needs the model permission (superusers).
    The gallery inline is media's (media.admin attaches it). Nobody deletes a product here: it
    is archived.
    """

    moderator_may_change = True
    form = ProductForm
    list_display = ("name", "vendor", "category", "price_display", "status", "published_at")
    list_filter = ("status", "category__kind", "origin_province")
    search_fields = ("name", "vendor__display_name", "gtin")
    list_select_related = ("vendor", "category")
    autocomplete_fields = ("vendor", "category", "origin_commune")
    readonly_fields = (
        "origin_province",
        "submitted_at",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    actions = ("approve", "reject", "take_down")
    fieldsets = (
        (None, {"fields": ("vendor", "name", "slug", "category", "description")}),
        (
            _("Price and sale"),
            {
                "fields": (
                    "price",
                    "price_on_request",
                    "unit",
                    "min_order_quantity",
                    "availability",
                )
            },
        ),
        (
            _("Origin and identification"),
            {"fields": ("origin_commune", "origin_province", "gtin", "attributes")},
        ),
        (
            _("Moderation"),
            {
                "fields": (
                    "status",
                    "status_reason",
                    "submitted_at",
                    "published_at",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    @admin.display(description=_("price (VND)"), ordering="price")
    def price_display(self, obj: Product) -> str:
        if obj.price_on_request or obj.price is None:
            return str(_("on request"))
        return formats.number_format(obj.price, force_grouping=True)

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> Any:
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "vendor", "slug") if obj is not None else fields

    def get_prepopulated_fields(
        self, request: HttpRequest, obj: Product | None = None
    ) -> dict[str, Any]:
        return {"slug": ("name",)} if obj is None else {}

    def has_delete_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        actor = acting_user(request)
        names = form.changed_data if change else form.cleaned_data
        fields = {name: form.cleaned_data[name] for name in names if name in PRODUCT_FIELDS}
        if change:
            if fields:
                product_update(product=obj, actor=actor, **fields)
            return
        # Entered on a storefront's behalf: a draft its members submit for review.
        product = product_create(
            vendor=obj.vendor, actor=actor, on_behalf=True, slug=obj.slug, **fields
        )
        # The admin goes on with this object (inlines, the change log, the redirect).
        obj.pk = product.pk
        obj.refresh_from_db()
        obj._state.adding = False

    @admin.action(description=_("Approve and publish selected products"), permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Product]) -> HttpResponse | None:
        return self.decide(request, queryset, PRODUCT_APPROVE, "approve")

    @admin.action(description=_("Reject selected products"), permissions=["moderate"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Product]) -> HttpResponse | None:
        return self.decide(request, queryset, PRODUCT_REJECT, "reject")

    @admin.action(description=_("Take selected products down"), permissions=["moderate"])
    def take_down(self, request: HttpRequest, queryset: QuerySet[Product]) -> HttpResponse | None:
        return self.decide(request, queryset, PRODUCT_TAKE_DOWN, "take_down")


# --- certificates and awards -----------------------------------------------------------------


class ReviewOnlyAdmin(ModeratedAdmin):
    """Evidence submitted by storefronts: moderators only decide on it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


CERTIFICATE_VERIFY = Decision(
    service=certificate_verify,
    target="certificate",
    done=ngettext_lazy(
        "%(count)d certificate verified.", "%(count)d certificates verified.", "count"
    ),
)
CERTIFICATE_REJECT = Decision(
    service=certificate_reject,
    target="certificate",
    done=ngettext_lazy(
        "%(count)d certificate rejected.", "%(count)d certificates rejected.", "count"
    ),
    title=_("Reject certificates"),
    needs_reason=True,
)
CERTIFICATE_REVOKE = Decision(
    service=certificate_revoke,
    target="certificate",
    done=ngettext_lazy(
        "%(count)d certificate revoked.", "%(count)d certificates revoked.", "count"
    ),
    title=_("Revoke certificates"),
    needs_reason=True,
)


@admin.register(OcopCertificate)
class OcopCertificateAdmin(ReviewOnlyAdmin):
    list_display = (
        "product",
        "stars",
        "certificate_number",
        "issuing_level",
        "issue_date",
        "expires_on",
        "status",
        "valid_today",
    )
    list_filter = ("status", "stars", "issuing_level")
    search_fields = ("certificate_number", "product__name", "vendor__display_name")
    list_select_related = ("product",)
    actions = ("verify", "reject", "revoke")
    exclude = ("scan",)  # private: no URL of its own; opened through a signed link (D96)
    readonly_fields = ("scan_link",)

    @admin.display(description=_("scan"))
    def scan_link(self, obj: OcopCertificate) -> str:
        link = scan_link(obj)
        if link is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("certificate-scan-file", args=[link.token]),
            _("Open the scan (the link works for a short time)"),
        )

    @admin.display(description=_("valid today"), boolean=True)
    def valid_today(self, obj: OcopCertificate) -> bool:
        return obj.status == CertificateStatus.VERIFIED and obj.expires_on > timezone.localdate()

    @admin.action(description=_("Verify selected certificates"), permissions=["moderate"])
    def verify(
        self, request: HttpRequest, queryset: QuerySet[OcopCertificate]
    ) -> HttpResponse | None:
        return self.decide(request, queryset, CERTIFICATE_VERIFY, "verify")

    @admin.action(description=_("Reject selected certificates"), permissions=["moderate"])
    def reject(
        self, request: HttpRequest, queryset: QuerySet[OcopCertificate]
    ) -> HttpResponse | None:
        return self.decide(request, queryset, CERTIFICATE_REJECT, "reject")

    @admin.action(description=_("Revoke selected certificates"), permissions=["moderate"])
    def revoke(
        self, request: HttpRequest, queryset: QuerySet[OcopCertificate]
    ) -> HttpResponse | None:
        return self.decide(request, queryset, CERTIFICATE_REVOKE, "revoke")


AWARD_VERIFY = Decision(
    service=award_verify,
    target="award",
    done=ngettext_lazy("%(count)d award verified.", "%(count)d awards verified.", "count"),
)
AWARD_REJECT = Decision(
    service=award_reject,
    target="award",
    done=ngettext_lazy("%(count)d award rejected.", "%(count)d awards rejected.", "count"),
    title=_("Reject awards"),
    needs_reason=True,
)
AWARD_REVOKE = Decision(
    service=award_revoke,
    target="award",
    done=ngettext_lazy("%(count)d award revoked.", "%(count)d awards revoked.", "count"),
    title=_("Revoke awards"),
    needs_reason=True,
)


@admin.register(RuralIndustryAward)
class RuralIndustryAwardAdmin(ReviewOnlyAdmin):
    list_display = ("product", "vendor", "level", "region", "year", "product_group", "status")
    list_filter = ("status", "level", "product_group", "year")
    search_fields = ("product__name", "vendor__display_name", "decision_number")
    list_select_related = ("product", "vendor")
    actions = ("verify", "reject", "revoke")

    @admin.action(description=_("Verify selected awards"), permissions=["moderate"])
    def verify(
        self, request: HttpRequest, queryset: QuerySet[RuralIndustryAward]
    ) -> HttpResponse | None:
        return self.decide(request, queryset, AWARD_VERIFY, "verify")

    @admin.action(description=_("Reject selected awards"), permissions=["moderate"])
    def reject(
        self, request: HttpRequest, queryset: QuerySet[RuralIndustryAward]
    ) -> HttpResponse | None:
        return self.decide(request, queryset, AWARD_REJECT, "reject")

    @admin.action(description=_("Revoke selected awards"), permissions=["moderate"])
    def revoke(
        self, request: HttpRequest, queryset: QuerySet[RuralIndustryAward]
    ) -> HttpResponse | None:
        return self.decide(request, queryset, AWARD_REVOKE, "revoke")
