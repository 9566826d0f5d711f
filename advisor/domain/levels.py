"""Qualification levels across the four UK frameworks.

RQF (England, Northern Ireland), FHEQ (higher education in England, Wales, NI) and CQFW (Wales) share one
numbering for levels 1-8 (Entry = 0). SCQF (Scotland) has 12 levels. The catalogue format fixes the
equivalences: SCQF 7 = 4, SCQF 8 = 5, SCQF 9-10 = 6, SCQF 11 = 7, SCQF 12 = 8, and RQF 1-3 = SCQF 4-6.

Because RQF 6 matches two SCQF levels (9 and 10) a converted level is a closed range, not one number.
Comparisons use the range the honest way round: a course is "at or above" a level when the top of its
range reaches it, and "at most" a level when the bottom of its range is within it.
"""

from __future__ import annotations

from typing import Literal, get_args

Framework = Literal["RQF", "FHEQ", "SCQF", "CQFW"]
FRAMEWORKS: tuple[str, ...] = get_args(Framework)

# Frameworks that share the RQF numbering.
_RQF_LIKE = frozenset({"RQF", "FHEQ", "CQFW"})

_LEVEL_RANGE: dict[str, tuple[int, int]] = {"RQF": (0, 8), "FHEQ": (0, 8), "CQFW": (0, 8), "SCQF": (1, 12)}

# SCQF level -> RQF-scale level. SCQF 1-3 are the Entry levels.
_SCQF_TO_RQF = {1: 0, 2: 0, 3: 0, 4: 1, 5: 2, 6: 3, 7: 4, 8: 5, 9: 6, 10: 6, 11: 7, 12: 8}
# RQF-scale level -> the SCQF levels it matches.
_RQF_TO_SCQF: dict[int, tuple[int, int]] = {}
for _scqf, _rqf in _SCQF_TO_RQF.items():
    _low, _high = _RQF_TO_SCQF.get(_rqf, (_scqf, _scqf))
    _RQF_TO_SCQF[_rqf] = (min(_low, _scqf), max(_high, _scqf))

LevelRange = tuple[int, int]


def is_valid_level(framework: str, level: int) -> bool:
    """True when `level` exists in `framework` (RQF/FHEQ/CQFW 0-8 with Entry = 0, SCQF 1-12)."""
    bounds = _LEVEL_RANGE.get(framework)
    return bounds is not None and bounds[0] <= level <= bounds[1]


def level_bounds(framework: str) -> tuple[int, int]:
    return _LEVEL_RANGE[framework]


def convert_level(level: int, source: str, target: str) -> LevelRange:
    """The level(s) in `target` that `level` in `source` is equivalent to, as an inclusive range."""
    if not is_valid_level(source, level):
        raise ValueError(f"level {level} does not exist in {source}")
    if target not in _LEVEL_RANGE:
        raise ValueError(f"unknown framework {target}")
    if source == target or (source in _RQF_LIKE and target in _RQF_LIKE):
        return (level, level)
    if source == "SCQF":
        rqf = _SCQF_TO_RQF[level]
        return (rqf, rqf)
    return _RQF_TO_SCQF[level]


def to_rqf_scale(level: int, framework: str) -> int:
    """One RQF-scale number for display and for comparing with `learner.highest_level` (lowest match)."""
    return convert_level(level, framework, "RQF")[0]


def is_at_or_above(level: int, framework: str, threshold: int, threshold_framework: str) -> bool:
    """Whether a course level reaches `threshold` (stated in `threshold_framework`)."""
    return convert_level(level, framework, threshold_framework)[1] >= threshold


def is_at_most(level: int, framework: str, ceiling: int, ceiling_framework: str) -> bool:
    return convert_level(level, framework, ceiling_framework)[0] <= ceiling


def describe_level(level: int, framework: str) -> str:
    """Plain-English name of a level, e.g. 'level 4 (RQF)' or 'SCQF level 7'."""
    if framework == "SCQF":
        return f"SCQF level {level}"
    if level == 0:
        return f"Entry level ({framework})"
    return f"level {level} ({framework})"
