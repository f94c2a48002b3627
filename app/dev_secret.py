"""`edestory dev` signs access tokens with a secret of its own data directory.

The settings' default secret is in the README, so anyone who read it could mint an owner
token for any tenant of a dev server reachable to them. Unless EDESTORY_JWT_SECRET is set,
`edestory dev` uses a random secret made on its first start and kept, readable by its
owner only, in `<data dir>/jwt-secret`: tokens survive a restart, and a new data directory
(or `make clean`) gets a new secret. Production still refuses weak secrets
(app/settings.py).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from app.settings import DEV_JWT_SECRET, Settings

SECRET_FILE = "jwt-secret"  # noqa: S105 - a file name, not a secret


def with_data_dir_secret(settings: Settings) -> Settings:
    """`settings` signing with the data directory's secret, unless one was configured."""
    if settings.jwt_secret != DEV_JWT_SECRET:
        return settings
    path = Path(settings.data_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # O_EXCL: two launchers starting at once cannot each write a different secret.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48))
    secret = path.read_text().strip()
    if len(secret) < 32:
        raise ValueError(f"{path} holds a secret shorter than 32 characters; delete it")
    return settings.with_overrides(jwt_secret=secret)
