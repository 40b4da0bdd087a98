"""Every profile string that reaches HTML, Markdown, CSV, JUnit or the terminal is escaped for that medium."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from report_helpers import make_library, make_profile

NAME = "<script>alert(1)</script> *Shop* [x](javascript:alert(1)) | a_b"
CHANNEL = "=HYPERLINK(\"http://evil\") red \u202e gnirts"   # the reader already refuses C0 controls (ESC)
DOCUMENT = "+SUM(A1:A9) <img src=x onerror=alert(2)>"
ANSWER = "@cmd|' /C calc'!A0 # heading\n- item"


@pytest.fixture
def outputs(run_cli, tmp_path):
    lib = make_library(tmp_path / "lib")
    profile = make_profile(tmp_path / "hostile.yaml", name=NAME, channel=CHANNEL, document=DOCUMENT,
                           answer_evidence=ANSWER)
    names = ("r.html", "r.md", "r.csv", "r.xml")
    args = [a for n in names for a in ("-o", str(tmp_path / n))]
    result = run_cli("check", str(profile), "--rules", str(lib), "--fail-on", "none", *args)
    assert result.exit_code == 0, result.output
    table = run_cli("check", str(profile), "--rules", str(lib), "--fail-on", "none", env={"COLUMNS": "200"})
    out = {n: (tmp_path / n).read_text(encoding="utf-8") for n in names}
    out["table"] = table.stdout
    out["profile"], out["lib"] = str(profile), str(lib)
    return out


def test_html_shows_markup_as_text(outputs):
    html = outputs["r.html"]
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "\u202e" not in html and "red \\u202e gnirts" in html


def test_markdown_shows_markup_as_text(outputs):
    md = outputs["r.md"]
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\*Shop\\* \\[x\\](javascript:alert(1)) \\| a\\_b" in md
    assert "\u202e" not in md
    for line in md.splitlines():   # no table row broken by a profile '|' or line break
        if line.startswith("| R-"):
            assert line.endswith("|") and line.count(" | ") >= 9


def test_csv_cells_cannot_run_as_formulas(outputs):
    rows = list(csv.DictReader(io.StringIO(outputs["r.csv"])))
    helpline = next(r for r in rows if r["subject_key"] == "help")
    assert helpline["subject_name"].startswith("'=HYPERLINK")
    answered = next(r for r in rows if r["rule_id"] == "testcode-9-1")
    assert "@cmd" in answered["evidence"]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_junit_is_well_formed_xml(outputs):
    root = ET.fromstring(outputs["r.xml"])
    assert NAME in root.get("name")
    assert "\u202e" not in outputs["r.xml"]


def test_terminal_shows_control_characters_as_escapes(outputs):
    table = outputs["table"]
    assert "\u202e" not in table
    assert "red \\u202e gnirts" in table


def test_json_keeps_the_profile_text_exactly(run_cli, outputs):
    data = json.loads(run_cli("check", outputs["profile"], "--rules", outputs["lib"], "--format", "json",
                              "--fail-on", "none").stdout)
    assert data["profile"]["name"] == NAME
    assert any(f["subject"]["name"] == CHANNEL for f in data["findings"])


def test_escape_functions():
    from csaudit.engine.report.escape import csv_cell, md_cell, md_inline, visible, xml_text

    assert csv_cell("-1") == "'-1" and csv_cell(-1) == -1 and csv_cell("\tx") == "'\tx"
    assert md_inline("# a", line_start=True) == "\\# a" and md_inline("# a") == "# a"
    assert md_inline("1. a\n2. b") == "1. a\n2\\. b"
    assert md_cell("a|b\nc") == "a\\|b<br>c"
    assert visible("a\u0007b\u2066c") == "a\\x07b\\u2066c"
    assert xml_text("a\u0001b") == "a\\x01b"
