"""`uvicorn --factory bench.serve_app:create`: the API as production runs it, from the env.

BENCH_WHATIF (empty unless `--what-if` is given) names patches from bench/whatif.py.
"""

from __future__ import annotations

import os

from starlette.applications import Starlette

from app.main import create_app
from app.observability import configure_logging
from app.settings import load_settings
from bench import whatif


def create() -> Starlette:
    patches = whatif.parse(os.environ.get("BENCH_WHATIF", ""))
    whatif.before_app(patches)
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_json)
    app = create_app(settings)
    whatif.after_app(patches)
    return app
