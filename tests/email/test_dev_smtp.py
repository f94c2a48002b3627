"""`edestory dev`'s SMTP server keeps every mail in .edestory/mail (a Maildir)."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib

from app.email.dev_smtp import start_dev_smtp
from app.settings import Settings
from tests.email.test_abandoned_carts import _free_port


async def test_dev_smtp_writes_a_maildir(tmp_path: Path) -> None:
    settings = Settings(data_dir=str(tmp_path), smtp_port=_free_port())
    controller, maildir = start_dev_smtp(settings)
    assert controller is not None
    try:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Hi"
        message.set_content("hello")
        await aiosmtplib.send(message, hostname="127.0.0.1", port=settings.smtp_port)
    finally:
        controller.stop()
    assert [m["Subject"] for m in mailbox.Maildir(maildir)] == ["Hi"]
