"""`edestory dev` killed hard leaves no server behind; it signs with its own secret."""

from __future__ import annotations

import datetime as dt
import signal
import time
import uuid
import warnings
from pathlib import Path

import jwt
import pytest
from jwt.warnings import InsecureKeyLengthWarning

from app.settings import DEV_JWT_SECRET
from app.tenancy.access_claims import JWT_ALGORITHM, JWT_ISSUER
from tests.e2e.test_dev_command import (
    ME,
    DevServer,
    data_dir,  # noqa: F401 - the fixture
    free_port,
    graphql,
    servers_of,
    sign_in,
)

GONE_WITHIN = 30.0


def forged_owner_token(secret: str) -> str:
    now = dt.datetime.now(dt.UTC)
    claims = {
        "iss": JWT_ISSUER,
        "typ": "access",
        "sub": str(uuid.uuid4()),
        "uid": str(uuid.uuid4()),
        "tid": str(uuid.uuid4()),
        "role": "OWNER",
        "fam": str(uuid.uuid4()),
        "iat": now,
        "exp": now + dt.timedelta(minutes=5),
    }
    with warnings.catch_warnings():  # the public default is short: that is the point
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode(claims, secret, algorithm=JWT_ALGORITHM)


@pytest.mark.timeout(240)
def test_sigkill_of_the_launcher_stops_its_servers(data_dir: Path) -> None:  # noqa: F811
    server = DevServer(data_dir, free_port())
    try:
        info = server.wait_ready()
        secret = (data_dir / "jwt-secret").read_text().strip()
        assert len(secret) >= 32
        assert secret != DEV_JWT_SECRET
        assert (data_dir / "jwt-secret").stat().st_mode & 0o077 == 0
        access = sign_in(info)
        assert jwt.decode(access, secret, algorithms=[JWT_ALGORITHM], issuer=JWT_ISSUER)
        forged = forged_owner_token(DEV_JWT_SECRET)
        body = graphql(info["graphql_url"], ME, {}, {"Authorization": f"Bearer {forged}"})
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

        assert servers_of(data_dir), "the servers should be running"
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
        deadline = time.monotonic() + GONE_WITHIN
        while servers_of(data_dir) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert servers_of(data_dir) == [], "PostgreSQL or Redis outlived a SIGKILLed launcher"
    finally:
        server.kill()

    # SIGTERM (a process manager, `kill`) stops everything as Ctrl-C does; the data and
    # the secret are kept for the next run.
    again = DevServer(data_dir, free_port())
    try:
        info = again.wait_ready()
        assert (data_dir / "jwt-secret").read_text().strip() == secret
        sign_in(info)
        again.process.send_signal(signal.SIGTERM)
        again.process.wait(timeout=60)
        assert servers_of(data_dir) == [], "PostgreSQL or Redis outlived a SIGTERMed launcher"
    finally:
        again.kill()
