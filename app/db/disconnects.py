"""Which exceptions mean "the server is gone", as opposed to "the statement failed".

A read routed to a replica that died after its last probe fails with one of these before
any row came back; the request then reads from the primary instead (RequestDB, and
app/db/replicas.py marks the replica down). An error PostgreSQL answered about the statement
itself (a syntax error, a constraint, a cancelled query) is not one: retrying it elsewhere
would hide a real fault.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

# The server went away or refuses sessions: a shutdown (57P01 admin, 57P02 crash),
# "cannot connect now" (57P03: starting up, shutting down, in recovery without hot standby),
# and class 08 (connection exceptions, "connection does not exist" included).
_SERVER_GONE: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    # The protocol was left mid-operation (a session terminated while idle in the pool, then
    # a simple-query BEGIN sent on it): "cannot switch to state ...". The connection is
    # unusable whatever the statement.
    asyncpg.exceptions.InternalClientError,
)


def is_connection_lost(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) says the connection or the server is gone."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, _SERVER_GONE):
            return True
        if isinstance(current, asyncpg.exceptions.InterfaceError) and "closed" in str(current):
            return True  # "connection is closed" (the socket went before the statement)
        orig = getattr(current, "orig", None)
        current = (
            orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)
        )
    return False


def is_pool_exhausted(exc: BaseException) -> bool:
    """SQLAlchemy's pool had no free connection within its timeout (all in use): the server
    may be fine; a read routed to a replica then goes to the primary instead of waiting."""
    return isinstance(exc, PoolTimeoutError)
