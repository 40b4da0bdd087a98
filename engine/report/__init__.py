"""Renderers: read a finished report and format it; they never re-evaluate."""
