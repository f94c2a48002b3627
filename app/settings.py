"""One typed Settings object, read from the environment once, in the app factory or the CLI."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

Environment = Literal["dev", "test", "production"]
Introspection = Literal["all", "staff", "off"]

# Secrets that are fine on a laptop and refused anywhere else.
DEV_JWT_SECRET = "dev-only-jwt-secret-change-me"  # noqa: S105


class SettingsError(ValueError):
    """The environment does not describe a runnable configuration."""


@dataclass(frozen=True, slots=True)
class Settings:
    env: Environment = "dev"
    # The application role's URL: the role RLS binds. Empty means "use the embedded server".
    database_url: str = ""
    # The owner's URL, for migrations only. Defaults to database_url.
    database_owner_url: str = ""
    # The application role's URL straight to PostgreSQL, for what a transaction-mode pooler
    # (PgBouncer) cannot carry: the outbox relay's LISTEN. Defaults to database_url.
    database_direct_url: str = ""
    # The role the migrations grant table privileges to.
    database_app_role: str = "edestory_app"
    redis_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    jwt_secret: str = DEV_JWT_SECRET
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    # Failed logins per email before each further attempt is slowed, and the base delay.
    login_free_attempts: int = 3
    login_delay_base_seconds: float = 0.5
    login_delay_max_seconds: float = 8.0
    max_query_depth: int = 12
    max_query_tokens: int = 5000
    max_query_aliases: int = 50
    # Wall-clock budget of one document's validation; past it the document is refused.
    validation_budget_seconds: float = 0.5
    # Request bodies over this many bytes are answered 413 before they are read whole.
    max_body_bytes: int = 1_000_000
    # Who may run __schema/__type: everyone, staff tokens and API keys, or no one.
    # Empty means the environment's default: `staff` in production, `all` elsewhere.
    introspection: str = ""
    # Requests slower than this are logged at WARNING with their operation and request id.
    slow_request_seconds: float = 1.0
    # Browser origins allowed besides each store's own domains (the dashboard's, a
    # storefront's preview host); `*` is not accepted: credentials are sent as headers.
    cors_origins: tuple[str, ...] = ()
    db_pool_size: int = 20
    # Read replicas (streaming standbys of DATABASE_URL) for storefront reads; empty: none.
    # app/db/replicas.py describes the routing and read-your-writes.
    database_replica_urls: tuple[str, ...] = ()
    db_replica_pool_size: int = 5  # connections per replica, per process
    # A replica whose replay trails what it received by more than this is skipped.
    replica_max_lag_seconds: float = 10.0
    # How long a replica's probed replay position is reused (per process).
    replica_status_cache_ms: float = 20.0
    # A replica that failed its probe is skipped this long before it is tried again.
    replica_retry_seconds: float = 5.0
    # A replica connect (and its status probe) gives up after this; asyncpg's default is 60 s.
    replica_connect_timeout_seconds: float = 2.0
    # A read waits this long for a free connection of its replica's pool, then uses the
    # primary (0: does not wait).
    replica_pool_timeout_seconds: float = 0.0
    # Lifetime of the WAL position a write's response carries (cookie Max-Age).
    read_your_writes_seconds: int = 60
    # Off: no named prepared statements, for a transaction-mode pooler without
    # protocol-level support for them (PgBouncer before 1.21); app/db/engine.py.
    db_prepared_statements: bool = True
    log_level: str = "INFO"
    log_json: bool | None = None  # None: text on a terminal, JSON otherwise
    # The fast execution path (app/graphql/fast_execution.py); off: graphql-core's own
    # executor, the reference it is tested against, with no deploy needed to switch.
    fast_execution: bool = True
    # Storefront requests run with plan_cache_mode = force_generic_plan (app/db/tenant.py):
    # their prepared statements are planned once per connection instead of every time.
    storefront_generic_plans: bool = True
    data_dir: str = ".edestory"
    # Media storage: S3 (or an S3-compatible endpoint) when a bucket is set, else local disk
    # served by the app. AWS credentials come from boto3's usual environment variables.
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_region: str = "us-east-1"
    s3_public_url: str = ""  # base URL of public objects (a CDN); default: the bucket's URL
    media_dir: str = ".edestory/media"
    public_url: str = ""  # base URL of this API for local media; default http://{host}:{port}
    # Stripe: without a secret key checkoutCreate answers a userError naming the setting;
    # the API base points the SDK at a local stand-in in tests.
    stripe_secret_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = "https://api.stripe.com"
    # The periodic expiry of carts and reservations in the API process (until the worker).
    expiry_interval_seconds: float = 60.0
    # Persisted operations (app/documents): the largest text a client may register (APQ or
    # a manifest's document), and how many APQ texts Redis keeps per tenant.
    persisted_query_max_bytes: int = 64 * 1024
    apq_max_entries: int = 5000
    # Query cost (app/graphql/cost.py): the single-query maximum, `extensions.cost` in
    # answers, and the leaky bucket per API key / staff user / client IP (cost points, and
    # points restored per second); rate limits off: EDESTORY_RATE_LIMIT=0.
    max_query_cost: int = 5000
    cost_in_extensions: bool = True
    rate_limit: bool = True
    rate_limit_capacity: int = 10000
    rate_limit_restore_rate: float = 500.0
    # Batched requests (a JSON array of operations): refused unless this is above 0, and
    # then at most this many operations per request.
    batch_max_operations: int = 0
    # GET persisted storefront reads (app/graphql/response_cache.py): Cache-Control's
    # max-age and stale-while-revalidate, and the API's own response cache (on by default).
    storefront_cache_max_age: int = 60
    storefront_cache_stale_seconds: int = 300
    response_cache: bool = True
    # Automation (app/suppliers): the key supplier credentials are encrypted with (required
    # in production; dev and test derive one from the JWT secret), the suppliers' API bases
    # (local stand-ins in tests), feed limits, and whether feeds may be on private addresses
    # (tests and local development only).
    secrets_key: str = ""
    aliexpress_api_base: str = "https://api-sg.aliexpress.com"
    cj_api_base: str = "https://developers.cjdropshipping.com/api2.0/v1"
    supplier_timeout_seconds: float = 30.0
    feed_max_bytes: int = 50 * 1024 * 1024
    suppliers_allow_private: bool = False
    # "USD=0.92,CNY=0.128": the value of one unit in EUR; empty: app/suppliers/rates.py's table.
    exchange_rates: str = ""
    # Dropshipped orders in flight: how often each supplier is asked for tracking, and the
    # tracking URL a fulfilment gets ({number} replaced; empty: none).
    supplier_tracking_seconds: float = 3600.0
    supplier_tracking_url: str = "https://t.17track.net/en#nums={number}"
    # Imported products' images are downloaded into media storage; True keeps the supplier's
    # https image URLs instead (no download).
    supplier_image_links: bool = False
    # The country supplier prices, stock and freight estimates are asked for (ISO code).
    supplier_ship_to: str = "ES"
    # Events: subscriptions, the outbox relay and outbound webhooks (app/events).
    ws_ping_seconds: float = 20.0  # a graphql-transport-ws ping after this long without a message
    ws_queue_limit: int = 1000  # events waiting per websocket before it is closed (4413)
    outbox_sweep_seconds: float = 5.0  # the relay's sweep, besides waking on NOTIFY
    webhook_timeout_seconds: float = 10.0  # per delivery attempt
    webhook_backoff_scale: float = 1.0  # multiplies the retry schedule (tests shrink it)
    webhook_disable_after: int = 100  # consecutive failed attempts before a subscription is off
    webhooks_allow_private: bool = False  # loopback/private destinations (dev and tests only)
    webhook_secret_grace_seconds: int = 24 * 3600  # old secret still signs after a rotation
    events_retention_days: int = 30  # published events older than this are purged (worker)
    # A PENDING refund this old is asked of Stripe again by the worker (same idempotency key).
    refund_retry_after_seconds: int = 300
    # Job runs (app/automation): a RUNNING run writes a heartbeat this often; one whose
    # heartbeat is older than job_stale_seconds (its worker died) is enqueued again by the
    # worker's cron, at most job_max_resumes times, then FAILS.
    job_heartbeat_seconds: float = 15.0
    job_stale_seconds: float = 120.0
    job_max_resumes: int = 3
    # AI content (app/ai_content): without a key aiContentGenerate answers a userError naming
    # ANTHROPIC_API_KEY; the base URL points the SDK at a local stand-in in tests. Prices are
    # USD per million tokens of the model, for the drafts' recorded cost.
    anthropic_api_key: str = ""
    anthropic_base_url: str = ""
    ai_model: str = "claude-sonnet-4-6"
    ai_max_retries: int = 4
    ai_batch_threshold: int = 20  # more products than this in one run: the Batches API
    ai_batch_poll_seconds: float = 30.0
    ai_monthly_token_budget: int = 5_000_000  # per tenant
    ai_input_usd_per_mtok: float = 3.0
    ai_output_usd_per_mtok: float = 15.0
    # Shopper emails (app/email): the SMTP server; `edestory dev` runs one on 127.0.0.1:1025.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_from: str = "Edestory <no-reply@localhost>"
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def introspection_mode(self) -> Introspection:
        if self.introspection:
            return self.introspection  # type: ignore[return-value]
        return "staff" if self.is_production else "all"

    @property
    def public_base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def migration_url(self) -> str:
        return self.database_owner_url or self.database_url

    @property
    def direct_url(self) -> str:
        """Where session state outlives a transaction (LISTEN): never through a pooler."""
        return self.database_direct_url or self.database_url

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc


POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+asyncpg://")


def _flag(env: Mapping[str, str], name: str) -> bool:
    """On unless set to 0, false, no or off."""
    return env.get(name, "1").lower() not in ("0", "false", "no", "off")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build and validate Settings from the environment (``EDESTORY_*`` and the usual URLs)."""
    env = os.environ if env is None else env
    mode = env.get("EDESTORY_ENV", "dev")
    if mode not in ("dev", "test", "production"):
        raise SettingsError(f"EDESTORY_ENV must be dev, test or production, got {mode!r}")
    settings = Settings(
        env=mode,  # type: ignore[arg-type]
        database_url=env.get("DATABASE_URL", ""),
        database_owner_url=env.get("DATABASE_OWNER_URL", ""),
        database_direct_url=env.get("DATABASE_DIRECT_URL", ""),
        database_app_role=env.get("EDESTORY_DB_APP_ROLE", "edestory_app"),
        redis_url=env.get("REDIS_URL", ""),
        host=env.get("EDESTORY_HOST", "127.0.0.1"),
        port=_int(env, "EDESTORY_PORT", 8000),
        jwt_secret=env.get("EDESTORY_JWT_SECRET", DEV_JWT_SECRET),
        access_token_ttl_seconds=_int(env, "EDESTORY_ACCESS_TOKEN_TTL", 900),
        refresh_token_ttl_seconds=_int(env, "EDESTORY_REFRESH_TOKEN_TTL", 30 * 24 * 3600),
        login_free_attempts=_int(env, "EDESTORY_LOGIN_FREE_ATTEMPTS", 3),
        login_delay_base_seconds=_float(env, "EDESTORY_LOGIN_DELAY_BASE", 0.5),
        login_delay_max_seconds=_float(env, "EDESTORY_LOGIN_DELAY_MAX", 8.0),
        max_query_depth=_int(env, "EDESTORY_MAX_QUERY_DEPTH", 12),
        max_query_tokens=_int(env, "EDESTORY_MAX_QUERY_TOKENS", 5000),
        max_query_aliases=_int(env, "EDESTORY_MAX_QUERY_ALIASES", 50),
        validation_budget_seconds=_float(env, "EDESTORY_VALIDATION_BUDGET", 0.5),
        max_body_bytes=_int(env, "EDESTORY_MAX_BODY_BYTES", 1_000_000),
        introspection=env.get("EDESTORY_INTROSPECTION", "").lower(),
        slow_request_seconds=_float(env, "EDESTORY_SLOW_REQUEST_SECONDS", 1.0),
        cors_origins=tuple(
            o.strip().rstrip("/")
            for o in env.get("EDESTORY_CORS_ORIGINS", "").split(",")
            if o.strip()
        ),
        db_pool_size=_int(env, "EDESTORY_DB_POOL_SIZE", 20),
        database_replica_urls=tuple(
            u.strip() for u in env.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()
        ),
        db_replica_pool_size=_int(env, "EDESTORY_DB_REPLICA_POOL_SIZE", 5),
        replica_max_lag_seconds=_float(env, "EDESTORY_REPLICA_MAX_LAG_SECONDS", 10.0),
        replica_status_cache_ms=_float(env, "EDESTORY_REPLICA_STATUS_CACHE_MS", 20.0),
        replica_retry_seconds=_float(env, "EDESTORY_REPLICA_RETRY_SECONDS", 5.0),
        replica_connect_timeout_seconds=_float(
            env, "EDESTORY_REPLICA_CONNECT_TIMEOUT_SECONDS", 2.0
        ),
        replica_pool_timeout_seconds=_float(env, "EDESTORY_REPLICA_POOL_TIMEOUT_SECONDS", 0.0),
        read_your_writes_seconds=_int(env, "EDESTORY_READ_YOUR_WRITES_SECONDS", 60),
        db_prepared_statements=_flag(env, "EDESTORY_DB_PREPARED_STATEMENTS"),
        log_level=env.get("EDESTORY_LOG_LEVEL", "INFO").upper(),
        log_json=(
            env["EDESTORY_LOG_JSON"].lower() not in ("0", "false", "no", "off")
            if env.get("EDESTORY_LOG_JSON")
            else None
        ),
        fast_execution=_flag(env, "EDESTORY_FAST_EXECUTION"),
        storefront_generic_plans=_flag(env, "EDESTORY_STOREFRONT_GENERIC_PLANS"),
        data_dir=env.get("EDESTORY_DATA_DIR", ".edestory"),
        s3_bucket=env.get("EDESTORY_S3_BUCKET", ""),
        s3_endpoint_url=env.get("EDESTORY_S3_ENDPOINT_URL", ""),
        s3_region=env.get("EDESTORY_S3_REGION", "") or "us-east-1",
        s3_public_url=env.get("EDESTORY_S3_PUBLIC_URL", ""),
        media_dir=env.get("EDESTORY_MEDIA_DIR", "") or ".edestory/media",
        public_url=env.get("EDESTORY_PUBLIC_URL", ""),
        stripe_secret_key=env.get("STRIPE_SECRET_KEY", ""),
        stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET", ""),
        stripe_api_base=env.get("STRIPE_API_BASE", "") or "https://api.stripe.com",
        expiry_interval_seconds=_float(env, "EDESTORY_EXPIRY_INTERVAL", 60.0),
        persisted_query_max_bytes=_int(env, "EDESTORY_PERSISTED_QUERY_MAX_BYTES", 64 * 1024),
        apq_max_entries=_int(env, "EDESTORY_APQ_MAX_ENTRIES", 5000),
        max_query_cost=_int(env, "EDESTORY_MAX_QUERY_COST", 5000),
        cost_in_extensions=_flag(env, "EDESTORY_COST_EXTENSION"),
        rate_limit=_flag(env, "EDESTORY_RATE_LIMIT"),
        rate_limit_capacity=_int(env, "EDESTORY_RATE_LIMIT_CAPACITY", 10000),
        rate_limit_restore_rate=_float(env, "EDESTORY_RATE_LIMIT_RESTORE_RATE", 500.0),
        batch_max_operations=_int(env, "EDESTORY_BATCH_MAX_OPERATIONS", 0),
        storefront_cache_max_age=_int(env, "EDESTORY_STOREFRONT_CACHE_MAX_AGE", 60),
        storefront_cache_stale_seconds=_int(env, "EDESTORY_STOREFRONT_CACHE_STALE", 300),
        response_cache=_flag(env, "EDESTORY_RESPONSE_CACHE"),
        secrets_key=env.get("EDESTORY_SECRETS_KEY", ""),
        aliexpress_api_base=env.get("EDESTORY_ALIEXPRESS_API_BASE", "")
        or "https://api-sg.aliexpress.com",
        cj_api_base=env.get("EDESTORY_CJ_API_BASE", "")
        or "https://developers.cjdropshipping.com/api2.0/v1",
        supplier_timeout_seconds=_float(env, "EDESTORY_SUPPLIER_TIMEOUT", 30.0),
        feed_max_bytes=_int(env, "EDESTORY_FEED_MAX_BYTES", 50 * 1024 * 1024),
        suppliers_allow_private=env.get("EDESTORY_SUPPLIERS_ALLOW_PRIVATE", "").lower()
        in ("1", "true", "yes", "on"),
        exchange_rates=env.get("EDESTORY_EXCHANGE_RATES", ""),
        supplier_tracking_seconds=_float(env, "EDESTORY_SUPPLIER_TRACKING_SECONDS", 3600.0),
        supplier_ship_to=(env.get("EDESTORY_SUPPLIER_SHIP_TO", "") or "ES").upper(),
        supplier_image_links=env.get("EDESTORY_SUPPLIER_IMAGE_LINKS", "").lower()
        in ("1", "true", "yes", "on"),
        supplier_tracking_url=env.get(
            "EDESTORY_SUPPLIER_TRACKING_URL", "https://t.17track.net/en#nums={number}"
        ),
        ws_ping_seconds=_float(env, "EDESTORY_WS_PING_SECONDS", 20.0),
        ws_queue_limit=_int(env, "EDESTORY_WS_QUEUE_LIMIT", 1000),
        outbox_sweep_seconds=_float(env, "EDESTORY_OUTBOX_SWEEP_SECONDS", 5.0),
        webhook_timeout_seconds=_float(env, "EDESTORY_WEBHOOK_TIMEOUT", 10.0),
        webhook_backoff_scale=_float(env, "EDESTORY_WEBHOOK_BACKOFF_SCALE", 1.0),
        webhook_disable_after=_int(env, "EDESTORY_WEBHOOK_DISABLE_AFTER", 100),
        webhook_secret_grace_seconds=_int(env, "EDESTORY_WEBHOOK_SECRET_GRACE", 24 * 3600),
        events_retention_days=_int(env, "EDESTORY_EVENTS_RETENTION_DAYS", 30),
        refund_retry_after_seconds=_int(env, "EDESTORY_REFUND_RETRY_AFTER", 300),
        job_heartbeat_seconds=_float(env, "EDESTORY_JOB_HEARTBEAT_SECONDS", 15.0),
        job_stale_seconds=_float(env, "EDESTORY_JOB_STALE_SECONDS", 120.0),
        job_max_resumes=_int(env, "EDESTORY_JOB_MAX_RESUMES", 3),
        webhooks_allow_private=env.get("EDESTORY_WEBHOOKS_ALLOW_PRIVATE", "").lower()
        in ("1", "true", "yes", "on"),
        anthropic_api_key=env.get("ANTHROPIC_API_KEY", ""),
        anthropic_base_url=env.get("ANTHROPIC_BASE_URL", ""),
        ai_model=env.get("EDESTORY_AI_MODEL", "") or "claude-sonnet-4-6",
        ai_max_retries=_int(env, "EDESTORY_AI_MAX_RETRIES", 4),
        ai_batch_threshold=_int(env, "EDESTORY_AI_BATCH_THRESHOLD", 20),
        ai_batch_poll_seconds=_float(env, "EDESTORY_AI_BATCH_POLL_SECONDS", 30.0),
        ai_monthly_token_budget=_int(env, "EDESTORY_AI_MONTHLY_TOKEN_BUDGET", 5_000_000),
        ai_input_usd_per_mtok=_float(env, "EDESTORY_AI_INPUT_USD_PER_MTOK", 3.0),
        ai_output_usd_per_mtok=_float(env, "EDESTORY_AI_OUTPUT_USD_PER_MTOK", 15.0),
        smtp_host=env.get("EDESTORY_SMTP_HOST", "") or "127.0.0.1",
        smtp_port=_int(env, "EDESTORY_SMTP_PORT", 1025),
        smtp_username=env.get("EDESTORY_SMTP_USERNAME", ""),
        smtp_password=env.get("EDESTORY_SMTP_PASSWORD", ""),
        smtp_starttls=_flag(env, "EDESTORY_SMTP_STARTTLS")
        if env.get("EDESTORY_SMTP_STARTTLS")
        else False,
        smtp_from=env.get("EDESTORY_SMTP_FROM", "") or "Edestory <no-reply@localhost>",
    )
    validate(settings)
    return settings


def validate(settings: Settings) -> None:
    """Refuse configurations that would run production on development defaults."""
    if settings.access_token_ttl_seconds <= 0:
        raise SettingsError("EDESTORY_ACCESS_TOKEN_TTL must be positive")
    if settings.expiry_interval_seconds <= 0:
        raise SettingsError("EDESTORY_EXPIRY_INTERVAL must be positive")
    if settings.rate_limit_restore_rate <= 0 or settings.rate_limit_capacity <= 0:
        raise SettingsError("EDESTORY_RATE_LIMIT_CAPACITY and _RESTORE_RATE must be positive")
    if settings.max_query_cost > settings.rate_limit_capacity and settings.rate_limit:
        raise SettingsError(
            "EDESTORY_MAX_QUERY_COST must not exceed EDESTORY_RATE_LIMIT_CAPACITY: "
            "a query the bucket can never hold would be throttled forever"
        )
    if settings.log_level not in logging.getLevelNamesMapping():
        raise SettingsError(
            f"EDESTORY_LOG_LEVEL must be a logging level, got {settings.log_level!r}"
        )
    for name, url, schemes in (
        ("DATABASE_URL", settings.database_url, POSTGRES_SCHEMES),
        ("DATABASE_OWNER_URL", settings.database_owner_url, POSTGRES_SCHEMES),
        ("DATABASE_DIRECT_URL", settings.database_direct_url, POSTGRES_SCHEMES),
        ("REDIS_URL", settings.redis_url, ("redis://", "rediss://", "unix://")),
    ):
        # Caught here, a mistyped URL is one line naming the variable, not a driver's trace.
        if url and not url.startswith(schemes):
            raise SettingsError(f"{name} must start with {' or '.join(schemes)}")
    for url in settings.database_replica_urls:
        if not url.startswith(POSTGRES_SCHEMES):
            raise SettingsError(
                f"DATABASE_REPLICA_URLS lists URLs starting with {' or '.join(POSTGRES_SCHEMES)}"
            )
    for name, value in (
        ("EDESTORY_READ_YOUR_WRITES_SECONDS", settings.read_your_writes_seconds),
        ("EDESTORY_DB_REPLICA_POOL_SIZE", settings.db_replica_pool_size),
        ("EDESTORY_REPLICA_CONNECT_TIMEOUT_SECONDS", settings.replica_connect_timeout_seconds),
        ("EDESTORY_JOB_HEARTBEAT_SECONDS", settings.job_heartbeat_seconds),
    ):
        if value <= 0:
            raise SettingsError(f"{name} must be positive")
    for name, number in (
        ("EDESTORY_REPLICA_MAX_LAG_SECONDS", settings.replica_max_lag_seconds),
        ("EDESTORY_REPLICA_STATUS_CACHE_MS", settings.replica_status_cache_ms),
        ("EDESTORY_REPLICA_RETRY_SECONDS", settings.replica_retry_seconds),
        ("EDESTORY_REPLICA_POOL_TIMEOUT_SECONDS", settings.replica_pool_timeout_seconds),
        ("EDESTORY_JOB_MAX_RESUMES", settings.job_max_resumes),
    ):
        if number < 0:
            raise SettingsError(f"{name} must not be negative")
    if settings.job_stale_seconds <= 2 * settings.job_heartbeat_seconds:
        raise SettingsError(
            "EDESTORY_JOB_STALE_SECONDS must be more than twice EDESTORY_JOB_HEARTBEAT_SECONDS "
            "(a live run's heartbeat must never look stale)"
        )
    if settings.introspection not in ("", "all", "staff", "off"):
        raise SettingsError(
            f"EDESTORY_INTROSPECTION must be all, staff or off, got {settings.introspection!r}"
        )
    if settings.max_body_bytes <= 0:
        raise SettingsError("EDESTORY_MAX_BODY_BYTES must be positive")
    if "*" in settings.cors_origins:
        raise SettingsError("EDESTORY_CORS_ORIGINS lists origins; `*` is not accepted")
    if not settings.is_production:
        return
    if not settings.database_url:
        raise SettingsError("DATABASE_URL must be set when EDESTORY_ENV=production")
    if not settings.redis_url:
        raise SettingsError("REDIS_URL must be set when EDESTORY_ENV=production")
    if settings.jwt_secret == DEV_JWT_SECRET or len(settings.jwt_secret) < 32:
        raise SettingsError(
            "EDESTORY_JWT_SECRET must be set to a random value of at least 32 characters "
            "when EDESTORY_ENV=production"
        )
    if len(settings.secrets_key) < 32:
        raise SettingsError(
            "EDESTORY_SECRETS_KEY must be set to a random value of at least 32 characters "
            "when EDESTORY_ENV=production (it encrypts supplier credentials)"
        )
