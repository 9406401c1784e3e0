"""Indexes in a list's exact order (D86)."""

from __future__ import annotations

import copy
from typing import Any

from django.db import models
from django.db.models import OrderBy


class ListIndex(models.Index):
    """An index in the exact order of a list's ORDER BY, nulls placement included: PostgreSQL
    reads a plain DESC index nulls first, so `published_at DESC NULLS LAST` needs an index that
    says so. SQLite (development and the fast test run) cannot say where the nulls go in an
    index: there the placement is left out and the index is only an approximation."""

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = copy.copy(self)
        plain.expressions = tuple(
            OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
            for e in self.expressions
        )
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)
