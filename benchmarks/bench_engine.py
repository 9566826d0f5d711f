"""Route and plan computation for every award of the bundled catalogue, with 40 completed courses.

Run: .venv/bin/python benchmarks/bench_engine.py [--catalogue PATH] [--repeat N]

Prints per-call mean and p95 in milliseconds for `audit` and for `plan_route` (cheapest and quickest), and
each as a ratio against a baseline measured in the same process (a bare pass over the 40 courses summing
their credits), so figures from different machines can be compared. Target: a plan in under 20 ms.
If the bundled catalogue cannot be loaded yet, a synthetic catalogue of the same size is used instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.domain.catalogue import (  # noqa: E402
    Award,
    Catalogue,
    CatalogueInfo,
    ChooseGroup,
    Course,
    Pool,
)
from advisor.domain.planning import Plan, plan_route  # noqa: E402
from advisor.domain.profile import Constraints  # noqa: E402
from advisor.domain.routes import audit  # noqa: E402

DONE_COUNT = 40
CONSTRAINTS = Constraints(hours_per_week=20)
SECTORS = ("construction", "green-energy", "digital", "data", "health-care", "business")


def load(path: Path) -> tuple[Catalogue, str]:
    try:
        from advisor.catalogue import load_catalogue

        return load_catalogue(path), f"bundled catalogue at {path}"
    except Exception as error:  # any failure: fall back, and say so
        return synthetic(), f"synthetic catalogue (bundled one not loadable: {type(error).__name__})"


def synthetic(courses: int = 175, awards: int = 24) -> Catalogue:
    rng = random.Random(7)
    start = dt.date(2027, 1, 11)
    made = {}
    for i in range(courses):
        credits = rng.choice((10, 15, 15, 30))
        made[f"c{i}"] = Course(
            id=f"c{i}",
            title=f"Course {i}",
            provider="Synthetic",
            summary="Synthetic.",
            learning_outcomes=("x",),
            sector=rng.choice(SECTORS),
            level_framework="RQF",
            level=rng.randint(2, 7),
            credits=credits,
            notional_hours=credits * 10,
            delivery_mode=rng.choice(("online", "blended", "in_person")),
            hours_per_week=rng.choice((5.0, 10.0, 15.0)),
            duration_weeks=rng.randint(6, 20),
            cost_gbp=float(rng.randint(2, 22) * 100),
            start_dates=(start, start + dt.timedelta(weeks=36)),
            assessment="x",
            quality_assurance="x",
            prerequisites=(f"c{i - 1}",) if i and rng.random() < 0.15 else (),
            nations=("England",),
        )
    made_awards = {}
    for j in range(awards):
        sectors = tuple(rng.sample(SECTORS, 2))
        level = rng.randint(3, 5)
        made_awards[f"a{j}"] = Award(
            id=f"a{j}",
            title=f"Award {j}",
            short="Cert",
            level_framework="RQF",
            level=level,
            credits=120,
            min_credits_at_level={level: 90},
            required=(rng.choice(list(made)),),
            choose=(ChooseGroup(credits=30, pool=Pool(sectors=sectors[:1], min_level=level)),),
            electives=Pool(sectors=sectors, min_level=level - 1),
            rpl_max_fraction=0.5,
        )
    info = CatalogueInfo(name="Synthetic", publisher="x", version="1", updated=start, nations=("England",))
    return Catalogue(info=info, courses=made, awards=made_awards, schemes={})


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=ROOT / "catalogue_data")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    catalogue, source = load(args.catalogue)
    start = catalogue.info.updated
    ids = sorted(catalogue.courses)
    print(
        f"{source}: {catalogue.summary_line()}; {DONE_COUNT} completed courses per award, "
        f"{CONSTRAINTS.hours_per_week:g} study hours a week, start {start}"
    )

    audit_times: list[float] = []
    plan_times: dict[str, list[float]] = {"cheapest": [], "quickest": []}
    baseline_times: list[float] = []
    outcomes = {"complete": 0, "incomplete": 0, "not optimal": 0}
    for index, award_id in enumerate(sorted(catalogue.awards)):
        done = random.Random(index).sample(ids, min(DONE_COUNT, len(ids)))
        done_courses = [catalogue.courses[cid] for cid in done]
        award = catalogue.awards[award_id]

        def bare_pass(dc: list[Course] = done_courses) -> int:
            return sum(c.credits for c in dc)

        def count(a: Award = award, dc: list[Course] = done_courses) -> object:
            return audit(a, dc, 10)

        baseline_times += timed(bare_pass, args.repeat * 20)
        audit_times += timed(count, args.repeat)
        for objective in plan_times:

            def run(a: str = award_id, d: list[str] = done, o: str = objective) -> Plan:
                return plan_route(
                    catalogue,
                    a,
                    d,
                    rpl_credits=10,
                    constraints=CONSTRAINTS,
                    start_date=start,
                    objective=o,  # type: ignore[arg-type]
                )

            plan_times[objective] += timed(run, args.repeat)
            result = run()
            outcomes["complete" if result.complete else "incomplete"] += 1
            outcomes["not optimal"] += not result.optimal

    baseline = statistics.mean(baseline_times)
    print(f"baseline (sum credits of 40 courses): {baseline * 1000:.2f} µs per call")
    rows = [("audit", audit_times), *((f"plan ({k})", v) for k, v in plan_times.items())]
    for name, values in rows:
        mean = statistics.mean(values)
        print(
            f"{name:16s} mean {mean:7.3f} ms   p95 {p95(values):7.3f} ms   x{mean / baseline:,.0f} baseline"
        )
    every_plan = plan_times["cheapest"] + plan_times["quickest"]
    print(
        f"plans: {outcomes['complete']} complete, {outcomes['incomplete']} not completable, "
        f"{outcomes['not optimal']} stopped at the node limit"
    )
    print(
        f"plan: {statistics.mean(every_plan):.2f} ms per call (target < 20 ms); p95 {p95(every_plan):.2f} ms"
    )


if __name__ == "__main__":
    main()
