"""`advisor eval-dialogue`: a three-conversation set played through the real conversation (real model, real
index) over the bundled catalogue; the report's shape, and a bad set refused with its line named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.config import PROJECT_ROOT

pytestmark = pytest.mark.integration

THREE = [
    {
        "id": "i1",
        "role": "learner",
        "turns": ["sparky 15 yrs, want to do car chargers", "how much is it?"],
        "checks": [
            {"turn": 0, "reply_not_re": "zz-never-said-zz"},
            {"turn": -1, "profile": {"role": "learner"}},
        ],
    },
    {
        "id": "i2",
        "role": "advisor",
        "turns": ["Is 15 UK credits the same as 15 ECTS?"],
        "checks": [{"turn": 0, "reply_re": "^zz-never-said-zz$"}],
    },
    {
        "id": "i3",
        "role": "employer",
        "turns": [
            "We're a 12-person building firm in England, CITB registered, and need staff trained in retrofit"
        ],
        "checks": [
            {
                "turn": 0,
                "courses_any": [
                    "retrofit-awareness-l2",
                    "retrofit-installer-practice-l3",
                    "retrofit-assessment-l4",
                ],
                "profile": {"employer.size": 12, "employer.citb_registered": True},
                "reply_not_re": "how many (staff|people)",
            }
        ],
    },
]


def _advisor(*args: str, index_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ADVISOR_INDEX_DIR": str(index_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    command = [str(Path(sys.executable).parent / "advisor"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=PROJECT_ROOT)


def test_eval_dialogue_plays_three_conversations_on_the_bundled_catalogue(
    tmp_path: Path, shared_index_dir: Path
) -> None:
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(case) + "\n" for case in THREE), encoding="utf-8")
    done = _advisor("eval-dialogue", str(path), "--json", index_dir=shared_index_dir)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["catalogue"].startswith("Kestrel Vale College Group")
    assert report["cases"]["total"] == 3
    assert {role: r["total"] for role, r in report["roles"].items()} == {
        "learner": 1,
        "advisor": 1,
        "employer": 1,
    }
    assert report["checks"]["total"] == 6
    results = {r["id"]: r for r in report["results"]}
    assert results["i1"]["passed"] and results["i1"]["turns"] == 2
    assert not results["i2"]["passed"]
    assert {"case": "i2", "role": "advisor", "turn": 0, "check": "reply_re"}.items() <= report["failures"][
        0
    ].items()
    assert all(f["case"] != "i1" for f in report["failures"])


def test_eval_dialogue_refuses_a_bad_set_naming_the_line(tmp_path: Path, shared_index_dir: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(THREE[0]) + "\n" + json.dumps({**THREE[1], "role": "boss"}) + "\n", encoding="utf-8"
    )
    failed = _advisor("eval-dialogue", str(bad), index_dir=shared_index_dir)
    assert failed.returncode == 1
    assert "bad.jsonl:2: role" in failed.stderr and "Traceback" not in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(json.dumps({**THREE[0], "checks": [{"courses_any": ["no-such-course"]}]}) + "\n")
    failed = _advisor("eval-dialogue", str(unknown), index_dir=shared_index_dir)
    assert failed.returncode == 1 and "unknown.jsonl:1" in failed.stderr and "no-such-course" in failed.stderr
    missing = _advisor("eval-dialogue", str(tmp_path / "nope.jsonl"), index_dir=shared_index_dir)
    assert missing.returncode == 1 and "no such file" in missing.stderr
