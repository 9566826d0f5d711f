"""The real model and FAISS on the bundled catalogue: guides, slang, damaged indexes and the eval targets."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.catalogue import load_catalogue
from advisor.config import BUNDLED_CATALOGUE, PROJECT_ROOT
from advisor.domain.catalogue import Catalogue
from advisor.retrieval.documents import build_documents
from advisor.retrieval.embedder import SentenceTransformerEmbedder
from advisor.retrieval.evaluate import evaluate, load_cases
from advisor.retrieval.index import INDEX_FILE, IndexCorrupt, VectorIndex, ensure_index
from advisor.retrieval.search import Matcher

pytestmark = pytest.mark.integration
EVAL_SET = PROJECT_ROOT / "tests" / "data" / "eval_cases.jsonl"


@pytest.fixture(scope="module")
def embedder() -> SentenceTransformerEmbedder:
    model = SentenceTransformerEmbedder()
    model.warm_up()
    return model


@pytest.fixture(scope="module")
def bundled() -> Catalogue:
    return load_catalogue(BUNDLED_CATALOGUE)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="module")
def matcher(bundled: Catalogue, embedder: SentenceTransformerEmbedder, index_dir: Path) -> Matcher:
    built, _ = Matcher.load(bundled, embedder, index_dir)
    return built


def test_what_is_an_hnc_finds_the_stacking_or_credits_guide(matcher: Matcher) -> None:
    top = matcher.search_guides("what is an HNC?", k=2)
    assert top[0].guide_id in ("stacking-credits", "credits-and-levels")


def test_can_my_experience_count_finds_the_rpl_guide(matcher: Matcher) -> None:
    assert (
        matcher.search_guides("can my experience count?", k=1)[0].guide_id == "recognition-of-prior-learning"
    )


def test_sparky_car_chargers_finds_ev_charging_in_top_three(matcher: Matcher) -> None:
    result = matcher.match("sparky 15 yrs want to do car chargers", k=3)
    top3 = [m.course.id for m in result.matches]
    assert "ev-charge-point-installation-l3" in top3
    assert "electrician" in result.matches[0].why


def test_scotland_never_gets_a_wales_only_course(matcher: Matcher) -> None:
    result = matcher.match("I live in Dundee and want to learn cyber security, online only", k=10)
    assert result.matches
    for m in result.matches:
        assert "Scotland" in m.course.nations and m.course.delivery_mode == "online"


def test_truncated_index_file_is_detected_and_rebuilt(
    bundled: Catalogue, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    folder = ensure_index(bundled, embedder, tmp_path).folder
    data = (folder / INDEX_FILE).read_bytes()
    (folder / INDEX_FILE).write_bytes(data[:1000])
    with pytest.raises(IndexCorrupt):
        VectorIndex.load(folder, build_documents(bundled), embedder, bundled.content_hash)
    again = ensure_index(bundled, embedder, tmp_path)
    assert again.rebuilt and again.index.faiss_index.ntotal == len(build_documents(bundled))


def test_eval_targets_on_the_labelled_set(matcher: Matcher, bundled: Catalogue) -> None:
    cases = load_cases(EVAL_SET, set(bundled.courses))
    assert len(cases) >= 60
    report = evaluate(matcher, cases, k=5)
    ours, bm25, dense = (report.systems[n] for n in ("advisor", "bm25", "dense"))
    assert ours.recall >= 0.9
    assert ours.recall > bm25.recall and ours.recall > dense.recall
    assert ours.ndcg > bm25.ndcg and ours.ndcg > dense.ndcg


SECOND = PROJECT_ROOT / "tests" / "data" / "catalogues" / "glen-ardair"
SECOND_EVAL_SET = PROJECT_ROOT / "tests" / "data" / "glen-ardair_eval_cases.jsonl"


@pytest.mark.skipif(not SECOND_EVAL_SET.is_file(), reason="the second test catalogue is not there")
def test_a_second_catalogue_is_read_in_its_own_words(
    embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    """Nothing about the bundled catalogue is built in: another college's catalogue, other sectors and
    wording, gets its vocabulary from its own columns and still beats both baselines on ranking quality."""
    second = load_catalogue(SECOND)
    built, _ = Matcher.load(second, embedder, tmp_path)
    sparky = built.match("sparky thinking about going offshore on the wind farms", k=3)
    assert sparky.profile.occupation == "electrician"
    assert set(sparky.profile.sectors) <= {c.sector for c in second.courses.values()}
    report = evaluate(built, load_cases(SECOND_EVAL_SET, set(second.courses)), k=5)
    ours, bm25, dense = (report.systems[n] for n in ("advisor", "bm25", "dense"))
    assert ours.ndcg > bm25.ndcg and ours.ndcg > dense.ndcg
    assert ours.mrr > bm25.mrr and ours.mrr > dense.mrr


def _advisor(*args: str, env_index: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "ADVISOR_INDEX_DIR": str(env_index)}
    command = [str(Path(sys.executable).parent / "advisor"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=PROJECT_ROOT)


def test_cli_eval_json_shape_and_bad_input(tmp_path: Path, index_dir: Path) -> None:
    done = _advisor("eval", str(EVAL_SET), "--json", env_index=index_dir)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["k"] == 5 and report["cases"] >= 60
    assert set(report["systems"]) == {"advisor", "bm25", "dense"}
    assert set(report["systems"]["advisor"]) == {"recall", "ndcg", "mrr", "ms_per_query"}

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"message": "x", "relevant": ["ev-charge-point-installation-l3"]}\n{oops\n')
    failed = _advisor("eval", str(bad), env_index=index_dir)
    assert failed.returncode == 1 and "bad.jsonl:2" in failed.stderr and "Traceback" not in failed.stderr
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text('{"message": "x", "relevant": ["no-such-course"]}\n')
    failed = _advisor("eval", str(unknown), env_index=index_dir)
    assert failed.returncode == 1 and "no-such-course" in failed.stderr
    missing = _advisor("eval", str(tmp_path / "nope.jsonl"), env_index=index_dir)
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_cli_match_json(index_dir: Path) -> None:
    done = _advisor(
        "match", "sparky 15 yrs want to do car chargers", "--json", "--k", "3", env_index=index_dir
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["results"][0]["id"].startswith(("ev-charge-point", "wrexham-ev"))
    assert set(answer["results"][0]) >= {"id", "title", "score", "why"}
    assert answer["profile"]["occupation"] == "electrician"


def test_copy_of_catalogue_elsewhere_loads(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    copy = tmp_path / "cat"
    shutil.copytree(BUNDLED_CATALOGUE, copy)
    built, ensured = Matcher.load(load_catalogue(copy), embedder, tmp_path / "idx")
    assert ensured.rebuilt and built.match("carer wanting dementia training", k=3).matches
