"""National credit, qualification and funding rules that no catalogue holds, each with its sources.

Every figure here comes from the project reference `uk-credit-and-funding-facts.md` (checked 2026-11-22,
corrected 2026-12-01); the source ids ("S5") are the reference's, and `SOURCES` gives their addresses. Only
confirmed figures are kept: anything the reference marks UNVERIFIED (undergraduate credits at level, the
large-employer bootcamp share, ...) is not here, so no answer can state it as a rule.

A catalogue's own records win where they hold a rule (a scheme's conditions, an award's size or RPL limit):
`advisor.domain.knowledge` reads them first and falls back to these constants. Pure data, no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from advisor.domain.levels import Framework

# --- sources --------------------------------------------------------------------------------------------

SOURCES: dict[str, str] = {
    "S2": "http://www.hozir.org/higher-education-credit-framework-for-england-advice-on-academ.html?page=9",
    "S3": "https://www.readkong.com/page/higher-education-credit-framework-for-england-advice-on-8403735",
    "S4": "https://gov.uk/government/publications/lifelong-learning-entitlement-tuition-fee-limits/"
    "tuition-fee-limits-in-the-lifelong-learning-entitlement",
    "S5": "https://zh.scribd.com/document/299062602/"
    "Diagram-of-Higher-Education-Qualification-Levels-in-England-Wales-and-Northern-Ireland",
    "S6": "https://www.derby.ac.uk/about/academic-regulations/21-22/credit-framework/",
    "S8": "https://shu.ac.uk/myhallam/university-life/university-rules-and-regulations/marking-and-grades/"
    "recognition-of-prior-learning/maximum-permitted-credit-from-the-recognition-of-prior-certified-learning",
    "S9": "http://www.aber.ac.uk/en/regulations/credit/credit-transfer/",
    "S10": "https://www.nidirect.gov.uk/articles/qualifications-what-different-levels-mean",
    "S13": "http://www.citb.co.uk/awards/news-updates/news/guide-to-total-qualification-time/",
    "S14": "https://warwick.ac.uk/fac/soc/ier/glacier/qual/wales/",
    "S15": "https://www.sqa.org.uk/sqa/71377.html",
    "S16": "http://scqf.org.uk/about-the-scqf-database/",
    "S17": "https://docslib.org/doc/8763413/scqf-credit-rated-qualifications",
    "S18": "http://www.scqf.co.uk/The%20Framework/Credit%20Points",
    "S19": "https://www.heinfo.slc.co.uk/lle/lle-faq/lifelong-learning-entitlement-faq/"
    "?alttemplate=printguide&id=4228",
    "S20": "http://www.eaconsolja.com/government/publications/lifelong-learning-entitlement-lle-overview/"
    "lifelong-learning-entitlement-overview",
    "S22": "http://www.iwanknow.com/news/lle-prioritise-degree-modules-aligned-skills-needs",
    "S23": "http://www.iwanknow.com/news/watered-down-lle-sets-tone-labours-approach-he-reform",
    "S24": "https://www.heinfo.slc.co.uk/lle/lle-faq/lifelong-learning-entitlement-faq/lle-faq/"
    "courses-included-under-the-lle",
    "S26": "https://studentfinance.campaign.gov.uk/lifelong-learning-entitlement/",
    "S28": "https://www.hud.ac.uk/undergraduate/fees-and-finance/lifelong-learning-entitlement",
    "S31": "https://wonkhe.com/blogs/the-lle-finally-gets-a-labour-overhaul",
    "S33": "https://www.lpservices.slc.co.uk/resources/guidance/advanced-learner-loan-factsheets/"
    "eligibility-and-assessment/adult-skills-fund-factsheet",
    "S35": "https://feweek.co.uk/adult-skills-funding-2026-27-rule-changes-you-need-to-know/",
    "S36": "https://www.parallelparliament.co.uk/question/109229/adult-education",
    "S38": "https://www.gov.uk/government/publications/adult-skills-fund-funding-rules/"
    "adult-skills-fund-level-3-qualifications-flow-charts",
    "S39": "https://www.ucas.com/student-finance-england/advanced-learner-loans",
    "S46": "https://www.parallelparliament.co.uk/question/110426/apprenticeship-levy",
    "S47": "https://www.gov.uk/government/publications/apprenticeship-funding-rules-and-assessment-plan-guidance-"
    "2026-to-2027/apprenticeship-funding-rules-summary-of-changes-version-1",
    "S56": "https://projectscot.com/2025/12/rising-demand-prompts-citb-to-make-changes-to-funding-and-grants",
    "S57": "https://www.careerchangewales.co.uk/citb-funding-for-2026-27",
    "S60": "https://workingwales.gov.wales/personal-learning-account",
    "S66": "https://www.qaa.ac.uk/the-quality-code/characteristics-statements/micro-credentials",
    "S67": "https://pure.cardiffmet.ac.uk/en/publications/micro-credential-planning-framework-technical-summary-"
    "document",
    "S74": "https://www.gov.uk/government/publications/how-much-lifelong-learning-entitlement-you-could-get/"
    "how-much-lifelong-learning-entitlement-you-could-get",
    "S76": "https://paintingdecoratingassociation.co.uk/2026/01/changes-to-citb-funding",
    "S77": "https://feweek.co.uk/dfe-scales-back-free-courses-for-jobs-offer/",
    "S78": "https://citb.euwest01.umbraco.io/levy-grants-and-funding/grants-and-funding/funding-changes-information",
    "S79": "https://portlandtraining.co.uk/citb-funding-changes-for-nvqs-from-january-2026-what-you-need-to-know",
}

# --- credit ---------------------------------------------------------------------------------------------

# 1 credit (RQF, FHEQ, CQFW) or 1 SCQF credit point = 10 notional hours of learning.
HOURS_PER_CREDIT = 10
HOURS_SOURCES: dict[str, tuple[str, ...]] = {
    "RQF": ("S13",),  # total qualification time = 10 x credit value
    "FHEQ": ("S4", "S6"),
    "CQFW": ("S14",),
    "SCQF": ("S15",),
}
# Without a framework: England, Wales and Northern Ireland.
HOURS_SOURCES_UK: tuple[str, ...] = ("S4", "S6", "S13", "S14")
# 1 ECTS credit = 2 UK credits (15 UK credits = 7.5 ECTS).
UK_CREDITS_PER_ECTS = 2
ECTS_SOURCES: tuple[str, ...] = ("S5", "S6")
LEVEL_SOURCES: tuple[str, ...] = ("S10",)

# What each level is, for examples in level answers (RQF-scale levels; reference sections 1 and 2).
LEVEL_EXAMPLES: dict[int, str] = {
    4: "an HNC or CertHE",
    5: "an HND, foundation degree or DipHE",
    6: "a bachelor's degree",
    7: "a master's degree, PgCert or PgDip",
    8: "a doctorate",
}
SCQF_DEGREE_LEVELS = {"ordinary": 9, "honours": 10}

# --- qualification sizes ------------------------------------------------------------------------------

SizeSystem = Literal["ewni", "scotland"]
SYSTEM_WHERE: dict[str, str] = {"ewni": "England, Wales and Northern Ireland", "scotland": "Scotland"}


@dataclass(frozen=True)
class NationalSize:
    """The usual size of a kind of qualification in one system (reference sections 1 and 2)."""

    key: str
    short: str  # how people write it: "HNC"
    name: str  # "Higher National Certificate"
    system: SizeSystem
    where: str  # where the figure applies, in words
    credits: int
    level: int
    framework: Framework
    sources: tuple[str, ...]
    # (credits, level): at least this many credits at this level or above.
    min_at_level: tuple[int, int] | None = None

    @property
    def unit(self) -> str:
        return "SCQF credit points" if self.framework == "SCQF" else "credits"


_EWNI = SYSTEM_WHERE["ewni"]
NATIONAL_SIZES: tuple[NationalSize, ...] = (
    NationalSize(
        key="certhe",
        short="CertHE",
        name="Certificate of Higher Education",
        system="ewni",
        where=_EWNI,
        credits=120,
        level=4,
        framework="FHEQ",
        sources=("S5", "S8"),
    ),
    NationalSize(
        key="hnc",
        short="HNC",
        name="Higher National Certificate",
        system="ewni",
        where=_EWNI,
        credits=120,
        level=4,
        framework="RQF",
        sources=("S5", "S8"),
    ),
    NationalSize(
        key="diphe",
        short="DipHE",
        name="Diploma of Higher Education",
        system="ewni",
        where=_EWNI,
        credits=240,
        level=5,
        framework="FHEQ",
        sources=("S5", "S8"),
    ),
    NationalSize(
        key="foundation_degree",
        short="foundation degree",
        name="foundation degree",
        system="ewni",
        where=_EWNI,
        credits=240,
        level=5,
        framework="FHEQ",
        sources=("S5", "S8"),
    ),
    NationalSize(
        key="hnd",
        short="HND",
        name="Higher National Diploma",
        system="ewni",
        where=_EWNI,
        credits=240,
        level=5,
        framework="RQF",
        sources=("S5", "S8"),
    ),
    NationalSize(
        key="ordinary_degree",
        short="ordinary degree",
        name="ordinary bachelor's degree",
        system="ewni",
        where=_EWNI,
        credits=300,
        level=6,
        framework="FHEQ",
        sources=("S5", "S8"),
    ),
    NationalSize(
        key="honours_degree",
        short="honours degree",
        name="bachelor's degree with honours",
        system="ewni",
        where=_EWNI,
        credits=360,
        level=6,
        framework="FHEQ",
        sources=("S5", "S8"),
    ),
    NationalSize(
        key="pgcert",
        short="PgCert",
        name="Postgraduate Certificate",
        system="ewni",
        where="England",
        credits=60,
        level=7,
        framework="FHEQ",
        sources=("S2",),
        min_at_level=(40, 7),
    ),
    NationalSize(
        key="pgce",
        short="PGCE",
        name="Postgraduate Certificate in Education",
        system="ewni",
        where="England",
        credits=60,
        level=7,
        framework="FHEQ",
        sources=("S2",),
        min_at_level=(40, 7),
    ),
    NationalSize(
        key="pgdip",
        short="PgDip",
        name="Postgraduate Diploma",
        system="ewni",
        where="England",
        credits=120,
        level=7,
        framework="FHEQ",
        sources=("S2",),
        min_at_level=(90, 7),
    ),
    NationalSize(
        key="masters",
        short="master's",
        name="taught master's degree",
        system="ewni",
        where="England",
        credits=180,
        level=7,
        framework="FHEQ",
        sources=("S2", "S4", "S6"),
        min_at_level=(150, 7),
    ),
    NationalSize(
        key="integrated_masters",
        short="integrated master's",
        name="integrated master's degree",
        system="ewni",
        where="England",
        credits=480,
        level=7,
        framework="FHEQ",
        sources=("S2",),
        min_at_level=(120, 7),
    ),
    NationalSize(
        key="professional_doctorate",
        short="professional doctorate",
        name="professional doctorate",
        system="ewni",
        where="England",
        credits=540,
        level=8,
        framework="FHEQ",
        sources=("S2",),
        min_at_level=(360, 8),
    ),
    NationalSize(
        key="hnc",
        short="HNC",
        name="Higher National Certificate",
        system="scotland",
        where="Scotland",
        credits=96,
        level=7,
        framework="SCQF",
        sources=("S16",),
    ),
    NationalSize(
        key="hnd",
        short="HND",
        name="Higher National Diploma",
        system="scotland",
        where="Scotland",
        credits=240,
        level=8,
        framework="SCQF",
        sources=("S16",),
    ),
    NationalSize(
        key="ordinary_degree",
        short="ordinary degree",
        name="ordinary degree",
        system="scotland",
        where="Scotland",
        credits=360,
        level=9,
        framework="SCQF",
        sources=("S16", "S17"),
        min_at_level=(60, 9),
    ),
    NationalSize(
        key="honours_degree",
        short="honours degree",
        name="honours degree",
        system="scotland",
        where="Scotland",
        credits=480,
        level=10,
        framework="SCQF",
        sources=("S16", "S17"),
        min_at_level=(90, 10),
    ),
    NationalSize(
        key="masters",
        short="master's",
        name="master's degree",
        system="scotland",
        where="Scotland",
        credits=180,
        level=11,
        framework="SCQF",
        sources=("S17",),
        min_at_level=(150, 11),
    ),
)
SIZE_KEYS: tuple[str, ...] = tuple(dict.fromkeys(size.key for size in NATIONAL_SIZES))


def national_size(key: str, system: SizeSystem = "ewni") -> NationalSize | None:
    for size in NATIONAL_SIZES:
        if size.key == key and size.system == system:
            return size
    return None


# A catalogue award's `short` -> the national kind it is (for "the usual size" comparisons).
SHORT_TO_KEY: dict[str, str] = {
    "hnc": "hnc",
    "hnd": "hnd",
    "certhe": "certhe",
    "diphe": "diphe",
    "fda": "foundation_degree",
    "fdsc": "foundation_degree",
    "fd": "foundation_degree",
    "pgcert": "pgcert",
    "pgce": "pgce",
    "pgdip": "pgdip",
    "msc": "masters",
    "ma": "masters",
    "mba": "masters",
    "mres": "masters",
    "ba": "honours_degree",
    "bsc": "honours_degree",
}

# HNC + HND (or CertHE + DipHE) is 240 credits; an honours degree needs a 120-credit level 6 top-up.
TOP_UP_CREDITS = 120
TOP_UP_LEVEL = 6
DEGREE_SOURCES: tuple[str, ...] = ("S5", "S8")
# Sub-degree awards that stack: the first's credits count inside the second.
STACKS_INSIDE: dict[str, str] = {"hnc": "hnd", "certhe": "diphe"}

# --- recognition of prior learning ----------------------------------------------------------------------

# No national cap: the awarding body decides [S3]; Sheffield Hallam allows at most two-thirds [S8].
RPL_SOURCES: tuple[str, ...] = ("S3", "S8")
RPL_EXAMPLE_SHARE = "two-thirds"
RPL_EXAMPLE_PLACE = "Sheffield Hallam University"

# --- Lifelong Learning Entitlement (England) -------------------------------------------------------------

LLE_FIRST_START = dt.date(2027, 1, 1)  # courses and modules starting on or after [S19]
LLE_APPLICATIONS_OPEN = "September 2026"  # [S19]
LLE_MAX_AGE = 60  # over 60 at the start: no tuition fee loan [S19]
LLE_MIN_MODULE_CREDITS = 30  # [S22][S23]
LLE_LEVELS = (4, 6)  # [S24]
LLE_LEVEL_7_EXCEPTIONS = (
    "PGCEs, integrated master's degrees and postgraduate healthcare courses"  # [S20][S24][S26]
)
LLE_MAX_CREDITS_PER_YEAR = 180  # [S26]
LLE_SOURCES = {
    "start": ("S19",),
    "age": ("S19",),
    "module_size": ("S22", "S24"),
    "modules": ("S23", "S24", "S31"),
    "levels": ("S24",),
    "second_degree": ("S28", "S74"),
}

# --- England further education -------------------------------------------------------------------------

FIRST_LEVEL_3_AGES = (19, 23)  # legal entitlement to a first full level 3 [S33]
LOW_WAGE_THRESHOLD_GBP = 26_800  # from August 2026 [S35]
FREE_LEVEL_3_SOURCES: tuple[str, ...] = ("S33", "S35", "S38", "S77")
# [S36]
DEVOLVED_CAUTION = (
    "Rules can be different in areas with their own elected mayor, so check with an advisor where you live."
)

# Apprenticeships from August 2026: employers that do not pay the levy pay nothing for apprentices aged 16-24.
NON_LEVY_FREE_APPRENTICE_AGES = (16, 24)  # [S46][S47]
APPRENTICE_SOURCES: tuple[str, ...] = ("S46", "S47")

# --- CITB (construction) ---------------------------------------------------------------------------------

CITB_CHANGE_DATE = dt.date(2026, 1, 8)
CITB_SHORT_COURSE_KINDS = "plant, scaffolding and specialist"  # [S78]
CITB_FIRST_AID_SOURCES: tuple[str, ...] = ("S56", "S76", "S78")
CITB_ACHIEVEMENT_GRANT_GBP = 600  # flat, for long qualifications such as NVQs [S79]
CITB_ACHIEVEMENT_SOURCES: tuple[str, ...] = ("S78", "S79")
CITB_NETWORK_MAX_STAFF = 249  # Employer Networks: 1-249 staff [S78]
CITB_LARGE_EMPLOYER_FUND_GBP = 18_000  # each large employer [S57][S78]
CITB_NETWORK_SOURCES: tuple[str, ...] = ("S57", "S78")

# --- Wales ---------------------------------------------------------------------------------------------

PLA_WORK_STATUSES = ("employed", "self_employed")  # also zero-hours, agency, at risk of redundancy [S60]
PLA_SOURCES: tuple[str, ...] = ("S60",)

# --- definitions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    term: str
    sentence: str
    sources: tuple[str, ...]
    guide_id: str | None = None  # the bundled guide that explains it, when a catalogue has one
    notes: tuple[str, ...] = ()


DEFINITIONS: dict[str, Definition] = {
    "micro-credential": Definition(
        "micro-credential",
        "A micro-credential is a short course that carries credits and is useful on its own.",
        ("S66", "S67"),
        "what-is-a-micro-credential",
        ("You can add its credits towards a bigger qualification later.",),
    ),
    "credit": Definition(
        "credit",
        "A credit measures how much learning a course needs: 1 credit is about 10 hours of learning.",
        ("S4", "S6", "S13"),
        "credits-and-levels",
    ),
    "ects": Definition(
        "ects",
        "ECTS is the credit system used across Europe, and 1 ECTS credit is worth 2 UK credits.",
        ("S5", "S6"),
        "credits-and-levels",
    ),
    "rpl": Definition(
        "rpl",
        "Recognition of prior learning (RPL) means counting what you already know towards a new "
        "qualification.",
        ("S3", "S8"),
        "recognition-of-prior-learning",
        ("It can come from earlier courses or from work, up to a limit each college sets.",),
    ),
    "rqf": Definition(
        "rqf",
        "The RQF is the scale of levels used in England and Northern Ireland, from Entry level to level 8.",
        ("S10",),
        "credits-and-levels",
        ("RQF stands for Regulated Qualifications Framework.",),
    ),
    "fheq": Definition(
        "fheq",
        "The FHEQ is the scale of levels for university-level study in England, Wales and Northern Ireland, "
        "from level 4 to level 8.",
        ("S10",),
        "credits-and-levels",
        ("FHEQ stands for Framework for Higher Education Qualifications.",),
    ),
    "cqfw": Definition(
        "cqfw",
        "The CQFW is the scale of levels used in Wales, from Entry level to level 8.",
        ("S14",),
        "credits-and-levels",
        (
            "CQFW stands for Credit and Qualifications Framework for Wales.",
            "There, 1 credit is 10 hours of learning.",
        ),
    ),
    "scqf": Definition(
        "scqf",
        "The SCQF is Scotland's scale of 12 levels, where 1 SCQF credit point is 10 hours of learning.",
        ("S10", "S15"),
        "credits-and-levels",
        ("SCQF stands for Scottish Credit and Qualifications Framework.",),
    ),
}

# --- scheme names --------------------------------------------------------------------------------------

# How a national scheme is named, to find a catalogue's record for it when its id differs (lower case).
SCHEME_NAMES: dict[str, str] = {
    "lle": "lifelong learning entitlement",
    "wales-pla": "personal learning account",
    "asf-first-level-3": "first full level 3",
    "free-courses-for-jobs": "free courses for jobs",
    "advanced-learner-loan": "advanced learner loan",
    "citb-achievement-grant": "achievement grant",
    "citb-short-course-grant": "short-course grant",
    "citb-employer-network": "employer network",
    "citb-large-employer-fund": "large employer fund",
    "scotland-ita": "individual training account",
    "ni-skill-up": "skill up",
    "skills-bootcamp-individual": "skills bootcamp",
}
