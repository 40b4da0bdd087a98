"""The long differential run: durable-rules against the Python evaluator, many times the CI examples.

Runs tests/test_engine_agreement.py (random and wide profiles over the bundled library,
random and wide rule libraries) with every example count multiplied by ``--scale``
(CSAUDIT_DIFFERENTIAL_SCALE). Any difference, and any profile the durable backend hands
to the python engine, is a failure that hypothesis reports with the input it drew.

    .venv/bin/python bench/differential.py              # 20x the CI examples: about 15 minutes
    .venv/bin/python bench/differential.py --scale 100  # overnight
    .venv/bin/python bench/differential.py -k wide      # only the wide tests

A seed makes a run repeatable (``--seed 1234``); without one each run explores anew.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=20.0, help="multiple of the CI example counts (default 20)")
    parser.add_argument("--seed", type=int, help="hypothesis seed, to repeat a run")
    parser.add_argument("-k", dest="keyword", help="only the tests whose names match (pytest -k)")
    args = parser.parse_args(argv)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
           str(REPO / "tests" / "test_engine_agreement.py")]
    if args.seed is not None:
        cmd.append(f"--hypothesis-seed={args.seed}")
    if args.keyword:
        cmd += ["-k", args.keyword]
    env = {**os.environ, "CSAUDIT_DIFFERENTIAL_SCALE": str(args.scale)}
    started = time.perf_counter()
    code = subprocess.call(cmd, cwd=REPO, env=env)
    print(f"differential run at {args.scale:g}x: {'passed' if code == 0 else 'FAILED'} "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
