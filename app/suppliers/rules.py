"""Pure checks of supplier connection input (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from app.errors import Problem
from app.suppliers.errors import SupplierErrorCode as Code


class SupplierKind(str, Enum):
    ALIEXPRESS = "ALIEXPRESS"
    CJ = "CJ"
    FEED = "FEED"


class ConnectionStatus(str, Enum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    FAILING = "FAILING"


# Per kind: the credential names required, then those also accepted. Tokens are optional
# because the adapters obtain and store them (AliExpress by the authorization code flow,
# CJ from the API key).
CREDENTIALS: dict[SupplierKind, tuple[frozenset[str], frozenset[str]]] = {
    SupplierKind.ALIEXPRESS: (
        frozenset({"appKey", "appSecret"}),
        frozenset({"accessToken", "refreshToken", "code"}),
    ),
    SupplierKind.CJ: (frozenset({"apiKey"}), frozenset({"accessToken", "refreshToken"})),
    SupplierKind.FEED: (frozenset(), frozenset({"username", "password"})),
}
MIN_INTERVAL, MAX_INTERVAL = 5, 10080
MAX_SECRET_LENGTH = 4096


def check_name(name: str) -> list[Problem]:
    if not 1 <= len(name.strip()) <= 100:
        return [Problem(Code.INVALID, "Name must be 1 to 100 characters", ["input", "name"])]
    return []


def check_feed_url(kind: SupplierKind, url: str | None) -> list[Problem]:
    """A FEED needs an http(s) URL with a host (where it points is checked at each fetch,
    app/suppliers/adapters/ssrf.py); other kinds take none."""
    field = ["input", "feedUrl"]
    if kind is not SupplierKind.FEED:
        if url:
            return [Problem(Code.INVALID, f"A {kind.value} connection takes no feedUrl", field)]
        return []
    if not url:
        return [Problem(Code.REQUIRED, "A FEED connection needs feedUrl", field)]
    try:
        parts = urlsplit(url)
    except ValueError:
        return [Problem(Code.INVALID, "feedUrl is not a valid URL", field)]
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2048:
        return [Problem(Code.INVALID, "feedUrl must be an http(s) URL with a host", field)]
    if parts.username or parts.password:
        return [Problem(Code.INVALID, "Put feed credentials in credentials, not the URL", field)]
    return []


def check_credentials(kind: SupplierKind, values: Mapping[str, Any]) -> list[Problem]:
    """Names the missing or unknown credentials; never echoes a value."""
    required, optional = CREDENTIALS[kind]
    field = ["input", "credentials"]
    problems = []
    missing = sorted(required - values.keys())
    if missing:
        problems.append(
            Problem(Code.REQUIRED, f"{kind.value} needs credentials {', '.join(missing)}", field)
        )
    unknown = sorted(values.keys() - required - optional)
    if unknown:
        problems.append(Problem(Code.INVALID, f"Unknown credentials {', '.join(unknown)}", field))
    for name, value in values.items():
        if not isinstance(value, str) or not 1 <= len(value) <= MAX_SECRET_LENGTH:
            problems.append(
                Problem(Code.INVALID, f"Credential {name} must be a non-empty string", field)
            )
    return problems


def check_interval(minutes: int) -> list[Problem]:
    if not MIN_INTERVAL <= minutes <= MAX_INTERVAL:
        return [
            Problem(
                Code.INVALID,
                f"syncIntervalMinutes must be {MIN_INTERVAL} to {MAX_INTERVAL}",
                ["input", "syncIntervalMinutes"],
            )
        ]
    return []
