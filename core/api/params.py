"""The query parameters a list reads, and a 400 for any other (issue 12, D91).

A list used to ignore a parameter it did not know: `/products/?q=bưởi` or `?status=draft`
answered the whole list as if it had been understood. Every list now refuses unknown
parameters in the one error shape, naming each. What a list knows is what its OpenAPI
operation documents: its filterset's fields (a range filter's suffixed names included), the
paginator's (`page`, `page_size`, the seek keys), `format`, and the names a view declares in
`extra_query_params` for what it reads by hand. The set is computed once per view class and
action, then each request costs one set lookup per parameter it sends.

`FilterBackend` is DjangoFilterBackend that also keeps the filterset's cleaned values on the
view (`filter_data`) for a list answered by a search backend (`q`, see core/api/lists.py), and
checks the lists that are not paginated (the paginator checks the others).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters import utils
from rest_framework.request import Request
from rest_framework.settings import api_settings

from core.errors import ValidationFailed

Q_PARAM = "q"
MAX_QUERY_LENGTH = 200

_KNOWN: dict[tuple[type, str | None], frozenset[str]] = {}


class TextSearchFilter(filters.CharFilter):
    """`q`, answered by the search backend (RowListMixin.text_search), not by a WHERE clause:
    declared in the filterset so that it is validated, documented and known."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)

    def filter(self, qs: Any, value: Any) -> Any:
        return qs


def filterset_param_names(filterset_class: type[filters.FilterSet] | None) -> set[str]:
    names: set[str] = set()
    for name, declared in (filterset_class.base_filters if filterset_class else {}).items():
        suffixes = getattr(declared.field_class.widget, "suffixes", None)
        if suffixes is None:
            widget = declared.extra.get("widget")
            suffixes = getattr(widget, "suffixes", None)
        if suffixes:  # RangeFilter: price_min, price_max; DateFromToRange: _after, _before
            names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
        else:
            names.add(name)
    return names


class FilterBackend(filters.DjangoFilterBackend):
    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        if getattr(view, "action", None) == "list" and getattr(view, "paginator", None) is None:
            refuse_unknown_params(request, view, queryset)
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        view.filter_data = filterset.form.cleaned_data
        return filterset.qs

    def query_param_names(self, view: Any, queryset: Any) -> set[str]:
        declared = getattr(view, "filterset_class", None)
        model = getattr(getattr(declared, "_meta", None), "model", None)
        if model is not None and queryset is not None and not issubclass(queryset.model, model):
            return set()  # the view's filterset is for its other lists (an action's own rows)
        fields = getattr(view, "filterset_fields", None)
        if declared is None and queryset is None and fields:  # no model to build it from
            if isinstance(fields, dict):
                return {
                    f if lookup == "exact" else f"{f}__{lookup}"
                    for f in fields
                    for lookup in fields[f]
                }
            return set(fields)
        return filterset_param_names(self.get_filterset_class(view, queryset))


def known_params(view: Any, queryset: Any, paginator: Any = None) -> frozenset[str]:
    key = (type(view), getattr(view, "action", None))
    known = _KNOWN.get(key)
    if known is None:
        names: set[str] = {api_settings.URL_FORMAT_OVERRIDE or "format"}
        names.update(getattr(view, "extra_query_params", ()))
        paginator = paginator if paginator is not None else getattr(view, "paginator", None)
        names.update(getattr(paginator, "query_param_names", ()))
        for backend in getattr(view, "filter_backends", ()):
            names_of = getattr(backend(), "query_param_names", None)
            if names_of is not None:
                names.update(names_of(view, queryset))
        known = _KNOWN[key] = frozenset(n for n in names if n)
    return known


def refuse_unknown(asked: Iterable[str], known: frozenset[str]) -> None:
    unknown = [name for name in asked if name not in known]
    if unknown:
        raise ValidationFailed(
            _("Unknown query parameters: %(names)s. This list reads: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))},
            errors={name: [_("This list has no such parameter.")] for name in unknown},
            code="unknown_parameter",
        )


def refuse_unknown_params(
    request: Request, view: Any, queryset: Any = None, paginator: Any = None
) -> None:
    """400 naming every query parameter this list does not read."""
    if view is None:
        return
    refuse_unknown(request.query_params, known_params(view, queryset, paginator))
