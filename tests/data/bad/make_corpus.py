"""Write the bad-input corpus beside this script, and (with --freeze) record what csaudit answers to each.

    python tests/data/bad/make_corpus.py            # (re)write the inputs
    python tests/data/bad/make_corpus.py --freeze   # also run the new cases and add them to expected.yaml
    python tests/data/bad/make_corpus.py --freeze --all   # run every case again

Every input is small and committed; the inputs that cannot be files in a repository (a named pipe,
a device, a file over the size limit, a locked database) are made at test time by
tests/test_robustness_corpus.py. expected.yaml says, per case, the command, the exit code and the
exact standard error (and standard output where it matters); the test runs each case in its own
process with a generous timeout and checks that nothing in the corpus was written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

GOOD_PROFILE = """\
as_of: 2026-03-31
organisation: {name: Shop Ltd, customers: [consumers]}
channels:
  - {id: help, kind: phone, number: "0845 123 4567", purposes: [existing_contracts]}
policies:
  complaints:
    published: false
    acknowledge_within_days: 4
feedback: {customer_surveys: false}
"""

RULE = """\
title: {title}
refs: [{{document: Demo Code, clause: "1"}}]
strength: {strength}
stage: complaints
risk_area: governance
risk: {{likelihood: possible, impact: moderate, consequences: [financial]}}
subject: {subject}
requires: {requires}
gap: "{{subject}} has a gap."
remediation: Put it right soon.
"""


def rule(title="A demo rule", strength="recommendation", subject="organisation",
         requires="{fact: policies.complaints.published, eq: true}", **extra) -> str:
    text = RULE.format(title=title, strength=strength, subject=subject, requires=requires)
    return text + "".join(f"{k}: {v}\n" for k, v in extra.items())


GOOD_RULES = {
    "demo-phone-basic-rate": rule("Phone lines cost no more than a basic-rate call", "duty", "channel",
                                  "{fact: channel.basic_rate, eq: true}", valid_from="2014-06-13"),
    "demo-complaints-published": rule("The complaints procedure is published"),
    "demo-customer-surveys": rule("Customers are surveyed", "good_practice", requires="{fact: feedback.customer_surveys, eq: true}"),
}

GOOD_TESTS = """\
cases:
  - name: gap
    expect: gap
    profile: {policies: {complaints: {published: false}}}
  - name: met
    expect: met
    profile: {policies: {complaints: {published: true}}}
"""

BOMB = "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + BOMB

WAIVER = """\
  - rule: {rule}
    justification: {justification}
    approver: {approver}
    granted: {granted}
    expires: {expires}
"""


def waiver(rule="demo-complaints-published", justification="Procedure being rewritten", approver="Jo Bloggs, COO",
           granted="2026-01-01", expires="2026-12-31", subject=None) -> str:
    text = WAIVER.format(rule=rule, justification=justification, approver=approver, granted=granted, expires=expires)
    return text + (f"    subject: {subject}\n" if subject else "")


def base(extra: str = "", name: str = "Shop Ltd") -> str:
    return f"as_of: 2026-03-31\norganisation: {{name: {name}, customers: [consumers]}}\n{extra}"


PROFILES: dict[str, str | bytes] = {
    # aliases, anchors, merge keys
    "alias-bomb": base(BOMB),
    "alias-bomb-in-value": "as_of: 2026-03-31\n" + BOMB.replace("i: &i", "organisation: &i").replace(
        "organisation: &i [", "organisation: {name: X, sector: &i [") .rstrip("\n") + "}\n",
    "alias-self": "as_of: 2026-03-31\norganisation: &o {name: Shop Ltd, parent: *o}\n",
    "alias-undefined": base("channels: [*nowhere]\n"),
    "merge-into-itself": "as_of: 2026-03-31\norganisation: &o {name: Shop Ltd, <<: *o}\n",
    "merge-not-a-mapping": "as_of: 2026-03-31\norganisation: {name: Shop Ltd, <<: 3}\n",
    "merge-duplicate-written-key": ("as_of: 2026-03-31\nchannels:\n  - &line {id: help, kind: phone, "
                                    "number: \"0345 600 1234\"}\n  - <<: *line\n    id: sales\n    id: orders\n"
                                    "organisation: {name: Shop Ltd}\n"),
    "merge-chain-too-deep": "as_of: 2026-03-31\norganisation: {name: Shop Ltd}\n" + "".join(
        f"x{i}: &x{i} {{<<: *x{i - 1}, k{i}: 1}}\n" if i else "x0: &x0 {k0: 1}\n" for i in range(70)),
    # numbers
    "money-inf": base("authority:\n  roles:\n    - {id: desk, refund_limit: .inf}\n"),
    "money-nan": base("authority:\n  roles:\n    - {id: desk, refund_limit: .nan}\n"),
    "money-1e400": base("authority:\n  roles:\n    - {id: desk, refund_limit: 1e400}\n"),
    "money-10-to-the-26": base("authority:\n  roles:\n    - {id: desk, refund_limit: 100000000000000000000000000}\n"),
    "money-text-1e400": base("authority:\n  roles:\n    - {id: desk, goodwill_limit: '£1e400'}\n"),
    "hours-inf": base("channels:\n  - {id: mail, kind: email, response_target_hours: .inf}\n"),
    "hours-text-nan": base("channels:\n  - {id: mail, kind: email, response_target_hours: 'NaN'}\n"),
    "whole-number-beyond-64-bits": base("channels:\n  - {id: line, kind: phone, number: \"0345 600 1234\", "
                                        "answer_target_seconds: 18446744073709551616}\n"),
    "whole-number-400-digits": base("channels:\n  - {id: line, kind: phone, number: \"0345 600 1234\", "
                                    f"answer_target_seconds: {'9' * 400}}}\n"),
    "whole-number-base-60": base(f"channels:\n  - {{id: line, kind: phone, answer_target_seconds: "
                                 f"{':'.join(['59'] * 400)}}}\n"),
    # encodings and characters
    "latin-1": base("channels:\n  - {id: caf\xe9, kind: email}\n").encode("latin-1"),
    "utf-16": base().encode("utf-16"),
    "nul-byte": base("channels:\n  - {id: help\x00, kind: email}\n").encode(),
    "raw-escape-byte": base(name="Shop \x1b[2J Ltd").encode(),
    "escape-in-value": base(name='"Shop \\e[2J\\e]0;owned\\a Ltd"'),
    "nul-in-value": base(name='"Shop\\0Ltd"'),
    "newline-in-key": base('"channels\\nlist\\nhere": []\n'),
    "newline-in-name": base(name='"Shop\\n# Injected heading\\n3 gap(s) (0 legal)"'),
    "bidi-in-key": base('"chan\u202enels": []\n'),
    # sizes
    "key-too-long": base("k" * 201 + ": 1\n"),
    "value-too-long": base(f"governance:\n  notes: {'x' * 65_537}\n"),
    "name-over-text-limit": base(name="N" * 4097),
    "nested-too-deep": base("governance: " + "[" * 70 + "]" * 70 + "\n"),
    "list-too-long": base("complete_lists: [" + ", ".join(["channels"] * 10_001) + "]\n"),
    # tags: data only
    "python-object-tag": base("governance: !!python/object/apply:os.system ['echo owned']\n"),
    "python-name-tag": base("governance: !!python/name:os.system ''\n"),
    "binary-tag": base("governance: {notes: !!binary aGVsbG8=}\n"),
    "set-tag": base("complete_lists: !!set {channels, roles}\n"),
    "include-tag": base("channels: !include other.yaml\n"),
    # structure
    "empty-file": "",
    "not-a-mapping": "- as_of: 2026-03-31\n- organisation: {name: Shop Ltd}\n",
    "two-documents": base() + "---\n" + base(),
    "syntax-error": "as_of: 2026-03-31\norganisation: {name: Shop Ltd\n",
    "tab-indentation": "as_of: 2026-03-31\norganisation:\n\tname: Shop Ltd\n",
    "duplicate-key": base("as_of: 2026-04-01\n"),
    "complex-key": base("? [a, b]\n: 1\n"),
    "bad-date": "as_of: 2026-13-01\norganisation: {name: Shop Ltd}\n",
    "unknown-key": base("chanels: []\n"),
    "dangling-escalation": base("authority:\n  roles:\n    - {id: desk, escalates_to: manager}\n"),
    "duplicate-ids": base("channels:\n  - {id: help, kind: email}\n  - {id: help, kind: phone}\n"),
    "undefined-alias-name": base("channels:\n  - *helpline\n"),
    "duplicate-anchor": base("x: &a 1\ny: &a 2\n"),
    # valid, but shown with care: what a terminal would act on is shown as an escape
    "bidi-in-name": base(name='"Shop \u202edtL\u202c [bold]Ltd[/bold] <script>alert(1)</script>"'),
}

WAIVERS: dict[str, str | bytes] = {
    "overlapping-duplicates": "waivers:\n" + waiver() + waiver(approver="Sam Smith, CEO", granted="2026-06-01",
                                                               expires="2027-06-30"),
    "rule-wide-and-subject": "waivers:\n" + waiver("demo-customer-surveys") + waiver(
        "demo-customer-surveys", subject="organisation", granted="2026-03-01"),
    "unknown-subject": "waivers:\n" + waiver("demo-customer-surveys", subject="helpline"),
    "duty": "waivers:\n" + waiver("demo-phone-basic-rate", subject="help"),
    "unknown-rule": "waivers:\n" + waiver("demo-complaints-publish"),
    "expires-before-granted": "waivers:\n" + waiver(expires="2025-12-31"),
    "blank-approver": "waivers:\n" + waiver(approver="'   '"),
    "not-a-mapping": "- rule: demo-complaints-published\n",
    "invalid-yaml": "waivers: [\n",
    "alias-bomb": BOMB + "waivers: []\n",
    "latin-1": ("waivers:\n" + waiver(approver="Ren\xe9 Dupont")).encode("latin-1"),
    "escape-in-justification": "waivers:\n" + waiver(justification='"Rewriting \\e]0;owned\\a it"'),
    "list-too-long": "waivers: [" + ", ".join(["{}"] * 10_001) + "]\n",
    "python-tag": "waivers: !!python/object/apply:os.system ['echo owned']\n",
}


def rule_dir(name: str, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        write(HERE / "rules" / name / rel, text)


DEEP_NOT = "{fact: policies.complaints.published, eq: true}"
for _ in range(70):
    DEEP_NOT = "{not: " + DEEP_NOT + "}"

RULE_DIRS: dict[str, dict[str, str | bytes]] = {
    "no-rules": {"README.txt": "A rule library with no rule files: csaudit must not pass a gate on nothing.\n"},
    "yml-only": {"demo/demo-complaints-published.yml": GOOD_RULES["demo-complaints-published"]},
    "alias-bomb": {"demo/demo-bomb.yaml": BOMB + GOOD_RULES["demo-complaints-published"]},
    "infinite-parameter": {"demo/demo-ack.yaml": rule(requires="{fact: policies.complaints.acknowledge_within_days, "
                                                      "le: {param: days}}") +
                           "params:\n  days: {values: {2020-01-01: {value: .inf}}}\n"},
    "infinite-literal": {"demo/demo-ack.yaml": rule(requires="{fact: policies.complaints.acknowledge_within_days, "
                                                    "le: .inf}")},
    "beyond-64-bits": {"demo/demo-ack.yaml": rule(requires="{fact: policies.complaints.acknowledge_within_days, "
                                                  "le: 18446744073709551616}")},
    # found by fuzzing (fuzz/regressions/conditions): finite pounds whose pence are beyond any float
    "money-literal-overflow": {"demo/demo-refund.yaml": rule(subject="role", requires="{fact: role.refund_limit, "
                                                              "le: 1.0e+307}")},
    # found by fuzzing (fuzz/regressions/rules): hundreds of misspelt placeholders, each searched for a
    # "did you mean" across the fact catalogue, took past 20 s; the first 20 are listed now
    "many-unknown-placeholders": {"demo/demo-x.yaml": rule() + "met: \"" + " ".join(
        f"{{policies.complaints.acknowledge_within_day_{i:03d}_and_some_more_words}}" for i in range(400)) + "\"\n"},
    "regex-operator": {"demo/demo-name.yaml": rule(requires="{fact: organisation.name, matches: '^(a+)+$'}")},
    "python-tag": {"demo/demo-x.yaml": rule() + "note: !!python/object/apply:os.system ['echo owned']\n"},
    "include-tag": {"demo/demo-x.yaml": rule(requires="!include other.yaml")},
    "not-a-mapping": {"demo/demo-x.yaml": "- title: A list, not a rule\n"},
    "unknown-fact": {"demo/demo-x.yaml": rule(requires="{fact: policies.complaints.publishd, eq: true}")},
    "id-differs": {"demo/demo-x.yaml": rule() + "id: demo-y\n"},
    "duplicate-key": {"demo/demo-x.yaml": rule() + "strength: duty\n"},
    "conditions-too-deep": {"demo/demo-x.yaml": rule(requires=DEEP_NOT)},
    "too-many-conditions": {"demo/demo-x.yaml": rule(requires="{any: [" + ", ".join(["{use: c}"] * 10_001) + "]}")},
    "bad-named-condition": {"demo/demo-x.yaml": rule(requires="{use: scope}"),
                            "conditions/demo.yaml": BOMB + "conditions: {}\n"},
    "escape-in-title": {"demo/demo-x.yaml": rule(title='"Published \\e[2J\\e]8;;http://evil.example\\a"')},
    # valid, but shown with care: bidirectional overrides and rich markup in a title
    "bidi-in-title": {"demo/demo-x.yaml": rule(title='"Published \u202egnirts\u202c [link=http://evil.example]here[/link]"')},
    # valid, but wider than durable-rules can match: python answers, with one line saying why
    "beyond-durable-limits": {"demo/demo-x.yaml": rule(requires="{any: [" + ", ".join(
        f"{{all: [{{fact: policies.complaints.acknowledge_within_days, ge: {i}}}, "
        f"{{fact: policies.complaints.acknowledge_within_days, le: {i + 1}}}]}}" for i in range(200)) + "]}")},
}

TEST_DIRS: dict[str, dict[str, str | bytes]] = {
    "missing-test-file": {"demo/demo-complaints-published.yaml": GOOD_RULES["demo-complaints-published"]},
    "alias-bomb": {"demo/demo-complaints-published.yaml": GOOD_RULES["demo-complaints-published"],
                   "demo/demo-complaints-published.test.yaml": BOMB + GOOD_TESTS},
    "invalid-yaml": {"demo/demo-complaints-published.yaml": GOOD_RULES["demo-complaints-published"],
                     "demo/demo-complaints-published.test.yaml": "cases: [\n"},
    "not-a-mapping": {"demo/demo-complaints-published.yaml": GOOD_RULES["demo-complaints-published"],
                      "demo/demo-complaints-published.test.yaml": "- name: gap\n"},
    "case-profile-not-finite": {
        "demo/demo-complaints-published.yaml": GOOD_RULES["demo-complaints-published"],
        "demo/demo-complaints-published.test.yaml": GOOD_TESTS + (
            "  - name: infinite limit\n    expect: gap\n    profile:\n      policies: {complaints: {published: false}}\n"
            "      authority: {roles: [{id: desk, refund_limit: .inf}]}\n")},
    "case-profile-latin-1": {
        "demo/demo-complaints-published.yaml": GOOD_RULES["demo-complaints-published"],
        "demo/demo-complaints-published.test.yaml": (GOOD_TESTS.replace("name: met", "name: m\xe9t")).encode("latin-1")},
}


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- databases

def _good_database(path: Path) -> None:
    """A real audit database with two runs, written by csaudit itself, in rollback-journal mode (so a
    reader leaves no -wal or -shm file beside it)."""
    if path.exists():
        path.unlink()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSAUDIT_")}
    for cycle in ("2026-Q1", "2026-Q2"):
        subprocess.run([sys.executable, "-m", "csaudit.cli", "check", "good/profile.yaml", "--rules", "good/rules",
                        "--engine", "python", "--db", str(path), "--cycle", cycle, "--run-by", "auditor"],
                       cwd=HERE, env=env, capture_output=True, check=False)
    conn = sqlite3.connect(path)
    conn.execute("update runs set started_at = '2026-03-31T09:00:00+00:00', recorded_at = '2026-03-31T09:00:01+00:00'")
    conn.execute("update _migrations set applied_at = '2026-03-31 09:00:00'")
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA page_size = 512")  # small files to commit
    conn.execute("VACUUM")
    conn.close()


def _edit(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def databases() -> None:
    folder = HERE / "databases"
    folder.mkdir(exist_ok=True)
    good = folder / "good.tmp"
    _good_database(good)
    data = good.read_bytes()

    def copy(name: str) -> Path:
        path = folder / f"{name}.db"
        path.write_bytes(data)
        return path

    write(folder / "not-sqlite.db", "minutes of the audit meeting\n")
    write(folder / "empty-file.db", b"")
    conn = sqlite3.connect(folder / "other-application.db.tmp")
    conn.execute("create table customers (id integer primary key, name text)")
    conn.commit()
    conn.close()
    (folder / "other-application.db.tmp").rename(folder / "other-application.db")
    conn = sqlite3.connect(folder / "no-tables.db.tmp")
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    (folder / "no-tables.db.tmp").rename(folder / "no-tables.db")
    copy("truncated").write_bytes(data[: len(data) // 2])
    damaged = bytearray(data)
    damaged[1024:1024 + 2048] = bytes((i * 37) % 256 for i in range(2048))  # pages 3 to 6 of 512 bytes
    copy("damaged-pages").write_bytes(bytes(damaged))
    _edit(copy("newer-csaudit"), "insert into _migrations (migration_set, name, applied_at) values "
                                 "('csaudit', 'm099_from_the_future', 'later')")
    _edit(copy("no-migration-recorded"), "delete from _migrations")
    _edit(copy("findings-table-dropped"), "drop view if exists gap_evidence", "drop view if exists open_gaps",
          "drop view if exists cycle_summary", "drop table findings")
    _edit(copy("view-dropped"), "drop view open_gaps")
    _edit(copy("column-added-by-hand"), "alter table runs add column reviewer text")
    _edit(copy("invalid-json-in-findings"), "update findings set refs = '[{\"document\": ' where run_id = 1 and "
                                            "position = 0")
    _edit(copy("null-in-json-column"), "update findings set facts_used = null where run_id = 1")
    _edit(copy("text-in-count-column"), "update runs set gap = 'many' where id = 1")
    _edit(copy("not-a-date"), "update runs set evaluated_as_of = 'last Tuesday' where id = 1")
    _edit(copy("invalid-json-in-facts"), "update profile_facts set value = '{' where run_id = 1")
    _edit(copy("control-characters"),
          "update runs set organisation = 'Shop '||char(27)||'[2J'||char(27)||']0;owned'||char(7)||' Ltd', "
          "run_by = 'auditor'||char(8226)||char(8238)||'dlrow', cycle = cycle||char(27)||'[31m'",
          "update findings set subject_name = 'Shop '||char(27)||'[2J Ltd' where subject_kind = 'organisation'")
    good.unlink()


def main() -> None:
    write(HERE / "good" / "profile.yaml", GOOD_PROFILE)
    for rule_id, text in GOOD_RULES.items():
        write(HERE / "good" / "rules" / "demo" / f"{rule_id}.yaml", text)
    for name, text in PROFILES.items():
        write(HERE / "profiles" / f"{name}.yaml", text)
    for name, text in WAIVERS.items():
        write(HERE / "waivers" / f"{name}.yaml", text)
    for name, files in RULE_DIRS.items():
        rule_dir(name, files)
    for name, files in TEST_DIRS.items():
        for rel, text in files.items():
            write(HERE / "tests" / name / rel, text)
    databases()
    if "--freeze" in sys.argv:
        freeze()


def cases() -> list[dict]:
    """Every case: an id, the command (run in this folder) and, after --freeze, what csaudit answers."""
    out = []
    for name in PROFILES:
        f = f"profiles/{name}.yaml"
        out.append({"id": f"profile/{name}/check", "args": ["check", f]})
        out.append({"id": f"profile/{name}/validate", "args": ["facts", "validate", f]})
    for name in WAIVERS:
        out.append({"id": f"waivers/{name}", "args": ["check", "good/profile.yaml", "--rules", "good/rules",
                                                       "--waivers", f"waivers/{name}.yaml"]})
    for name in RULE_DIRS:
        out.append({"id": f"rules/{name}/lint", "args": ["rules", "lint", f"rules/{name}"]})
        out.append({"id": f"rules/{name}/check", "args": ["check", "good/profile.yaml", "--rules", f"rules/{name}"]})
    out.append({"id": "rules/bidi-in-title/list", "args": ["rules", "list", "--rules", "rules/bidi-in-title"]})
    for case in out:
        if case["id"] == "rules/beyond-durable-limits/check":
            case["args"] += ["--engine", "durable"]
    for name in TEST_DIRS:
        out.append({"id": f"tests/{name}", "args": ["rules", "test", f"tests/{name}"]})
    for path in sorted((HERE / "databases").glob("*.db")):
        db = f"databases/{path.name}"
        out.append({"id": f"db/{path.stem}/list", "args": ["runs", "list", "--db", db]})
        out.append({"id": f"db/{path.stem}/show", "args": ["runs", "show", "1", "--db", db]})
        out.append({"id": f"db/{path.stem}/diff", "args": ["runs", "diff", "1", "2", "--db", db]})
        if path.stem in WRITERS_REFUSED:
            out.append({"id": f"db/{path.stem}/check", "args": ["check", "good/profile.yaml", "--rules", "good/rules",
                                                                 "--db", db, "--cycle", "2026-Q3"]})
    return out


# Files a writer (check --db) must refuse. A writer still records a run in a database whose damage is in the
# values of old rows (every reader that meets those rows reports them), and starts a database in an empty file.
WRITERS_REFUSED = {"column-added-by-hand", "damaged-pages", "findings-table-dropped", "newer-csaudit",
                   "no-migration-recorded", "not-sqlite", "other-application", "truncated", "view-dropped"}
# Cases that succeed: what they must show (their output is the renderers' and may change layout).
SHOWN = {
    "profile/bidi-in-name/validate": ["valid profile of Shop \\u202edtL\\u202c [bold]Ltd[/bold] <script>"],
    "profile/bidi-in-name/check": ["\\u202edtL\\u202c"],
    "rules/bidi-in-title/list": ["\\u202egnirts\\u202c", "[link=http://evil.example]"],
    "rules/beyond-durable-limits/check": [],
    "db/control-characters/list": ["Shop \\x1b[2J\\x1b]0;owned\\x07 Ltd", "2026-Q1\\x1b[31m", "auditor•\\u202edlrow"],
    "db/control-characters/show": ["Run 1: Shop \\x1b[2J\\x1b]0;owned\\x07 Ltd, cycle 2026-Q1\\x1b[31m"],
    "db/control-characters/diff": ["Shop \\x1b[2J\\x1b]0;owned\\x07 Ltd"],
}


def run(args: list[str], cwd: Path = HERE, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSAUDIT_")}
    env.update(COLUMNS="100", TERM="dumb", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "csaudit.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def freeze() -> None:
    import shutil
    import tempfile

    import yaml

    from concurrent.futures import ThreadPoolExecutor

    def answer(numbered):
        i, case = numbered
        work = Path(tmp) / str(i)
        shutil.copytree(HERE, work, ignore=shutil.ignore_patterns("*.py", "expected.yaml"))
        result = run(case["args"], cwd=work)
        print(case["id"], result.returncode, file=sys.stderr)
        return result

    out = []
    kept = {}
    if "--all" not in sys.argv and (HERE / "expected.yaml").exists():  # answers reviewed before are kept
        kept = {e["id"]: e for e in yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))}
    todo = [c for c in cases() if c["id"] not in kept]
    with tempfile.TemporaryDirectory() as tmp:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = dict(zip((c["id"] for c in todo), pool.map(answer, enumerate(todo))))
        for case in cases():
            if case["id"] in kept:
                out.append(kept[case["id"]])
                continue
            result = results[case["id"]]
            entry = {**case, "exit": result.returncode, "stderr": result.stderr}
            if case["id"] in SHOWN:
                entry["stdout_shows"] = SHOWN[case["id"]]
            elif case["args"][:2] in (["rules", "lint"], ["rules", "test"]):
                entry["stdout"] = result.stdout
            elif result.stdout.strip():
                entry["stdout_shows"] = []
            out.append(entry)

    class Literal(str):
        pass

    def literal(dumper, value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    yaml.add_representer(Literal, literal, Dumper=yaml.SafeDumper)
    for entry in out:
        for key in ("stderr", "stdout"):
            if key in entry:
                entry[key] = Literal(entry[key])
    header = ("# What csaudit answers to each input of the corpus (written by make_corpus.py --freeze, read by\n"
              "# tests/test_robustness_corpus.py). Run from this folder; exit 2: profile or usage, 3: rule library,\n"
              "# waivers or database. Reviewed by hand: each message names the file, line, column and key.\n")
    (HERE / "expected.yaml").write_text(header + yaml.safe_dump(out, sort_keys=False, allow_unicode=False, width=200),
                                        encoding="utf-8")


if __name__ == "__main__":
    main()
