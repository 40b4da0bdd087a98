"""Matching: the backends that evaluate a compiled library (the IR) over a flattened profile.

``backends`` is the interface and registry; ``python`` is the plain evaluator and the
oracle; ``durable_compile`` (IR -> durable-rules ruleset, pure) and ``durable`` (the C
module driver) hold every durable-rules quirk. A new backend is a module here,
registered in ``backends.get_backend``. May import :mod:`..library` and
:mod:`csaudit.facts`; returns raw three-valued outcomes, never findings.
"""
