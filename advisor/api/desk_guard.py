"""The advisor desk pages (/advisor and below) need a signed-in advisor; everyone else is sent to the
sign-in page. The pages are the web helper's; guarding them here keeps the rule in one place."""

from __future__ import annotations

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from advisor.api.auth import COOKIE_NAME, advisor_from

DESK_PREFIX = "/advisor"
LOGIN_PAGE = "/advisor/login"


def is_desk_page(path: str) -> bool:
    inside = path == DESK_PREFIX or path.startswith(DESK_PREFIX + "/")
    return inside and not path.startswith(LOGIN_PAGE)


class DeskGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_desk_page(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookie = cookie_parser(headers.get("cookie", "")).get(COOKIE_NAME)
        scheme, _, bearer = headers.get("authorization", "").partition(" ")
        token = bearer.strip() if scheme.lower() == "bearer" else None
        services = scope["app"].state.services
        advisor = None
        if cookie or token:
            advisor = await anyio.to_thread.run_sync(advisor_from, services, token, cookie)
        if advisor is None:
            response = RedirectResponse(LOGIN_PAGE, status_code=303, headers={"Cache-Control": "no-store"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
