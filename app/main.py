"""The app factory: routes, middleware and the lifespan that owns shared clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from app.catalog.media_routes import media_routes
from app.catalog.storage import create_storage
from app.cors import CorsMiddleware
from app.db.engine import create_engine
from app.graphql.view import GraphQLView
from app.health import healthz, readyz
from app.observability import Metrics, RequestContextMiddleware
from app.resources import Resources
from app.runtime import tune_gc
from app.schema import build_schema
from app.settings import Settings
from app.tenancy.principals import Authenticator


def create_app(settings: Settings) -> Starlette:
    """Build the ASGI app; nothing connects until the lifespan starts."""
    if not settings.database_url or not settings.redis_url:
        raise ValueError("create_app needs DATABASE_URL and REDIS_URL (edestory dev sets them)")
    metrics = Metrics()
    authenticator = Authenticator()
    media_storage = create_storage(settings)  # connects on first use
    graphql = GraphQLView(
        build_schema(settings, observe_validation=metrics.observe_validation),
        authenticate=authenticator,
        ide=not settings.is_production,
        max_body_bytes=settings.max_body_bytes,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        resources = Resources(
            settings=settings,
            engine=create_engine(settings.database_url, pool_size=settings.db_pool_size),
            redis=Redis.from_url(settings.redis_url),
        )
        app.state.resources = resources
        tune_gc()
        try:
            yield
        finally:
            await resources.close()

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics.endpoint),
            *media_routes(media_storage),
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
