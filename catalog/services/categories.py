"""Writes on the category tree: create or move a category, keeping the paths of its subtree."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Category, Product, ProductStatus
from core.errors import ValidationFailed
from core.signals import public_changed_send
from search.services import search_mark_products_dirty


def _category_path(category: Category) -> tuple[str, int]:
    if category.parent is None:
        return f"{category.slug}/", 0
    return f"{category.parent.path}{category.slug}/", category.parent.depth + 1


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Create or move a category, keeping the materialised path of its subtree."""
    ancestor = category.parent
    while ancestor is not None:
        if category.pk is not None and ancestor.pk == category.pk:
            raise ValidationFailed(
                _("A category cannot be inside itself."), errors={"parent": [_("Creates a cycle.")]}
            )
        ancestor = ancestor.parent
    old_path = Category.objects.filter(pk=category.pk).values_list("path", flat=True).first()
    category.path, category.depth = _category_path(category)
    category.save()
    if old_path and old_path != category.path:
        for child in Category.objects.filter(path__startswith=old_path).exclude(pk=category.pk):
            child.path = category.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 1
            child.save(update_fields=["path", "depth"])
    if old_path:
        # Category names and paths are part of the product documents of the whole subtree.
        search_mark_products_dirty(
            product_ids=Product.objects.filter(category__path__startswith=category.path)
            .values_list("id", flat=True)
            .iterator()
        )
        public_changed_send(
            kind="product",
            object_ids=Product.objects.filter(
                category__path__startswith=category.path, status=ProductStatus.PUBLISHED
            ).values_list("id", flat=True),
            event="product.updated",
        )
    return category
