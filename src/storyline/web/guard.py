"""The web app's gate: refuses oversized requests and adds security headers to every answer.

A plain ASGI middleware (no per-request task or body buffering): a request whose declared
body exceeds ``MAX_BODY`` gets 413, one whose address exceeds ``MAX_URL`` gets 414, and a
body sent without a declared length is cut off at ``MAX_BODY`` with 413.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Guard", "MAX_BODY", "MAX_URL", "SECURITY_HEADERS", "STRICT_CSP"]

MAX_BODY = 64 * 1024
MAX_URL = 4096
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
# our pages run no script at all; the API docs page (Swagger UI) needs its own CDN and an
# inline script, so it alone gets a looser policy
STRICT_CSP = (
    b"default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self';"
    b" frame-ancestors 'none'; base-uri 'none'"
)
DOCS_CSP = (
    b"default-src 'none'; img-src 'self' data: https://fastapi.tiangolo.com;"
    b" style-src 'self' https://cdn.jsdelivr.net; script-src 'unsafe-inline'"
    b" https://cdn.jsdelivr.net; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")


class _TooLarge(Exception):
    """A request body grew past the limit while it was read."""


async def _refuse(send: Send, status: int, detail: str) -> None:
    """Send a small JSON error and nothing else."""
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
                (b"content-security-policy", STRICT_CSP),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _url_length(scope: Scope) -> int:
    """Return the length of the request's path and query string, in bytes."""
    return len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])


class Guard:
    """ASGI middleware: size limits on the way in, security headers on the way out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _url_length(scope) > MAX_URL:
            await _refuse(send, 414, f"address too long; keep it under {MAX_URL} bytes")
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"").decode("latin-1")
        if length and (not length.isdigit() or int(length) > MAX_BODY):
            await _refuse(send, 413, f"request too large; the limit is {MAX_BODY} bytes")
            return
        started, seen = False, 0
        policy = DOCS_CSP if scope["path"] in DOCS_PATHS else STRICT_CSP

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:
                    raise _TooLarge
            return message

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [*SECURITY_HEADERS, (b"content-security-policy", policy)]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, capped, secured)
        except _TooLarge:
            if not started:
                await _refuse(send, 413, f"request too large; the limit is {MAX_BODY} bytes")
