"""The privacy notice (GET /api/privacy, the /privacy page) and the advisor sign-in page (/advisor/login)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from advisor.api.deps import ServicesDep
from advisor.api.privacy import privacy_notice, privacy_paragraphs
from advisor.domain.catalogue import Catalogue
from advisor.domain.funding import rules_last_checked

WEB_DIR = Path(__file__).resolve().parents[2] / "web"
pages = Jinja2Templates(directory=WEB_DIR)

router = APIRouter(tags=["privacy"])


@router.get("/api/privacy")
def privacy_json(services: ServicesDep) -> dict[str, Any]:
    info = services.catalogue.info
    return {
        "notice": privacy_notice(services),
        "retention_days": services.settings.retention_days,
        "controller": info.name,
        "contact_url": info.contact_url,
        "page_url": "/privacy",
        "funding_rules_checked": _rules_checked_iso(services.catalogue),
    }


def _rules_checked_iso(catalogue: Catalogue) -> str | None:
    checked = rules_last_checked(catalogue.schemes.values())
    return checked.isoformat() if checked else None


def _long_date(day: dt.date | None) -> str | None:
    """'1 December 2026'."""
    return f"{day.day} {day:%B %Y}" if day else None


@router.get("/privacy", response_class=HTMLResponse, include_in_schema=False)
def privacy_page(request: Request, services: ServicesDep) -> HTMLResponse:
    info = services.catalogue.info
    context = {
        "college": info.name,
        "contact_url": info.contact_url,
        "paragraphs": privacy_paragraphs(services),
        # The latest date any funding scheme was checked against its source (the catalogue's last_verified).
        "funding_checked": _long_date(rules_last_checked(services.catalogue.schemes.values())),
    }
    return pages.TemplateResponse(request, "privacy.html", context)


@router.get("/advisor/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, services: ServicesDep) -> HTMLResponse:
    context = {"college": services.catalogue.info.name}
    return pages.TemplateResponse(request, "login.html", context, headers={"Cache-Control": "no-store"})


@router.get("/advisor/login.js", include_in_schema=False)
def login_script() -> FileResponse:
    return FileResponse(WEB_DIR / "login.js", media_type="text/javascript")


@router.get("/advisor/login.css", include_in_schema=False)
def login_styles() -> FileResponse:
    return FileResponse(WEB_DIR / "login.css", media_type="text/css")
