"""Profiles that extend base profiles: how values merge, located errors in the right file, cycles, limits."""

from __future__ import annotations

import os

import pytest
from conftest import write
from csaudit.facts.loader import load_profile
from csaudit.facts.located.problems import ProfileError

ORG = """\
as_of: 2026-11-23
organisation:
  name: Acme Retail
  size: medium
  nations: [england, wales]
channels:
  - id: helpline
    name: Customer line
    kind: phone
    number: "0345 600 4120"
  - id: email
    kind: email
  - id: chat
    kind: webchat
"""


def channels(loaded):
    return {c.id: c for c in loaded.profile.channels}


def test_a_branch_overrides_only_what_differs(tmp_path):
    write(tmp_path, "org.yaml", ORG)
    branch = write(tmp_path, "branches/leeds.yaml", """\
extends: ../org.yaml
organisation:
  name: Acme Leeds
  nations: [england]
channels:
  - id: helpline
    number: "0113 496 0000"
  - id: chat
    remove: true
  - id: counter
    kind: face_to_face
""")
    loaded = load_profile(branch)
    org = loaded.profile.organisation
    assert (org.name, org.size) == ("Acme Leeds", "medium")           # mapping merged key by key
    assert [n for n in org.nations] == ["england"]                   # a list of values is replaced whole
    assert list(channels(loaded)) == ["helpline", "email", "counter"]  # by id: merged in place, removed, added
    helpline = channels(loaded)["helpline"]
    assert helpline.name == "Customer line"                          # inherited
    assert str(helpline.number).replace(" ", "") == "01134960000"    # overridden
    assert loaded.path == str(branch)


def test_several_bases_apply_in_order_and_null_unsets(tmp_path):
    write(tmp_path, "org.yaml", ORG)
    write(tmp_path, "region.yaml", "organisation:\n  size: large\n  sector: north region\n")
    branch = write(tmp_path, "b.yaml", "extends: [org.yaml, region.yaml]\norganisation:\n  sector: null\n")
    org = load_profile(branch).profile.organisation
    assert org.size == "large"               # the later base wins over the earlier
    assert org.sector is None                # the profile itself last: null says "not stated here"


def test_a_problem_is_reported_in_the_file_and_line_that_holds_it(tmp_path):
    write(tmp_path, "org.yaml", ORG.replace("size: medium", "size: gigantic"))
    branch = write(tmp_path, "b.yaml", "extends: org.yaml\norganisation:\n  name: Leeds\n")
    with pytest.raises(ProfileError) as info:
        load_profile(branch)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.key) == (str(tmp_path / "org.yaml"), 4, "organisation.size")

    write(tmp_path, "org.yaml", ORG)
    branch = write(tmp_path, "b.yaml", "extends: org.yaml\nchannels:\n  - id: helpline\n    kind: pigeon\n")
    with pytest.raises(ProfileError) as info:
        load_profile(branch)
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == (str(branch), 4)
    assert problem.key.endswith(".kind")


def test_a_cycle_is_an_error_at_the_extends_that_closes_it(tmp_path):
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "extends: [c.yaml]\n")
    write(tmp_path, "c.yaml", "as_of: 2026-11-23\nextends: a.yaml\n")
    with pytest.raises(ProfileError) as info:
        load_profile(tmp_path / "a.yaml")
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.key) == (str(tmp_path / "c.yaml"), 2, "extends")
    assert "a.yaml -> b.yaml -> c.yaml -> a.yaml" in problem.message
    write(tmp_path, "self.yaml", "extends: ./self.yaml\n")
    with pytest.raises(ProfileError, match="build on itself"):
        load_profile(tmp_path / "self.yaml")


def test_a_missing_or_irregular_base_is_located_at_the_extends_line(tmp_path):
    branch = write(tmp_path, "b.yaml", "organisation:\n  name: X\nextends: nowhere.yaml\n")
    with pytest.raises(ProfileError) as info:
        load_profile(branch)
    first = info.value.problems[0]
    assert (first.file, first.line, first.key) == (str(branch), 3, "extends")
    (tmp_path / "dir.yaml").mkdir()
    write(tmp_path, "c.yaml", "extends: dir.yaml\n")
    with pytest.raises(ProfileError, match="cannot read base profile"):
        load_profile(tmp_path / "c.yaml")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        write(tmp_path, "d.yaml", "extends: pipe.yaml\n")
        with pytest.raises(ProfileError, match="cannot read base profile") as info:   # never blocks on a pipe
            load_profile(tmp_path / "d.yaml")
        # the message says why, once, and does not repeat the key it is reported at
        assert info.value.problems[0].message == ("cannot read base profile pipe.yaml: is a named pipe; csaudit "
                                                  "reads a YAML file only from a regular file")


def test_depth_and_file_limits(tmp_path, monkeypatch):
    write(tmp_path, "p0.yaml", ORG)
    for i in range(1, 12):
        write(tmp_path, f"p{i}.yaml", f"extends: p{i - 1}.yaml\n")
    with pytest.raises(ProfileError, match="profiles deep"):
        load_profile(tmp_path / "p11.yaml")
    assert load_profile(tmp_path / "p5.yaml").profile.organisation.name == "Acme Retail"
    monkeypatch.setenv("CSAUDIT_MAX_EXTENDS_FILES", "3")
    with pytest.raises(ProfileError, match="files in all"):
        load_profile(tmp_path / "p5.yaml")


def test_extends_must_name_paths(tmp_path):
    write(tmp_path, "b.yaml", "extends: {a: 1}\n")
    with pytest.raises(ProfileError, match="expected the path of a base profile"):
        load_profile(tmp_path / "b.yaml")


def test_a_profile_without_extends_reads_as_before(tmp_path):
    path = write(tmp_path, "org.yaml", ORG)
    loaded = load_profile(path)
    assert loaded.located.text == ORG
    assert loaded.located.positions[("organisation", "size")] == (4, 3)


def test_check_of_a_branch_cites_lines_and_records_what_was_checked(run_cli, tmp_path):
    write(tmp_path, "org.yaml", ORG)
    branch = write(tmp_path, "leeds.yaml", "extends: org.yaml\norganisation:\n  name: Acme Leeds\n")
    result = run_cli("check", str(branch), "--format", "json", "--fail-on", "none")
    assert result.exit_code == 0, result.stderr
    assert '"name": "Acme Leeds"' in result.stdout
    db = tmp_path / "a.db"
    assert run_cli("check", str(branch), "--db", str(db), "--fail-on", "none").exit_code == 0
    from csaudit.engine.audit.store import open_store

    with open_store(db, create=False) as store:
        (run,) = store.runs()
        assert run.organisation == "Acme Leeds"
