"""Pure input rules of the product service: texts, tags, prices, options and variants.

Nothing here touches the database. Each check raises ServiceError with the path of the
input at fault (GraphQL field names, list indexes as strings), so the caller's savepoint
rolls back whatever was already written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from app.catalog.errors import ProductErrorCode as Code
from app.errors import ServiceError
from app.money import InvalidAmountError, parse_amount
from app.sanitize import clean_html

Path = tuple[str, ...]

MAX_TITLE = 255
MAX_TEXT = 255
MAX_SEO_DESCRIPTION = 320
MAX_DESCRIPTION_HTML = 100_000
MAX_TAGS = 250
MAX_OPTIONS = 3
MAX_OPTION_VALUES = 100
MAX_VARIANTS = 100
MAX_SKU = 100
DEFAULT_TITLE = "Default Title"


@dataclass(frozen=True, slots=True)
class OptionSpec:
    name: str
    values: Sequence[str]


@dataclass(frozen=True, slots=True)
class VariantSpec:
    """One variant as given; `price` None only where the caller allows leaving it out."""

    price: str | None
    sku: str | None = None
    compare_at_price: str | None = None
    option_values: Sequence[str] | None = None
    inventory_quantity: int | None = None
    barcode: str | None = None
    weight_grams: int | None = None


@dataclass(slots=True)
class VariantRow:
    """A validated variant, in column terms."""

    sku: str | None
    price_amount: int
    compare_at_amount: int | None
    option_values: list[str]
    barcode: str | None = None
    weight_grams: int | None = None
    on_hand: int = 0
    title: str = field(init=False)

    def __post_init__(self) -> None:
        self.title = variant_title(self.option_values)


def fail(code: Code, message: str, path: Iterable[str]) -> ServiceError:
    return ServiceError(code, message, list(path))


def variant_title(option_values: Sequence[str]) -> str:
    return " / ".join(option_values) or DEFAULT_TITLE


def text(value: str, path: Path, *, max_length: int = MAX_TEXT, label: str = "Value") -> str:
    """Stripped `value`, refused when blank or longer than `max_length`."""
    stripped = value.strip()
    if not stripped:
        raise fail(Code.BLANK, f"{label} can't be blank", path)
    if len(stripped) > max_length:
        raise fail(Code.TOO_LONG, f"{label} is longer than {max_length} characters", path)
    return stripped


def optional_text(value: str | None, path: Path, *, max_length: int = MAX_TEXT) -> str | None:
    """Stripped `value`, None for null or blank; refused when too long."""
    if value is None or not value.strip():
        return None
    return text(value, path, max_length=max_length)


def description_html(value: str, path: Path) -> str:
    if len(value) > MAX_DESCRIPTION_HTML:
        raise fail(Code.TOO_LONG, f"Description is longer than {MAX_DESCRIPTION_HTML}", path)
    return clean_html(value)


def tags(values: Sequence[str], path: Path) -> list[str]:
    """Stripped, blanks dropped, duplicates dropped keeping the first spelling."""
    seen: dict[str, str] = {}
    for index, value in enumerate(values):
        tag = value.strip()
        if len(tag) > MAX_TEXT:
            raise fail(
                Code.TOO_LONG, f"Tags are at most {MAX_TEXT} characters", (*path, str(index))
            )
        if tag:
            seen.setdefault(tag.lower(), tag)
    if len(seen) > MAX_TAGS:
        raise fail(Code.INVALID, f"A product has at most {MAX_TAGS} tags", path)
    return list(seen.values())


def options(specs: Sequence[OptionSpec], path: Path) -> list[OptionSpec]:
    if len(specs) > MAX_OPTIONS:
        raise fail(Code.TOO_MANY_OPTIONS, f"A product has at most {MAX_OPTIONS} options", path)
    names: set[str] = set()
    result = []
    for index, spec in enumerate(specs):
        at = (*path, str(index))
        name = text(spec.name, (*at, "name"), max_length=100, label="Option name")
        if name.lower() in names:
            raise fail(Code.INVALID, f"Option {name!r} is given twice", (*at, "name"))
        names.add(name.lower())
        if not spec.values:
            raise fail(Code.BLANK, f"Option {name!r} needs at least one value", (*at, "values"))
        if len(spec.values) > MAX_OPTION_VALUES:
            raise fail(
                Code.INVALID, f"An option has at most {MAX_OPTION_VALUES} values", (*at, "values")
            )
        values = [
            text(v, (*at, "values", str(i)), label="Option value")
            for i, v in enumerate(spec.values)
        ]
        if len({v.lower() for v in values}) != len(values):
            raise fail(Code.INVALID, f"Option {name!r} lists a value twice", (*at, "values"))
        result.append(OptionSpec(name=name, values=values))
    return result


def amount(value: str, currency: str, path: Path) -> int:
    """Minor units of a decimal string; INVALID_PRICE for more decimals than the currency has."""
    try:
        minor = parse_amount(value, currency)
    except InvalidAmountError as exc:
        raise fail(Code.INVALID_PRICE, f"{value!r} is not a valid {currency} amount", path) from exc
    if minor < 0:
        raise fail(Code.NEGATIVE_PRICE, "Prices can't be negative", path)
    if minor >= 2**63:
        raise fail(Code.INVALID_PRICE, "Price is too large", path)
    return minor


def sku(value: str | None, path: Path) -> str | None:
    return optional_text(value, path, max_length=MAX_SKU)


def variant_row(
    spec: VariantSpec, *, currency: str, option_values: list[str], path: Path
) -> VariantRow:
    """Validate one variant's own fields; its option values were matched by the caller."""
    if spec.price is None:
        raise fail(Code.INVALID_PRICE, "Price is required", (*path, "price"))
    if spec.inventory_quantity is not None and spec.inventory_quantity < 0:
        raise fail(
            Code.NEGATIVE_QUANTITY, "Inventory can't be negative", (*path, "inventoryQuantity")
        )
    if spec.weight_grams is not None and spec.weight_grams < 0:
        raise fail(Code.INVALID, "Weight can't be negative", (*path, "weightGrams"))
    return VariantRow(
        sku=sku(spec.sku, (*path, "sku")),
        price_amount=amount(spec.price, currency, (*path, "price")),
        compare_at_amount=(
            None
            if spec.compare_at_price is None
            else amount(spec.compare_at_price, currency, (*path, "compareAtPrice"))
        ),
        option_values=option_values,
        barcode=optional_text(spec.barcode, (*path, "barcode"), max_length=MAX_SKU),
        weight_grams=spec.weight_grams,
        on_hand=spec.inventory_quantity or 0,
    )


def match_options(
    given: Sequence[str] | None,
    option_values: list[list[str]],
    path: Path,
    *,
    extend: bool,
) -> list[str]:
    """The variant's option values in the options' spelling, one per option in order.

    A value an option does not list is UNKNOWN_OPTION, or, with `extend`, appended to that
    option's values (in place): adding a variant may introduce a new size, as in Shopify.
    """
    given = [v.strip() for v in given or []]
    if len(given) != len(option_values):
        raise fail(
            Code.OPTION_VALUES_MISMATCH,
            f"Expected {len(option_values)} option values, got {len(given)}",
            path,
        )
    matched = []
    for index, (value, known) in enumerate(zip(given, option_values, strict=True)):
        at = (*path, str(index))
        spelled = next((k for k in known if k.lower() == value.lower()), None)
        if spelled is None:
            value = text(value, at, label="Option value")
            if not extend:
                raise fail(Code.UNKNOWN_OPTION, f"{value!r} is not a value of this option", at)
            if len(known) >= MAX_OPTION_VALUES:
                raise fail(Code.INVALID, f"An option has at most {MAX_OPTION_VALUES} values", at)
            known.append(value)
            spelled = value
        matched.append(spelled)
    return matched


def distinct_combinations(combinations: Sequence[tuple[Sequence[str], Path | None]]) -> None:
    """DUPLICATE_VARIANT when two variants share option values; a None path is a stored row."""
    seen: set[tuple[str, ...]] = set()
    for values, path in combinations:
        key = tuple(v.lower() for v in values)
        if key in seen and path is not None:
            label = variant_title(values)
            raise fail(Code.DUPLICATE_VARIANT, f"A variant {label!r} already exists", path)
        seen.add(key)


def distinct_skus(skus: Sequence[tuple[str | None, Path]]) -> None:
    """DUPLICATE_SKU when the same SKU appears twice in one input."""
    seen: set[str] = set()
    for value, path in skus:
        if value is None:
            continue
        if value in seen:
            raise fail(Code.DUPLICATE_SKU, f"SKU {value!r} is given twice", path)
        seen.add(value)


class _TextExtractor(HTMLParser):
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "td",
            "th",
            "table",
            "section",
            "article",
            "blockquote",
        }
    )
    _SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def plain_text(markup: str) -> str:
    """The readable text of an HTML fragment: the `description` stored beside `descriptionHtml`."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()
