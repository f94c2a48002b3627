"""Shared objects built once in the lifespan (or a worker's startup) and handed on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.replicas import ReplicaSet
from app.settings import Settings

if TYPE_CHECKING:
    from app.payments.gateway import StripeGateway


@dataclass(slots=True)
class Resources:
    settings: Settings
    engine: AsyncEngine
    redis: Redis
    payments: StripeGateway | None = None
    replicas: ReplicaSet | None = None  # DATABASE_REPLICA_URLS set

    async def close(self) -> None:
        if self.replicas is not None:
            await self.replicas.close()
        if self.payments is not None:
            await self.payments.close()
        await self.redis.aclose()
        await self.engine.dispose()
