"""A real S3 protocol server (moto's) on a free local port, and apps wired to storage.

The app is pointed at it through settings, as it would be at any S3-compatible service;
nothing inside the app is patched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import boto3
import pytest
from asgi_lifespan import LifespanManager
from moto.server import ThreadedMotoServer
from starlette.applications import Starlette

from app.main import create_app
from app.settings import Settings

BUCKET = "edestory-test-media"
REGION = "eu-west-1"
# Credentials moto accepts; botocore reads them from the environment like in production.
AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# No credentials anywhere: no variables, no files, no instance metadata lookups.
NO_AWS_ENV = {
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
    "AWS_CONFIG_FILE": "/nonexistent/config",
    "AWS_EC2_METADATA_DISABLED": "true",
}
AWS_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]


@contextmanager
def aws_environment(values: dict[str, str]) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name in AWS_VARIABLES:
            patch.delenv(name, raising=False)
        for name, value in values.items():
            patch.setenv(name, value)
        yield


@contextmanager
def moto_s3() -> Iterator[str]:
    """Start moto's S3 server with an empty bucket; yields its endpoint URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        with aws_environment(AWS_ENV):
            client = boto3.session.Session().client("s3", region_name=REGION, endpoint_url=endpoint)
            client.create_bucket(
                Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
            )
            try:
                yield endpoint
            finally:
                # moto's state outlives its server in this process: leave no bucket behind
                # for the next one (the suite runs once per executor).
                for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
                    client.delete_object(Bucket=BUCKET, Key=item["Key"])
                client.delete_bucket(Bucket=BUCKET)
    finally:
        server.stop()


def stored_object(endpoint: str, key: str) -> bytes:
    """The object's bytes, read with credentials (objects are private, as in a real bucket)."""
    client = boto3.session.Session().client("s3", region_name=REGION, endpoint_url=endpoint)
    body: bytes = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return body


def s3_settings(settings: Settings, endpoint: str) -> Settings:
    return settings.with_overrides(
        s3_bucket=BUCKET, s3_endpoint_url=endpoint, s3_region=REGION, db_pool_size=2
    )


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[Starlette]:
    """An app of its own (the session app has fixed settings), started and stopped."""
    application = create_app(settings)
    async with LifespanManager(application):
        yield application
