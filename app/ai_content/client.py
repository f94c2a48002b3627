"""The Anthropic client, made from settings (in the worker's startup, handed on in ctx)."""

from __future__ import annotations

from anthropic import AsyncAnthropic

from app.ai_content.errors import AiContentErrorCode
from app.errors import ServiceError
from app.settings import Settings


def require_key(settings: Settings) -> None:
    """Refuse early, naming the setting, when no API key is configured."""
    if not settings.anthropic_api_key:
        raise ServiceError(
            AiContentErrorCode.NOT_CONFIGURED,
            "AI content needs ANTHROPIC_API_KEY to be set",
            None,
        )


def create_client(settings: Settings) -> AsyncAnthropic:
    """The SDK retries 408/409/429/5xx and 529 (overloaded) with exponential backoff,
    honouring the server's retry-after; `ai_max_retries` bounds the attempts."""
    require_key(settings)
    return AsyncAnthropic(
        api_key=settings.anthropic_api_key,
        base_url=settings.anthropic_base_url or None,
        max_retries=settings.ai_max_retries,
    )
