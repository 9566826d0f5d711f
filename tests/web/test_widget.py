"""The learner widget on the demo college page, in a real browser against the real engine."""

from __future__ import annotations

from typing import Any

from web_helpers import PageProblems, in_widget, new_page, pdf_text, save_screenshot, wait_in_widget

from advisor.api.services import Services

EV_MESSAGE = "I'm an electrician with 15 years experience and want to get into EV charger installation"
ROUTE_MESSAGE = "How would these add up to a qualification?"
FUNDING_MESSAGE = "Can I get funding? I'm 40, I live in England, I'm employed and earn 22000 a year"


def open_widget(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("button", name="Ask our careers advisor").click()
    page.get_by_role("dialog", name="Careers advisor").wait_for()


def replies(page: Any) -> int:
    # Feedback buttons appear only on a completed, saved reply.
    count: int = page.locator(".aw-feedback").count()
    return count


def send(page: Any, text: str) -> Any:
    before = replies(page)
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")
    wait_in_widget(page, "root.querySelectorAll('.aw-feedback').length > arg", before)
    return page.locator(".aw-msg--bot").last


def stored_session(page: Any) -> dict[str, str]:
    session: dict[str, str] = page.evaluate(
        "() => JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('advisor-widget:'))[1])"
    )
    return session


def test_a_learner_conversation_shows_cards_credit_bar_funding_and_hand_off_and_survives_a_reload(
    page: Any, base_url: str, web_services: Services
) -> None:
    open_widget(page, base_url)
    reply = send(page, EV_MESSAGE)

    card = reply.locator(".aw-card").first
    course = web_services.catalogue.courses[card.get_attribute("data-course-id") or ""]
    text = card.inner_text()
    assert course.title in text
    assert f"Level {course.level} ({course.level_framework})" in text
    assert f"£{course.cost_gbp:,.0f}" in text
    assert f"{course.hours_per_week:g} hours a week for {course.duration_weeks} weeks" in text
    assert "Next start" in text and "Why it fits" in text
    save_screenshot(page, "widget-courses")

    route = send(page, ROUTE_MESSAGE).locator(".aw-route")
    bar = route.get_by_role("progressbar")
    counted, required = int(bar.get_attribute("aria-valuenow")), int(bar.get_attribute("aria-valuemax"))
    assert 0 < counted <= required
    assert f"{counted} of {required} credits" in route.inner_text()
    save_screenshot(page, "widget-route")

    chips = send(page, FUNDING_MESSAGE).locator(".aw-fund")
    chip_count = chips.count()
    labels = [chips.nth(i).locator(".aw-chip").inner_text() for i in range(chips.count())]
    assert any("Eligible" in label and "Not" not in label for label in labels)
    assert any("Not eligible" in label for label in labels)
    for i in range(chips.count()):
        assert chips.nth(i).locator(".aw-fund-reason").inner_text().strip()
    save_screenshot(page, "widget-funding")

    page.get_by_role("button", name="Talk to an advisor").click()
    handoff = page.locator(".aw-handoff")
    handoff.wait_for()
    assert (
        handoff.get_by_role("link", name="Book a chat with an advisor")
        .get_attribute("href")
        .startswith("https://")
    )
    assert "electrician" in handoff.get_by_label("A note to give them").input_value()
    save_screenshot(page, "widget-handoff")

    page.locator(".aw-msg--bot").last.get_by_role("button", name="Helpful", exact=True).click()
    page.get_by_text("Thank you for your feedback.").wait_for()
    session = stored_session(page)
    assert [f.rating for f in web_services.store.feedback(session["id"])] == ["up"]

    page.reload()
    page.locator(".aw-card").first.wait_for()  # the dialog reopens with the conversation restored
    assert page.locator(".aw-msg--user").count() == 4
    assert page.locator(".aw-msg--user").first.inner_text().endswith(EV_MESSAGE)
    assert page.locator(".aw-route").count() == 1 and page.locator(".aw-fund").count() == chip_count

    page.get_by_role("button", name="New chat").click()
    assert page.locator(".aw-msg--user").count() == 0
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('advisor-widget:'))") == []
    page.reload()  # the dialog stays open across the reload, now with only the greeting
    page.get_by_role("dialog", name="Careers advisor").wait_for()
    assert page.locator(".aw-msg--user").count() == 0
    assert page.locator(".aw-msg--bot").count() == 1


def test_erasing_asks_first_then_deletes_the_conversation_from_the_server(
    page: Any, base_url: str, web_services: Services
) -> None:
    open_widget(page, base_url)
    send(page, "I work in a care home and want to become a manager")
    session = stored_session(page)
    assert web_services.store.get_session(session["id"]) is not None

    page.get_by_role("button", name="Erase my conversation").click()
    confirm = page.get_by_role("alertdialog", name="Erase this conversation?")
    confirm.wait_for()
    assert page.evaluate(
        "() => document.querySelector('.advisor-widget-host').shadowRoot.activeElement.textContent"
    ) == ("Cancel")
    page.keyboard.press("Escape")  # Esc backs out of the question, not the whole dialog
    assert confirm.is_hidden() and page.get_by_role("dialog", name="Careers advisor").is_visible()
    assert web_services.store.get_session(session["id"]) is not None

    page.get_by_role("button", name="Erase my conversation").click()
    confirm.get_by_role("button", name="Erase conversation").click()
    page.get_by_text("Your conversation has been erased.").wait_for()
    assert web_services.store.get_session(session["id"]) is None
    assert page.locator(".aw-msg--user").count() == 0


def test_messages_are_shown_as_text_never_run_as_html(
    page: Any, base_url: str, problems: PageProblems
) -> None:
    payloads = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script> and <b>bold</b>"]
    open_widget(page, base_url)
    for payload in payloads:
        send(page, payload)
    page.reload()  # and again when the history is restored from the server
    page.locator(".aw-msg--user").nth(1).wait_for()
    shown = [page.locator(".aw-msg--user .aw-text").nth(i).inner_text() for i in range(2)]
    assert shown == payloads
    injected = in_widget(
        page, "return root.querySelectorAll('.aw-log img, .aw-log script, .aw-log b').length;"
    )
    assert injected == 0
    assert problems.dialogs == []
    save_screenshot(page, "widget-xss-as-text")


def test_each_completed_reply_is_announced_once_not_each_streamed_piece(page: Any, base_url: str) -> None:
    open_widget(page, base_url)
    in_widget(
        page,
        """const live = root.querySelector('[aria-live]');
        window.announcements = [];
        new MutationObserver(() => { if (live.textContent) window.announcements.push(live.textContent); })
            .observe(live, {childList: true, characterData: true, subtree: true});""",
    )
    reply = send(page, EV_MESSAGE)
    page.wait_for_function("() => window.announcements.length > 0")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.announcements") == [
        "Advisor: " + reply.locator(".aw-text").inner_text()
    ]


def test_saving_the_plan_gives_a_printable_page_and_a_pdf(page: Any, base_url: str) -> None:
    open_widget(page, base_url)
    send(page, EV_MESSAGE)
    route = send(page, ROUTE_MESSAGE).locator(".aw-route")
    award_title = route.locator(".aw-route-title").inner_text()
    course_title = page.locator(".aw-card-title").first.inner_text()

    page.get_by_role("button", name="Save my plan").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    data = download_info.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert award_title in text and course_title in text

    with page.context.expect_page() as popup_info:
        page.get_by_role("link", name="Open a printable page").click()
    printable = popup_info.value
    printable.get_by_role("heading", level=1, name=f"Learning plan: {award_title}").wait_for()
    assert "token" not in printable.url  # the key is taken out of the address bar
    assert printable.get_by_role("progressbar").get_attribute("aria-valuemax")
    save_screenshot(printable, "plan-page", full_page=True)
    printable.emulate_media(media="print")
    assert printable.get_by_role("button", name="Print this plan").is_hidden()


def test_on_a_phone_the_dialog_fills_the_screen_and_nothing_overflows(
    browser: Any, base_url: str, problems: PageProblems
) -> None:
    page = new_page(browser, problems, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page.goto(base_url + "/")
        save_screenshot(page, "phone-home")
        open_widget(page, base_url)
        box = page.get_by_role("dialog", name="Careers advisor").bounding_box()
        assert round(box["width"]) == 375 and round(box["height"]) == 740
        send(page, EV_MESSAGE)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        assert in_widget(
            page, "const log = root.querySelector('.aw-log'); return log.scrollWidth <= log.clientWidth;"
        )
        assert page.get_by_role("button", name="Send").is_visible()
        save_screenshot(page, "phone-widget")
    finally:
        page.context.close()
    assert problems.errors == []


def test_at_200_percent_zoom_and_with_reduced_motion_the_widget_still_works(
    browser: Any, base_url: str, problems: PageProblems
) -> None:
    # 200% zoom on a 1280 x 900 window leaves a 640 x 450 CSS-pixel viewport.
    page = new_page(browser, problems, viewport={"width": 640, "height": 450}, reduced_motion="reduce")
    try:
        open_widget(page, base_url)
        panel = page.get_by_role("dialog", name="Careers advisor")
        box = panel.bounding_box()
        assert (
            box["x"] >= 0
            and box["y"] >= 0
            and box["x"] + box["width"] <= 640
            and box["y"] + box["height"] <= 450
        )
        assert panel.evaluate("node => getComputedStyle(node).animationName") == "none"
        send(page, "What is an HNC?")
        assert (
            page.get_by_label("Your message").is_visible()
            and page.get_by_role("button", name="Send").is_visible()
        )
        save_screenshot(page, "zoom-200-widget")
    finally:
        page.context.close()
    assert problems.errors == []
