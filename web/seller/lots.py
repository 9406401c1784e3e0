"""The seller center's lots and stamps (seller16b): the storefront's lots with their scan
counts, a new lot (product, lot code, dates, origin), one lot with its events (add, and edit
while the lot is a draft), publish, recall with a reason, the QR stamp sheet (the API's PDF,
traceability.stamps.lot_stamp_sheet, D237) and the scans by day with the possibly copied
stamps (D173). The API's services and input serializers throughout (traceability.services)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from catalog.selectors import product_list_of_vendor
from core.errors import DomainError, ValidationFailed
from marketplace.models import User
from traceability import scans, selectors, services, stamps
from traceability.api.serializers import (
    LotEventWriteSerializer,
    LotWriteSerializer,
    RecallSerializer,
    StampsQuerySerializer,
)
from traceability.models import EventKind, Lot, LotEvent, LotStatus
from web.forms import ServiceForm
from web.seller.trade import paged
from web.signed_in import refusal_page, seller_page

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LotForm(ServiceForm):
    serializer_class = LotWriteSerializer
    product = forms.ChoiceField(label=gettext_lazy("Product"))
    code = forms.CharField(
        label=gettext_lazy("Lot code"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Your batch number: letters, digits, - . _ (up to 20)."),
    )
    produced_on = forms.DateField(label=gettext_lazy("Production or harvest date"), widget=DATE)
    best_before = forms.DateField(
        label=gettext_lazy("Best before (optional)"), widget=DATE, required=False
    )
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity (optional)"), min_value=0, required=False
    )
    origin_place = forms.CharField(
        label=gettext_lazy("Farm or production area (optional)"), max_length=255, required=False
    )

    def __init__(self, *args: Any, products: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = products  # type: ignore[attr-defined]

    def serializer_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "product"}
        return {k: v for k, v in data.items() if v is not None}


class EventForm(ServiceForm):
    serializer_class = LotEventWriteSerializer
    kind = forms.ChoiceField(label=gettext_lazy("What happened"), choices=EventKind.choices)
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    actor_name = forms.CharField(label=gettext_lazy("Who"), max_length=255, required=False)
    place = forms.CharField(label=gettext_lazy("Where (optional)"), max_length=255, required=False)
    description = forms.CharField(
        label=gettext_lazy("Details (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    corrects = forms.ChoiceField(
        label=gettext_lazy("Corrects an earlier event (optional)"), required=False
    )

    def __init__(self, *args: Any, events: list[LotEvent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [
            (str(e.pk), f"{e.occurred_at:%d/%m/%Y} {e.get_kind_display()}") for e in events
        ]
        self.fields["corrects"].choices = choices  # type: ignore[attr-defined]

    def serializer_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["corrects"] = data.get("corrects") or None
        return data


class RecallForm(ServiceForm):
    serializer_class = RecallSerializer
    reason = forms.CharField(
        label=gettext_lazy("Why is the lot recalled? (buyers and scanners read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class StampsForm(forms.Form):
    """What the stamp sheet's download asks (a GET form; the API's query serializer checks)."""

    paper = forms.ChoiceField(
        label=gettext_lazy("Label paper"),
        choices=[
            ("a4-24", gettext_lazy("A4, 24 labels of 70 × 37 mm")),
            ("a4-40", gettext_lazy("A4, 40 labels of 52.5 × 29.7 mm")),
            ("a4-65", gettext_lazy("A4, 65 labels of 38.1 × 21.2 mm")),
        ],
        initial="a4-40",
    )
    count = forms.IntegerField(
        label=gettext_lazy("How many stamps (empty: one sheet)"),
        min_value=1,
        max_value=stamps.MAX_STAMPS,
        required=False,
    )
    serials = forms.BooleanField(
        label=gettext_lazy("A serial number on each stamp"), required=False
    )
    start = forms.IntegerField(
        label=gettext_lazy("First serial number"), min_value=1, initial=1, required=False
    )


# --- reads ------------------------------------------------------------------------------------


def _products(request: HttpRequest) -> list[tuple[str, str]]:
    vendor = request.vendor  # type: ignore[attr-defined]
    rows = product_list_of_vendor(vendor=vendor, user=request.user).values_list("slug", "name")
    return [(slug, name) for slug, name in rows]


def _lot(request: HttpRequest, product: str, code: str) -> Lot:
    """The storefront's lot (another storefront's is a 404)."""
    vendor = request.vendor  # type: ignore[attr-defined]
    lot = (
        selectors.lot_list_of_vendor(vendor.pk)
        .select_related("product__vendor")
        .filter(product__slug=product, code=code)
        .first()
    )
    if lot is None:
        raise Http404
    return lot


def _lot_url(request: HttpRequest, lot: Lot) -> HttpResponseBase:
    return redirect("web:seller-lot", request.vendor.slug, lot.product.slug, lot.code)  # type: ignore[attr-defined]


def _list(request: HttpRequest, form: LotForm | None = None, *, status: int = 200) -> HttpResponse:
    chosen = request.GET.get("status", "")
    chosen = chosen if chosen in LotStatus.values else ""
    vendor = request.vendor  # type: ignore[attr-defined]
    qs = selectors.lot_list_of_vendor(vendor.pk).order_by("-produced_on", "-id")
    if chosen:
        qs = qs.filter(status=chosen)
    context = paged(request, qs, status=chosen)
    totals = scans.lot_scan_totals([lot.pk for lot in context["rows"]])
    context |= {
        "rows": [{"lot": lot, "scans": totals[lot.pk]} for lot in context["rows"]],
        "status": chosen,
        "statuses": LotStatus.choices,
        "form": form or LotForm(products=_products(request)),
    }
    return TemplateResponse(request, "web/seller/lots_list.html", context, status=status)


@require_safe
@seller_page
def lot_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


def _detail(
    request: HttpRequest,
    lot: Lot,
    *,
    event_form: EventForm | None = None,
    recall_form: RecallForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    events = list(lot.events.order_by("occurred_at", "id"))
    context = {
        "lot": lot,
        "urls": selectors.lot_urls(lot),
        "events": events,
        "draft": lot.status == LotStatus.DRAFT,
        "event_form": event_form or EventForm(events=events),
        "recall_form": recall_form or RecallForm(),
        "stamps_form": StampsForm(),
        "scans": scans.lot_scans(lot),
        "refusal": refusal,
    }
    return TemplateResponse(request, "web/seller/lots_detail.html", context, status=status)


@require_safe
@seller_page
def lot_detail(request: HttpRequest, product: str, code: str) -> HttpResponse:
    return _detail(request, _lot(request, product, code))


# --- writes -----------------------------------------------------------------------------------


@require_POST
@seller_page
def lot_create(request: HttpRequest) -> HttpResponseBase:
    products = _products(request)
    form = LotForm(request.POST, products=products)
    user = cast(User, request.user)
    if form.is_valid():
        vendor = request.vendor  # type: ignore[attr-defined]
        product = product_list_of_vendor(vendor=vendor, user=user).get(
            slug=form.cleaned_data["product"]
        )
        lot = form.run(services.lot_create, product=product, actor=user, **form.validated)
        if lot is not None:
            messages.success(request, _("The lot is created as a draft."))
            return _lot_url(request, lot)
    return _list(request, form, status=form.status)


@require_POST
@seller_page
def lot_publish(request: HttpRequest, product: str, code: str) -> HttpResponseBase:
    lot = _lot(request, product, code)
    try:
        services.lot_publish(lot=lot, actor=cast(User, request.user))
    except DomainError as exc:
        return _detail(request, lot, refusal=str(exc.detail), status=exc.status)
    messages.success(request, _("The lot is published: its QR codes now open its trace page."))
    return _lot_url(request, lot)


@require_POST
@seller_page
def lot_recall(request: HttpRequest, product: str, code: str) -> HttpResponseBase:
    lot = _lot(request, product, code)
    form = RecallForm(request.POST)
    if (
        form.is_valid()
        and form.run(services.lot_recall, lot=lot, actor=cast(User, request.user), **form.validated)
        is not None
    ):
        messages.success(request, _("The lot is recalled; its buyers are told."))
        return _lot_url(request, lot)
    return _detail(request, _lot(request, product, code), recall_form=form, status=form.status)


@require_POST
@seller_page
def event_add(request: HttpRequest, product: str, code: str) -> HttpResponseBase:
    lot = _lot(request, product, code)
    form = EventForm(request.POST, events=list(lot.events.all()))
    if (
        form.is_valid()
        and form.run(
            services.event_create, lot=lot, actor=cast(User, request.user), **form.validated
        )
        is not None
    ):
        messages.success(request, _("The event is added."))
        return _lot_url(request, lot)
    return _detail(request, lot, event_form=form, status=form.status)


@seller_page
def event_edit(request: HttpRequest, product: str, code: str, event_id: int) -> HttpResponseBase:
    """An event of a draft lot, changed (the service refuses once the lot is published)."""
    lot = _lot(request, product, code)
    event = lot.events.filter(pk=event_id).first()
    if event is None:
        raise Http404
    event.lot = lot
    others = [e for e in lot.events.all() if e.pk != event.pk]
    if request.method == "POST":
        form = EventForm(request.POST, events=others)
        if (
            form.is_valid()
            and form.run(
                services.event_update, event=event, actor=cast(User, request.user), **form.validated
            )
            is not None
        ):
            messages.success(request, _("The event is changed."))
            return _lot_url(request, lot)
    else:
        initial = {
            "kind": event.kind,
            "occurred_at": event.occurred_at,
            "actor_name": event.actor_name,
            "place": event.place,
            "description": event.description,
            "corrects": event.corrects_id or "",
        }
        form = EventForm(initial=initial, events=others)
    context = {"lot": lot, "event": event, "form": form}
    return TemplateResponse(request, "web/seller/lots_event.html", context, status=form.status)


@require_safe
@seller_page
def stamp_sheet(request: HttpRequest, product: str, code: str) -> HttpResponseBase:
    """The QR stamp sheet as the API makes it (a PDF to download)."""
    lot = _lot(request, product, code)
    query = {
        k: v for k, v in request.GET.items() if v != "" and k in StampsQuerySerializer().fields
    }
    query.setdefault("file", "pdf")
    serializer = StampsQuerySerializer(data=query)
    try:
        if not serializer.is_valid():
            first = next(iter(serializer.errors.values()))
            raise ValidationFailed(str(first[0] if isinstance(first, list) else first))
        body, content_type, name = stamps.lot_stamp_sheet(lot, **serializer.validated_data)
    except DomainError as exc:
        return refusal_page(request, exc)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
