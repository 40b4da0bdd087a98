"""Benchmarks for csaudit. Writes docs/benchmarks.md (run: .venv/bin/python bench/bench.py).

Measures what a user waits for: CLI start-up, loading and compiling the library,
one profile end to end, profiles per second in a batch, how evaluation scales with
rules and with channels, and durable-rules against the Python evaluator on the
same work.
"""

from __future__ import annotations

import datetime as dt
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "facts" / "examples").glob("*.yaml"))


def timed(fn, repeat: int = 5) -> float:
    """Median wall time of ``fn`` in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def cli(*args: str) -> float:
    exe = str(Path(sys.executable).with_name("csaudit"))
    return timed(lambda: subprocess.run([exe, *args], capture_output=True), repeat=5)


def main() -> None:
    from csaudit.engine.evaluate import run_check
    from csaudit.engine.library import ir
    from csaudit.engine.library.loader import CompiledLibrary, load_library
    from csaudit.engine.match.backends import get_backend
    from csaudit.engine.match.durable_compile import compile_plan
    from csaudit.engine.match.python import PythonBackend
    from csaudit.facts.loader import load_profile, load_profile_data

    rows: list[tuple[str, str]] = []
    today = dt.date(2026, 11, 23)

    rows.append(("CLI start-up (`csaudit --help`)", f"{cli('--help') * 1000:.0f} ms"))
    rows.append(("CLI check of one example, table output", f"{cli('check', str(EXAMPLES[0]), '--fail-on', 'none') * 1000:.0f} ms"))

    load = timed(lambda: load_library(), repeat=3)
    library = load_library()
    rows.append((f"Load and validate the library ({len(library.rules)} rules)", f"{load * 1000:.0f} ms"))
    lower = timed(lambda: load_library().compile(today), repeat=3) - load
    rows.append(("Lower the library to IR for one date", f"{max(lower, 0) * 1000:.0f} ms"))
    compiled = library.compile(today)
    plan_time = timed(lambda: compile_plan(compiled), repeat=5)
    plan = compile_plan(compiled)
    rows.append((f"Compile IR to a durable ruleset ({len(plan.ruleset)} durable rules, {len(plan.shards)} fact shards)",
                 f"{plan_time * 1000:.0f} ms"))
    import json

    import durable_rules_engine as dre

    create = timed(lambda: dre.create_ruleset(f"bench{time.perf_counter_ns()}", json.dumps(plan.ruleset)), repeat=3)
    rows.append(("Create the ruleset in durable-rules", f"{create * 1000:.0f} ms"))

    durable, python = get_backend("durable"), PythonBackend()
    prepared = durable.prepare(compiled)
    for path in EXAMPLES:
        loaded = load_profile(path)
        flat = loaded.flat()
        d = timed(lambda: durable.evaluate(prepared, flat), repeat=20)
        p = timed(lambda: python.evaluate(compiled, flat), repeat=20)
        e2e = timed(lambda: run_check(loaded, library, backend=durable), repeat=10)
        rows.append((f"`{path.stem}`: match only, durable / python", f"{d * 1000:.2f} ms / {p * 1000:.2f} ms"))
        rows.append((f"`{path.stem}`: evaluate + build findings (durable)", f"{e2e * 1000:.1f} ms"))

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "audits.db")
        example = str(EXAMPLES[0])
        n = len(run_check(load_profile(example), library, backend=durable).findings)
        rows.append((f"Check and record a run in SQLite (`check --db`, {n} findings)",
                     f"{cli('check', example, '--db', db, '--cycle', 'c1', '--fail-on', 'none') * 1000:.0f} ms"))
        cli("check", example, "--db", db, "--cycle", "c2", "--fail-on", "none", "--as-of", "2027-06-01")
        rows.append((f"`runs diff` of two recorded runs ({n} findings each, CLI end to end)",
                     f"{cli('runs', 'diff', 'c1', 'c2', '--db', db) * 1000:.0f} ms"))

    flats = [load_profile(p).flat() for p in EXAMPLES]
    batch = 300
    d_batch = timed(lambda: [durable.evaluate(prepared, flats[i % len(flats)]) for i in range(batch)], repeat=1)
    p_batch = timed(lambda: [python.evaluate(compiled, flats[i % len(flats)]) for i in range(batch)], repeat=1)
    rows.append((f"Batch of {batch} profiles, matching, one process: durable / python",
                 f"{batch / d_batch:.0f} / {batch / p_batch:.0f} profiles/s"))

    # Scaling: synthetic rules over channels.
    scale_rows = []
    for n_rules in (50, 200, 800):
        rules = tuple(ir.IRRule(f"r{i:04}", "channel", ir.Test("channel.kind", "eq", "phone"),
                                ir.Or((ir.Test("channel.answer_target_seconds", "le", i % 90),
                                       ir.Test("channel.basic_rate", "eq", True)))) for i in range(n_rules))
        lib = CompiledLibrary(today, rules, f"scale{n_rules}")
        prep = durable.prepare(lib)
        for n_channels in (2, 16, 64):
            data = {"as_of": today, "organisation": {"name": "x"},
                    "channels": [{"id": f"c{i}", "kind": "phone", "number": "0845 123 4567",
                                  "answer_target_seconds": i} for i in range(n_channels)]}
            flat = load_profile_data(data, "synthetic").flat()
            d = timed(lambda: durable.evaluate(prep, flat), repeat=3)
            p = timed(lambda: python.evaluate(lib, flat), repeat=3)
            scale_rows.append((n_rules, n_channels, d, p))

    out = ["# Benchmarks", "",
           f"Measured by `bench/bench.py` on {dt.date.today().isoformat()}: Python {platform.python_version()}, "
           f"{platform.machine()}, {_cpus()} CPU(s). Medians of repeated runs; wall-clock times.", "",
           "| measure | result |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in rows]
    out += ["", "## Scaling with rules and subjects", "",
            "Synthetic per-channel rules (an `in`-free comparison and an `$or`), one profile, matching only.", "",
            "| rules | channels | durable-rules | python |", "|---|---|---|---|"]
    out += [f"| {r} | {c} | {d * 1000:.1f} ms | {p * 1000:.1f} ms |" for r, c, d, p in scale_rows]
    out += ["", "## Reading the numbers", "",
            "- durable-rules is the specified engine and the default; the Python evaluator runs the same IR and "
            "is the test oracle, so the two are compared on identical work.",
            "- Both scale linearly in rules x subjects; durable-rules pays JSON encoding and one C call per "
            "activation, the Python evaluator pays interpretation.",
            "- CLI start-up imports only click until a command runs; about half of a check is importing the "
            "profile models and rendering, the rest loading the rules (libyaml) and evaluating.", ""]
    (REPO / "docs" / "benchmarks.md").write_text("\n".join(out))
    print("\n".join(out))


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
