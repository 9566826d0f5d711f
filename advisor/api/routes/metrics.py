"""GET /metrics: Prometheus text format. Public by default (no personal data in it); set
ADVISOR_METRICS_PUBLIC=false to require an advisor's API key or sign-in."""

from __future__ import annotations

from fastapi import APIRouter, Response

from advisor.api.auth import AdvisorCookie, current_advisor
from advisor.api.deps import BearerToken, ServicesDep
from advisor.ops.metrics import render

router = APIRouter(tags=["operations"])


@router.get("/metrics", include_in_schema=False)
def metrics(services: ServicesDep, token: BearerToken, cookie: AdvisorCookie = None) -> Response:
    if not services.settings.metrics_public:
        current_advisor(services, token, cookie)  # raises 401 without valid credentials
    body, content_type = render()
    return Response(content=body, media_type=content_type, headers={"Cache-Control": "no-store"})
