"""Extension hooks looked up once per class (app/graphql/extension_hooks.py) still run each
kind of hook around its step, for each request's own extension instance."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import ExtensionContextManagerBase

from app.graphql import extension_hooks


@strawberry.type
class Query:
    hello: str = "hi"


def make_extension(log: list[str]) -> type[SchemaExtension]:
    made: list[SchemaExtension] = []  # kept alive, so each instance has its own index

    class Recorder(SchemaExtension):
        def on_parse(self) -> Iterator[None]:  # a generator
            if self not in made:
                made.append(self)
            log.append(f"parse in {made.index(self)}")
            yield
            log.append("parse out")

        async def on_execute(self) -> AsyncIterator[None]:  # an async generator
            log.append("execute in")
            yield
            log.append("execute out")

        def on_validate(self) -> None:  # a plain function: Strawberry's own path
            log.append("validate")

    return Recorder


async def test_each_kind_of_hook_runs_around_its_step() -> None:
    extension_hooks.install()
    assert ExtensionContextManagerBase.get_hook is extension_hooks._get_hook
    log: list[str] = []
    schema = strawberry.Schema(query=Query, extensions=[make_extension(log)])
    for _ in range(2):
        result = await schema.execute("{ hello }", root_value=Query())
        assert result.errors is None and result.data == {"hello": "hi"}
    first, second = log[:5], log[5:]
    for run in (first, second):
        assert run[0].startswith("parse in ")
        assert run[1:] == ["parse out", "validate", "execute in", "execute out"]
    assert first[0] != second[0]  # each request's own extension instance
