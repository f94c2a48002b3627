"""Webhook destinations: http(s) only, public addresses only unless allowed."""

from __future__ import annotations

import pytest

from app.events.ssrf import UnsafeUrlError, check_destination


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://localhost:8080/",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://172.16.5.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
async def test_private_loopback_and_link_local_destinations_are_refused(url: str) -> None:
    with pytest.raises(UnsafeUrlError, match="private or local"):
        await check_destination(url, allow_private=False)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "file:///etc/passwd", "https://user:pw@example.com/", "http:///x"]
)
async def test_only_plain_http_and_https_urls_are_accepted(url: str) -> None:
    with pytest.raises(UnsafeUrlError):
        await check_destination(url, allow_private=True)


async def test_the_setting_allows_loopback_for_tests_and_dev() -> None:
    await check_destination("http://127.0.0.1:9/hooks", allow_private=True)


async def test_a_public_address_is_accepted() -> None:
    await check_destination("http://93.184.215.14/", allow_private=False)
