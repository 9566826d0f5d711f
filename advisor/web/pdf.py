"""A plan as a PDF, drawn with fpdf2 (pure Python: no browser or display needed on the server)."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from advisor.web.plan_document import CourseLine, PlanDocument

# The built-in PDF fonts cover Latin-1 only; typographic punctuation is mapped to plain equivalents.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
    }
)
INK = (33, 37, 41)
MUTED = (80, 86, 92)
ACCENT = (11, 85, 99)


def plain(text: object) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def money(value: float | None) -> str:
    if value is None:
        return ""
    return f"\u00a3{value:,.0f}" if float(value).is_integer() else f"\u00a3{value:,.2f}"


class _PlanPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"Page {self.page_no()}", align="C")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 8, plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font("Helvetica", size=10)


def _para(pdf: FPDF, text: str, size: float = 10, style: str = "") -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, 5.5, plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _course_table(pdf: FPDF, lines: list[CourseLine], with_notes: bool) -> None:
    pdf.set_font("Helvetica", size=9)
    headings = ("Course", "Level", "Credits", "Fee", "Study", "Next start")
    with pdf.table(
        col_widths=(62, 28, 16, 18, 34, 24), text_align="LEFT", line_height=5, first_row_as_headings=True
    ) as table:
        header = table.row()
        for text in headings:
            header.cell(text)
        for line in lines:
            row = table.row()
            row.cell(plain(line.title))
            row.cell(plain(line.level))
            row.cell("" if line.credits is None else str(line.credits))
            row.cell(plain(money(line.cost_gbp)))
            study = []
            if line.hours_per_week:
                study.append(f"{line.hours_per_week:g} h/week")
            if line.duration_weeks:
                study.append(f"{line.duration_weeks} weeks")
            if line.mode:
                study.append(line.mode)
            row.cell(plain(", ".join(study)))
            row.cell(plain(line.next_start))
    if with_notes:
        for line in lines:
            if line.note:
                _para(pdf, f"{line.title}: {line.note}", size=9)


def render_plan_pdf(plan: PlanDocument) -> bytes:
    pdf = _PlanPdf(format="A4")
    pdf.set_title(plain(plan.title))
    pdf.set_author(plain(plan.college))
    pdf.set_subject("Learning plan from the careers advisor")
    pdf.set_creator("advisor")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_text_color(*INK)

    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, plain(plan.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    _para(pdf, f"{plan.college} - made on {plan.created:%d %B %Y}", size=10)
    pdf.set_text_color(*INK)

    route = plan.route
    if route:
        _heading(pdf, f"Route to {route.award_title}")
        status = "complete" if route.complete else f"{route.credits_remaining} credits to go"
        _para(pdf, f"{route.credits_counted} of {route.credits_required} credits counted ({status}).")
        if route.rpl_credits_used:
            _para(pdf, f"Includes {route.rpl_credits_used} credits from prior learning (RPL).")
        if route.counted:
            _para(pdf, "Courses that count:", style="B")
            for line in route.counted:
                _para(pdf, f"- {line.title} ({line.credits} credits): {line.note}")
        if route.suggested:
            _para(pdf, "Courses that would finish it:", style="B")
            _course_table(pdf, route.suggested, with_notes=False)
            extra = []
            if route.weeks_to_finish:
                extra.append(f"about {route.weeks_to_finish:g} weeks")
            if route.cost_gbp:
                extra.append(f"{money(route.cost_gbp)} in fees before any funding")
            if extra:
                _para(pdf, "That could take " + " and cost ".join(extra) + ".")
        if route.unmet:
            _para(pdf, "Still to do:", style="B")
            for requirement in route.unmet:
                _para(pdf, f"- {requirement}")

    if plan.courses:
        _heading(pdf, "Courses you looked at")
        _course_table(pdf, plan.courses, with_notes=True)

    if plan.funding:
        _heading(pdf, "Help with fees")
        for item in plan.funding:
            _para(pdf, f"{item.status_label}: {item.name}", style="B")
            if item.reason:
                _para(pdf, item.reason, size=9)
            if item.check_with_advisor and item.status != "not_eligible":
                _para(pdf, f"Check with an advisor: {item.check_with_advisor}", size=9)

    if plan.summary:
        _heading(pdf, "Note for your advisor")
        _para(pdf, plan.summary)
    if plan.notes:
        _heading(pdf, "Advisor's notes")
        _para(pdf, plan.notes)
    if plan.contact_url:
        _heading(pdf, "Talk to an advisor")
        _para(pdf, plan.contact_url)
    if plan.is_empty:
        _para(pdf, "There is nothing in this plan yet. Ask the advisor about courses first.")
    return bytes(pdf.output())
