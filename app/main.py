"""The app factory: routes, middleware and the lifespan that owns shared clients."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from app.catalog.media_routes import media_routes
from app.catalog.service.storage import create_storage
from app.catalog.sitemap_routes import sitemap_routes
from app.cors import CorsMiddleware
from app.db import idempotency
from app.db.engine import create_engine
from app.documents.resolve import DocumentResolver, PersistedLimits
from app.email.routes import email_routes
from app.expiry import run_periodically
from app.graphiql import static_routes as graphiql_routes
from app.graphql.response_cache import CachePolicy, ResponseCache
from app.graphql.view import GraphQLView
from app.health import healthz, readyz
from app.observability import Metrics, RequestContextMiddleware
from app.payments.gateway import create_gateway
from app.resources import Resources
from app.runtime import tune_gc
from app.schema import build_schema
from app.settings import Settings
from app.tenancy.principals import Authenticator
from app.webhooks.stripe import stripe_routes

log = logging.getLogger("edestory.app")
PURGE_EVERY_SECONDS = 3600


async def purge_idempotency_keys(engine: AsyncEngine) -> None:
    """Delete expired idempotency keys now and then every hour, for the process's life.
    Every replica runs it; the DELETE is idempotent, so that costs only a statement."""
    while True:
        try:
            await idempotency.purge_expired(engine)
        except Exception:
            log.exception("purging expired idempotency keys failed")
        await asyncio.sleep(PURGE_EVERY_SECONDS)


def create_app(settings: Settings) -> Starlette:
    """Build the ASGI app; nothing connects until the lifespan starts."""
    if not settings.database_url or not settings.redis_url:
        raise ValueError("create_app needs DATABASE_URL and REDIS_URL (edestory dev sets them)")
    metrics = Metrics()
    authenticator = Authenticator()
    media_storage = create_storage(settings)  # connects on first use
    documents = DocumentResolver(
        PersistedLimits(
            max_bytes=settings.persisted_query_max_bytes,
            apq_max_entries=settings.apq_max_entries,
        )
    )
    graphql = GraphQLView(
        build_schema(
            settings,
            observe_validation=metrics.observe_validation,
            on_rate_limit_unavailable=metrics.rate_limit_unavailable.inc,
        ),
        authenticate=authenticator,
        ide=not settings.is_production,
        max_body_bytes=settings.max_body_bytes,
        documents=documents,
        cache=ResponseCache(
            CachePolicy(
                max_age=settings.storefront_cache_max_age,
                stale_while_revalidate=settings.storefront_cache_stale_seconds,
                enabled=settings.response_cache,
            )
        ),
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        resources = Resources(
            settings=settings,
            engine=create_engine(settings.database_url, pool_size=settings.db_pool_size),
            redis=Redis.from_url(settings.redis_url),
            payments=create_gateway(settings),
        )
        app.state.resources = resources
        tune_gc()
        purge = asyncio.create_task(purge_idempotency_keys(resources.engine))
        # Moves to the arq worker with the worker issue (app/expiry.py).
        expiry = asyncio.create_task(
            run_periodically(resources.engine, resources.redis, settings.expiry_interval_seconds)
        )
        try:
            yield
        finally:
            purge.cancel()
            expiry.cancel()
            await asyncio.gather(purge, expiry, return_exceptions=True)
            await resources.close()

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics.endpoint),
            *media_routes(media_storage),
            *(graphiql_routes() if not settings.is_production else []),
            *stripe_routes(),
            *sitemap_routes(),
            *email_routes(),
        ],
        middleware=[
            Middleware(
                RequestContextMiddleware,
                metrics=metrics,
                slow_request_seconds=settings.slow_request_seconds,
            ),
            # Inside the request-id middleware: a preflight's answer carries X-Request-Id too.
            Middleware(CorsMiddleware, origins=settings.cors_origins),
        ],
        lifespan=lifespan,
    )
    app.state.authenticator = authenticator
    app.state.metrics = metrics
    app.state.media_storage = media_storage
    app.state.settings = settings
    return app
