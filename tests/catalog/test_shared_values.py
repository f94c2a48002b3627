"""Money, MoneyRange and SelectedOption are shared per value (app/catalog/reads/build.py):
the same value answers the same instance, another value (or a translation) never does."""

from __future__ import annotations

from types import SimpleNamespace

from app.catalog.reads import build
from app.locale_codes import CurrencyCode


def test_money_is_shared_per_amount_and_currency() -> None:
    eur = build.money(12990, "EUR")
    assert eur is build.money(12990, "EUR")
    assert (eur.amount, eur.currency_code) == ("129.90", CurrencyCode.EUR)
    jpy = build.money(12990, "JPY")
    assert (jpy.amount, jpy.currency_code) == ("12990", CurrencyCode.JPY)
    assert build.money(12991, "EUR").amount == "129.91"


def test_price_ranges_are_shared_and_keyed_by_both_ends() -> None:
    wide = build._range(100, 900, "EUR")
    assert wide is build._range(100, 900, "EUR")
    assert wide is not None and wide.max_variant_price.amount == "9.00"
    narrow = build._range(100, 500, "EUR")
    assert narrow is not None and narrow.max_variant_price.amount == "5.00"
    assert build._range(None, 500, "EUR") is None


def _variant_row(tr: list[object] | None) -> SimpleNamespace:
    return SimpleNamespace(option_names=["Color"], option_values=["Red"], option_tr=tr)


def test_selected_options_untranslated_are_shared_and_translations_are_not_mixed_in() -> None:
    plain = build._selected_options(_variant_row(None))
    assert [(o.name, o.value) for o in plain] == [("Color", "Red")]
    assert plain[0] is build._selected_options(_variant_row(None))[0]
    translated = build._selected_options(
        _variant_row([{"name": "Farbe", "values": '{"Red": "Rot"}'}])
    )
    assert [(o.name, o.value) for o in translated] == [("Farbe", "Rot")]
    assert [(o.name, o.value) for o in build._selected_options(_variant_row(None))] == [
        ("Color", "Red")
    ]
