"""Strawberry's extension hooks, looked up once per extension class instead of per request.

For every operation Strawberry builds four hook contexts (operation, parsing, validation,
execution) and, in each, asks of every extension (seven here) whether its class overrides
the hook and whether that is a generator, an async generator or a plain function
(`inspect`), then decorates it with `contextlib.contextmanager` (a `functools.wraps` per
call): 28 lookups and 8 decorations per request, a large share of `{ __typename }` (W3,
bench/RESULTS.md). What a class's hook is never changes, so its kind is found once per
(class, hook) here and each request only binds it to the extension instance, building the
same context managers contextlib's decorators build. Hooks of any other kind go through
Strawberry's own code unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import ExtensionContextManagerBase, WrappedHook

_GENERATOR, _ASYNC_GENERATOR, _OTHER = "generator", "async generator", "other"
_kinds: dict[tuple[type[Any], str], tuple[str | None, Any]] = {}
_original = ExtensionContextManagerBase.get_hook


def _kind(cls: type[Any], name: str) -> tuple[str | None, Any]:
    found = _kinds.get((cls, name))
    if found is None:
        hook = getattr(cls, name)
        if hook is getattr(SchemaExtension, name):
            kind: str | None = None
        elif inspect.isgeneratorfunction(hook):
            kind = _GENERATOR
        elif inspect.isasyncgenfunction(hook):
            kind = _ASYNC_GENERATOR
        else:
            kind = _OTHER
        found = _kinds[(cls, name)] = (kind, hook)
    return found


def _get_hook(self: ExtensionContextManagerBase, extension: SchemaExtension) -> WrappedHook | None:
    kind, hook = _kind(type(extension), self.HOOK_NAME)
    if kind is None:
        return None
    if kind is _GENERATOR:
        manager: Any = functools.partial(
            contextlib._GeneratorContextManager, hook, (extension,), {}
        )
        return WrappedHook(extension=extension, hook=manager, is_async=False)
    if kind is _ASYNC_GENERATOR:
        manager = functools.partial(
            contextlib._AsyncGeneratorContextManager, hook, (extension,), {}
        )
        return WrappedHook(extension=extension, hook=manager, is_async=True)
    return _original(self, extension)


def install() -> None:
    """Replace Strawberry's per-request lookup (idempotent)."""
    ExtensionContextManagerBase.get_hook = _get_hook  # type: ignore[method-assign]
