"""The bad-input corpus (tests/data/bad/): each input gets its exact exit code and message, in its own process.

tests/data/bad/expected.yaml lists every case: the command (run in the corpus folder), the exit code
(2: a profile or usage error; 3: a rule library, waiver file or database) and the exact standard
error. Every case also holds to what is true of every input: no traceback; nothing a terminal would act
on (ESC, BEL, NUL, bidirectional overrides) in what csaudit prints; an answer within the timeout (a
hang fails the case); and nothing in the corpus written (each case runs on a copy, compared with the
original afterwards). tests/data/bad/make_corpus.py writes the inputs and, with --freeze, the answers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from csaudit.facts.located.printable import printable

CORPUS = Path(__file__).resolve().parent / "data" / "bad"
CASES = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
TIMEOUT = 180  # seconds: generous on a busy machine; every case answers in a few


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(case: dict, work: Path) -> subprocess.CompletedProcess | str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSAUDIT_")}
    env.update(COLUMNS="100", TERM="dumb", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    try:
        return subprocess.run([sys.executable, "-m", "csaudit.cli", *case["args"]], cwd=work, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"no answer within {TIMEOUT}s"


@pytest.fixture(scope="session")
def answers(tmp_path_factory):
    """Every case run once, several at a time, each in its own copy of the corpus: (result, files before,
    files after)."""
    root = tmp_path_factory.mktemp("corpus")
    original = _digest(CORPUS)

    def one(numbered):
        i, case = numbered
        work = root / str(i)
        shutil.copytree(CORPUS, work)
        result = _run(case, work)
        return case["id"], (result, original, _digest(work))

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 2)) as pool:
        return dict(pool.map(one, enumerate(CASES)))


def test_the_corpus_covers_every_kind_of_input():
    files = [p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".py" and p.name != "expected.yaml"
             and not p.is_relative_to(CORPUS / "good")]
    assert len(files) >= 60
    kinds = {p.relative_to(CORPUS).parts[0] for p in files}
    assert kinds == {"profiles", "waivers", "rules", "tests", "databases"}
    named = {arg for case in CASES for arg in case["args"]}
    for path in files:  # every input is used by some case
        rel = path.relative_to(CORPUS)
        assert any(str(rel).startswith(arg) for arg in named if "/" in arg), rel


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_each_bad_input_gets_its_answer(case, answers):
    result, before, after = answers[case["id"]]
    assert not isinstance(result, str), result
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == case["exit"], result.stderr
    assert result.stderr == case["stderr"]
    if "stdout" in case:
        assert result.stdout == case["stdout"]
    for shown in case.get("stdout_shows", ()):
        assert shown in result.stdout
    for out in (result.stdout, result.stderr):  # nothing reaches the terminal raw
        assert printable(out, lines=True) == out
    assert after == before, "the command wrote to the corpus"


def test_every_answer_names_where_and_the_exit_code_says_what():
    """Exit 2 for profiles and usage, 3 for rules, waivers and databases; a located message where the input has
    a location."""
    for case in CASES:
        kind = case["id"].split("/")[0]
        if case["exit"] in (0, 1):
            continue
        assert case["exit"] == (2 if kind == "profile" else 3), case["id"]
        assert case["stderr"].startswith("Error: ") or case["args"][:2] in (["rules", "lint"], ["rules", "test"])
