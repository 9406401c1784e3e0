"""Forms of a buyer's orders, complaints, questions and quotes (orders16): each one backed by the
API's input serializer for the same action, so a field is refused with the API's words."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.selectors import categories, units
from core.api.serializers import ReasonSerializer
from leads.api.serializers import LeadUpdateSerializer, LeadWriteSerializer
from leads.models import LeadKind
from marketplace.selectors import communes, provinces
from orders.api.commerce_serializers import ReturnSerializer
from orders.api.complaints import ComplaintBodySerializer, ComplaintOpenSerializer
from orders.api.quotes import QuoteAcceptSerializer
from orders.api.reviews import ReviewCreateSerializer
from orders.api.serializers import InquiryReplySerializer
from orders.models import ComplaintReason, PaymentMethod
from web.forms import ServiceForm
from web.templatetags.web_extras import localized


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PicturesField(forms.FileField):
    """Up to a few pictures from the phone's camera or gallery, all optional."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PicturesField, self).clean(f, initial) for f in files if f]


class CancelForm(ServiceForm):
    serializer_class = ReasonSerializer
    prefix = "cancel"
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=2000, widget=forms.Textarea
    )


class ReturnForm(ServiceForm):
    serializer_class = ReturnSerializer
    prefix = "return"
    reason = forms.CharField(label=_("Why you return it"), max_length=2000, widget=forms.Textarea)


STARS = [(n, "★" * n) for n in range(5, 0, -1)]


class ReviewForm(ServiceForm):
    serializer_class = ReviewCreateSerializer
    stars = forms.TypedChoiceField(
        label=_("Your rating"), choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your review (optional)"), required=False, max_length=5000, widget=forms.Textarea
    )
    pictures = PicturesField(label=_("Pictures (optional)"))

    def serializer_data(self) -> dict[str, Any]:
        data = super().serializer_data()
        data.pop("pictures", None)
        return data


class ComplaintOpenForm(ServiceForm):
    serializer_class = ComplaintOpenSerializer
    prefix = "complaint"
    reason = forms.ChoiceField(label=_("What went wrong"), choices=ComplaintReason.choices)
    body = forms.CharField(label=_("Tell the storefront"), max_length=5000, widget=forms.Textarea)
    pictures = PicturesField(label=_("Pictures (optional)"))

    def serializer_data(self) -> dict[str, Any]:
        data = super().serializer_data()
        data.pop("pictures", None)
        return data


class ComplaintMessageForm(ServiceForm):
    serializer_class = ComplaintBodySerializer
    prefix = "message"
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea)


class ComplaintEscalateForm(ServiceForm):
    serializer_class = ReasonSerializer
    prefix = "escalate"
    reason = forms.CharField(
        label=_("Why the exchange should decide (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )


class ComplaintWithdrawForm(CancelForm):
    prefix = "withdraw"


class ReplyForm(ServiceForm):
    serializer_class = InquiryReplySerializer
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea)


def province_choices() -> list[tuple[str, Any]]:
    rows = sorted(provinces.rows().values(), key=lambda p: p.name)
    return [("", _("Choose a province")), *((str(p.code), p.name) for p in rows)]


def commune_choices(province: int | None) -> list[tuple[str, Any]]:
    if province is None:
        return [("", _("Choose the province first"))]
    rows = sorted(
        (c for c in communes.rows().values() if c.province_id == province), key=lambda c: c.name
    )
    return [("", _("Choose a commune")), *((str(c.code), c.name) for c in rows)]


class QuoteAcceptForm(ServiceForm):
    """Where the quoted goods go and how they are paid. The commune list is the chosen
    province's: without JavaScript, "Show its communes" sends the form back with it."""

    serializer_class = QuoteAcceptSerializer
    recipient_name = forms.CharField(label=_("Recipient"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    province = forms.TypedChoiceField(label=_("Province or city"), coerce=int, choices=())
    commune = forms.TypedChoiceField(label=_("Commune or ward"), coerce=int, choices=())
    street = forms.CharField(label=_("Street address"), max_length=255)
    note = forms.CharField(label=_("Note for the storefront"), required=False, max_length=500)
    payment_method = forms.ChoiceField(
        label=_("Payment"), choices=PaymentMethod.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, methods: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.methods = methods
        if methods is not None:  # the storefront's methods (the service refuses the others)
            field = cast(forms.ChoiceField, self.fields["payment_method"])
            field.choices = [(v, label) for v, label in PaymentMethod.choices if v in methods]
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["recipient_name"].widget.attrs.update(autocomplete="name")
        self.fields["street"].widget.attrs.update(autocomplete="street-address")
        cast(forms.ChoiceField, self.fields["province"]).choices = province_choices()
        raw = (
            self.data.get(self.add_prefix("province"))
            if self.is_bound
            else self.initial.get("province")
        )
        chosen = int(str(raw)) if str(raw or "").isdigit() else None
        cast(forms.ChoiceField, self.fields["commune"]).choices = commune_choices(
            chosen if chosen in provinces.rows() else None
        )


# --- a buyer's trade leads (buy leads; sell leads are posted from the seller center) ---------


def category_choices() -> list[tuple[str, Any]]:
    rows = sorted(categories.rows().values(), key=lambda c: c.path)
    return [("", _("Choose a category"))] + [(c.slug, "– " * c.depth + localized(c)) for c in rows]


def unit_choices() -> list[tuple[str, str]]:
    rows = sorted(units.rows().values(), key=lambda u: u.name)
    return [(u.code, localized(u)) for u in rows]


class LeadForm(ServiceForm):
    """A buy lead: what, how much, where, until when; the moderators review it (D171: an edit
    of a published lead sends it back to review)."""

    serializer_class = LeadWriteSerializer
    title = forms.CharField(label=_("What you want to buy"), max_length=200)
    description = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=5000, widget=forms.Textarea
    )
    category = forms.ChoiceField(label=_("Category"), choices=())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    unit = forms.ChoiceField(label=_("Unit"), choices=())
    target_price = forms.IntegerField(
        label=_("Target price, VND (optional)"), required=False, min_value=0
    )
    negotiable = forms.BooleanField(label=_("Price negotiable"), required=False)
    province = forms.TypedChoiceField(label=_("Province or city"), coerce=int, choices=())
    needed_by = forms.DateField(
        label=_("Needed by (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    expires_on = forms.DateField(
        label=_("Show it until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_phone = forms.CharField(label=_("Contact phone (optional)"), required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices()
        cast(forms.ChoiceField, self.fields["unit"]).choices = unit_choices()
        cast(forms.ChoiceField, self.fields["province"]).choices = province_choices()
        self.fields["contact_phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")

    def serializer_data(self) -> dict[str, Any]:
        data = {k: v for k, v in super().serializer_data().items() if v not in (None, "")}
        if self.serializer_class is LeadWriteSerializer:
            data["kind"] = LeadKind.BUY
        data["negotiable"] = bool(self.cleaned_data.get("negotiable"))
        return data


class LeadEditForm(LeadForm):
    serializer_class = LeadUpdateSerializer

    def serializer_data(self) -> dict[str, Any]:
        data = super().serializer_data()
        # What the person emptied is emptied, as a PATCH with null does.
        for name in ("target_price", "needed_by"):
            data.setdefault(name, None)
        for name in ("description", "contact_phone", "contact_email"):
            data.setdefault(name, "")
        return data
