"""The audit database: every run written whole or not at all, readable in Datasette.

A run is written in one ``BEGIN IMMEDIATE`` transaction, so a process killed
half-way leaves the file as it was. WAL mode and a busy timeout let several
``csaudit check --db`` processes share one file. A file that is not a csaudit
database, is damaged, or was written by a newer csaudit is refused before
anything is written to it.

Test hook: with ``CSAUDIT_TEST_WRITE_PAUSE=SECONDS`` the writer sleeps in the middle
of a run's transaction, after creating the file named by
``CSAUDIT_TEST_WRITE_MARKER`` (when set), so a test can kill it there or start a
second writer while the first holds the lock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
import stat
import sys
import time
import urllib.parse
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from sqlite_utils import Database

from ...facts.located import limits
from ...facts.located.printable import printable
from ...facts.located.problems import UsageError
from ...facts.located.validation import shorten, suggest
from ..errors import StoreError
from ..findings import Finding, RiskBands, Summary
from .migrations import KNOWN, MIGRATIONS, MIGRATIONS_TABLE
from .record import RuleRecord, RunInfo, RunRecord, StoredFact, StoredRun, StoredWaiver, now_utc

FIRST_WAIT_MS = 1_000      # waited silently for a lock; after that csaudit says it is waiting
_MAGIC = b"SQLite format 3\x00"
_COUNTS = ("gap", "met", "not_applicable", "unknown", "manual", "waived")
_FOLLOW_UP = "csaudit left it untouched. Restore it from a backup or choose another --db file."


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _damaged(path: Path, why: str) -> StoreError:
    return StoreError(f"{path} cannot be used as an audit database: {why}. It may be damaged; {_FOLLOW_UP}")


def _not_ours(path: Path, why: str) -> StoreError:
    return StoreError(f"{path} is not a csaudit audit database ({why}); csaudit left it untouched. "
                      "Choose another --db file.")


def _stderr(message: str) -> None:
    print(printable(message), file=sys.stderr, flush=True)


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _check_file(path: Path, create: bool) -> bool:
    """Whether ``path`` exists; refuse what is not a regular SQLite file (or an empty one a writer may start)
    without letting SQLite open it: a named pipe or device is never opened at all."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"{path}: cannot use the audit database ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} is a folder; --db names an audit database file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise StoreError(f"{path} is {kind}; --db names an audit database file")
    if info.st_size == 0:
        if create:
            return True  # SQLite treats an empty file as an empty database: a writer starts one
        raise StoreError(f"{path} is an empty file, not an audit database yet; csaudit left it untouched. Record "
                         f"a run first: csaudit check PROFILE --db {path} --cycle NAME")
    with path.open("rb") as fh:
        head = fh.read(len(_MAGIC))
    if head != _MAGIC:
        raise _not_ours(path, "it is not an SQLite file")
    return True


def open_store(path: str | Path, *, create: bool, notify: Callable[[str], None] | None = None) -> Store:
    """Open (``create``: or start) the audit database at ``path``, upgrading its schema in place.

    Without ``create`` (every reading command) the file is opened read-only and never written: a
    database from an older csaudit is upgraded in a copy in memory, not on disk. ``notify`` is told,
    once, when the file is locked by another process and csaudit waits for it (``DB_WAIT_SECONDS``)."""
    p = Path(path)
    if not _check_file(p, create):
        if not create:
            raise StoreError(f"{p}: no audit database here. Record a run first: csaudit check PROFILE --db {p} "
                             "--cycle NAME")
        if not p.parent.is_dir():
            raise StoreError(f"{p}: cannot create the audit database: the folder {p.parent} does not exist")
    try:
        if create:
            conn = sqlite3.connect(str(p), timeout=FIRST_WAIT_MS / 1000, isolation_level=None)
        else:
            uri = "file:" + urllib.parse.quote(str(p.resolve())) + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=FIRST_WAIT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{p}: cannot open the audit database ({exc})") from None
    waiter = _Waiter(p, notify or _stderr)
    try:
        conn, db = waiter.run(conn, "opening", lambda: _prepare(conn, p, write=create))
    except BaseException:
        conn.close()
        raise
    return Store(p, db, waiter)


def _locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class _Waiter:
    """Runs one database step; if the file is locked, says so once and waits, then gives up clearly.

    SQLite's own busy handler does the waiting: first for ``FIRST_WAIT_MS`` without a word (a
    writer finishing its run), then, after one line on stderr, for the rest of ``DB_WAIT_SECONDS``.
    Each step is one that can be repeated: it reads, or writes inside a transaction it rolls back.
    """

    def __init__(self, path: Path, notify: Callable[[str], None]):
        self.path, self.notify, self.told = path, notify, False

    def run(self, conn: sqlite3.Connection, doing: str, step: Callable[[], Any]) -> Any:
        total = limits.DB_WAIT_SECONDS.value
        with _translated(self.path, doing, total):
            conn.execute(f"PRAGMA busy_timeout = {FIRST_WAIT_MS}")
            try:
                return step()
            except sqlite3.OperationalError as exc:
                if not _locked(exc):
                    raise
            if not self.told:
                self.told = True
                self.notify(f"csaudit: {self.path} is locked by another process; waiting up to {total}s for it "
                            f"({limits.DB_WAIT_SECONDS.env}=SECONDS changes the wait)")
            conn.execute(f"PRAGMA busy_timeout = {max(total * 1000 - FIRST_WAIT_MS, 0)}")
            try:
                return step()
            finally:
                try:
                    conn.execute(f"PRAGMA busy_timeout = {FIRST_WAIT_MS}")
                except sqlite3.ProgrammingError:  # the step replaced the connection (a reader's copy in memory)
                    pass


@contextmanager
def _translated(path: Path, doing: str, waited: int | None = None) -> Iterator[None]:
    """SQLite's exceptions as store errors: locked, damaged, or otherwise unusable (permissions, disk)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if _locked(exc):
            seconds = waited if waited is not None else limits.DB_WAIT_SECONDS.value
            raise StoreError(f"{path} stayed locked by another process for {seconds}s while {doing}; csaudit gave "
                             f"up and changed nothing. Try again when the other process has finished, or wait "
                             f"longer with {limits.DB_WAIT_SECONDS.env}=SECONDS") from None
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise StoreError(f"{path}: cannot write to the audit database while {doing} ({exc})") from None
        raise StoreError(f"{path}: cannot use the audit database while {doing} ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None


def _schema(conn: sqlite3.Connection) -> dict[str, Any]:
    """Tables with their columns and foreign keys, and the view names: what the migrations create."""
    out: dict[str, Any] = {"views": set()}
    for name, kind in conn.execute("select name, type from sqlite_master where type in ('table', 'view') "
                                   "and name not like 'sqlite_%'"):
        if kind == "view":
            out["views"].add(name)
            continue
        quoted = name.replace('"', '""')
        info = list(conn.execute(f'PRAGMA table_info("{quoted}")'))
        columns = tuple((r[1], (r[2] or "").upper(), bool(r[3])) for r in info)
        primary = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        keys = tuple(sorted((r[2], r[3], r[4]) for r in conn.execute(f'PRAGMA foreign_key_list("{quoted}")')))
        out[name] = (columns, primary, keys)
    return out


@lru_cache(maxsize=8)
def _expected_schema(applied: tuple[str, ...]) -> dict[str, Any]:
    """The schema the migrations ``applied`` (a prefix of KNOWN) create, built in memory."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db = Database(mem, execute_plugins=False)
        rest = KNOWN[len(applied):]
        MIGRATIONS.apply(db, stop_before=rest[0] if rest else None)
        return _schema(mem)
    finally:
        mem.close()


def _schema_problems(conn: sqlite3.Connection, applied: list[str]) -> list[str]:
    """How the file's tables differ from what its recorded migrations create (empty: they match)."""
    if applied != KNOWN[:len(applied)]:
        return [f"its migrations are recorded out of order ({', '.join(applied)})"]
    expected, actual = _expected_schema(tuple(applied)), _schema(conn)
    problems = []
    for name, shape in expected.items():
        if name == "views":
            continue
        columns, primary, keys = shape
        if name not in actual:
            problems.append(f"table {name} is missing")
            continue
        have_columns, have_primary, have_keys = actual[name]
        if have_primary != primary:
            problems.append(f"table {name} has lost or changed its primary key ({', '.join(primary)})")
        if have_keys != keys:
            problems.append(f"table {name} has lost or changed its foreign keys")
        want = {c[0]: c for c in columns}
        have = {c[0]: c for c in have_columns}
        problems += [f"table {name} has no column {c}" for c in want if c not in have]
        problems += [f"table {name} has a column csaudit does not write ({c})" for c in have if c not in want]
        problems += [f"column {name}.{c} is not {want[c][1].lower() or 'untyped'}"
                     + (" not null" if want[c][2] else "") for c in want if c in have and want[c] != have[c]]
    problems += [f"view {v} is missing" for v in sorted(expected["views"] - actual["views"])]
    return problems


def _prepare(conn: sqlite3.Connection, path: Path, write: bool) -> tuple[sqlite3.Connection, Database]:
    """Refuse foreign, newer, reshaped or (``write``: before writing) damaged files, reading only; then, to
    write, switch to WAL and apply pending migrations; to read a file with migrations pending, apply them to a
    copy in memory (the file is never written)."""
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
    db = Database(conn, execute_plugins=False)
    if tables:
        if MIGRATIONS_TABLE not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise _not_ours(path, f"it holds other tables ({shown}) and no {MIGRATIONS_TABLE} table")
        applied = [m.name for m in MIGRATIONS.applied(db)]
        if not applied:
            raise _not_ours(path, f"its {MIGRATIONS_TABLE} table records no csaudit migration")
        unknown = [name for name in applied if name not in KNOWN]
        if unknown:
            from .. import __version__

            raise StoreError(f"{path} was written by a newer csaudit: it has migration(s) {', '.join(unknown)}, "
                             f"which csaudit {__version__} does not know. Upgrade csaudit to use this database; "
                             "it was left untouched.")
        problems = _schema_problems(conn, applied)
        if problems:
            shown = "; ".join(problems[:4]) + ("; ..." if len(problems) > 4 else "")
            raise StoreError(f"{path} does not have the tables its recorded migrations create ({shown}). It may "
                             f"have been edited by hand or damaged; {_FOLLOW_UP}")
        if write:
            # A writer must not add to a damaged file; readers meet damage as an error where they read.
            problems = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise _damaged(path, "; ".join(line for p in problems for line in p.splitlines() if line.strip()))
    elif not write:
        raise StoreError(f"{path} holds no tables: it is not an audit database yet; csaudit left it untouched. "
                         f"Record a run first: csaudit check PROFILE --db {path} --cycle NAME")
    if not MIGRATIONS.pending(db):
        if write and conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        return conn, db
    if not write:  # an older csaudit's file: read it as this version would after upgrading, without writing
        mem = sqlite3.connect(":memory:", isolation_level=None)
        conn.backup(mem)
        conn.close()
        db = Database(mem, execute_plugins=False)
        MIGRATIONS.apply(db)
        return mem, db
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # IMMEDIATE takes the write lock first, so two processes starting on a new file
    # cannot both apply the same migration: the second finds nothing pending.
    conn.execute("BEGIN IMMEDIATE")
    try:
        if MIGRATIONS.pending(db):
            MIGRATIONS.apply(db)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return conn, db


def _test_pause() -> None:
    seconds = os.environ.get("CSAUDIT_TEST_WRITE_PAUSE")
    if not seconds:
        return
    marker = os.environ.get("CSAUDIT_TEST_WRITE_MARKER")
    if marker:
        Path(marker).touch()
    time.sleep(float(seconds))


class _RowWriter:
    """Finding rows for one run. What findings share (a rule's references, the facts of one subject, a risk)
    is the same object in every finding that has it, so its JSON is written once per run."""

    def __init__(self) -> None:
        self._json: dict[int, tuple[Any, str]] = {}

    def _once(self, obj: Any, make: Callable[[], str]) -> str:
        found = self._json.get(id(obj))
        if found is None or found[0] is not obj:
            found = self._json[id(obj)] = (obj, make())
        return found[1]

    def _list(self, items: tuple) -> str:
        """The JSON list of models, as ``_dumps`` writes it, from each model's JSON made once."""
        return "[" + ", ".join(self._once(u, lambda u=u: _dumps(u.model_dump(mode="json"))) for u in items) + "]"

    def finding(self, position: int, f: Finding) -> tuple:
        risk, owner = f.risk, f.owner
        return (
            position, f.fingerprint, f.rule_id, f.title, f.subject.kind, f.subject.key, f.subject.name,
            f.status, f.strength, risk.rating, risk.likelihood, risk.impact,
            self._once(risk.consequences, lambda: _dumps(list(risk.consequences))),
            f.stage, f.risk_area, f.message, f.remediation,
            self._once(f.refs, lambda: self._list(f.refs)), self._list(f.facts_used),
            _dumps(list(f.missing_facts)) if f.missing_facts else "[]", int(f.waiver is not None),
            _dumps(f.waiver.model_dump(mode="json")) if f.waiver else None,
            _dumps(list(f.deciding)) if f.deciding else "[]", _dumps(list(risk.because)) if risk.because else "[]",
            owner.role if owner else None, owner.name if owner else None,
            self._once(owner, lambda: _dumps(owner.model_dump(mode="json"))) if owner else None,
        )


FINDING_COLUMNS = ("run_id", "position", "fingerprint", "rule_id", "title", "subject_kind", "subject_key",
                   "subject_name", "status", "strength", "risk_rating", "likelihood", "impact", "consequences",
                   "stage", "risk_area", "message", "remediation", "refs", "facts_used", "missing_facts", "waived",
                   "waiver", "deciding", "risk_because", "owner_role", "owner_name", "owner")
EVIDENCE_COLUMNS = ("run_id", "fingerprint", "position", "kind", "evidence_id", "document", "url", "seen",
                    "confirmed_by", "note", "covers", "line")
FACT_COLUMNS = ("run_id", "path", "value", "line", "derived_from")
RULE_COLUMNS = ("run_id", "rule_id", "digest", "title", "strength", "valid_from", "valid_to", "params", "path")


@dataclasses.dataclass
class RunRows:
    """A run as the rows it is written in, all but the run id (given when it is written)."""

    header: dict[str, Any]
    findings: list[tuple]
    evidence: list[tuple]
    profile: dict[str, Any]
    facts: list[tuple]
    rules: list[tuple]
    waivers: list[dict[str, Any]]


def run_rows(record: RunRecord) -> RunRows:
    """The rows of one run: plain tuples, cheap to send from a worker process to the one that writes."""
    run = record.run
    header = {k: v for k, v in run.info.to_json_dict().items() if k not in ("id", "summary", "risk_bands")}
    header.update(run.info.summary.model_dump(), risk_high=run.info.risk_bands.high,
                  risk_medium=run.info.risk_bands.medium)
    writer = _RowWriter()
    return RunRows(
        header=header,
        findings=[writer.finding(i, f) for i, f in enumerate(run.findings)],
        evidence=[row for f in run.findings for row in _evidence_rows(f)],
        profile={"path": run.info.profile_path, "digest": record.profile_digest, "text": record.profile_text},
        facts=[(path, _dumps(fact.value), fact.line, fact.derived_from) for path, fact in run.facts.items()],
        rules=[(r.rule_id, r.digest, r.title, r.strength, r.valid_from, r.valid_to, _dumps(r.params), r.path)
               for r in run.rules.values()],
        waivers=[{"position": i, **w.__dict__} for i, w in enumerate(run.waivers)],
    )


def _insert_rows(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], rows) -> None:
    """Many rows in one prepared statement: sqlite-utils' ``insert_all`` looks at every row's columns, which
    costs several times the write itself for a run's thousand findings."""
    names = ", ".join(f'"{c}"' for c in columns)
    conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)


def _evidence_rows(f: Finding) -> list[tuple]:
    """A finding's evidence rows, in EVIDENCE_COLUMNS order after the run id."""
    return [(f.fingerprint, i, e.kind, e.id, e.document, e.url, e.seen, e.confirmed_by, e.note,
             _dumps(list(e.covers)), e.line) for i, e in enumerate(f.evidence)]


_MISSING = object()


def _json(row: dict[str, Any], column: str, empty: Any = _MISSING) -> Any:
    """A JSON column of a row; a damaged value is a ValueError naming the column (``empty``: the value of NULL)."""
    raw = row.get(column)
    if raw is None or raw == "":
        if empty is not _MISSING:
            return empty
        raise ValueError(f"{column} is empty")
    try:
        return json.loads(raw)
    except (TypeError, ValueError, RecursionError):
        raise ValueError(f"{column} is not JSON") from None


_ROW_ERRORS = (ValueError, TypeError, KeyError, AttributeError)  # pydantic's ValidationError is a ValueError


def _why(exc: BaseException) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(x) for x in first.get("loc", ()))
            return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))
        except Exception:  # a message about a message: keep the plain one
            pass
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _evidence_from(row: dict[str, Any]) -> dict[str, Any]:
    return {"kind": row["kind"], "id": row["evidence_id"], "document": row["document"], "url": row["url"],
            "seen": row["seen"], "confirmed_by": row["confirmed_by"], "note": row["note"],
            "covers": _json(row, "covers", []), "line": row["line"]}


def _finding_from(row: dict[str, Any], evidence: list[dict[str, Any]] = ()) -> Finding:
    return Finding.model_validate({
        "fingerprint": row["fingerprint"], "rule_id": row["rule_id"], "title": row["title"],
        "subject": {"kind": row["subject_kind"], "key": row["subject_key"], "name": row["subject_name"]},
        "status": row["status"], "strength": row["strength"], "stage": row["stage"], "risk_area": row["risk_area"],
        "refs": _json(row, "refs"),
        "risk": {"likelihood": row["likelihood"], "impact": row["impact"], "rating": row["risk_rating"],
                 "consequences": _json(row, "consequences"),
                 "because": _json(row, "risk_because", [])},
        "message": row["message"], "remediation": row["remediation"], "facts_used": _json(row, "facts_used"),
        "missing_facts": _json(row, "missing_facts"),
        "waiver": _json(row, "waiver", None),
        "deciding": _json(row, "deciding", []),
        "owner": _json(row, "owner", None),
        "evidence": list(evidence),
    })


_TYPES = {"str": (str,), "int": (int,), "str | None": (str, type(None)), "int | None": (int, type(None))}
_DATES = {"profile_as_of", "evaluated_as_of", "granted", "expires", "valid_from", "valid_to"}


def _text(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    if not isinstance(value, str):
        raise ValueError(f"{column} holds {type(value).__name__} {shorten(value)}, not text")
    return value


def _typed(cls: type, values: dict[str, Any]) -> Any:
    """A record dataclass from a row, each column of the type the dataclass says (a row edited by hand or damaged
    is a ValueError naming the column, not a crash later when the value is used)."""
    for f in dataclasses.fields(cls):
        if f.name not in values:
            continue
        value, want = values[f.name], _TYPES.get(f.type)
        if want and (not isinstance(value, want) or isinstance(value, bool)):
            raise ValueError(f"{f.name} holds {type(value).__name__} {shorten(value)}, not {f.type}")
        if f.name in _DATES and isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{f.name} holds {shorten(value)}, not a date") from None
    return cls(**values)


def _info_from(row: dict[str, Any]) -> RunInfo:
    fields = {k: row[k] for k in RunInfo.__dataclass_fields__ if k not in ("summary", "risk_bands")}
    bands = RiskBands(high=row["risk_high"], medium=row["risk_medium"]) if row.get("risk_high") else RiskBands()
    return _typed(RunInfo, {**fields, "summary": Summary(**{k: row[k] or 0 for k in _COUNTS}), "risk_bands": bands})


class Store:
    """An open audit database."""

    def __init__(self, path: Path, db: Database, waiter: _Waiter | None = None):
        self.path, self.db = path, db
        self.waiter = waiter or _Waiter(path, _stderr)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _step(self, doing: str, step: Callable[[], Any]) -> Any:
        """One read or one transaction, waiting (and saying so) while another process holds the lock."""
        return self.waiter.run(self.db.conn, doing, step)

    def _rows(self, table: str, rows, convert: Callable[[dict[str, Any]], Any],
              label: Callable[[dict[str, Any]], str]) -> list[Any]:
        """Each row converted; rows that cannot be (a column that is not JSON, a value of the wrong type) are
        reported together, naming the run and row, rather than crashing the command that reads them."""
        out, bad = [], []
        for row in rows:
            try:
                out.append(convert(row))
            except _ROW_ERRORS as exc:
                bad.append(f"{label(row)}: {_why(exc)}")
        if bad:
            shown = "; ".join(bad[:3]) + ("; ..." if len(bad) > 3 else "")
            raise StoreError(f"{self.path}: {len(bad)} row(s) of the {table} table cannot be read ({shown}). The "
                             f"database may have been edited by hand or damaged; {_FOLLOW_UP}")
        return out

    def record(self, record: RunRecord | RunRows) -> int:
        """Write a run and everything it explains itself with, in one transaction; return its id.

        ``record`` may already be in rows (:func:`run_rows`): a batch builds them in the worker process
        that ran the check, so the one process writing the database only writes."""
        conn = self.db.conn
        rows = record if isinstance(record, RunRows) else run_rows(record)

        def write() -> int:
            conn.execute("BEGIN IMMEDIATE")
            try:
                run_id = self._insert(rows)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return run_id

        return self._step("recording a run", write)

    def _insert(self, rows: RunRows) -> int:
        db = self.db
        run_id = db["runs"].insert({**rows.header, "recorded_at": now_utc()}).last_pk
        conn = db.conn
        _insert_rows(conn, "findings", FINDING_COLUMNS, ((run_id, *r) for r in rows.findings))
        _insert_rows(conn, "finding_evidence", EVIDENCE_COLUMNS, ((run_id, *r) for r in rows.evidence))
        _test_pause()
        db["profiles"].insert({"run_id": run_id, **rows.profile})
        _insert_rows(conn, "profile_facts", FACT_COLUMNS, ((run_id, *r) for r in rows.facts))
        _insert_rows(conn, "run_rules", RULE_COLUMNS, ((run_id, *r) for r in rows.rules))
        db["waivers"].insert_all({"run_id": run_id, **w} for w in rows.waivers)
        return run_id

    def runs(self, organisation: str | None = None) -> list[RunInfo]:
        """Every recorded run (of one organisation), oldest first."""
        where, args = ("organisation = ?", [organisation]) if organisation is not None else (None, None)
        rows = self._step("reading runs", lambda: list(self.db["runs"].rows_where(where, args, order_by="id")))
        return self._rows("runs", rows, _info_from, lambda r: f"run {r.get('id')}")

    def organisations(self) -> list[str]:
        return sorted({r.organisation for r in self.runs()})

    def check_organisation(self, organisation: str | None) -> None:
        """A --org value must name an organisation the database holds."""
        if organisation is None:
            return
        known = self.organisations()
        if organisation not in known:
            raise UsageError(f"no organisation '{organisation}' in {self.path}{suggest(organisation, known)}; "
                             f"it holds: {', '.join(known) or 'no runs yet'}")

    def resolve(self, ref: str, organisation: str | None = None) -> RunInfo:
        """A run id, or a cycle name (its latest run); a cycle shared by organisations needs ``organisation``."""
        self.check_organisation(organisation)
        pool = self.runs(organisation)
        if ref.isdigit():
            hit = [r for r in pool if r.id == int(ref)]
            if hit:
                return hit[0]
        matches = [r for r in pool if r.cycle == ref]
        if not matches:
            cycles = sorted({r.cycle for r in pool})
            scope = f" for {organisation}" if organisation else ""
            raise UsageError(f"no run or cycle '{ref}' in {self.path}{scope}{suggest(ref, cycles)}; cycles: "
                             f"{', '.join(cycles) or 'none recorded yet'}")
        orgs = sorted({r.organisation for r in matches})
        if len(orgs) > 1:
            raise UsageError(f"cycle '{ref}' was recorded for {len(orgs)} organisations ({', '.join(orgs)}); "
                             "choose one with --org NAME")
        return max(matches, key=lambda r: r.id)

    def findings(self, run_id: int) -> tuple[Finding, ...]:
        def read():
            evidence = list(self.db["finding_evidence"].rows_where("run_id = ?", [run_id],
                                                                   order_by="fingerprint, position"))
            return evidence, list(self.db["findings"].rows_where("run_id = ?", [run_id], order_by="position"))

        evidence_rows, rows = self._step("reading findings", read)
        evidence: dict[str, list[dict[str, Any]]] = {}
        for r, item in zip(evidence_rows, self._rows("finding_evidence", evidence_rows, _evidence_from,
                                                     lambda r: f"run {run_id} finding {r.get('fingerprint')}")):
            evidence.setdefault(r["fingerprint"], []).append(item)
        return tuple(self._rows("findings", rows, lambda r: _finding_from(r, evidence.get(r["fingerprint"], [])),
                                lambda r: f"run {run_id} position {r.get('position')} ({r.get('rule_id')})"))

    def load(self, run_id: int) -> StoredRun:
        """A whole run: header, findings, profile facts, rules and waivers."""
        def read():
            where = ("run_id = ?", [run_id])
            return (list(self.db["runs"].rows_where("id = ?", [run_id])),
                    list(self.db["profile_facts"].rows_where(*where)), list(self.db["run_rules"].rows_where(*where)),
                    list(self.db["waivers"].rows_where(*where, order_by="position")))

        headers, fact_rows, rule_rows, waiver_rows = self._step("reading a run", read)
        if not headers:
            raise UsageError(f"no run {run_id} in {self.path}")
        info = self._rows("runs", headers, _info_from, lambda r: f"run {run_id}")[0]
        facts = dict(self._rows("profile_facts", fact_rows, lambda r: (
            _text(r, "path"), _typed(StoredFact, {"value": _json(r, "value"), "line": r["line"],
                                                  "derived_from": r["derived_from"]})),
            lambda r: f"run {run_id} fact {r.get('path')}"))
        rules = {r.rule_id: r for r in self._rows("run_rules", rule_rows, lambda r: _typed(RuleRecord, {
            "rule_id": r["rule_id"], "digest": r["digest"], "title": r["title"], "strength": r["strength"],
            "valid_from": r["valid_from"], "valid_to": r["valid_to"], "params": _json(r, "params", {}),
            "path": r["path"] or ""}), lambda r: f"run {run_id} rule {r.get('rule_id')}")}
        waivers = tuple(self._rows("waivers", waiver_rows, lambda r: _typed(
            StoredWaiver, {k: r[k] for k in StoredWaiver.__dataclass_fields__}),
            lambda r: f"run {run_id} waiver {r.get('position')}"))
        return StoredRun(info, self.findings(run_id), facts, rules, waivers)

    def profile_text(self, run_id: int) -> str | None:
        rows = self._step("reading a profile", lambda: list(self.db["profiles"].rows_where("run_id = ?", [run_id])))
        return rows[0]["text"] if rows and isinstance(rows[0]["text"], str) else None
