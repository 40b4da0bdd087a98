"""Benchmarks for csaudit: one command prints a table and writes docs/benchmarks.md.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py                 # everything (the batch sections take a while)
    .venv/bin/python bench/run.py --only 1,2,4    # some sections; the others keep their last results
    .venv/bin/python bench/run.py --batch 1000    # a smaller batch for sections 3 and 5

Sections (each side by side in one run, medians of several runs, absolute times and ratios):
 1. one profile against the whole library: durable-rules, the python evaluator and CLIPS (clipspy, the IR
    compiled by bench/clips_engine.py and checked to give the same outcomes); OPA Rego through a regorus
    binding when one can be installed;
 2. scaling with the number of rules (50 to the library x 4, by copying rules) and with profile size
    (channels, roles and offerings x 10, x 100);
 3. a batch of generated profiles through ``csaudit check DIR`` with --jobs 1 and 2: profiles/s, peak RSS;
 4. ``csaudit check`` of one profile, wall time, against ``python -c pass``;
 5. ``runs diff`` in an audit database holding two recorded batches.

Results are kept in bench/results.json (so sections can be re-run alone); the rule library is read as it
is at the time of the run.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
EXAMPLES = sorted((REPO / "facts" / "examples").glob("*.yaml"))
RESULTS = REPO / "bench" / "results.json"
EXE = str(Path(sys.executable).with_name("csaudit"))


def median_time(fn, repeat: int = 7, clock=time.process_time) -> float:
    """Median time of ``fn`` in seconds (one warm-up call first). In-process work is timed in CPU time of this
    process, which other load on a shared machine does not inflate; commands run as subprocesses are timed
    by the wall clock (``clock=time.perf_counter``)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = clock()
        fn()
        samples.append(clock() - start)
    return statistics.median(samples)


def wall_time(fn, repeat: int = 7) -> float:
    return median_time(fn, repeat, time.perf_counter)


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_cpu(fn, repeat: int = 7) -> float:
    """Median CPU time (user + system) of the commands ``fn`` runs."""
    return median_time(fn, repeat, _children_cpu)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def sampled_profile(fn, lines: int = 40) -> list[str]:
    """Where the time goes in ``fn``, as pyinstrument's call tree (a sampling profiler: what it shows is the
    time spent, without cProfile's per-call overhead distorting small functions)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    fn()
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False)
    body = [ln.rstrip().replace(str(REPO) + "/", "") for ln in text.splitlines()
            if ln.strip() and not ln.lstrip().startswith(("_", "/", "Recorded", "Duration", "Program", "Profile at"))
            and "v5." not in ln and "._" not in ln[:12]]
    return body[:lines]


# ------------------------------------------------------------------ 1. one profile, three engines

def section_engines() -> dict:
    from clips_engine import ClipsBackend
    from csaudit.engine.evaluate import findings_for, run_check
    from csaudit.engine.library.loader import load_library
    from csaudit.engine.match.backends import get_backend
    from csaudit.engine.match.distinct import distinct_conditions, outcomes_of
    from csaudit.facts.loader import load_profile

    library = load_library()
    durable, python = get_backend("durable"), get_backend("python")
    rows, agree = [], True
    try:
        import regorus  # noqa: F401
        rego = "installed (not yet compared)"
    except ImportError:
        rego = "no regorus binding installs here (`pip install regorus`: no distribution for this platform in the registry)"
    profiles = {}
    for path in EXAMPLES:
        loaded = load_profile(path)
        compiled = library.compile(loaded.profile.as_of)
        flat = loaded.flat()
        d_prep = durable.prepare(compiled)
        # CLIPS is given the library as durable-rules is: each distinct condition once (engine/match/distinct.py).
        packed, slots = distinct_conditions(compiled)
        start = time.perf_counter()
        clips = ClipsBackend().prepare(packed)
        clips_build = time.perf_counter() - start

        def run_clips():
            return outcomes_of(compiled, slots, clips.evaluate(clips, flat), flat)

        outcomes = {"durable": durable.evaluate(d_prep, flat).outcomes, "python": python.evaluate(compiled, flat).outcomes,
                    "clips": run_clips().outcomes}
        same = outcomes["clips"] == outcomes["python"] == outcomes["durable"]
        agree &= same
        raw = durable.evaluate(d_prep, flat)
        raw_python = python.evaluate(compiled, flat)
        row = {
            "profile": path.stem, "rules": len(library.rules), "outcomes": len(outcomes["python"]), "same": same,
            "durable": median_time(lambda: durable.evaluate(d_prep, flat)),
            "python": median_time(lambda: python.evaluate(compiled, flat)),
            "clips": median_time(run_clips),
            "findings": median_time(lambda: findings_for(library, compiled, raw, flat)),
            "findings_python": median_time(lambda: findings_for(library, compiled, raw_python, flat)),
            "check_durable": median_time(lambda: run_check(loaded, library, backend=durable)),
            "check_python": median_time(lambda: run_check(loaded, library, backend=python)),
            "clips_build": clips_build,
            "findings_n": len(run_check(loaded, library, backend=durable).findings),
        }
        rows.append(row)
        profiles[path.stem] = (loaded, compiled, flat, raw)
    first = EXAMPLES[0].stem
    loaded, compiled, flat, raw = profiles[first]
    where = sampled_profile(lambda: [run_check(loaded, library, backend=python) for _ in range(40)], 400)
    return {"rows": rows, "agree": agree, "rego": rego, "profile_of_check": where, "profiled": first}


# ------------------------------------------------------------------ 2. scaling

def _permutation(copy: int) -> dict[str, str]:
    """For copy ``copy`` of the library, each fact path mapped to another about the same subject and of the same
    kind (and enum values), rotated by ``copy``: the copy's conditions are as many and as complex as the
    library's, and none is shared with another copy, as in a library that had really grown."""
    from csaudit.facts.catalogue import catalogue

    groups: dict[tuple, list[str]] = {}
    for path, info in catalogue().items():
        groups.setdefault((info.subject, info.kind, tuple(info.values or ())), []).append(path)
    out = {}
    for paths in groups.values():
        for i, path in enumerate(paths):
            out[path] = paths[(i + copy) % len(paths)]
    return out


def _renamed(cond, suffix: str, paths: dict[str, str]):
    from csaudit.engine.library import ir

    if isinstance(cond, ir.Test):
        return dataclasses.replace(cond, path=paths.get(cond.path, cond.path))
    if isinstance(cond, (ir.And, ir.Or)):
        return type(cond)(tuple(_renamed(c, suffix, paths) for c in cond.items))
    if isinstance(cond, ir.Not):
        return ir.Not(_renamed(cond.item, suffix, paths))
    if isinstance(cond, ir.Count):
        return dataclasses.replace(cond, qid=cond.qid + suffix, where=_renamed(cond.where, suffix, paths))
    return cond


def scaled_library(compiled, n: int):
    """``n`` rules: the first n of the library, or copies of it (ids and quantifier ids renamed, each copy's
    facts permuted among facts of the same kind so that no two copies share a condition)."""
    from csaudit.engine.library.loader import CompiledLibrary

    base = [r for r in compiled.rules if not r.risk_case_of]
    out = []
    copy = 0
    while len(out) < n:
        paths = _permutation(copy)
        for r in base:
            if len(out) >= n:
                break
            sfx = f"~c{copy}" if copy else ""
            out.append(dataclasses.replace(r, id=r.id + sfx, applies=_renamed(r.applies, sfx, paths),
                                           requires=_renamed(r.requires, sfx, paths)))
        copy += 1
    return CompiledLibrary(compiled.as_of, tuple(out), f"scaled{n}")


def scaled_profile(path: Path, factor: int):
    """The example with its channels, roles and offerings each ``factor`` times (copies with new ids)."""
    import yaml
    from csaudit.facts.loader import load_profile_data

    data = yaml.safe_load(path.read_text())
    for keys in (("channels",), ("authority", "roles"), ("offerings",)):
        parent = data
        for k in keys[:-1]:
            parent = parent.get(k) or {}
        items = parent.get(keys[-1])
        if not items:
            continue
        copies = list(items)
        for i in range(1, factor):
            for item in items:
                twin = dict(item)
                twin["id"] = f"{item['id']}-{i}"
                if "name" in twin and isinstance(twin["name"], str):
                    twin["name"] = f"{twin['name']} {i}"
                if "title" in twin and isinstance(twin["title"], str):
                    twin["title"] = f"{twin['title']} {i}"
                copies.append(twin)
        parent[keys[-1]] = copies
    return load_profile_data(data, f"{path.stem}-x{factor}")


def section_scaling() -> dict:
    import contextlib

    from csaudit.engine.evaluate import run_check
    from csaudit.engine.library.loader import load_library
    from csaudit.engine.match.backends import get_backend
    from csaudit.facts.loader import load_profile

    library = load_library()
    example = EXAMPLES[0]
    loaded = load_profile(example)
    compiled = library.compile(loaded.profile.as_of)
    flat = loaded.flat()
    python = get_backend("python")
    notes: list[str] = []
    durable = get_backend("durable", warn=notes.append)
    full = len([r for r in compiled.rules if not r.risk_case_of])
    rule_rows = []
    for n in sorted({50, 100, 200, full, full * 2, full * 4}):
        lib = scaled_library(compiled, n)
        prep = durable.prepare(lib)
        d = median_time(lambda: durable.evaluate(prep, flat), 5)
        p = median_time(lambda: python.evaluate(lib, flat), 5)
        engine = durable.evaluate(prep, flat).engine
        rule_rows.append({"rules": n, "durable": d, "python": p, "engine": engine or "durable",
                          "why": prep.unsupported[:160] if getattr(prep, "unsupported", "") else ""})
    size_rows = []
    for factor in (1, 10, 100):
        big = scaled_profile(example, factor)
        bflat = big.flat()
        subjects = sum(len(v or ()) for v in bflat.collections.values()) + 1
        prep = durable.prepare(compiled)
        reps = 5 if factor < 100 else 1
        with contextlib.redirect_stderr(io.StringIO()):
            d = median_time(lambda: durable.evaluate(prep, bflat), reps)
            p = median_time(lambda: python.evaluate(compiled, bflat), reps)
            c = median_time(lambda: run_check(big, library, backend=durable), reps)
        size_rows.append({"factor": factor, "subjects": subjects, "durable": d, "python": p, "check": c})
    return {"rules": rule_rows, "sizes": size_rows, "example": example.stem}


# ------------------------------------------------------------------ 3. batch, 5. runs diff

def generate(folder: Path, n: int, variant: int = 0) -> None:
    """``n`` profiles: the examples in turn, each organisation named uniquely; variant 1 changes a fact."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text() for p in EXAMPLES]
    for i in range(n):
        text = re.sub(r"^(  name: )(.*)$", lambda m: f"{m.group(1)}{m.group(2)} {i:05d}", texts[i % len(texts)],
                      count=1, flags=re.MULTILINE)
        if variant and i % 2:
            text = text.replace("speak_to_person: true", "speak_to_person: false")
        (folder / f"p{i:05d}.yaml").write_text(text)


def run_timed(args: list[str], env=None) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MiB of the largest process, exit code) of one command."""
    start = time.perf_counter()
    # Standard output is thrown away (a batch's JSON Lines run to gigabytes), as the document says.
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, env=env)
    wall = time.perf_counter() - start
    lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip().isdigit()]
    rss = int(lines[-1]) // 1024 if lines else 0
    return wall, rss, proc.returncode


def worker_profile(folder: Path, count: int = 30) -> list[str]:
    """Where a batch worker's time goes: the worker's own function over ``count`` profiles, in process."""
    from csaudit.cli import batch
    from csaudit.engine.library.loader import load_library

    settings = batch.Settings(as_of=None, engine="durable", risk_bands="15,6", waivers_path=None, fail_on="none",
                              fail_on_unknown="none", jsonl=True, record=False, cycle=None, run_by="bench",
                              started="")
    batch._init(load_library(), settings)
    files = sorted(folder.glob("*.yaml"))[:count]
    batch._check((0, str(files[0])))   # the ruleset is built on the first profile
    return sampled_profile(lambda: [batch._check((i, str(f))) for i, f in enumerate(files)], 400)


def section_batch(n: int) -> dict:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small", Path(tmp) / "big"
        generate(small, max(1, n // 10))
        generate(big, n)
        subprocess.run([EXE, "check", str(EXAMPLES[0]), "--fail-on", "none"], capture_output=True)  # warm cache
        runs = [(jobs, folder, count, "durable") for jobs in (1, 2)
                for folder, count in ((small, max(1, n // 10)), (big, n))] + [(2, big, n, "python")]
        for jobs, folder, count, engine in runs:
            print(f"  batch: {count} profiles, {jobs} job(s), {engine}", file=sys.stderr, flush=True)
            wall, rss, code = run_timed([EXE, "check", str(folder), "--format", "jsonl", "--quiet", "--jobs",
                                         str(jobs), "--fail-on", "none", "--engine", engine], env={**os.environ})
            rows.append({"jobs": jobs, "profiles": count, "wall": wall, "rate": count / wall, "rss": rss,
                         "code": code, "engine": engine})
        where = worker_profile(small)
    return {"rows": rows, "n": n, "worker_profile": where}


def section_diff(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        a, b, db = Path(tmp) / "a", Path(tmp) / "b", Path(tmp) / "audits.db"
        generate(a, n)
        generate(b, n, variant=1)
        rec_a = run_timed([EXE, "check", str(a), "--db", str(db), "--cycle", "2026-Q3", "--quiet", "--fail-on", "none"])
        rec_b = run_timed([EXE, "check", str(b), "--db", str(db), "--cycle", "2026-Q4", "--quiet", "--fail-on", "none"])
        from csaudit.engine.audit.diff import diff_runs
        from csaudit.engine.audit.store import open_store

        store = open_store(db, create=False)
        changed = 0
        runs = {}
        for cycle in ("2026-Q3", "2026-Q4"):
            for info in store.runs():
                if info.cycle == cycle:
                    runs.setdefault(info.organisation, {})[cycle] = info.id
        pairs = [ids for _, ids in sorted(runs.items()) if len(ids) == 2]
        step = max(1, len(pairs) // 500)   # at most 500 pairs diffed in process; the time per pair is what counts
        sample = pairs[::step]
        start = time.perf_counter()
        for ids in sample:
            result = diff_runs(store.load(ids["2026-Q3"]), store.load(ids["2026-Q4"]))
            changed += bool(result.new_gaps)
        every = time.perf_counter() - start
        store.close()
        org = sorted(runs)[len(runs) // 2]   # one organisation from the middle of the file
        cli = [EXE, "runs", "diff", "2026-Q3", "2026-Q4", "--db", str(db), "--org", org]
        cli_code = subprocess.run(cli, capture_output=True).returncode
        one = wall_time(lambda: subprocess.run(cli, capture_output=True), 5)
        size = db.stat().st_size
    return {"n": n, "record_a": rec_a[0], "record_b": rec_b[0], "rss": max(rec_a[1], rec_b[1]), "one": one,
            "every": every, "orgs": len(pairs), "diffed": len(sample), "changed": changed, "db_mib": size / 2**20,
            "codes": [rec_a[2], rec_b[2]], "cli_code": cli_code, "org": org}


# ------------------------------------------------------------------ 4. start-up

def section_startup() -> dict:
    example = str(EXAMPLES[0])
    env = dict(os.environ)
    cache = tempfile.mkdtemp(prefix="csaudit-bench-cache-")
    env["CSAUDIT_CACHE_DIR"] = cache
    run = lambda *a, e=env: subprocess.run(list(a), capture_output=True, env=e)
    out = {
        "python": wall_time(lambda: run(sys.executable, "-c", "pass")),
        "python_site": wall_time(lambda: run(sys.executable, "-S", "-c", "pass")),
        "help": wall_time(lambda: run(EXE, "--help")),
        "check": wall_time(lambda: run(EXE, "check", example, "--fail-on", "none")),
        "check_cpu": child_cpu(lambda: run(EXE, "check", example, "--fail-on", "none")),
        "python_cpu": child_cpu(lambda: run(sys.executable, "-c", "pass")),
        "check_python": wall_time(lambda: run(EXE, "check", example, "--fail-on", "none", "--engine", "python")),
        "check_json": wall_time(lambda: run(EXE, "check", example, "--fail-on", "none", "--format", "json")),
        "no_cache": wall_time(lambda: run(EXE, "check", example, "--fail-on", "none",
                                            e={**env, "CSAUDIT_CACHE_DIR": "off"}), 3),
    }

    def first_run():
        shutil.rmtree(cache, ignore_errors=True)
        run(EXE, "check", example, "--fail-on", "none")

    out["first"] = wall_time(first_run, 3)
    run(EXE, "check", example, "--fail-on", "none")
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "csaudit.cli.main", "check", example,
                              "--fail-on", "none"], capture_output=True, text=True, env=env).stderr
    heavy = []
    for line in imports.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m and len(m.group(3)) <= 2:
            heavy.append((int(m.group(2)), m.group(4)))
    out["imports"] = [f"{name}: {us / 1000:.0f} ms" for us, name in sorted(heavy, reverse=True)[:8]]
    help_imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "csaudit.cli.main", "--help"],
                                  capture_output=True, text=True, env=env).stderr
    out["help_modules"] = sorted({m.group(1) for m in re.finditer(r"\|\s*(csaudit[\w.]*)\s*$", help_imports, re.MULTILINE)})
    # Where the time of one cold check goes: pyinstrument over the whole command, imports included.
    code = ("import sys, io, contextlib\nfrom pyinstrument import Profiler\np = Profiler(interval=0.0005)\n"
            "p.start()\nfrom csaudit.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    try:\n"
            f"        main(['check', {example!r}, '--fail-on', 'none'])\n    except SystemExit:\n        pass\n"
            "p.stop()\nprint(p.output_text(unicode=False, color=False))\n")
    text = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env).stdout
    out["check_profile"] = [ln.rstrip().replace(str(REPO) + "/", "") for ln in text.splitlines()
                            if ln.strip() and re.match(r"^[\s|`-]*\d+\.\d+ ", ln)][:400]
    shutil.rmtree(cache, ignore_errors=True)
    return out


# ------------------------------------------------------------------ the document

def shallow(lines: list[str], depth: int, limit: int = 40) -> list[str]:
    """A call tree cut at ``depth`` levels (each level indents three characters), at most ``limit`` lines."""
    out = []
    for line in lines:
        prefix = re.match(r"^[\s|`-]*", line).group(0)
        if len(prefix) // 3 <= depth:
            out.append(line)
    return out[:limit]


def render(results: dict) -> str:
    meta = results.get("meta", {})
    out = ["# Benchmarks", "",
           f"Measured by `bench/run.py` on {meta.get('date', '?')}: Python {meta.get('python', '?')}, "
           f"{meta.get('machine', '?')}, {meta.get('cpus', '?')} CPU(s), {meta.get('rules', '?')} rules in the "
           "library at the time. Medians of repeated runs: CPU time for work inside the benchmark process "
           "(sections 1 and 2), wall-clock for commands (3, 4, 5). Nothing else heavy ran on the machine while "
           "these did, but it is a shared virtual machine: wall-clock numbers carry some noise.", "",
           "Reproduce: `.venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/run.py` (`--only 1,4` for "
           "some sections, `--batch N` for the batch size).", ""]
    targets = []
    e = results.get("engines")
    if e:
        out += ["## 1. One profile against the whole library", "",
                "Matching only (the three engines on the same IR), then the whole evaluation with findings built; CPU "
                "time of the benchmark process (other load on the machine does not inflate it).",
                "", "| profile | outcomes | durable | python | CLIPS | same outcomes | findings built (after durable) | "
                    "findings built (after python) | check, durable | check, python |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for r in e["rows"]:
            out.append(f"| `{r['profile']}` | {r['outcomes']} | {ms(r['durable'])} | {ms(r['python'])} | "
                       f"{ms(r['clips'])} | {'yes' if r['same'] else 'NO'} | {ms(r['findings'])} | "
                       f"{ms(r.get('findings_python', r['findings']))} | "
                       f"{ms(r['check_durable'])} | {ms(r['check_python'])} |")
        rd = [r["clips"] / r["durable"] for r in e["rows"]]
        rp = [r["clips"] / r["python"] for r in e["rows"]]
        fm = [r["findings"] / r["durable"] for r in e["rows"]]
        fp = [r.get("findings_python", r["findings"]) / r["python"] for r in e["rows"]]
        out += ["", f"- CLIPS (clipspy {_version('clipspy')}) takes {min(rd):.1f}-{max(rd):.1f}x durable-rules' time "
                    f"and {min(rp):.1f}-{max(rp):.1f}x the python evaluator's on the same work, building its "
                    f"environment once ({ms(e['rows'][0]['clips_build'])}); it gives "
                    f"{'the same' if e['agree'] else 'DIFFERENT'} outcomes for every rule and subject.",
                f"- Building the findings takes {min(fm):.1f}-{max(fm):.1f}x durable-rules' matching time (the default "
                f"engine; the condition graph is run once more for the explanations) and {min(fp):.0f}-{max(fp):.0f}x "
                "the python engine's, whose node truths the findings reuse: matching is now the small part.",
                f"- OPA Rego: {e['rego']}.", ""]
        best = min(min(r["check_durable"], r["check_python"]) for r in e["rows"])
        targets.append(("one profile with findings in process", "< 5 ms",
                        f"{ms(best)} at best", best < 0.005))
        targets.append(("ahead of CLIPS on the same work", "faster", f"durable {min(rd):.1f}x, python {min(rp):.1f}x "
                        "faster", min(rd) > 1 and min(rp) > 1))
        targets.append(("findings cost no more than matching", "<= 1x",
                        f"{min(fm):.1f}-{max(fm):.1f}x durable's matching, {min(fp):.0f}-{max(fp):.0f}x the python "
                        "engine's", max(fm) <= 1 and max(fp) <= 1))
        out += [f"Where a check of `{e['profiled']}` spends its time (40 checks, python engine, pyinstrument "
                "call tree, seconds):", "", "```", *shallow(e["profile_of_check"], 6), "```", ""]
    s = results.get("scaling")
    if s:
        out += ["## 2. Scaling", "", f"Rules: the first N rules of the library, then copies of it (each copy's facts permuted among facts of the same kind, so copies share no condition), against "
                f"`{s['example']}` (matching only).", "",
                "| rules | durable | python | per rule, durable | per rule, python | engine used |",
                "|---|---|---|---|---|---|"]
        for r in s["rules"]:
            why = f" ({r['why']})" if r["why"] else ""
            out.append(f"| {r['rules']} | {ms(r['durable'])} | {ms(r['python'])} | "
                       f"{r['durable'] / r['rules'] * 1e6:.0f} µs | {r['python'] / r['rules'] * 1e6:.0f} µs | "
                       f"{r['engine']}{why} |")
        out += ["", "Profile size: the example's channels, roles and offerings each copied 10 and 100 times.", "",
                "| size | subjects | durable | python | check with findings | per subject (check) |",
                "|---|---|---|---|---|---|"]
        for r in s["sizes"]:
            out.append(f"| x{r['factor']} | {r['subjects']} | {ms(r['durable'])} | {ms(r['python'])} | "
                       f"{ms(r['check'])} | {r['check'] / r['subjects'] * 1000:.2f} ms |")
        out.append("")
    b = results.get("batch")
    if b:
        out += ["## 3. Batch", "", "`csaudit check DIR --format jsonl --quiet --jobs N` over generated profiles "
                "(the three examples in turn, each organisation named uniquely), output to /dev/null, end to end "
                "(start-up included). Peak RSS is that of the largest process.", "",
                "| engine | jobs | profiles | wall | profiles/s | peak RSS | exit |", "|---|---|---|---|---|---|---|"]
        for r in b["rows"]:
            out.append(f"| {r.get('engine', 'durable')} | {r['jobs']} | {r['profiles']:,} | {r['wall']:.1f} s | "
                       f"{r['rate']:.0f} | {r['rss']} MiB | {r['code']} |")
        full2 = [r for r in b["rows"] if r["jobs"] == 2 and r["profiles"] == b["n"]
                 and r.get("engine", "durable") == "durable"]
        if full2:
            rate = full2[0]["rate"]
            measured = f"{b['n']:,} in {full2[0]['wall']:.0f} s, {rate:.0f} profiles/s" + (
                "" if b["n"] == 10_000 else f": 10,000 in about {10_000 / rate:,.0f} s")
            targets.append(("10,000 profiles with 2 jobs", "< 20 s", measured, 10_000 / rate < 20))
        rss = {r["profiles"]: r["rss"] for r in b["rows"] if r["jobs"] == 2 and r.get("engine", "durable") == "durable"}
        if len(rss) == 2:
            lo, hi = sorted(rss)
            targets.append(("memory flat over the batch", "flat", f"{rss[lo]} MiB at {lo:,}, {rss[hi]} MiB at {hi:,}",
                            rss[hi] <= rss[lo] * 1.15))
        if b.get("worker_profile"):
            out += ["", "Where a batch worker's time goes (its own function over 30 of the profiles, durable, "
                    "`--format jsonl`, in process; pyinstrument call tree, seconds):", "", "```",
                    *shallow(b["worker_profile"], 6), "```"]
        out.append("")
    st = results.get("startup")
    if st:
        out += ["## 4. Start-up", "", "| command | wall | vs `python -c pass` |", "|---|---|---|"]
        for key, label in (("python", "`python -c pass`"), ("python_site", "`python -S -c pass` (no site)"),
                           ("help", "`csaudit --help`"), ("check", "`csaudit check EXAMPLE` (cache warm)"),
                           ("check_python", "... `--engine python`"), ("check_json", "... `--format json`"),
                           ("first", "... first run (cache empty, built and written)"),
                           ("no_cache", "... `CSAUDIT_CACHE_DIR=off`")):
            out.append(f"| {label} | {ms(st[key])} | {st[key] / st['python']:.1f}x |")
        if "check_cpu" in st:
            out += [f"| `csaudit check EXAMPLE`, CPU time (user + system) | {ms(st['check_cpu'])} | "
                    f"{st['check_cpu'] / st['python_cpu']:.1f}x `python -c pass`'s {ms(st['python_cpu'])} |"]
        targets.append(("cold `csaudit check`", "< 0.3 s", f"{ms(st['check'])} wall"
                        + (f", {ms(st['check_cpu'])} CPU" if "check_cpu" in st else ""), st["check"] < 0.3))
        out += ["", "`csaudit --help` imports only these csaudit modules: " + ", ".join(f"`{m}`" for m in
                                                                                      st["help_modules"]) + ".", "",
                "Slowest top-level imports of a one-profile check (`python -X importtime`, cumulative):", "", "```",
                *st["imports"], "```", "", "Where the time of one cold check goes (pyinstrument over the whole command, seconds, imports "
                "included):", "",
                "```", *shallow(st["check_profile"], 12, 50), "```", ""]
    d = results.get("diff")
    if d:
        out += ["## 5. `runs diff` over recorded batches", "",
                f"Two batches of {d['n']:,} profiles recorded with `check DIR --db` (cycles 2026-Q3 and 2026-Q4, "
                "half the second batch with a changed fact), one transaction per profile; database "
                f"{d['db_mib']:.0f} MiB.", "", "| measure | result |", "|---|---|",
                f"| record the first batch (2 jobs) | {d['record_a']:.1f} s ({d['n'] / d['record_a']:.0f} profiles/s) |",
                f"| record the second batch | {d['record_b']:.1f} s |",
                f"| `csaudit runs diff 2026-Q3 2026-Q4 --org ORG`, CLI end to end (exit {d.get('cli_code', '?')}) | "
                f"{ms(d['one'])} |",
                f"| diff organisations in process ({d.get('diffed', d['orgs']):,} of the {d['orgs']:,} pairs, evenly "
                f"spread; {d['changed']:,} with new gaps) | {d['every']:.1f} s "
                f"({d['every'] / max(d.get('diffed', d['orgs']), 1) * 1000:.1f} ms each) |", ""]
    if targets:
        out += ["## Targets", "", "| target | wanted | measured | met |", "|---|---|---|---|"]
        out += [f"| {t} | {w} | {m} | {'yes' if ok else '**missed**'} |" for t, w, m, ok in targets]
        out.append("")
    notes = (REPO / "bench" / "notes.md")
    if notes.exists():
        out += [notes.read_text().strip(), ""]
    return "\n".join(out)


def _version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="1,2,3,4,5", help="sections to run, e.g. 1,4")
    parser.add_argument("--batch", type=int, default=10_000, help="profiles in the batch section (3)")
    parser.add_argument("--diff-batch", type=int, default=None, help="profiles per recorded batch in section 5 "
                                                                    "(default: --batch)")
    args = parser.parse_args()
    wanted = {int(x) for x in args.only.split(",") if x.strip()}   # --only "" renders the last results again
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    from csaudit.engine.library.loader import load_library

    results["meta"] = {"date": dt.date.today().isoformat(), "python": platform.python_version(),
                       "machine": platform.machine(), "cpus": os.cpu_count(), "rules": len(load_library().rules)}
    for number, key, fn in ((1, "engines", section_engines), (2, "scaling", section_scaling),
                            (4, "startup", section_startup), (3, "batch", lambda: section_batch(args.batch)),
                            (5, "diff", lambda: section_diff(args.diff_batch or args.batch))):
        if number in wanted:
            print(f"section {number} ...", file=sys.stderr, flush=True)
            results[key] = fn()
            RESULTS.write_text(json.dumps(results, indent=1, default=str))
    text = render(results)
    (REPO / "docs" / "benchmarks.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
