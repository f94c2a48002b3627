"""Email templates per language (Jinja2, autoescaped: a crafted name or product title
renders as text, never as markup). Unknown languages fall back to English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

SUBJECTS = {
    "en": ["Your cart is waiting", "Still thinking it over?", "Last reminder about your cart"],
    "es": ["Tu carrito te espera", "¿Lo sigues pensando?", "Último aviso sobre tu carrito"],
}

_env = Environment(
    loader=PackageLoader("app.email", "templates"),
    autoescape=select_autoescape(["html"], default=True),
)


@dataclass(frozen=True, slots=True)
class Rendered:
    template: str
    subject: str
    html: str


def render_abandoned_cart(language: str, step: int, context: dict[str, Any]) -> Rendered:
    lang = language if language in SUBJECTS else "en"
    name = f"abandoned_cart.{lang}.html"
    subjects = SUBJECTS[lang]
    html = _env.get_template(name).render(step=step, **context)
    return Rendered(name, subjects[min(step, len(subjects) - 1)], html)
