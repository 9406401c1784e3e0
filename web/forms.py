"""Forms of the signed-in pages (issue 16, D206): Django forms that render the fields (labels,
widgets, errors beside each field), backed by the services' validation so that every refusal is
the one message the API gives, in the page's language.

A page builds its form from the POST, and when `is_valid()` calls the service through
`form.run(...)`: a `DomainError` from the service is put on the form (its detail on top, its
field messages beside the fields) and `run` returns None; the page renders the form again with
`form.status` (the API's status for that refusal). With `serializer_class` set, `clean()` also
validates the data with the API's input serializer, so a field the API refuses is refused with the
API's words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django import forms
from rest_framework import serializers

from core.errors import DomainError

T = TypeVar("T")


class ServiceForm(forms.Form):
    # The API's input serializer for the same action, when there is one.
    serializer_class: ClassVar[type[serializers.Serializer] | None] = None
    # Form field → serializer field, where the names differ.
    serializer_names: ClassVar[dict[str, str]] = {}

    # `{{ form }}` and `{{ form.as_div }}` both render the fields with their errors beside them.
    template_name = template_name_div = "web/includes/form_div.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status = 200
        self.validated: dict[str, Any] = {}

    def serializer_data(self) -> dict[str, Any]:
        """What the serializer validates: the cleaned fields under the API's names."""
        return {self.serializer_names.get(k, k): v for k, v in self.cleaned_data.items()}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.serializer_class is not None and not self.errors:
            serializer = self.serializer_class(data=self.serializer_data())
            if serializer.is_valid():
                self.validated = dict(serializer.validated_data)
            else:
                self._put_errors(serializer.errors)
        return cleaned

    def _put_errors(self, errors: Any) -> None:
        back = {api: name for name, api in self.serializer_names.items()}
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        for key, messages in errors.items():
            name = back.get(key, key)
            field = name if name in self.fields else None
            for message in messages if isinstance(messages, list) else [messages]:
                self.add_error(field, str(message))
        self.status = 400

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not valid and self.status == 200:
            self.status = 400
        return valid

    def refuse(self, exc: DomainError) -> None:
        """The service's refusal on the form: its detail on top, its field messages beside."""
        self.add_error(None, str(exc.detail))
        for key, messages in exc.errors.items():
            name = {api: n for n, api in self.serializer_names.items()}.get(key, key)
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))
        self.status = exc.status

    def run(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        try:
            return call(*args, **kwargs)
        except DomainError as exc:
            self.refuse(exc)
            return None
