"""Which award a turn is about: one the message names, else the one being discussed, else the award the
courses on the table could best count towards (in the person's nation)."""

from __future__ import annotations

from advisor.dialogue.state import ConversationState
from advisor.domain.catalogue import Award, Catalogue
from advisor.understanding.reading import Reading
from advisor.understanding.references import content_words


def award_for(reading: Reading, state: ConversationState, catalogue: Catalogue) -> str | None:
    named = [a for a in reading.awards() if a in catalogue.awards]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        return best_award([catalogue.awards[a] for a in named], reading.text, state, catalogue).id
    if state.award_id:
        return state.award_id
    nation = state.profile.learner.nation or state.profile.employer.nation
    offered = [a for a in catalogue.awards.values() if not nation or not a.nations or nation in a.nations]
    return best_award(offered, reading.text, state, catalogue).id if offered else None


def best_award(awards: list[Award], text: str, state: ConversationState, catalogue: Catalogue) -> Award:
    """The award that fits best the message's words, the courses in the conversation and the sectors."""
    courses = [
        catalogue.courses[c] for c in (*state.shown_courses, *state.done_courses) if c in catalogue.courses
    ]
    sectors = {c.sector for c in courses} | set(state.profile.sectors)
    words = content_words(text)

    def fit(award: Award) -> tuple[int, int, int]:
        pools = [g.pool for g in award.choose] + ([award.electives] if award.electives else [])
        course_hits = sum(
            1
            for c in courses
            if c.id in award.required or any(p.admits(c, award.level_framework) for p in pools if p.sectors)
        )
        sector_hits = sum(1 for p in pools if p.sectors and sectors & set(p.sectors))
        return (len(words & content_words(award.title)), course_hits, sector_hits)

    return max(awards, key=fit)
