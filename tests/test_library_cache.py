"""The compiled library kept on disk: reused, rebuilt when the rules or csaudit change, safe to build at once."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys

import pytest
from conftest import HELPLINE_RULE, write

RULE = HELPLINE_RULE.replace('"{subject} ({channel.number}) is {channel.cost_class}."', '"{subject} is not basic rate."')


@pytest.fixture
def rules(tmp_path, monkeypatch):
    monkeypatch.setenv("CSAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "rules/test/test-basic-rate.yaml", RULE)
    return tmp_path / "rules"


def entries(tmp_path, kind="library"):
    return sorted(p.name for p in (tmp_path / "cache").glob(f"{kind}-*.pickle"))


def test_a_loaded_library_is_kept_and_read_back_without_parsing(rules, tmp_path, monkeypatch):
    from csaudit.engine.library import loader

    first = loader.load_library([rules])
    assert len(entries(tmp_path)) == 1
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    monkeypatch.setattr(loader, "scan_library", lambda roots: pytest.fail("the cache should have answered"))
    second = loader.load_library([rules])
    assert list(second.rules) == list(first.rules) and second.digest == first.digest
    rule = second.rules["test-basic-rate"]
    assert rule.located.position(("requires",))[0] == 9        # positions read back from the file when asked for
    assert second.compile(dt.date(2026, 1, 1)).rules == first.compile(dt.date(2026, 1, 1)).rules
    assert entries(tmp_path, "ir")


def test_a_changed_rule_file_is_another_key_and_is_rebuilt(rules, tmp_path):
    from csaudit.engine.library.loader import load_library

    before = load_library([rules])
    write(rules.parent, "rules/test/test-basic-rate.yaml", RULE.replace("Use a basic-rate", "Switch to a basic-rate"))
    after = load_library([rules])
    assert after.digest != before.digest
    assert after.rules["test-basic-rate"].spec.remediation.startswith("Switch")
    write(rules.parent, "rules/test/test-another.yaml", RULE.replace("Helplines", "Lines"))
    assert set(load_library([rules]).rules) == {"test-basic-rate", "test-another"}
    assert len(entries(tmp_path)) == 3


def test_another_csaudit_version_is_another_key(rules, tmp_path, monkeypatch):
    from csaudit.engine.library import cache
    from csaudit.engine.library.loader import load_library

    load_library([rules])
    monkeypatch.setattr(cache, "_STAMP", [])
    monkeypatch.setattr(cache, "_version", lambda: "99.0.0")
    load_library([rules])
    assert len(entries(tmp_path)) == 2


def test_a_damaged_entry_is_ignored_and_rebuilt(rules, tmp_path):
    from csaudit.engine.library.loader import load_library

    load_library([rules])
    (entry,) = (tmp_path / "cache").glob("library-*.pickle")
    for damage in (b"", b"\x80\x05garbage", entry.read_bytes()[:100]):
        entry.write_bytes(damage)
        assert list(load_library([rules]).rules) == ["test-basic-rate"]
        assert entry.stat().st_size > 1000       # written again, whole


def test_a_folder_others_can_write_to_is_never_read(rules, tmp_path, monkeypatch):
    from csaudit.engine.library import cache, loader

    loader.load_library([rules])
    os.chmod(tmp_path / "cache", 0o777)
    key = cache.source_key((rules,))
    assert cache.load("library", key) is None
    os.chmod(tmp_path / "cache", 0o700)
    (entry,) = (tmp_path / "cache").glob("library-*.pickle")
    os.chmod(entry, 0o666)
    assert cache.load("library", key) is None
    os.chmod(entry, 0o600)
    assert cache.load("library", key) is not None


def test_cache_off(rules, tmp_path, monkeypatch):
    from csaudit.engine.library.loader import load_library

    monkeypatch.setenv("CSAUDIT_CACHE_DIR", "off")
    assert list(load_library([rules]).rules) == ["test-basic-rate"]
    assert not (tmp_path / "cache").exists()


BUILD = """
import sys
from csaudit.engine.library import cache, loader
library = loader.load_library([sys.argv[1]])
print(library.digest, len(library.rules), cache.load("library", cache.source_key((sys.argv[1],))) is not None)
"""


def test_processes_building_at_once_each_get_a_whole_library(rules, tmp_path):
    env = {**os.environ, "CSAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-c", BUILD, str(rules)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(4)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1          # the same library, whoever wrote the entry
    assert outputs[0][0].split()[1:] == ["1", "True"]
    assert len(entries(tmp_path)) == 1
    assert not list((tmp_path / "cache").glob(".*.tmp"))  # no half-written file left behind


def test_a_durable_plan_is_cached_and_gives_the_same_answers(rules, tmp_path):
    pytest.importorskip("durable_rules_engine")
    from csaudit.engine.library.loader import load_library
    from csaudit.engine.match import durable
    from csaudit.engine.match.python import PythonBackend
    from csaudit.facts.loader import load_profile_text

    profile = load_profile_text('as_of: 2026-11-23\norganisation: {name: X}\nchannels:\n'
                                '  - {id: h, kind: phone, number: "0845 123 4567"}\n')
    compiled = load_library([rules]).compile(dt.date(2026, 11, 23))
    first = durable.Prepared(compiled, compiled.content_key)
    assert entries(tmp_path, "plan")
    again = durable.Prepared(compiled, compiled.content_key)     # read from the entry
    assert again.text == first.text and again.ruleset_key == first.ruleset_key
    backend = durable.DurableBackend()
    assert backend.evaluate(again, profile.flat()).outcomes == PythonBackend().evaluate(compiled, profile.flat()).outcomes
