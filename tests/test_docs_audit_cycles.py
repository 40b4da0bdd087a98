"""The audit-cycles walkthrough in docs/audit-cycles.md runs as written and prints what it shows.

Set CSAUDIT_UPDATE_DOCS=1 to rewrite the output blocks from a fresh run after an intended change.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from audit_helpers import invoke

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGE = DOCS / "audit-cycles.md"
EXAMPLE = DOCS / "examples" / "audit-cycles"
# The walkthrough ends where the reference part of the page begins.
WALKTHROUGH_END = "## Diff entries and their causes"
ENV = {"COLUMNS": "100", "CSAUDIT_RUN_BY": "Sam Okafor", "SOURCE_DATE_EPOCH": "1793611800", "CSAUDIT_DB": ""}
BLOCK = re.compile(r"```console\n(\$ csaudit [^\n]*)\n(.*?)```", re.S)


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n"))


def test_docs_audit_cycles_walkthrough_output_matches(tmp_path, monkeypatch):
    pytest.importorskip("durable_rules_engine")  # the page shows the default engine's name
    shutil.copytree(EXAMPLE, tmp_path / "example")
    monkeypatch.chdir(tmp_path / "example")
    page = PAGE.read_text(encoding="utf-8")
    walkthrough = page[: page.index(WALKTHROUGH_END)]
    blocks = list(BLOCK.finditer(walkthrough))
    assert len(blocks) == 8
    updated = page
    for block in blocks:
        command, shown = block.group(1), block.group(2)
        result = invoke(*shlex.split(command)[2:], env=ENV)
        assert result.exit_code in (0, 1), result.output
        actual = _tidy(result.output)
        if os.environ.get("CSAUDIT_UPDATE_DOCS"):
            updated = updated.replace(block.group(0), f"```console\n{command}\n{actual}\n```", 1)
            continue
        assert actual == _tidy(shown), command
    if updated != page:
        PAGE.write_text(updated, encoding="utf-8")
