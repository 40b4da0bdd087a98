"""The audit database's schema, one named migration per change.

Each migration is recorded in ``_migrations`` once applied, so an older database
is brought up to date in place and a database written by a newer csaudit (one
holding a migration this version does not know) can be recognised and refused.
Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations


class _CsauditMigrations(Migrations):
    migrations_table = "_migrations"


MIGRATIONS = _CsauditMigrations("csaudit")
MIGRATIONS_TABLE = MIGRATIONS.migrations_table
KNOWN: list[str] = []


def _migration(fn):
    KNOWN.append(fn.__name__)
    return MIGRATIONS()(fn)


@_migration
def m001_create_runs(db: Database) -> None:
    """One row per recorded check: who ran what, when, on which library and engine."""
    db["runs"].create({
        "id": int, "organisation": str, "cycle": str, "profile_path": str, "profile_as_of": str,
        "evaluated_as_of": str, "engine": str, "csaudit_version": str, "library_version": str,
        "library_source": str, "library_digest": str, "library_rules": int, "run_by": str, "started_at": str,
        "recorded_at": str, "gap": int, "met": int, "not_applicable": int, "unknown": int, "manual": int,
    }, pk="id", not_null={"organisation", "cycle", "evaluated_as_of"})
    db["runs"].create_index(["organisation", "cycle"])


@_migration
def m002_create_findings(db: Database) -> None:
    """Every finding of a run, in report order, readable column by column."""
    db["findings"].create({
        "run_id": int, "position": int, "fingerprint": str, "rule_id": str, "title": str, "subject_kind": str,
        "subject_key": str, "subject_name": str, "status": str, "strength": str, "risk_rating": str,
        "likelihood": str, "impact": str, "consequences": str, "stage": str, "risk_area": str, "message": str,
        "remediation": str, "refs": str, "facts_used": str, "missing_facts": str,
    }, pk=("run_id", "fingerprint"), foreign_keys=[("run_id", "runs", "id")])
    db["findings"].create_index(["rule_id"])
    db["findings"].create_index(["status"])


@_migration
def m003_create_profiles(db: Database) -> None:
    """The profile as it was when a run was made: its text, and each fact by path for diffs."""
    db["profiles"].create({"run_id": int, "path": str, "digest": str, "text": str},
                          pk="run_id", foreign_keys=[("run_id", "runs", "id")])
    db["profile_facts"].create({"run_id": int, "path": str, "value": str, "line": int, "derived_from": str},
                               pk=("run_id", "path"), foreign_keys=[("run_id", "runs", "id")])


@_migration
def m004_create_run_rules(db: Database) -> None:
    """Each rule a run used, with its digest and dates in force, so a diff can tell rule from law."""
    db["run_rules"].create({
        "run_id": int, "rule_id": str, "digest": str, "title": str, "strength": str, "valid_from": str,
        "valid_to": str, "params": str, "path": str,
    }, pk=("run_id", "rule_id"), foreign_keys=[("run_id", "runs", "id")])


@_migration
def m005_add_waivers(db: Database) -> None:
    """Waivers in force per run, and which findings they covered."""
    db["waivers"].create({
        "run_id": int, "position": int, "rule_id": str, "subject": str, "justification": str, "approver": str,
        "granted": str, "expires": str, "state": str, "source": str,
    }, pk=("run_id", "position"), foreign_keys=[("run_id", "runs", "id")])
    db["findings"].add_column("waived", int, not_null_default=0)
    db["findings"].add_column("waiver", str)
    db["runs"].add_column("waived", int, not_null_default=0)


@_migration
def m006_create_views(db: Database) -> None:
    """Views for people browsing the file in Datasette or the sqlite-utils CLI."""
    db.create_view("latest_runs", """
        select r.* from runs r
        where r.id = (select max(id) from runs x where x.organisation = r.organisation and x.cycle = r.cycle)
    """)
    db.create_view("open_gaps", """
        select r.organisation, r.cycle, r.evaluated_as_of, f.run_id, f.rule_id, f.subject_name, f.strength,
               f.risk_rating, f.message, f.remediation, f.fingerprint
        from findings f join runs r on r.id = f.run_id
        where f.status = 'gap' and f.waived = 0
    """)
    db.create_view("cycle_summary", """
        select r.organisation, r.cycle, r.evaluated_as_of, r.id as run_id,
               sum(f.status = 'gap' and f.waived = 0) as open_gaps,
               sum(f.status = 'gap' and f.waived = 0 and f.strength = 'duty') as duty_gaps,
               sum(f.status = 'gap' and f.waived = 0 and f.strength = 'recommendation') as recommendation_gaps,
               sum(f.status = 'gap' and f.waived = 0 and f.strength = 'good_practice') as good_practice_gaps,
               sum(f.status = 'gap' and f.waived = 0 and f.risk_rating = 'high') as high_risk_gaps,
               sum(f.waived) as waived, sum(f.status = 'unknown') as unknown, sum(f.status = 'manual') as manual,
               sum(f.status = 'met') as met, sum(f.status = 'not_applicable') as not_applicable
        from latest_runs r left join findings f on f.run_id = r.id
        group by r.id
        order by r.organisation, r.evaluated_as_of, r.id
    """)


@_migration
def m007_add_evidence(db: Database) -> None:
    """What each conclusion rests on: the evidence records and answers covering a finding's facts (one row
    each), the facts that decided it, why its risk was raised, its owner, and the risk bands the run rated with."""
    db["finding_evidence"].create({
        "run_id": int, "fingerprint": str, "position": int, "kind": str, "evidence_id": str, "document": str,
        "url": str, "seen": str, "confirmed_by": str, "note": str, "covers": str, "line": int,
    }, pk=("run_id", "fingerprint", "position"), foreign_keys=[("run_id", "runs", "id")])
    db["findings"].add_column("deciding", str)
    db["findings"].add_column("risk_because", str)
    db["findings"].add_column("owner_role", str)
    db["findings"].add_column("owner_name", str)
    db["findings"].add_column("owner", str)
    db["runs"].add_column("risk_high", int)
    db["runs"].add_column("risk_medium", int)
    db.create_view("gap_evidence", """
        select r.organisation, r.cycle, f.run_id, f.rule_id, f.subject_name, f.status, f.strength, f.risk_rating,
               e.kind, e.evidence_id, e.document, e.url, e.seen, e.confirmed_by, e.note, e.covers
        from findings f join runs r on r.id = f.run_id
        left join finding_evidence e on e.run_id = f.run_id and e.fingerprint = f.fingerprint
        where f.status in ('gap', 'unknown', 'manual')
    """)
