"""`POST /email/unsubscribe/{token}`: RFC 8058 one-click unsubscribe (mail clients POST
`List-Unsubscribe=One-Click`), and the same URL opened in a browser (GET) shows a button
that POSTs, so a link scanner fetching it unsubscribes no one."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from app.db.tenant import tenant_transaction
from app.email.models import email_unsubscribes
from app.email.tokens import read_token
from app.resources import Resources

FORM = """<!doctype html><html><body><form method="post">
<button type="submit" name="List-Unsubscribe" value="One-Click">Unsubscribe</button>
</form></body></html>"""


async def unsubscribe(request: Request) -> Response:
    resources: Resources = request.app.state.resources
    recipient = read_token(resources.settings.jwt_secret, request.path_params["token"])
    if recipient is None:
        return PlainTextResponse("Invalid unsubscribe link", status_code=404)
    if request.method == "GET":
        return HTMLResponse(FORM)
    async with tenant_transaction(resources.engine, recipient.tenant_id) as conn:
        await conn.execute(
            insert(email_unsubscribes)
            .values(
                tenant_id=recipient.tenant_id,
                store_id=recipient.store_id,
                email=recipient.email.lower(),
            )
            .on_conflict_do_nothing()
        )
    return PlainTextResponse("You will get no more reminder emails from this store.")


def email_routes() -> list[Route]:
    return [Route("/email/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"])]
