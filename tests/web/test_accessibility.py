"""Keyboard-only use of the widget and an axe-core scan of every page (no serious or critical problems)."""

from __future__ import annotations

from typing import Any

import pytest
from web_helpers import in_widget, open_desk, save_screenshot, wait_in_widget

from advisor.api.services import Services


def focused_in_widget(page: Any) -> str:
    """What has focus inside the widget: its class or id, or '' when focus is elsewhere."""
    focused: str = in_widget(
        page,
        "const a = root.activeElement;"
        "return a && document.activeElement === root.host ? (a.id || a.className || a.tagName) : '';",
    )
    return focused


def test_the_widget_can_be_used_with_the_keyboard_alone(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused_in_widget(page) == "aw-launcher":
            break
    else:
        pytest.fail("the launcher was never reached with Tab")
    page.keyboard.press("Enter")
    assert focused_in_widget(page) == "aw-input"

    page.keyboard.type("I'm a plumber and want to fit heat pumps")
    page.keyboard.press("Enter")
    wait_in_widget(page, "root.querySelectorAll('.aw-feedback').length === 1")

    # Tab and Shift+Tab stay inside the open dialog.
    for _ in range(60):
        page.keyboard.press("Tab")
        assert focused_in_widget(page), "focus left the open dialog"
    page.get_by_label("Your message").focus()
    page.keyboard.press("Shift+Tab")
    assert focused_in_widget(page) == "aw-suggestion"
    suggestion = in_widget(page, "return root.activeElement.textContent;")
    page.keyboard.press("Enter")
    wait_in_widget(page, "root.querySelectorAll('.aw-feedback').length === 2")
    assert page.locator(".aw-msg--user").last.inner_text().endswith(suggestion)
    save_screenshot(page, "widget-keyboard")

    page.keyboard.press("Escape")
    assert page.get_by_role("dialog", name="Careers advisor").is_hidden()
    assert focused_in_widget(page) == "aw-launcher"
    launcher_outline = in_widget(page, "return getComputedStyle(root.activeElement).outlineStyle;")
    assert launcher_outline != "none"  # a visible focus indicator


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_every_page_passes_an_axe_scan(page: Any, base_url: str, web_services: Services) -> None:
    page.goto(base_url + "/")
    page.locator(".advisor-widget-host[data-ready]").wait_for(state="attached")
    assert serious_violations(page) == []
    save_screenshot(page, "college-page")

    page.get_by_role("button", name="Ask our careers advisor").click()
    page.get_by_label("Your message").fill("I want to get into EV charger installation, I'm an electrician")
    page.get_by_label("Your message").press("Enter")
    page.locator(".aw-card").first.wait_for()
    page.get_by_label("Your message").fill("Can I get funding? I live in England and I'm 40")
    page.get_by_label("Your message").press("Enter")
    page.locator(".aw-fund").first.wait_for()
    assert serious_violations(page) == []
    save_screenshot(page, "widget-open")

    open_desk(page, base_url, web_services)
    page.locator("#course-table tbody tr").first.wait_for()
    assert serious_violations(page) == []
    save_screenshot(page, "advisor-desk")
    for tab in ("Route planner", "Funding", "Notes"):
        page.get_by_role("tab", name=tab).click()
        if tab == "Route planner":
            page.get_by_label("Award").select_option(index=1)
            page.locator("#credits-counted").wait_for()
        assert serious_violations(page) == [], tab

    page.goto(base_url + "/employer")
    assert serious_violations(page) == []
    page.get_by_label("Staff roles and numbers").fill("2 care workers, 1 team leader")
    page.get_by_role("button", name="Make a team plan").click()
    page.locator("#employer-funding li, #employer-funding p.status").first.wait_for()
    assert serious_violations(page) == []
    save_screenshot(page, "employer-view", full_page=True)
