"""Menus of the signed-in areas (web/nav.py) for the layouts."""

from __future__ import annotations

from typing import Any

from django import template

from web import nav

register = template.Library()


@register.inclusion_tag("web/includes/menu.html", takes_context=True)
def account_menu(context: dict[str, Any]) -> dict[str, Any]:
    return {"items": nav.account_menu(context["request"]), "label": "account"}


@register.inclusion_tag("web/includes/menu.html", takes_context=True)
def seller_menu(context: dict[str, Any], vendor: Any) -> dict[str, Any]:
    return {"items": nav.seller_menu(context["request"], vendor.slug), "label": "seller"}
