"""What-if patches: measure an app-side fix before it is made (`--what-if rules,nodir,gc`).

Never applied by default. Each patch stands in for a change proposed in RESULTS.md:

- `rules`: build the validation rules of QueryDepthLimiter and MaxAliasesLimiter once, so
  Strawberry's ValidationCache can hit (app/schema.py makes new rule classes per request).
- `nodir`: drop the DirectivesExtension Strawberry adds because the schema declares
  `@inContext`; it makes every field resolver async (app/schema.py, `directives=`).
- `gc`: after start-up, `gc.freeze()` and a larger generation-0 threshold.
"""

from __future__ import annotations

import functools
import gc
from typing import Any

NAMES = ("rules", "nodir", "gc")


def before_app(names: set[str]) -> None:
    if "rules" in names:
        from strawberry.extensions import max_aliases, query_depth_limiter

        query_depth_limiter.create_validator = functools.cache(  # type: ignore[assignment]
            query_depth_limiter.create_validator
        )
        max_aliases.create_validator = functools.cache(  # type: ignore[assignment]
            max_aliases.create_validator
        )
    if "nodir" in names:
        from strawberry.extensions.directives import DirectivesExtension
        from strawberry.schema.schema import Schema

        original = Schema.get_extensions

        def get_extensions(self: Schema, sync: bool = False) -> list[Any]:
            found = original(self, sync)
            return [e for e in found if not isinstance(e, DirectivesExtension)]

        Schema.get_extensions = get_extensions  # type: ignore[method-assign]


def after_app(names: set[str]) -> None:
    if "gc" in names:
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 50, 100)


def parse(text: str) -> set[str]:
    names = {n.strip() for n in text.split(",") if n.strip()}
    unknown = names - set(NAMES)
    if unknown:
        raise ValueError(f"unknown what-if patches {sorted(unknown)}; known: {NAMES}")
    return names
