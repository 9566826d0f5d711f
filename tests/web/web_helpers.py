"""Helpers for the browser tests: page set-up, screenshots as artefacts, and reading text out of a PDF."""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Any

from advisor.config import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


class PageProblems:
    """What went wrong in the page while a test ran: JavaScript errors and any dialog (alert) that fired."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []


def new_page(browser: Any, problems: PageProblems, **context_options: Any) -> Any:
    options = {"viewport": {"width": 1280, "height": 900}, "accept_downloads": True, **context_options}
    context = browser.new_context(**options)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        problems.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


def save_screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 with the built-in fonts (Flate streams of `(...) Tj`)."""
    pieces: list[str] = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            content = match.group(1)
        for text in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content):
            pieces.append(re.sub(rb"\\(.)", rb"\1", text).decode("latin-1"))
    return re.sub(r"\s+", " ", " ".join(pieces))


WIDGET_ROOT = "document.querySelector('.advisor-widget-host').shadowRoot"


def in_widget(page: Any, body: str, arg: Any = None) -> Any:
    """Run JavaScript `body` with `root` = the widget's shadow root and `arg`; return its value."""
    return page.evaluate(f"(arg) => {{ const root = {WIDGET_ROOT}; {body} }}", arg)


def wait_in_widget(page: Any, condition: str, arg: Any = None) -> None:
    page.wait_for_function(f"(arg) => {{ const root = {WIDGET_ROOT}; return {condition}; }}", arg=arg)


DESK_EMAIL = "web-tests@kestrelvale.example"
DESK_PASSWORD = "a long test passphrase for the desk"


def open_desk(page: Any, base_url: str, services: Any) -> None:
    """Open /advisor, signing in first when the desk asks for it (sign-in arrives with the hardening work)."""
    page.goto(base_url + "/advisor")
    if "/advisor/login" not in page.url:
        return
    from advisor.access.passwords import hash_password
    from advisor.api.auth import accounts_for

    accounts = accounts_for(services.store)
    if accounts.find_advisor(DESK_EMAIL) is None:
        accounts.add_advisor(DESK_EMAIL, "Web tests", hash_password(DESK_PASSWORD))
    answer = page.request.post(
        base_url + "/api/auth/login", data={"email": DESK_EMAIL, "password": DESK_PASSWORD}
    )
    assert answer.ok, answer.text()
    page.goto(base_url + "/advisor")
    assert page.url.endswith("/advisor"), page.url
