"""`edestory dev` end to end: a real process, real servers, real HTTP, Ctrl-C, a restart."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EDESTORY = Path(sys.executable).parent / "edestory"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0

SHOP = "{ shop { name currencyCode } }"
TOKEN_CREATE = """
mutation ($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { accessToken userErrors { code message } }
}"""
ME = "{ me { email role } }"
ME_TENANT = "{ me { tenant { id } } }"
DEV_JSON_KEYS = {
    "graphql_url",
    "storefront_token",
    "staff_email",
    "staff_password",
    "database_url",
    "redis_url",
    "tenant_id",
    "tenant_global_id",
    "store_id",
    "store_global_id",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def processes() -> Iterator[tuple[int, str]]:
    """(pid, command line) of every process we can see."""
    try:
        import psutil  # installed with pgserver
    except ImportError:
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                raw = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            yield int(entry.name), raw.replace(b"\0", b" ").decode(errors="replace")
        return
    for proc in psutil.process_iter(["pid", "cmdline"]):
        yield proc.info["pid"], " ".join(proc.info["cmdline"] or [])


def servers_of(data_dir: Path) -> list[tuple[int, str]]:
    """The PostgreSQL and Redis processes of this data directory that are still alive.

    PostgreSQL keeps `-D <dir>` in its command line; redis-server retitles itself to
    `redis-server 127.0.0.1:<port>`, so it is found by the port the launcher saved."""
    port_file = data_dir / "redis" / "port"
    redis_address = f"127.0.0.1:{port_file.read_text()}" if port_file.exists() else None

    def ours(cmd: str) -> bool:
        if "postgres" in cmd or "redis-server" in cmd:
            return str(data_dir) in cmd or redis_address in cmd.split()
        return False

    return [(pid, cmd) for pid, cmd in processes() if ours(cmd)]


class DevServer:
    """One `edestory dev` process on a data directory and port."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.port = port
        self.log = data_dir / f"dev-{port}.log"
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL", "EDESTORY_ENV")
        }
        env["EDESTORY_DATA_DIR"] = str(data_dir)
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(EDESTORY), "dev", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def wait_ready(self) -> dict[str, Any]:
        deadline = time.monotonic() + START_TIMEOUT
        state = self.data_dir / "dev.json"
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"edestory dev exited early:\n{self.output()}"
            if state.exists() and listening(self.port):
                info: dict[str, Any] = json.loads(state.read_text())
                return info
            time.sleep(0.2)
        pytest.fail(f"edestory dev not ready in {START_TIMEOUT:.0f}s:\n{self.output()}")

    def interrupt(self) -> float:
        """Ctrl-C; returns how long the process took to exit."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=STOP_TIMEOUT)
        return time.monotonic() - started

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def graphql(url: str, query: str, variables: dict[str, Any], headers: dict[str, str]) -> Any:
    response = httpx.post(
        url, json={"query": query, "variables": variables}, headers=headers, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()


def sign_in(info: dict[str, Any]) -> str:
    body = graphql(
        info["graphql_url"],
        TOKEN_CREATE,
        {"email": info["staff_email"], "password": info["staff_password"]},
        {},
    )
    payload = body["data"]["tokenCreate"]
    assert payload["userErrors"] == []
    token: str = payload["accessToken"]
    return token


DEMO_CART = """
query { products(first: 5, filter: {available: true}) {
  nodes { variants(first: 10) { nodes { id quantityAvailable } } } } }"""
DEMO_CART_CREATE = """
mutation ($input: CartInput) { cartCreate(input: $input) { cart { id } userErrors { code } } }"""
DEMO_ADDRESS = """
mutation ($cartId: ID!, $address: MailingAddressInput!) {
  cartShippingAddressUpdate(cartId: $cartId, address: $address) {
    cart { deliveryOptions { handle } cost { totalTaxAmount { amount } } }
    userErrors { code } } }"""


def assert_demo_ships_to_spain(info: dict[str, str]) -> None:
    """The seeded EU zone: a cart of the demo store gets delivery options and VAT."""
    headers = {"X-Storefront-Token": info["storefront_token"]}
    url = info["graphql_url"]
    products = graphql(url, DEMO_CART, {}, headers)["data"]["products"]["nodes"]
    variant = next(
        v["id"] for p in products for v in p["variants"]["nodes"] if v["quantityAvailable"] > 0
    )
    lines = [{"merchandiseId": variant, "quantity": 1}]
    created = graphql(url, DEMO_CART_CREATE, {"input": {"lines": lines}}, headers)
    assert created["data"]["cartCreate"]["userErrors"] == [], created
    cart_id = created["data"]["cartCreate"]["cart"]["id"]
    address = {"lastName": "García", "address1": "Calle Mayor 1", "city": "Madrid",
               "zip": "28013", "countryCode": "ES"}  # fmt: skip
    body = graphql(url, DEMO_ADDRESS, {"cartId": cart_id, "address": address}, headers)
    cart = body["data"]["cartShippingAddressUpdate"]["cart"]
    assert [o["handle"] for o in cart["deliveryOptions"]] == ["standard", "express"]
    assert cart["cost"]["totalTaxAmount"]["amount"] != "0.00"


def stop_and_check(server: DevServer) -> None:
    assert server.interrupt() < STOP_TIMEOUT
    assert server.process.returncode == 0, server.output()
    assert servers_of(server.data_dir) == []
    for name in ("postgres", "redis"):
        port = int((server.data_dir / name / "port").read_text())
        assert not listening(port), f"{name} still listens on {port}"
    assert not listening(server.port)


def check_a_second_dev_server_hands_dev_json_back(data_dir: Path, info: dict[str, Any]) -> None:
    """A second `edestory dev` on another port shares the servers; when it stops, dev.json
    names the first one again."""
    other = DevServer(data_dir, free_port())
    try:
        deadline = time.monotonic() + START_TIMEOUT
        state = data_dir / "dev.json"
        while json.loads(state.read_text())["graphql_url"] == info["graphql_url"]:
            assert other.process.poll() is None, other.output()
            assert time.monotonic() < deadline, other.output()
            time.sleep(0.2)
        other.wait_ready()
        assert other.interrupt() < STOP_TIMEOUT
        assert other.process.returncode == 0, other.output()
    finally:
        other.kill()
    assert json.loads((data_dir / "dev.json").read_text()) == info
    body = graphql(info["graphql_url"], SHOP, {}, {"X-Storefront-Token": info["storefront_token"]})
    assert body["data"]["shop"]["name"] == "Edestory Demo Store"  # the first still serves


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # Under the project, not /tmp: when run as root the launcher starts PostgreSQL as an
    # unprivileged user, which must be able to traverse every parent directory.
    path = ROOT / ".edestory" / f"e2e-{uuid.uuid4().hex[:12]}"
    path.mkdir(parents=True)
    yield path
    for pid, _ in servers_of(path):  # only after a failed run: servers we started
        os.kill(pid, signal.SIGKILL)
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.timeout(240)
def test_dev_serves_the_demo_store_and_stops_cleanly(data_dir: Path) -> None:
    first = DevServer(data_dir, free_port())
    try:
        info = first.wait_ready()
        assert set(info) >= DEV_JSON_KEYS
        assert info["graphql_url"] == f"http://127.0.0.1:{first.port}/graphql"
        printed = first.output()
        assert info["staff_email"] in printed
        assert info["staff_password"] in printed
        assert info["storefront_token"] in printed

        body = graphql(
            info["graphql_url"], SHOP, {}, {"X-Storefront-Token": info["storefront_token"]}
        )
        assert body["data"] == {"shop": {"name": "Edestory Demo Store", "currencyCode": "EUR"}}
        assert body["extensions"]["cost"]["requestedQueryCost"] == 1  # reported by default
        assert_demo_ships_to_spain(info)

        access = sign_in(info)
        body = graphql(info["graphql_url"], ME, {}, {"Authorization": f"Bearer {access}"})
        assert body["data"] == {"me": {"email": info["staff_email"], "role": "OWNER"}}
        body = graphql(info["graphql_url"], ME_TENANT, {}, {"Authorization": f"Bearer {access}"})
        assert body["data"]["me"]["tenant"]["id"] == info["tenant_global_id"]

        page = httpx.get(info["graphql_url"], headers={"Accept": "text/html"}, timeout=30)
        assert info["storefront_token"] in page.text  # GraphiQL opens with it in Headers
        assert "query CategoryPage" in page.text

        check_a_second_dev_server_hands_dev_json_back(data_dir, info)
        stop_and_check(first)
    finally:
        first.kill()

    second = DevServer(data_dir, free_port())
    try:
        again = second.wait_ready()
        assert again["staff_password"] == info["staff_password"]  # the data was kept
        assert again["storefront_token"] == info["storefront_token"]
        sign_in(again)
        body = graphql(
            again["graphql_url"], SHOP, {}, {"X-Storefront-Token": again["storefront_token"]}
        )
        assert body["data"]["shop"]["name"] == "Edestory Demo Store"
        stop_and_check(second)
    finally:
        second.kill()
