"""Renderers: read a finished report, diff or trend and format it; they never re-evaluate.

A new output format is a module here, chosen by the CLI's ``--format``. May import
:mod:`..findings`, :mod:`..audit` (diff and trend data) and :mod:`..risk`.
"""
