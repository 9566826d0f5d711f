"""The privacy notice, in one place for the API, the /privacy page and the widget's link."""

from __future__ import annotations

from advisor.api.services import Services


def _days(days: float) -> str:
    whole = int(days) if float(days).is_integer() else days
    return f"{whole} day" if whole == 1 else f"{whole} days"


def privacy_paragraphs(services: Services) -> list[str]:
    college = services.catalogue.info.name
    days = _days(services.settings.retention_days)
    return [
        f"{college} runs this careers adviser to help you find courses, plan a route to a qualification "
        "and check funding.",
        "What you type is saved so the conversation can carry on and so the college's careers advisers can "
        f"help you. It is erased automatically {days} after your last message, or straight away when you "
        "choose to erase the conversation.",
        "Please do not type personal details such as your phone number, email address, home address or "
        "National Insurance number: the adviser does not need them.",
        "Nothing you type is sold, shared with other organisations or sent to outside services, and this "
        "service sets no tracking or advertising cookies. Service logs never contain what you type.",
        "You have rights over your data under UK GDPR, including to see it and to have it erased. To use "
        "them, or if you have a concern, contact the college; you can also complain to the Information "
        "Commissioner's Office (ICO).",
    ]


def privacy_notice(services: Services) -> str:
    return "\n\n".join(privacy_paragraphs(services))
