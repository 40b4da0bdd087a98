"""Hostile inputs that cannot be files in the corpus, and the limits, each with its answer.

Named pipes, devices, files over the size limit, a locked database and inputs at the list limit
are made here; whatever could hang or exhaust memory runs in its own process with a generous
timeout (a hang fails the test, no duration is asserted). The limits are stated in
csaudit/facts/located/limits.py and docs/robustness.md.
"""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO, write
from csaudit.facts.located import limits
from csaudit.facts.located.printable import printable
from csaudit.facts.located.problems import InputError, Problem
from csaudit.facts.located.reader import parse_yaml

CORPUS = REPO / "tests" / "data" / "bad"
GOOD_PROFILE = CORPUS / "good" / "profile.yaml"
GOOD_RULES = CORPUS / "good" / "rules"
TIMEOUT = 300


def cli(*args, cwd: Path | None = None, timeout: int = TIMEOUT, **env: str) -> subprocess.CompletedProcess:
    """csaudit in its own process (a hang is a TimeoutExpired, so a failure, never a stuck suite)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("CSAUDIT_")}
    full.update(COLUMNS="100", TERM="dumb", PYTHONIOENCODING="utf-8", **env)
    return subprocess.run([sys.executable, "-m", "csaudit.cli", *map(str, args)], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=timeout)


def _clean(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    for out in (result.stdout, result.stderr):
        assert printable(out, lines=True) == out


# ---------------------------------------------------------------- only regular files are read

@pytest.fixture
def pipe(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_a_named_pipe_as_a_profile_is_refused_not_waited_on(pipe):
    result = cli("check", pipe)
    _clean(result)
    assert (result.returncode, result.stderr) == (2, f"Error: {pipe}: is a named pipe; csaudit reads a YAML file "
                                                     "only from a regular file\n")


def test_a_named_pipe_as_a_waiver_file_rule_or_test_is_refused(pipe, tmp_path):
    result = cli("check", GOOD_PROFILE, "--rules", GOOD_RULES, "--waivers", pipe)
    _clean(result)
    assert (result.returncode, result.stderr) == (3, f"Error: {pipe}: is a named pipe; csaudit reads a YAML file "
                                                     "only from a regular file\n")
    rules = tmp_path / "rules" / "demo"
    rules.mkdir(parents=True)
    os.mkfifo(rules / "demo-pipe.yaml")
    os.mkfifo(rules / "demo-pipe.test.yaml")
    result = cli("rules", "lint", tmp_path / "rules")
    _clean(result)
    assert result.returncode == 3
    assert f"{rules / 'demo-pipe.yaml'}: is a named pipe; csaudit reads a YAML file only from a regular file" in \
        result.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_never_read(tmp_path, device):
    link = tmp_path / "profile.yaml"
    link.symlink_to(device)
    result = cli("facts", "validate", link)
    _clean(result)
    assert (result.returncode, result.stderr) == (2, f"Error: {link}: is a character device; csaudit reads a YAML "
                                                     "file only from a regular file\n")
    result = cli("runs", "list", "--db", link)
    assert (result.returncode, result.stderr) == (3, f"Error: {link} is a character device; --db names an audit "
                                                     "database file\n")


def test_a_named_pipe_as_the_database_is_refused_by_readers_and_writers(pipe):
    for args in (("runs", "list", "--db", pipe), ("check", GOOD_PROFILE, "--rules", GOOD_RULES, "--db", pipe)):
        result = cli(*args)
        _clean(result)
        assert (result.returncode, result.stderr) == (3, f"Error: {pipe} is a named pipe; --db names an audit "
                                                         "database file\n")


# ---------------------------------------------------------------- the size limits

def test_a_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised(tmp_path):
    cap = limits.FILE_BYTES.default
    text = GOOD_PROFILE.read_text()
    path = write(tmp_path, "big.yaml", text + "#" * (cap - len(text.encode())) + "\n")
    result = cli("facts", "validate", path)
    _clean(result)
    assert (result.returncode, result.stderr) == (
        2, f"Error: {path}: is {cap + 1:,} bytes, larger than csaudit reads (limit: {cap:,} bytes per file; raise "
           "it with CSAUDIT_MAX_FILE_BYTES=N)\n")
    raised = cli("facts", "validate", path, CSAUDIT_MAX_FILE_BYTES=str(2 * cap))
    assert raised.returncode == 0, raised.stderr


def test_a_ten_megabyte_organisation_name_is_refused_before_it_is_parsed(tmp_path):
    path = write(tmp_path, "name.yaml", f"as_of: 2026-03-31\norganisation: {{name: {'N' * 10 * 2**20}}}\n")
    result = cli("check", path)
    _clean(result)
    assert result.returncode == 2 and "larger than csaudit reads (limit: 4,194,304 bytes per file" in result.stderr


def test_a_one_megabyte_name_is_refused_at_its_key(tmp_path):
    path = write(tmp_path, "name.yaml", f"as_of: 2026-03-31\norganisation: {{name: {'N' * 2**20}}}\n")
    result = cli("check", path, "--format", "json")
    _clean(result)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"Error: {path}: invalid YAML\n  {path}:2:22: organisation.name: a value of 1,048,576 "
                             "characters is longer than csaudit reads (limit: 65,536 characters per value)\n")


def test_a_name_at_the_text_limit_gives_json_of_a_sensible_size(tmp_path):
    """A name repeated in every finding: at 4,096 characters (the longest a text fact may be) the report stays
    a few megabytes, where a 1 MB name once gave 361 MB."""
    path = write(tmp_path, "p.yaml", GOOD_PROFILE.read_text().replace("name: Shop Ltd", "name: " + "N" * 4096))
    result = cli("check", path, "--rules", GOOD_RULES, "--format", "json", "--engine", "python")
    _clean(result)
    assert result.returncode == 1 and len(result.stdout) < 1_000_000


def test_a_limit_given_a_value_that_is_not_a_number_is_a_usage_error():
    result = cli("facts", "validate", GOOD_PROFILE, CSAUDIT_MAX_LIST_ITEMS="lots")
    _clean(result)
    assert (result.returncode, result.stderr) == (
        2, "Error: CSAUDIT_MAX_LIST_ITEMS='lots': expected a whole number of items per list or keys per mapping "
           "(the list size limit; default 10,000)\n")


def test_raising_the_list_limit_lets_a_longer_list_through(monkeypatch):
    text = "items: [" + ", ".join(["1"] * 10_001) + "]\n"
    with pytest.raises(InputError, match="a list of 10,001 items"):
        parse_yaml(text, "f")
    monkeypatch.setenv("CSAUDIT_MAX_LIST_ITEMS", "20000")
    assert len(parse_yaml(text, "f").data["items"]) == 10_001


def test_ten_thousand_roles_in_one_escalation_chain_are_read_in_linear_time(tmp_path):
    n = 10_000
    roles = [f"    - {{id: r{i}, refund_limit: {i + 1}, escalates_to: r{i + 1}}}" for i in range(n - 1)]
    roles.append(f"    - {{id: r{n - 1}, refund_limit: {n}, unlimited_authority: true}}")
    path = write(tmp_path, "roles.yaml", "as_of: 2026-03-31\norganisation: {name: Big Ltd}\nauthority:\n  roles:\n"
                 + "\n".join(roles) + "\n")
    result = cli("facts", "validate", path)
    _clean(result)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{path}: valid profile of Big Ltd as of 2026-03-31 (")


def test_the_escalation_chain_answer_is_the_walk_of_each_chain():
    """The one-pass answer equals walking each role's chain to its end (every shape of graph up to five roles)."""
    import itertools
    from types import SimpleNamespace as Role

    from csaudit.facts.flatten import _chains_reach_unlimited, _kleene_or

    def walk(roles, by_id):
        out = {}
        for role in roles:
            seen, node, along = set(), role, []
            while node is not None and node.id not in seen:
                seen.add(node.id)
                along.append(node.unlimited_authority)
                if node.escalates_to is None:
                    break
                node = by_id.get(node.escalates_to)
                if node is None:
                    along.append(None)
            out[role.id] = _kleene_or(along + [False])
        return out

    for n in range(1, 5):
        targets = [None] + [f"r{i}" for i in range(n + 1)]   # r{n} names no role
        for edges in itertools.product(targets, repeat=n):
            for flags in itertools.product((True, False, None), repeat=n):
                roles = [Role(id=f"r{i}", escalates_to=edges[i], unlimited_authority=flags[i]) for i in range(n)]
                by_id = {r.id: r for r in roles}
                assert _chains_reach_unlimited(roles, by_id) == walk(roles, by_id)


# ---------------------------------------------------------------- YAML: merge keys, aliases

def test_a_merge_key_with_an_overriding_key_is_yaml_not_a_duplicate(tmp_path):
    from csaudit.facts.loader import load_profile

    path = write(tmp_path, "p.yaml", textwrap.dedent("""\
        as_of: 2026-03-31
        organisation: {name: Shop Ltd}
        channels:
          - &line {id: help, kind: phone, number: "0345 600 1234", purposes: [existing_contracts]}
          - <<: *line
            id: sales
            purposes: [sales]
        """))
    loaded = load_profile(path)
    help_line, sales = loaded.profile.channels
    assert (sales.id, sales.number, sorted(sales.purposes)) == ("sales", "0345 600 1234", ["sales"])
    assert help_line.id == "help"
    assert loaded.located.position(("channels", 1, "id")) == (6, 5)


def test_merge_keys_follow_the_yaml_rules():
    data = parse_yaml("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nm: {<<: [*a, *b], z: 3}\n", "f").data
    assert data["m"] == {"z": 3, "x": 1, "y": 1}  # written keys win, then earlier sources


def test_a_money_literal_whose_pence_overflow_a_float_is_a_located_problem():
    """Found by fuzzing (fuzz/regressions/conditions/): 1e307 pounds is finite, its pence are not."""
    from csaudit.engine.library.lower import check_rule
    from csaudit.engine.library.spec import RuleSpec

    spec = RuleSpec.model_validate({
        "title": "A demo rule", "refs": [{"document": "Demo", "clause": "1"}], "strength": "recommendation",
        "stage": "access", "risk_area": "governance",
        "risk": {"likelihood": "possible", "impact": "minor", "consequences": ["legal"]}, "subject": "role",
        "requires": {"fact": "role.refund_limit", "le": 1e307}, "gap": "A gap here.", "remediation": "Fix it now."})
    (issue,) = check_rule(spec, "demo-refund")
    assert issue.key == ("requires", "le")
    assert issue.message.startswith("role.refund_limit is money: expected an amount of at most £92,233,720,368,547,758.07")


# ---------------------------------------------------------------- the database: locks, reading never writes

def _good_db(tmp_path) -> Path:
    db = tmp_path / "audits.db"
    for cycle in ("Q1", "Q2"):
        result = cli("check", GOOD_PROFILE, "--rules", GOOD_RULES, "--db", db, "--cycle", cycle, "--engine", "python")
        assert result.returncode == 1, result.stderr
    return db


HOLD = """\
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
conn.execute("ROLLBACK")
"""


def _hold_lock(db: Path, seconds: float, tmp_path) -> subprocess.Popen:
    marker = tmp_path / "holding"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(marker), str(seconds)])
    while not marker.exists():
        assert proc.poll() is None, "the lock holder ended early"
    return proc


def test_a_locked_database_says_it_waits_and_gives_up_clearly(tmp_path):
    db = _good_db(tmp_path)
    before = db.read_bytes()
    holder = _hold_lock(db, 120, tmp_path)
    try:
        result = cli("check", GOOD_PROFILE, "--rules", GOOD_RULES, "--db", db, "--cycle", "Q3", "--engine", "python",
                     CSAUDIT_DB_TIMEOUT="2")
    finally:
        holder.kill()
        holder.wait()
    _clean(result)
    assert result.returncode == 3
    assert result.stderr == (
        f"csaudit: {db} is locked by another process; waiting up to 2s for it (CSAUDIT_DB_TIMEOUT=SECONDS changes "
        f"the wait)\nError: {db} stayed locked by another process for 2s while recording a run; csaudit gave up and "
        "changed nothing. Try again when the other process has finished, or wait longer with "
        "CSAUDIT_DB_TIMEOUT=SECONDS\n")
    assert db.read_bytes() == before


def test_a_writer_that_waits_for_the_lock_records_once_it_is_free(tmp_path):
    db = _good_db(tmp_path)
    holder = _hold_lock(db, 3, tmp_path)
    result = cli("check", GOOD_PROFILE, "--rules", GOOD_RULES, "--db", db, "--cycle", "Q3", "--engine", "python")
    holder.wait()
    _clean(result)
    assert result.returncode == 1
    assert result.stderr.startswith(f"csaudit: {db} is locked by another process; waiting up to 30s for it")
    assert result.stderr.endswith(f"csaudit: recorded run 3 of Shop Ltd, cycle Q3, in {db}\n")


def test_reading_commands_never_write_the_database(tmp_path):
    db = _good_db(tmp_path)
    before = db.read_bytes()
    for args in (("runs", "list"), ("runs", "show", "1"), ("runs", "diff", "Q1", "Q2"), ("runs", "trend", "Shop Ltd"),
                 ("runs", "list", "--format", "json")):
        result = cli(*args, "--db", db)
        _clean(result)
        assert result.returncode == 0, (args, result.stderr)
        assert db.read_bytes() == before, args


def test_an_empty_file_is_not_given_a_schema_by_a_reader(tmp_path):
    db = tmp_path / "empty.db"
    db.touch()
    result = cli("runs", "list", "--db", db)
    assert result.returncode == 3 and db.read_bytes() == b""
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-journal").exists()


def test_a_table_changed_by_hand_is_refused_before_anything_is_written(tmp_path):
    db = _good_db(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("create table findings_copy as select * from findings")
    for view in ("gap_evidence", "open_gaps", "cycle_summary"):
        conn.execute(f"drop view if exists {view}")
    conn.execute("drop table findings")
    conn.execute("alter table findings_copy rename to findings")  # the same columns, without its keys
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = cli("check", GOOD_PROFILE, "--rules", GOOD_RULES, "--db", db, "--cycle", "Q3")
    _clean(result)
    assert result.returncode == 3
    assert "does not have the tables its recorded migrations create (" in result.stderr
    assert "table findings has lost or changed its primary key (run_id, fingerprint)" in result.stderr
    assert "table findings has lost or changed its foreign keys" in result.stderr
    assert db.read_bytes() == before


# ---------------------------------------------------------------- output safety

@pytest.mark.parametrize("char, shown", [
    ("\x1b", "\\x1b"), ("\x07", "\\x07"), ("\x00", "\\x00"), ("\x08", "\\x08"), ("\r", "\\r"), ("\x9b", "\\x9b"),
    ("\x7f", "\\x7f"), ("\u202e", "\\u202e"), ("\u2066", "\\u2066"), ("\u061c", "\\u061c"), ("\u200b", "\\u200b"),
    ("\u2028", "\\u2028"), ("\ufeff", "\\ufeff"), ("\U000e0041", "\\U000e0041"), ("\udcff", "\\udcff"),
    ("\n", "\\n"), ("\t", "\\t"),
])
def test_printable_escapes_what_a_terminal_acts_on(char, shown):
    assert printable(f"a{char}b") == f"a{shown}b"


def test_printable_leaves_text_as_it_is():
    for text in ("Shop Ltd", "Café Ünïcödé", "日本語の店", "£250.00 — “quoted”", "emoji 😀", "a\u00a0b"):
        assert printable(text) == text
    assert printable("two\nlines\tand a tab", lines=True) == "two\nlines\tand a tab"


def test_printable_escapes_every_control_format_and_separator_character():
    import unicodedata

    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            assert printable(char) != char, hex(code)


def test_a_problem_is_one_line_whatever_its_key_or_value_holds():
    problem = Problem("a\nb.yaml", 3, 1, "x\ny\x1b[2J", "unknown key 'x\ny\u202e'")
    assert problem.render() == "a\\nb.yaml:3:1: x\\ny\\x1b[2J: unknown key 'x\\ny\\u202e'"


def test_the_renderers_use_the_one_terminal_sanitiser():
    """engine/report/escape.visible is printable (line breaks and tabs kept), so reports and the CLI's own
    messages escape the same characters."""
    from csaudit.engine.report.escape import visible

    for text in ("a\x1b[2Jb", "\u202eevil", "zero\u200bwidth", "tag\U000e0041", "\u061cmark", "ok\nline\ttab"):
        assert visible(text) == printable(text, lines=True)


def test_cycle_and_run_by_must_be_plain_text(tmp_path):
    db = tmp_path / "audits.db"
    for option, value in (("--cycle", "Q1\x1b[2J"), ("--run-by", "me\u202e"), ("--cycle", "x" * 201)):
        result = cli("check", GOOD_PROFILE, "--rules", GOOD_RULES, "--db", db, option, value)
        _clean(result)
        assert result.returncode == 2 and f"Invalid value for '{option}'" in result.stderr
    assert not db.exists()


def test_click_errors_quote_what_was_typed_safely():
    for args in (("check", "x\x1b]0;owned\x07.yaml"), ("check", GOOD_PROFILE, "--format", "j\x1b[2J"),
                 ("\x1b[2Jcheck",)):
        result = cli(*args)
        _clean(result)
        assert result.returncode == 2 and "\\x1b" in result.stderr


# ---------------------------------------------------------------- rules are data

def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (REPO / folder).rglob("*.py")]


def test_no_rule_construct_takes_a_regular_expression():
    """Rules compare facts with values (eq, lt, in, contains, exists...); none matches a pattern. If one ever
    must, it runs on a linear-time engine (google-re2) or is refused: this test names the place to decide."""
    from pydantic import BaseModel

    from csaudit.engine.library import spec

    assert spec.OPERATORS == ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "contains", "exists")
    words = {"regex", "regexp", "re", "pattern", "matches", "match", "glob", "like", "search"}
    for model in vars(spec).values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            for name, field in model.model_fields.items():
                assert not words & set((field.alias or name).lower().split("_")), (model.__name__, name)


def _constant_name(node) -> bool:
    return isinstance(node, ast.Name) and (node.id.isupper() or node.id.startswith("_"))


def _written_in_code(node) -> bool:
    if isinstance(node, ast.Constant) or _constant_name(node):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and _constant_name(v.value))
                   for v in node.values)
    return False


def test_every_regular_expression_in_the_code_is_written_in_the_code():
    """No pattern is ever built from a rule, profile or waiver: every re call takes a literal (or a module
    constant compiled from one)."""
    calls = ("compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")
    for path in _python_files("engine", "facts", "cli"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in calls
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in ("re", "_re")):
                first = node.args[0] if node.args else None
                assert _written_in_code(first), f"{path.relative_to(REPO)}:{node.lineno}: a pattern not written in the code"


def test_nothing_that_reads_input_can_run_code():
    """The readers build plain data only (the safe loader); no module evaluates or imports what it reads."""
    for path in _python_files("engine", "facts", "cli"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("eval", "exec", "compile", "__import__"), \
                    f"{path.relative_to(REPO)}:{node.lineno}"
            if isinstance(node, ast.Attribute) and node.attr in ("load", "unsafe_load", "full_load", "load_all") \
                    and isinstance(node.value, ast.Name) and node.value.id == "yaml":
                raise AssertionError(f"{path.relative_to(REPO)}:{node.lineno}: yaml.{node.attr}")


def test_an_error_lists_at_most_its_limit_of_problems_and_counts_the_rest(monkeypatch):
    from csaudit.facts.located.problems import InputError, Problem

    err = InputError("w.yaml: 450 problem(s) in the waivers",
                     [Problem("w.yaml", 1, i + 1, f"waivers[{i}].rule", "required key 'rule' is missing")
                      for i in range(450)])
    lines = err.render().splitlines()
    assert len(lines) == 1 + 200 + 1
    assert lines[-1] == ("  ... and 250 more problem(s) not listed (limit: 200 problems listed per error; raise it "
                         "with CSAUDIT_MAX_PROBLEMS=N)")
    monkeypatch.setenv("CSAUDIT_MAX_PROBLEMS", "1000")
    assert len(err.render().splitlines()) == 451
