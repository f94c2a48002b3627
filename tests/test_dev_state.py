"""dev.json names a dev server that runs: a second one's stop hands it back to the first."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.dev_state import read_state, restore_after_stop, write_state


@pytest.fixture
def live_port() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield int(server.getsockname()[1])


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _url(port: int) -> str:
    return f"http://127.0.0.1:{port}/graphql"


def test_second_server_stopping_hands_the_file_back(tmp_path: Path, live_port: int) -> None:
    path = tmp_path / "dev.json"
    first = {"graphql_url": _url(live_port), "storefront_token": "est_a", "tenant_id": "t"}
    write_state(path, first)
    before = read_state(path)
    second = {**first, "graphql_url": _url(_dead_port())}
    write_state(path, second)

    restore_after_stop(path, second, before)

    assert read_state(path) == first
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_last_server_stopping_keeps_its_own_url(tmp_path: Path) -> None:
    path = tmp_path / "dev.json"
    before = {"graphql_url": _url(_dead_port())}
    ours = {"graphql_url": _url(_dead_port()), "storefront_token": "est_a"}
    write_state(path, ours)
    restore_after_stop(path, ours, before)
    assert read_state(path) == ours  # nothing runs: the next `edestory dev` rewrites it


def test_a_file_written_by_a_newer_server_is_left_alone(tmp_path: Path, live_port: int) -> None:
    path = tmp_path / "dev.json"
    ours = {"graphql_url": _url(_dead_port())}
    newer = {"graphql_url": _url(live_port)}
    write_state(path, newer)
    restore_after_stop(path, ours, {"graphql_url": _url(_dead_port())})
    assert read_state(path) == newer


def test_a_damaged_file_reads_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "dev.json"
    path.write_text("{not json")
    assert read_state(path) == {}
