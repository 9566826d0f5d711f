"""Where the person (or the business) is: any UK city, town, county or region, and the catalogue's own
campus towns, to a nation. Where someone lives now beats where they are from; a relative's town, a holiday
or a football club is not where they live."""

from __future__ import annotations

import re

from advisor.understanding.facts.context import FactContext
from advisor.understanding.facts.subjects import about_someone_else, clause_before, in_question
from advisor.understanding.reading import Fact

_I = re.IGNORECASE
_NOT_RESIDENCE_AFTER = re.compile(
    r"\s+(?:united|utd|fc|rovers|wanderers|athletic|albion|rangers|celtic|hotspur|road|street|avenue|"
    r"university|uni\b|office)",
    _I,
)
_LIVES_BEFORE = re.compile(
    r"(?:live|lives|living|based|reside|resident|settled|moved(?: \w+)? to|now|home is|(?:company|business|firm) is|i'?m in|we'?re in|im in|"
    r"here in|i'?m from|am in|(?:moved|relocated|came)\b[^.;]{0,30}\b(?:up |down |over |back |home )?to|(?:i'?m|im|i am|we'?re|we are) (?:down|up|over|out|based)|we are in|located|our (?:office|site|yard|base) is|head office)\b[^.;]{0,18}$",
    _I,
)
_ELSEWHERE_BEFORE = re.compile(
    r"\b(?:holiday|holidays|visit|visiting|went to uni|studied|born in|grew up|got back from|(?:spent|spend|had|for|just) a "
    r"(?:week|weekend|day|fortnight) (?:in|at)|moved from|degree in|course in|"
    r"originally|used to live|family in|go to|going to|went to|trip|opening|open a|expand(?:ing)? (?:to|into)|"
    r"new branch|second branch|support|supports|played for|drive to|commute to|travel to)(?:\s+(?:the|a|an|in|to|at|from|up|down|over))*\s*$",
    _I,
)
_ORIGINALLY_AFTER = re.compile(r"\s*(?:originally|born and bred|by birth)\b", _I)
_NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
_NATION_ADJECTIVES = {"english", "welsh", "scottish", "irish", "british"}
_NI_CAPS = re.compile(r"(?-i:\bNI\b)")


def read_place(ctx: FactContext) -> list[Fact]:
    lexicon = ctx.lexicon
    candidates: list[tuple[int, re.Match[str], str]] = []
    for hit in lexicon.place_pattern.finditer(ctx.text):
        name = hit.group(0).lower()
        nation = lexicon.places.get(name)
        if not nation or name in _NATION_ADJECTIVES or _NOT_RESIDENCE_AFTER.match(ctx.text, hit.end()):
            continue
        before = clause_before(ctx.text, hit.start(), 50)
        own_home = re.search(r"\b(?:i|we|i'?m|im|we'?re)\b[^.;]{0,15}$", before, _I)
        if about_someone_else(ctx.text, hit.start(), ctx.role) and not own_home:
            continue
        if ctx.role == "advisor" and re.search(r"\b(?:i'?m|i am|our|my) (?:based|office)", before, _I):
            continue
        if _ELSEWHERE_BEFORE.search(before) or _ORIGINALLY_AFTER.match(ctx.text, hit.end()):
            rank = (
                2
                if re.search(r"\boriginally|born|grew up", before + ctx.text[hit.end() : hit.end() + 12], _I)
                else 9
            )
        elif _LIVES_BEFORE.search(before):
            rank = 0
        else:
            rank = 1
        if rank and in_question(ctx.text, hit.start()):
            continue  # "what is level 4 in Scotland?" asks about a place; it does not say where they live
        candidates.append((rank, hit, nation))
    usable = [c for c in candidates if c[0] < 9]
    if usable:
        rank, hit, nation = min(usable, key=lambda c: (c[0], c[1].start()))
        found = [ctx.fact(f"{ctx.person_prefix}.nation", nation, hit.start(), hit.end())]
        if hit.group(0).lower() not in {n.lower() for n in _NATIONS}:
            found.append(ctx.fact("constraints.location", hit.group(0).title(), hit.start(), hit.end()))
        return found
    strict = _strict_place(ctx)
    if strict is not None:
        return [strict]
    ni = _NI_CAPS.search(ctx.text)
    if ni:
        return [ctx.fact(f"{ctx.person_prefix}.nation", "Northern Ireland", ni.start(), ni.end())]
    return []


# Place names that are also everyday words or names ("Reading", "Bath", "Barry"): only with a capital letter
# right after a word that says where someone is ("lives in Barry", "based in Reading", "restaurant in Bath").
_STRICT_CUE = re.compile(r"\b(?:in|at|near|from|live in|lives in|based in|living in|outside)\s+$", _I)


def _strict_place(ctx: FactContext) -> Fact | None:
    strict = getattr(ctx.lexicon, "strict_places", {})
    for name, nation in strict.items():
        for hit in re.finditer(rf"\b{re.escape(name.title())}\b", ctx.text):
            before = ctx.text[max(0, hit.start() - 14) : hit.start()]
            if _STRICT_CUE.search(before) and not about_someone_else(ctx.text, hit.start(), ctx.role):
                return ctx.fact(f"{ctx.person_prefix}.nation", nation, hit.start(), hit.end())
    return None
