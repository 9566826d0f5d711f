"""The web pages (demo college page with the widget, advisor desk, employer view, printable plan), their
static files, and the plan exports (JSON for the printable page, PDF for download).

Pages carry no inline scripts or styles, so a Content-Security-Policy without 'unsafe-inline' works.
The learner's plan needs the session's own token or an advisor's sign-in, like the rest of `/api/sessions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import Field

from advisor.api.auth import AdvisorCookie
from advisor.api.deps import BearerToken, CatalogueDep, ServicesDep
from advisor.api.errors import NotFound
from advisor.api.routes.plan import PlanRequest
from advisor.api.routes.plan import plan as compute_plan
from advisor.api.turns import authorise
from advisor.web.pdf import render_plan_pdf
from advisor.web.plan_document import PlanDocument, plan_from_answers, plan_from_route

WEB_DIR = Path(__file__).resolve().parents[2] / "web"
STATIC_DIR = (WEB_DIR / "static").resolve()
templates = Jinja2Templates(directory=WEB_DIR / "templates")

router = APIRouter(tags=["web"])


class PlanPdfRequest(PlanRequest):
    notes: str | None = Field(default=None, max_length=4000, description="advisor's notes for the learner")


@router.get("/static/{name:path}", include_in_schema=False)
def static_file(name: str) -> Response:
    """The widget, styles and page scripts. A route, not a mount, so this router is all app.py includes."""
    path = (STATIC_DIR / name).resolve()
    if not path.is_file() or not path.is_relative_to(STATIC_DIR):
        raise NotFound("file", name)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=300"})


def _page(request: Request, template: str, services: ServicesDep, **extra: Any) -> HTMLResponse:
    info = services.catalogue.info
    context = {
        "college": info.name,
        "contact_url": info.contact_url,
        "demo": info.demo,
        "api_url": str(request.base_url).rstrip("/"),
        **extra,
    }
    return templates.TemplateResponse(request, template, context)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def college_page(request: Request, services: ServicesDep) -> HTMLResponse:
    return _page(request, "index.html", services)


@router.get("/advisor", response_class=HTMLResponse, include_in_schema=False)
def advisor_desk(request: Request, services: ServicesDep) -> HTMLResponse:
    return _page(request, "desk.html", services)


@router.get("/employer", response_class=HTMLResponse, include_in_schema=False)
def employer_view(request: Request, services: ServicesDep) -> HTMLResponse:
    return _page(request, "employer.html", services)


@router.get("/plan/{session_id}", response_class=HTMLResponse, include_in_schema=False)
def printable_plan(session_id: str, request: Request, services: ServicesDep) -> HTMLResponse:
    # The page is a shell: plan.js fetches the plan with the token kept in the URL fragment, which
    # browsers never send to the server or in a Referer header.
    return _page(request, "plan.html", services, session_id=session_id)


def _session_plan(
    services: ServicesDep, session_id: str, token: str | None, advisor_cookie: str | None
) -> PlanDocument:
    authorise(services, session_id, token, allow_advisor=True, advisor_cookie=advisor_cookie)
    answers = [m.payload for m in services.store.history(session_id) if m.role == "assistant" and m.payload]
    return plan_from_answers(services.catalogue, answers)


def _pdf_response(plan: PlanDocument, filename: str) -> Response:
    return Response(
        content=render_plan_pdf(plan),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@router.get("/api/sessions/{session_id}/plan", response_model=None, tags=["sessions"])
def session_plan(
    session_id: str, services: ServicesDep, token: BearerToken, advisor_cookie: AdvisorCookie = None
) -> dict[str, Any]:
    """The plan so far in a conversation (latest route, courses shown, funding), for the printable page."""
    plan = _session_plan(services, session_id, token, advisor_cookie)
    return {"title": plan.title, **plan.model_dump(mode="json")}


@router.get("/api/sessions/{session_id}/plan.pdf", response_model=None, tags=["sessions"])
def session_plan_pdf(
    session_id: str, services: ServicesDep, token: BearerToken, advisor_cookie: AdvisorCookie = None
) -> Response:
    """The same plan as a PDF to download."""
    plan = _session_plan(services, session_id, token, advisor_cookie)
    return _pdf_response(plan, "learning-plan.pdf")


@router.post("/api/plan.pdf", response_model=None, tags=["planning"])
def what_if_plan_pdf(body: PlanPdfRequest, catalogue: CatalogueDep) -> Response:
    """A what-if route (the body of `POST /api/plan`, plus notes) as a PDF for the learner."""
    request = PlanRequest.model_validate(body.model_dump(exclude={"notes"}))
    result = compute_plan(request, catalogue)
    return _pdf_response(plan_from_route(catalogue, result, body.notes), f"plan-{body.award_id}.pdf")
