"""`edestory documents push FILE`: register a graphql-codegen manifest as a store's trusted
documents, as `persistedDocumentsRegister` does (for deploy pipelines without a staff token)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.cli_args import fail
from app.settings import Settings


def cmd_documents_push(settings: Settings, args: argparse.Namespace) -> None:
    from app.cli import _database, _in_tenant, _run
    from app.documents.mutations import MAX_MANIFEST_ENTRIES
    from app.documents.service import register_manifest
    from app.errors import ServiceError

    try:
        manifest = json.loads(Path(args.file).read_text())
    except (OSError, ValueError) as exc:
        fail(f"cannot read the manifest {args.file}: {exc}")

    async def push(engine: Any) -> int:
        count: int = await _in_tenant(
            engine,
            args.tenant_id,
            lambda db: register_manifest(
                db=db,
                tenant_id=args.tenant_id,
                store_id=args.store_id,
                manifest=manifest,
                max_bytes=settings.persisted_query_max_bytes,
                max_entries=MAX_MANIFEST_ENTRIES,
            ),
        )
        return count

    with _database(settings) as s:
        try:
            count = _run(push, s)
        except ServiceError as exc:
            fail("; ".join(f"{p.code.value}: {p.message} {p.field or ''}" for p in exc.problems))
        print(json.dumps({"registered": count}))
