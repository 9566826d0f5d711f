"""Prometheus metrics for the service, registered once per process in the default registry.

With several worker processes each keeps its own numbers; set PROMETHEUS_MULTIPROC_DIR (an empty folder,
cleared before start) so /metrics adds them up. See docs/operations.md for the limits of that mode.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUEST_SECONDS = Histogram(
    "advisor_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template (not raw path), method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
CHAT_TURNS = Counter(
    "advisor_chat_turns_total", "Saved chat turns, by detected intent and role.", ["intent", "role"]
)
ERRORS = Counter(
    "advisor_errors_total",
    "Things that went wrong: server_error (a 5xx answer), unhandled_exception, rate_limit_backend "
    "(Redis unreachable, counted in memory instead), catalogue_reload (a reload was refused).",
    ["kind"],
)
RATE_LIMITED = Counter("advisor_rate_limited_total", "Requests refused with 429, by limit.", ["limit"])
CATALOGUE_INFO = Gauge(
    "advisor_catalogue_info",
    "The catalogue being served (value 1): name, version, content hash prefix and index key.",
    ["name", "version", "content_hash", "index"],
    multiprocess_mode="liveall",
)
CATALOGUE_COURSES = Gauge(
    "advisor_catalogue_courses", "Courses in the catalogue being served.", multiprocess_mode="liveall"
)


def set_catalogue(name: str, version: str, content_hash: str, index_key: str, courses: int) -> None:
    CATALOGUE_INFO.clear()
    CATALOGUE_INFO.labels(name, version, content_hash[:12], index_key).set(1)
    CATALOGUE_COURSES.set(courses)


def render() -> tuple[bytes, str]:
    """The metrics text exposition and its content type; merges worker files in multi-process mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
