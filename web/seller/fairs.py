"""The seller center's fairs (seller16b): the storefront's exhibitor applications and their
results, applying to an open fair (booth type, booths, showcase products: application_submit
with the API's input serializer), and B2B meeting requests — received by the storefront
(accept into a slot, decline with a reason, cancel) and sent by the signed-in member
(cancel), through fairs.services.meetings."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from catalog.models import ProductStatus
from catalog.selectors import product_list_of_vendor
from core.api.serializers import ReasonSerializer
from core.errors import ValidationFailed
from fairs.api.serializers_exhibitors import ApplicationCreateSerializer
from fairs.api.serializers_meetings import MeetingAcceptSerializer
from fairs.models import ACTIVE_STATUSES, Fair, Meeting, MeetingStatus
from fairs.selectors import exhibitors as exhibitor_selectors
from fairs.selectors import fairs as fair_selectors
from fairs.selectors import meetings as meeting_selectors
from fairs.services import meetings
from fairs.services.exhibitors.applications import application_submit
from fairs.services.exhibitors.eligibility import registration_errors
from marketplace.models import User
from web.forms import ServiceForm
from web.signed_in import seller_page

SHOWN = 20  # applications and meetings listed (newest first)


class ApplyForm(ServiceForm):
    serializer_class = ApplicationCreateSerializer
    booth_type = forms.TypedChoiceField(label=gettext_lazy("Booth type"), coerce=int)
    quantity = forms.IntegerField(label=gettext_lazy("Booths"), min_value=1, initial=1)
    products = forms.MultipleChoiceField(
        label=gettext_lazy("Products to show"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact_name = forms.CharField(label=gettext_lazy("Contact name"), max_length=200)
    contact_phone = forms.CharField(label=gettext_lazy("Contact phone"), max_length=20)
    contact_email = forms.EmailField(label=gettext_lazy("Contact e-mail"))
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        booths: list[tuple[int, str]],
        products: list[tuple[str, str]],
        vendor: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["booth_type"].choices = booths  # type: ignore[attr-defined]
        self.fields["products"].choices = products  # type: ignore[attr-defined]
        self.vendor_slug = vendor

    def serializer_data(self) -> dict[str, Any]:
        return {**self.cleaned_data, "vendor": self.vendor_slug}


class AcceptForm(ServiceForm):
    serializer_class = MeetingAcceptSerializer
    slot = forms.TypedChoiceField(label=gettext_lazy("Time slot"), coerce=int)

    def __init__(self, *args: Any, slots: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots  # type: ignore[attr-defined]


class ReasonForm(ServiceForm):
    serializer_class = ReasonSerializer
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, required=False)


def _slots(meeting: Meeting) -> list[tuple[int, str]]:
    """The buyer's preferred slots, else every slot of the fair."""
    slots = list(meeting.preferred_slots.all()) or list(
        meeting_selectors.slot_list_for_fair(meeting.fair)
    )
    local = timezone.localtime
    return [(s.pk, f"{local(s.starts_at):%d/%m %H:%M}–{local(s.ends_at):%H:%M}") for s in slots]


def _meeting_rows(
    request: HttpRequest, qs: Any, *, received: bool, bound: tuple[int, str, ServiceForm] | None
) -> list[dict[str, Any]]:
    rows = []
    for meeting in qs[:SHOWN]:
        pk = meeting.pk
        row: dict[str, Any] = {"meeting": meeting, "forms": {}}
        if received and meeting.status == MeetingStatus.REQUESTED:
            row["forms"]["accept"] = AcceptForm(slots=_slots(meeting), auto_id=f"id_a{pk}_%s")
            row["forms"]["decline"] = ReasonForm(auto_id=f"id_d{pk}_%s")
        if meeting.status in (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED):
            row["forms"]["cancel"] = ReasonForm(auto_id=f"id_c{pk}_%s")
        if bound is not None and bound[0] == pk:
            row["forms"][bound[1]] = bound[2]
        rows.append(row)
    return rows


def _page(
    request: HttpRequest, *, bound: tuple[int, str, ServiceForm] | None = None
) -> HttpResponse:
    vendor = request.vendor  # type: ignore[attr-defined]
    user = cast(User, request.user)
    applications = list(
        exhibitor_selectors.application_list_for_user(user).filter(vendor=vendor)[:SHOWN]
    )
    applied = {a.fair_id for a in applications if a.status in ACTIVE_STATUSES}
    now = timezone.now()
    open_fairs = [
        f
        for f in fair_selectors.fair_list_public().filter(registration_closes_at__gt=now)[:SHOWN]
        if not registration_errors(f, now=now)
    ]
    context = {
        "applications": applications,
        "open_fairs": [{"fair": f, "applied": f.pk in applied} for f in open_fairs],
        "received": _meeting_rows(
            request, meeting_selectors.meeting_list_of_vendor(vendor), received=True, bound=bound
        ),
        "sent": _meeting_rows(
            request, meeting_selectors.meeting_list_of_buyer(user), received=False, bound=bound
        ),
    }
    status = bound[2].status if bound is not None else 200
    return TemplateResponse(request, "web/seller/fairs_page.html", context, status=status)


@require_safe
@seller_page
def fair_home(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _fair(request: HttpRequest, slug: str) -> Fair:
    fair = fair_selectors.fair_get_visible(slug=slug, user=request.user)
    if fair is None:
        raise Http404
    return fair


def _apply_form(request: HttpRequest, fair: Fair, data: Any = None) -> ApplyForm:
    vendor = request.vendor  # type: ignore[attr-defined]
    user = cast(User, request.user)
    products = product_list_of_vendor(vendor=vendor, user=user, status=ProductStatus.PUBLISHED)
    booths = [(b.pk, f"{b.name} ({b.price:,} đ)".replace(",", ".")) for b in fair.booth_types.all()]
    initial = {"contact_name": user.full_name, "contact_email": user.email}
    return ApplyForm(
        data,
        initial=initial,
        booths=booths,
        products=list(products.values_list("slug", "name")),
        vendor=vendor.slug,
    )


@seller_page
def fair_apply(request: HttpRequest, fair: str) -> HttpResponseBase:
    found = _fair(request, fair)
    form = _apply_form(request, found, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.validated)
        booth_type = fair_selectors.booth_type_get(
            fair=found, booth_type_id=fields.pop("booth_type")
        )
        if booth_type is None:  # the form offers only this fair's: a stale page
            form.refuse(ValidationFailed(_("Choose one of this fair's booth types.")))
        elif form.run(
            application_submit,
            fair=found,
            booth_type=booth_type,
            actor=cast(User, request.user),
            product_ids=fields.pop("products"),
            **fields,
        ):
            messages.success(request, _("Your application is sent."))
            return redirect("web:seller-fairs", request.vendor.slug)  # type: ignore[attr-defined]
    context = {"fair": found, "form": form, "closed": registration_errors(found)}
    return TemplateResponse(request, "web/seller/fairs_apply.html", context, status=form.status)


@require_POST
@seller_page
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    vendor = request.vendor  # type: ignore[attr-defined]
    user = cast(User, request.user)
    mine = meeting_selectors.meeting_list_of_vendor(
        vendor
    ) | meeting_selectors.meeting_list_of_buyer(user)
    meeting = mine.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    form: ServiceForm
    if action == "accept":
        form = AcceptForm(request.POST, slots=_slots(meeting), auto_id=f"id_a{pk}_%s")
        if form.is_valid():
            slot = meeting_selectors.slot_get(fair=meeting.fair, slot_id=form.validated["slot"])
            if slot is None:
                raise Http404
            if form.run(meetings.meeting_accept, meeting=meeting, slot=slot, actor=user):
                messages.success(request, _("The meeting is booked."))
                return redirect("web:seller-fairs", vendor.slug)
    else:
        prefix = {"decline": "d", "cancel": "c"}[action]
        form = ReasonForm(request.POST, auto_id=f"id_{prefix}{pk}_%s")
        service = meetings.meeting_decline if action == "decline" else meetings.meeting_cancel
        if (
            form.is_valid()
            and form.run(
                service, meeting=meeting, actor=user, reason=form.validated.get("reason", "")
            )
            is not None
        ):
            messages.success(request, _("The meeting request is answered."))
            return redirect("web:seller-fairs", vendor.slug)
    return _page(request, bound=(pk, action, form))
