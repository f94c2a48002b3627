"""The app factory: routes, middleware and the lifespan that owns shared clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from app import cache_bus
from app.catalog.media_routes import media_routes
from app.catalog.service.storage import create_storage
from app.catalog.sitemap_routes import sitemap_routes
from app.cors import CorsMiddleware
from app.db.engine import create_engine
from app.db.replicas import ReplicaSet
from app.documents.resolve import DocumentResolver, PersistedLimits
from app.email.routes import email_routes
from app.events.bus import EventHub
from app.graphiql import static_routes as graphiql_routes
from app.graphql.response_cache import CachePolicy, ResponseCache
from app.graphql.view import GraphQLView
from app.health import healthz, readyz
from app.observability import Metrics, RequestContextMiddleware, configure_logging
from app.payments.gateway import create_gateway
from app.resources import Resources
from app.runtime import tune_gc
from app.schema import build_schema
from app.settings import Settings, load_settings
from app.suppliers.demo_feed import demo_feed_routes
from app.tenancy.principals import Authenticator
from app.webhooks.stripe import stripe_routes
from app.webhooks.suppliers import supplier_routes


def replica_set(settings: Settings) -> ReplicaSet | None:
    if not settings.database_replica_urls:
        return None
    return ReplicaSet(
        settings.database_replica_urls,
        pool_size=settings.db_replica_pool_size,
        max_lag_seconds=settings.replica_max_lag_seconds,
        status_cache_seconds=settings.replica_status_cache_ms / 1000,
        retry_seconds=settings.replica_retry_seconds,
        probe_timeout_seconds=settings.replica_connect_timeout_seconds,
        connect_timeout_seconds=settings.replica_connect_timeout_seconds,
        pool_timeout_seconds=settings.replica_pool_timeout_seconds,
        prepared_statements=settings.db_prepared_statements,  # replicas behind a pooler too
    )


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
    response_cache = ResponseCache(
        CachePolicy(
            max_age=settings.storefront_cache_max_age,
            stale_while_revalidate=settings.storefront_cache_stale_seconds,
            enabled=settings.response_cache,
        )
    )
    # In-process caches dropped in every API process when their source changes.
    bus = cache_bus.CacheBus()
    bus.register(cache_bus.STOREFRONT, authenticator.forget)
    bus.register(cache_bus.RESPONSES, response_cache.forget)
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
        cache=response_cache,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        resources = Resources(
            settings=settings,
            engine=create_engine(
                settings.database_url,
                pool_size=settings.db_pool_size,
                prepared_statements=settings.db_prepared_statements,
            ),
            redis=Redis.from_url(settings.redis_url),
            payments=create_gateway(settings),
            replicas=replica_set(settings),
        )
        app.state.resources = resources
        # One Redis subscription per process feeds every websocket's subscriptions and the
        # cache bus's invalidations.
        bus.redis = resources.redis
        app.state.event_hub = hub = EventHub(
            resources.redis,
            channels={cache_bus.CHANNEL: bus.dispatch},
            on_resubscribe=bus.reset,
        )
        hub.start()
        tune_gc()
        try:
            yield
        finally:
            await hub.stop()
            bus.redis = None
            await resources.close()

    app = Starlette(
        routes=[
            # Every method reaches the view, which refuses all but GET and POST with a
            # GraphQL error and a code (app/graphql/refusals.py).
            Route("/graphql", graphql),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics.endpoint),
            *media_routes(media_storage),
            *(graphiql_routes() if not settings.is_production else []),
            *stripe_routes(),
            *supplier_routes(),
            *(demo_feed_routes() if not settings.is_production else []),
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
    app.state.cache_bus = bus
    app.state.metrics = metrics
    app.state.media_storage = media_storage
    app.state.settings = settings
    return app


def create_app_from_environment() -> Starlette:
    """`edestory serve`'s factory, called in each worker process uvicorn starts: settings
    and logging from the environment, then `create_app` (each process its own pools)."""
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_json)
    return create_app(settings)
