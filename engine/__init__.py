"""csaudit engine: from facts and a rule library to findings, and from findings to the audit store and reports.

The front door sits at this level: :mod:`.evaluate` (profile + library + date ->
report), :mod:`.findings` (what a finding is), :mod:`.risk` (likelihood x impact),
:mod:`.manual` (catalogue questions as findings) and :mod:`.errors`. The rooms below
it each have one job:

- :mod:`.library`: rules as data (schema, loading, lowering to the IR, lint,
  catalogues, fixtures);
- :mod:`.match`: the backends that evaluate the IR over facts;
- :mod:`.audit`: the audit database and what is derived from it (diff, trend,
  waivers);
- :mod:`.report`: renderers of finished reports, diffs and trends.

Imports run downwards only; ``tests/test_architecture.py`` enforces it.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("csaudit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
