"""Settings come from the environment; production refuses development defaults."""

from __future__ import annotations

import pytest

from app.settings import DEV_JWT_SECRET, Settings, SettingsError, load_settings

STRONG_SECRET = "k" * 48
PRODUCTION = {
    "EDESTORY_ENV": "production",
    "DATABASE_URL": "postgresql://edestory_app:pw@db:5432/edestory",
    "DATABASE_OWNER_URL": "postgresql://edestory_owner:pw@db:5432/edestory",
    "REDIS_URL": "redis://redis:6379/0",
    "EDESTORY_JWT_SECRET": STRONG_SECRET,
    "EDESTORY_SECRETS_KEY": "s" * 40,
}


def without(name: str) -> dict[str, str]:
    return {k: v for k, v in PRODUCTION.items() if k != name}


def test_dev_defaults_load_from_an_empty_environment() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert settings.env == "dev"
    assert not settings.is_production
    assert settings.database_url == ""  # `edestory dev` starts the embedded servers
    assert settings.redis_url == ""
    assert settings.jwt_secret == DEV_JWT_SECRET
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert (settings.max_query_depth, settings.max_query_tokens) == (12, 5000)
    assert settings.data_dir == ".edestory"
    assert settings.log_json is None  # text on a terminal, JSON otherwise
    assert settings.fast_execution is True


@pytest.mark.parametrize("value", ["0", "false", "off", "No"])
def test_the_fast_path_can_be_turned_off(value: str) -> None:
    assert load_settings({"EDESTORY_FAST_EXECUTION": value}).fast_execution is False
    assert load_settings({"EDESTORY_FAST_EXECUTION": "1"}).fast_execution is True


def test_a_complete_production_environment_loads() -> None:
    settings = load_settings(PRODUCTION)
    assert settings.is_production
    assert settings.jwt_secret == STRONG_SECRET
    assert settings.migration_url == PRODUCTION["DATABASE_OWNER_URL"]
    assert settings.database_app_role == "edestory_app"


@pytest.mark.parametrize(
    "name", ["DATABASE_URL", "REDIS_URL", "EDESTORY_JWT_SECRET", "EDESTORY_SECRETS_KEY"]
)
def test_production_refuses_a_missing_variable(name: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings(without(name))


@pytest.mark.parametrize("secret", [DEV_JWT_SECRET, "short-but-not-default"])
def test_production_refuses_the_default_or_a_short_jwt_secret(secret: str) -> None:
    with pytest.raises(SettingsError, match="EDESTORY_JWT_SECRET"):
        load_settings({**PRODUCTION, "EDESTORY_JWT_SECRET": secret})


def test_dev_and_test_accept_the_default_secret() -> None:
    assert load_settings({"EDESTORY_ENV": "test"}).jwt_secret == DEV_JWT_SECRET


def test_owner_url_defaults_to_the_app_url_for_migrations() -> None:
    settings = load_settings(without("DATABASE_OWNER_URL"))
    assert settings.migration_url == PRODUCTION["DATABASE_URL"]


def test_every_variable_is_read() -> None:
    settings = load_settings(
        {
            "EDESTORY_ENV": "test",
            "DATABASE_URL": "postgresql://a@h/d",
            "DATABASE_OWNER_URL": "postgresql://o@h/d",
            "EDESTORY_DB_APP_ROLE": "app_role",
            "REDIS_URL": "redis://h:1/2",
            "EDESTORY_HOST": "10.1.2.3",
            "EDESTORY_PORT": "9000",
            "EDESTORY_JWT_SECRET": STRONG_SECRET,
            "EDESTORY_ACCESS_TOKEN_TTL": "60",
            "EDESTORY_REFRESH_TOKEN_TTL": "3600",
            "EDESTORY_LOGIN_FREE_ATTEMPTS": "5",
            "EDESTORY_LOGIN_DELAY_BASE": "0.25",
            "EDESTORY_LOGIN_DELAY_MAX": "4",
            "EDESTORY_MAX_QUERY_DEPTH": "8",
            "EDESTORY_MAX_QUERY_TOKENS": "2000",
            "EDESTORY_DB_POOL_SIZE": "4",
            "EDESTORY_LOG_LEVEL": "debug",
            "EDESTORY_LOG_JSON": "False",
            "EDESTORY_DATA_DIR": "/var/lib/edestory",
            "STRIPE_SECRET_KEY": "sk_test_x",
            "STRIPE_WEBHOOK_SECRET": "whsec_y",
            "STRIPE_API_BASE": "http://127.0.0.1:12111",
            "EDESTORY_EXPIRY_INTERVAL": "5",
        }
    )
    assert settings == Settings(
        env="test",
        database_url="postgresql://a@h/d",
        database_owner_url="postgresql://o@h/d",
        database_app_role="app_role",
        redis_url="redis://h:1/2",
        host="10.1.2.3",
        port=9000,
        jwt_secret=STRONG_SECRET,
        access_token_ttl_seconds=60,
        refresh_token_ttl_seconds=3600,
        login_free_attempts=5,
        login_delay_base_seconds=0.25,
        login_delay_max_seconds=4.0,
        max_query_depth=8,
        max_query_tokens=2000,
        db_pool_size=4,
        log_level="DEBUG",
        log_json=False,
        data_dir="/var/lib/edestory",
        stripe_secret_key="sk_test_x",
        stripe_webhook_secret="whsec_y",
        stripe_api_base="http://127.0.0.1:12111",
        expiry_interval_seconds=5.0,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EDESTORY_ENV": "staging"}, "EDESTORY_ENV must be dev, test or production"),
        ({"EDESTORY_PORT": "eighty"}, "EDESTORY_PORT must be an integer"),
        ({"EDESTORY_LOGIN_DELAY_BASE": "fast"}, "EDESTORY_LOGIN_DELAY_BASE must be a number"),
        ({"EDESTORY_ACCESS_TOKEN_TTL": "0"}, "EDESTORY_ACCESS_TOKEN_TTL must be positive"),
        ({"EDESTORY_LOG_LEVEL": "LOUD"}, "EDESTORY_LOG_LEVEL must be a logging level"),
        ({"EDESTORY_EXPIRY_INTERVAL": "0"}, "EDESTORY_EXPIRY_INTERVAL must be positive"),
        ({"DATABASE_URL": "localhost:5432/db"}, "DATABASE_URL must start with postgresql://"),
        ({"DATABASE_OWNER_URL": "mysql://a@h/d"}, "DATABASE_OWNER_URL must start with"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL must start with redis://"),
    ],
)
def test_malformed_values_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_read_replica_settings_are_read() -> None:
    settings = load_settings(
        {
            "DATABASE_REPLICA_URLS": " postgresql://a@r1/d , postgres://a@r2/d,",
            "EDESTORY_DB_REPLICA_POOL_SIZE": "3",
            "EDESTORY_REPLICA_MAX_LAG_SECONDS": "2.5",
            "EDESTORY_REPLICA_STATUS_CACHE_MS": "5",
            "EDESTORY_REPLICA_RETRY_SECONDS": "1",
            "EDESTORY_READ_YOUR_WRITES_SECONDS": "30",
        }
    )
    assert settings.database_replica_urls == ("postgresql://a@r1/d", "postgres://a@r2/d")
    assert (settings.db_replica_pool_size, settings.replica_max_lag_seconds) == (3, 2.5)
    assert (settings.replica_status_cache_ms, settings.replica_retry_seconds) == (5.0, 1.0)
    assert settings.read_your_writes_seconds == 30
    assert load_settings({}).database_replica_urls == ()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_REPLICA_URLS": "r1:5432/db"}, "DATABASE_REPLICA_URLS lists URLs starting"),
        ({"EDESTORY_READ_YOUR_WRITES_SECONDS": "0"}, "EDESTORY_READ_YOUR_WRITES_SECONDS must"),
        ({"EDESTORY_DB_REPLICA_POOL_SIZE": "0"}, "EDESTORY_DB_REPLICA_POOL_SIZE must"),
        ({"EDESTORY_REPLICA_MAX_LAG_SECONDS": "-1"}, "EDESTORY_REPLICA_MAX_LAG_SECONDS must"),
    ],
)
def test_malformed_replica_settings_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_pgbouncer_settings_direct_url_and_prepared_statements() -> None:
    """Through a transaction pooler: DATABASE_DIRECT_URL for LISTEN, statements unnamed."""
    plain = load_settings(PRODUCTION)
    assert plain.direct_url == PRODUCTION["DATABASE_URL"]
    assert plain.db_prepared_statements is True
    pooled = load_settings(
        {
            **PRODUCTION,
            "DATABASE_URL": "postgresql://edestory_app:pw@pgbouncer:6432/edestory",
            "DATABASE_DIRECT_URL": "postgresql://edestory_app:pw@db:5432/edestory",
            "EDESTORY_DB_PREPARED_STATEMENTS": "0",
        }
    )
    assert pooled.direct_url == "postgresql://edestory_app:pw@db:5432/edestory"
    assert pooled.db_prepared_statements is False
    with pytest.raises(SettingsError, match="DATABASE_DIRECT_URL must start with postgresql://"):
        load_settings({"DATABASE_DIRECT_URL": "db:5432/edestory"})
