"""Where uploaded media lives: S3 (or an S3-compatible service) or, without it, local disk.

Either way a client uploads straight to a presigned URL with one PUT, and the catalog only
records the key and checks the object exists before attaching it to a product.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import orjson

from app.settings import Settings

UPLOAD_TTL = dt.timedelta(minutes=15)


class StorageError(Exception):
    """Storage is misconfigured or unreachable; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class PresignedUpload:
    url: str
    method: str
    headers: dict[str, str]
    key: str
    expires_at: dt.datetime


class MediaStorage(Protocol):
    async def presign_upload(self, *, key: str, content_type: str, size: int) -> PresignedUpload:
        """A URL that accepts one PUT of exactly `size` bytes of `content_type` at `key`."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def put(self, *, key: str, data: bytes, content_type: str) -> None:
        """Store bytes the server itself fetched (an imported supplier image) at `key`."""
        ...

    def public_url(self, key: str) -> str: ...


def create_storage(settings: Settings) -> MediaStorage:
    """S3 when EDESTORY_S3_BUCKET is set, else local disk under EDESTORY_MEDIA_DIR."""
    if settings.s3_bucket:
        return S3Storage(settings)
    return LocalStorage(settings)


def _expiry() -> dt.datetime:
    return (dt.datetime.now(dt.UTC) + UPLOAD_TTL).replace(microsecond=0)


class S3Storage:
    """S3 through boto3. The client is built on first use and then shared by every request
    (boto3 clients are thread-safe; building one is not, hence the lock)."""

    def __init__(self, settings: Settings) -> None:
        self.bucket = settings.s3_bucket
        self.region = settings.s3_region
        self.endpoint_url = settings.s3_endpoint_url or None
        self.public_base = (
            settings.s3_public_url
            or (f"{self.endpoint_url}/{self.bucket}" if self.endpoint_url else "")
            or f"https://{self.bucket}.s3.{self.region}.amazonaws.com"
        ).rstrip("/")
        self._client: Any = None
        self._lock = threading.Lock()

    def _s3(self) -> Any:
        with self._lock:
            if self._client is None:
                import boto3
                from botocore.config import Config

                # Path-style addressing: S3-compatible servers rarely route virtual hosts.
                s3_config = {"addressing_style": "path"} if self.endpoint_url else {}
                self._client = boto3.session.Session().client(
                    "s3",
                    region_name=self.region,
                    endpoint_url=self.endpoint_url,
                    config=Config(signature_version="s3v4", s3=s3_config),
                )
            return self._client

    async def _call(self, method: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, NoCredentialsError

        def run() -> Any:
            return getattr(self._s3(), method)(**kwargs)

        try:
            return await asyncio.to_thread(run)
        except NoCredentialsError as exc:
            raise StorageError(
                "Media storage has no AWS credentials: set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY (or another boto3 credential source) for "
                "EDESTORY_S3_BUCKET, or unset EDESTORY_S3_BUCKET to store media on local disk"
            ) from exc
        except BotoCoreError as exc:
            raise StorageError("Media storage is unreachable") from exc

    async def presign_upload(self, *, key: str, content_type: str, size: int) -> PresignedUpload:
        expires_at = _expiry()
        url = await self._call(
            "generate_presigned_url",
            ClientMethod="put_object",
            # Content type and length become signed headers: S3 refuses any other upload.
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ContentType": content_type,
                "ContentLength": size,
            },
            ExpiresIn=int(UPLOAD_TTL.total_seconds()),
            HttpMethod="PUT",
        )
        return PresignedUpload(url, "PUT", {"Content-Type": content_type}, key, expires_at)

    async def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            await self._call("head_object", Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise StorageError("Media storage refused to check an upload") from exc
        return True

    async def put(self, *, key: str, data: bytes, content_type: str) -> None:
        from botocore.exceptions import ClientError

        try:
            await self._call(
                "put_object", Bucket=self.bucket, Key=key, Body=data, ContentType=content_type
            )
        except ClientError as exc:
            raise StorageError("Media storage refused to store an image") from exc

    def public_url(self, key: str) -> str:
        return f"{self.public_base}/{key}"


@dataclass(frozen=True, slots=True)
class UploadGrant:
    """What a local upload token allows: one object, of this size and type, until then."""

    key: str
    size: int
    content_type: str
    expires: int


class LocalStorage:
    """Files under EDESTORY_MEDIA_DIR, uploaded and served by the app (app/catalog/media_routes).

    The upload URL carries a token signed with a key derived from the JWT secret, so only
    URLs this server handed out are accepted, and only until they expire.
    """

    def __init__(self, settings: Settings) -> None:
        self.root = Path(settings.media_dir).resolve()
        self.base_url = settings.public_base_url
        self._key = hmac.new(
            settings.jwt_secret.encode(), b"edestory media upload", hashlib.sha256
        ).digest()

    def _sign(self, payload: bytes) -> str:
        digest = hmac.new(self._key, payload, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def token(self, grant: UploadGrant) -> str:
        payload = base64.urlsafe_b64encode(
            orjson.dumps([grant.key, grant.expires, grant.size, grant.content_type])
        ).rstrip(b"=")
        return f"{payload.decode()}.{self._sign(payload)}"

    def verify(self, token: str, now: dt.datetime | None = None) -> UploadGrant | None:
        """The grant in a token this storage signed and that has not expired, else None."""
        payload, _, signature = token.partition(".")
        if not hmac.compare_digest(self._sign(payload.encode()), signature):
            return None
        try:
            raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
            key, expires, size, content_type = orjson.loads(raw)
        except ValueError:
            return None
        if expires < (now or dt.datetime.now(dt.UTC)).timestamp():
            return None
        return UploadGrant(key, size, content_type, expires)

    def path_for(self, key: str) -> Path | None:
        """The file for a key, or None when the key would point outside the media folder."""
        path = (self.root / key).resolve()
        return path if path.is_relative_to(self.root) and path != self.root else None

    async def presign_upload(self, *, key: str, content_type: str, size: int) -> PresignedUpload:
        expires_at = _expiry()
        grant = UploadGrant(key, size, content_type, int(expires_at.timestamp()))
        url = f"{self.base_url}/media/uploads/{self.token(grant)}"
        return PresignedUpload(url, "PUT", {"Content-Type": content_type}, key, expires_at)

    async def exists(self, key: str) -> bool:
        path = self.path_for(key)
        return path is not None and await asyncio.to_thread(path.is_file)

    async def put(self, *, key: str, data: bytes, content_type: str) -> None:
        path = self.path_for(key)
        if path is None:
            raise StorageError("Invalid media key")

        def write() -> None:  # whole or not at all, as an upload (media_routes._receive)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.{threading.get_ident()}.part")
            partial.write_bytes(data)
            partial.replace(path)

        await asyncio.to_thread(write)

    def public_url(self, key: str) -> str:
        return f"{self.base_url}/media/{key}"
