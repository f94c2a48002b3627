"""The DNS-rebinding window is closed: PinnedTransport resolves a host once, checks the
addresses, and connects to the checked address (Host header and TLS server name unchanged).
A resolver that answers differently on each call stands in for a rebinding DNS server."""

from __future__ import annotations

import httpx
import pytest

from app.events.ssrf import UnsafeDestinationError, pinned_client
from app.net.ssrf import PinnedTransport
from app.suppliers.adapters.base import SupplierError
from app.suppliers.adapters.ssrf import check_url
from tests.events.receiver import receiver


class Rebinding:
    """Answers each call with the next list of addresses (the last repeats)."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        return self.answers[min(len(self.calls) - 1, len(self.answers) - 1)]


async def test_the_request_goes_to_the_address_resolved_once_with_the_original_host() -> None:
    # "hooks.invalid" resolves nowhere in real DNS: only the pinned address can be reached.
    dns = Rebinding(["127.0.0.1"], ["10.9.9.9"])
    async with receiver() as hooks, pinned_client(allow_private=True, resolver=dns) as http:
        response = await http.post(f"http://hooks.invalid:{hooks.port}/hooks", content=b"{}")
        assert response.status_code == 200
        (request,) = hooks.requests
    assert request.headers["host"] == f"hooks.invalid:{hooks.port}"
    assert dns.calls == ["hooks.invalid"]


@pytest.mark.parametrize(
    "answer", [["127.0.0.1"], ["93.184.215.14", "10.0.0.5"], ["169.254.169.254"], ["::1"]]
)
async def test_a_host_resolving_to_any_private_address_is_never_connected_to(
    answer: list[str],
) -> None:
    seen: list[httpx.Request] = []
    network = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200))
    transport = PinnedTransport(allow_private=False, resolver=Rebinding(answer), inner=network)
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(UnsafeDestinationError, match="private or local"):
            await http.get("https://rebind.example/hooks")
    assert seen == []


async def test_https_keeps_the_host_for_sni_and_the_host_header() -> None:
    seen: list[httpx.Request] = []
    network = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(204))
    dns = Rebinding(["93.184.215.14"], ["127.0.0.1"])
    transport = PinnedTransport(allow_private=False, resolver=dns, inner=network)
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await http.get("https://shop.example:8443/hooks?x=1")).status_code == 204
        # Each request resolves and checks anew: rebound to loopback, the next is refused.
        with pytest.raises(UnsafeDestinationError):
            await http.get("https://shop.example:8443/hooks?x=1")
    assert len(seen) == 1 and dns.calls == ["shop.example", "shop.example"]
    (sent,) = seen
    assert str(sent.url) == "https://93.184.215.14:8443/hooks?x=1"
    assert sent.headers["host"] == "shop.example:8443"
    assert sent.extensions["sni_hostname"] == "shop.example"


async def test_the_suppliers_check_keeps_its_name_and_error() -> None:
    with pytest.raises(SupplierError, match="The feed host localhost resolves to a private"):
        await check_url("http://localhost/feed.csv", allow_private=False)
    with pytest.raises(SupplierError, match="http"):
        await check_url("ftp://example.com/feed.csv", allow_private=True)
    await check_url("http://127.0.0.1/feed.csv", allow_private=True)
