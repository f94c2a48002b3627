"""The local SMTP server `edestory dev` runs: aiosmtpd writing every mail it receives into
a Maildir under the data directory (`.edestory/mail`), where a developer reads them."""

from __future__ import annotations

import socket
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

from app.settings import Settings


def start_dev_smtp(settings: Settings) -> tuple[Controller | None, Path]:
    """Start it on the settings' SMTP host and port when those are local and free; a server
    already listening there (another `edestory dev`, MailHog) is left to receive the mails."""
    maildir = Path(settings.data_dir) / "mail"
    if settings.smtp_host not in ("127.0.0.1", "localhost"):
        return None, maildir
    with socket.socket() as probe:
        if probe.connect_ex((settings.smtp_host, settings.smtp_port)) == 0:
            return None, maildir
    maildir.parent.mkdir(parents=True, exist_ok=True)
    controller = Controller(Mailbox(maildir), hostname=settings.smtp_host, port=settings.smtp_port)
    try:
        controller.start()
    except (OSError, RuntimeError):  # taken between the probe and the bind: use that one
        return None, maildir
    return controller, maildir
