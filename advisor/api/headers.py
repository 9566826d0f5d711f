"""Browser security: Content-Security-Policy and friends on every response, CORS for /api and /v1 only.

The policy allows nothing but this origin (plus `allowed_origins` for connections), so pages cannot load
anything from third parties even by mistake. `frame_ancestors` decides who may frame our pages.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor.config import Settings

CORS_PREFIXES = ("/api/", "/v1/")
API_DOCS_PATHS = ("/docs", "/redoc")
# Swagger UI and ReDoc come from this CDN with an inline start-up script; only when api_docs is on.
DOCS_CDN = "https://cdn.jsdelivr.net"


def content_security_policy(settings: Settings, *, api_docs_page: bool = False) -> str:
    connect = " ".join(["'self'", *settings.allowed_origins])
    scripts = f"'self' 'unsafe-inline' {DOCS_CDN}" if api_docs_page else "'self'"
    styles = f"'self' {DOCS_CDN}" if api_docs_page else "'self'"
    images = "'self' data: https://fastapi.tiangolo.com" if api_docs_page else "'self' data:"
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            f"style-src {styles}",
            f"img-src {images}",
            f"connect-src {connect}",
            f"frame-ancestors {settings.frame_ancestors}",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        )
    )


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.policy = content_security_policy(settings)
        self.docs_policy = content_security_policy(settings, api_docs_page=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.docs_policy if scope["path"].startswith(API_DOCS_PATHS) else self.policy

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ApiCorsMiddleware:
    """Starlette's CORS handling, applied to the API paths only; pages stay same-origin."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Accept", "X-Request-ID"],
            expose_headers=["Retry-After", "X-Request-ID", "Content-Disposition"],
            # The widget sends its session token in a header; cookies are for same-origin desk pages only.
            allow_credentials=False,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(CORS_PREFIXES):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
