"""Pure checks on hashes, document ids and manifests (no I/O)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.documents.errors import DocumentErrorCode
from app.errors import Problem

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
DOCUMENT_ID_PREFIX = "sha256:"


def utf8(text: str) -> bytes:
    """The text's bytes; a lone surrogate (which JSON can carry) is kept, not an exception:
    such a text never matches a client's hash, and is refused as one that does not."""
    return text.encode("utf-8", "surrogatepass")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(utf8(text)).hexdigest()


def is_sha256_hex(value: object) -> bool:
    return isinstance(value, str) and _HEX64.match(value) is not None


def document_hash(document_id: object) -> str | None:
    """The hex of `sha256:<hex>` (graphql-codegen's form), or of a bare 64-hex id; None if
    it is neither."""
    if not isinstance(document_id, str):
        return None
    raw = document_id.removeprefix(DOCUMENT_ID_PREFIX)
    return raw if _HEX64.match(raw) else None


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    document_id: str  # sha256:<hex>
    body: str


def check_manifest(
    manifest: object, *, max_bytes: int, max_entries: int
) -> tuple[list[ManifestEntry], list[Problem]]:
    """The entries of a manifest `{"sha256:<hex>": "<document>"}` (keys may also be bare
    hex), or the problems that refuse it: each key must be the sha256 of its text, so a
    client that runs a document by id runs exactly the text its build hashed."""
    if not isinstance(manifest, Mapping):
        return [], [
            Problem(
                DocumentErrorCode.INVALID,
                'The manifest must be a JSON object of "sha256:<hex>": "<document>"',
                ["manifest"],
            )
        ]
    if len(manifest) > max_entries:
        return [], [
            Problem(
                DocumentErrorCode.TOO_MANY,
                f"A manifest holds at most {max_entries} documents",
                ["manifest"],
            )
        ]
    entries: list[ManifestEntry] = []
    problems: list[Problem] = []
    for key, body in manifest.items():
        where = ["manifest", str(key)[:80]]
        digest = document_hash(key)
        if digest is None or not isinstance(body, str):
            problems.append(
                Problem(
                    DocumentErrorCode.INVALID,
                    "Keys are sha256:<64 hex>, values document texts",
                    where,
                )
            )
        elif "\x00" in body:
            problems.append(
                Problem(
                    DocumentErrorCode.INVALID, "A document cannot contain a NUL character", where
                )
            )
        elif len(utf8(body)) > max_bytes:
            problems.append(
                Problem(
                    DocumentErrorCode.TOO_LARGE, f"A document is at most {max_bytes} bytes", where
                )
            )
        elif sha256_hex(body) != digest:
            problems.append(
                Problem(
                    DocumentErrorCode.INVALID, "The key is not the sha256 of its document", where
                )
            )
        else:
            entries.append(ManifestEntry(DOCUMENT_ID_PREFIX + digest, body))
    return entries, problems
