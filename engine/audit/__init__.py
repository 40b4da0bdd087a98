"""The audit database and what is derived from it: named migrations, recording runs,
reading them back, diffs between runs, trends across cycles, and waivers.

A new table is a new migration in ``migrations`` plus its reads and writes in
``store``. May import the front door's data (:mod:`..findings`, :mod:`..risk`) and
:mod:`..library`; never a renderer or the CLI.
"""
