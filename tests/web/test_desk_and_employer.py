"""The advisor desk's what-if planner, course filters and funding checklist, and the employer team plan."""

from __future__ import annotations

from typing import Any

from web_helpers import open_desk, pdf_text, save_screenshot

from advisor.api.services import Services
from advisor.domain.levels import to_rqf_scale

AWARD = "cert-low-carbon-heating-renewables-l3"
DONE = "heat-pump-installation-l3"


def expected_plan(page: Any, base_url: str, **body: Any) -> dict[str, Any]:
    answer = page.request.post(base_url + "/api/plan", data={"award_id": AWARD, **body})
    assert answer.ok, answer.text()
    plan: dict[str, Any] = answer.json()
    return plan


def test_the_what_if_planner_counts_done_courses_and_rpl_and_exports_a_pdf(
    page: Any, base_url: str, web_services: Services
) -> None:
    open_desk(page, base_url, web_services)
    page.get_by_role("tab", name="Route planner").click()
    page.get_by_label("Award").select_option(AWARD)
    counted = page.locator("#credits-counted")
    award = web_services.catalogue.awards[AWARD]
    counted.get_by_text(f"0 of {award.credits} credits counted").wait_for()

    page.get_by_label("Course to add").select_option(DONE)
    page.get_by_role("button", name="Add as done").click()
    after = expected_plan(page, base_url, done=[DONE])
    counted.get_by_text(f"{after['credits_counted']} of {award.credits} credits counted").wait_for()
    assert after["credits_counted"] == web_services.catalogue.courses[DONE].credits
    placements = page.locator("#placements")
    assert web_services.catalogue.courses[DONE].title in placements.inner_text()
    bar = page.get_by_role("progressbar", name=f"Credits counted towards {award.title}")
    assert bar.get_attribute("aria-valuenow") == str(after["credits_counted"])

    page.get_by_label("Credits from prior learning (RPL)").fill("5")
    with_rpl = expected_plan(page, base_url, done=[DONE], rpl_credits=5)
    assert with_rpl["credits_counted"] == after["credits_counted"] + 5
    counted.get_by_text(f"{with_rpl['credits_counted']} of {award.credits} credits counted").wait_for()
    first_suggestion = web_services.catalogue.courses[with_rpl["suggested"][0]].title
    assert first_suggestion in page.locator("#suggested").inner_text()
    save_screenshot(page, "desk-route-planner", full_page=True)

    page.get_by_role("tab", name="Notes").click()
    page.get_by_label("Notes for this learner").fill("Call back on Tuesday about CITB funding.")
    page.get_by_role("tab", name="Route planner").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export plan as PDF").click()
    data = download_info.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert award.title in text and first_suggestion in text
    assert "Call back on Tuesday about CITB funding." in text


def test_desk_course_filters_and_funding_checklist_show_only_what_matches(
    page: Any, base_url: str, web_services: Services
) -> None:
    open_desk(page, base_url, web_services)
    page.get_by_label("Level", exact=True).select_option("3")
    page.get_by_label("Mode", exact=True).select_option("online")
    expected = [
        c
        for c in web_services.catalogue.courses.values()
        if c.delivery_mode == "online" and to_rqf_scale(c.level, c.level_framework) == 3
    ]
    page.locator("#course-count").get_by_text(f"{len(expected)} courses match.").wait_for()
    rows = page.locator("#course-table tbody tr")
    assert rows.count() == len(expected)
    assert {rows.nth(i).get_attribute("data-course-id") for i in range(rows.count())} == {
        c.id for c in expected
    }
    save_screenshot(page, "desk-courses")

    page.get_by_role("tab", name="Funding").click()
    page.get_by_label("Age", exact=True).fill("40")
    page.get_by_label("Lives in", exact=True).select_option("England")
    page.locator("#funding-list").get_by_text(
        "You are 40"
    ).first.wait_for()  # the checklist follows the profile
    items = page.locator("#funding-list > li")
    assert all("last checked" in items.nth(i).inner_text() for i in range(items.count()))
    sources = page.locator("#funding-list a")
    assert all(sources.nth(i).get_attribute("href").startswith("https://") for i in range(sources.count()))
    save_screenshot(page, "desk-funding")


def test_the_employer_view_turns_roles_and_head_counts_into_fees_funding_and_delivery(
    page: Any, base_url: str, web_services: Services
) -> None:
    page.goto(base_url + "/employer")
    page.get_by_label("Staff roles and numbers").fill("3 site supervisors, 10 electricians")
    page.get_by_label("Based in").select_option("England")
    page.get_by_role("button", name="Make a team plan").click()
    table = page.locator("#team-table")
    table.wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    total = 0.0
    for i, (role, staff) in enumerate((("site supervisors", 3), ("electricians", 10))):
        row = rows.nth(i)
        assert row.get_attribute("data-role") == role
        course = web_services.catalogue.courses[row.get_by_label(f"Course for {role}").input_value()]
        assert row.locator(".per-head").inner_text() == f"£{course.cost_gbp:,.0f}"
        assert row.locator(".fees").inner_text() == f"£{course.cost_gbp * staff:,.0f}"
        total += course.cost_gbp * staff
    assert page.locator("#fees-total").inner_text() == f"£{total:,.0f}"
    assert page.locator("#total-fees").inner_text() == f"£{total:,.0f}"

    funding = page.locator("#employer-funding li")
    funding.first.wait_for()
    employer_schemes = {s.id for s in web_services.catalogue.schemes.values() if s.audience == "employer"}
    shown = {funding.nth(i).get_attribute("data-scheme-id") for i in range(funding.count())}
    assert shown and shown <= employer_schemes
    assert page.get_by_role("heading", name="Flexible delivery").is_visible()
    save_screenshot(page, "employer-plan", full_page=True)

    page.get_by_label("Staff roles and numbers").fill("lots of people")
    page.get_by_role("button", name="Make a team plan").click()
    assert "I could not read" in page.locator("#team-error").inner_text()


def test_signing_out_of_the_desk_needs_a_new_sign_in(page: Any, base_url: str, web_services: Any) -> None:
    open_desk(page, base_url, web_services)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/advisor/login*")
    page.goto(base_url + "/advisor")
    assert "/advisor/login" in page.url
