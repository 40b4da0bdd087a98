"""The HTML report in a real headless Chromium: it loads with no console errors and no network request,
and a screenshot and a PDF print are produced, for every example profile (Debian's chromium package;
.ci/run installs it where it is missing)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from audit_helpers import Audit
from chromium_cdp import load_page, pdf_pages
from conftest import EXAMPLES

SECTIONS = ("1. Summary for the board", "2. Where the risks are", "3. Risk register", "4. Action plan",
            "5. Findings and their evidence", "Scope and method")


def _html(run_cli, example: Path, out: Path, *args) -> str:
    result = run_cli("check", str(example), "-o", str(out), "--fail-on", "none", *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_html_report_is_one_self_contained_file(run_cli, example, tmp_path):
    html = _html(run_cli, example, tmp_path / "board.html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.replace('href="https://', 'href="LINK'))
    assert "default-src 'none'" in html                  # the browser refuses any request the file might make
    for section in SECTIONS:
        assert section in html, section
    assert html.count("<svg") == 4                       # stage, heat map, rating, area (no trend without --db)
    assert "@media print" in html and "@page" in html


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_html_report_loads_in_chromium_without_errors_or_requests_and_prints(run_cli, example, tmp_path):
    path = tmp_path / f"{example.stem}.html"
    _html(run_cli, example, path)
    page = load_page(path)
    assert page.errors == []
    assert page.network == []
    assert page.requests == [page.url]
    assert page.title.startswith("Customer service compliance report: ")
    assert page.screenshot.startswith(b"\x89PNG\r\n\x1a\n") and len(page.screenshot) > 50_000
    assert page.pdf.startswith(b"%PDF-") and pdf_pages(page.pdf) >= 4
    (tmp_path / f"{example.stem}.png").write_bytes(page.screenshot)
    (tmp_path / f"{example.stem}.pdf").write_bytes(page.pdf)


def test_html_report_has_a_trend_chart_when_a_database_is_given(run_cli, tmp_path):
    audit = Audit(tmp_path)
    audit.check("2026-Q1", as_of="2026-03-31")
    audit.check("2026-Q2", as_of="2026-06-30", number="0345 123 4567")
    out = tmp_path / "trend.html"
    audit.check("2026-Q3", as_of="2026-09-30", published=True, extra=("-o", str(out)))
    html = out.read_text(encoding="utf-8")
    assert "6. Trend across audit cycles" in html and "Open gaps per audit cycle" in html
    assert html.count("<svg") == 5
    for cycle in ("2026-Q1", "2026-Q2", "2026-Q3"):
        assert f">{cycle}</text>" in html
    page = load_page(out)
    assert page.errors == [] and page.network == []


def test_runs_show_gives_the_same_report_from_the_database(run_cli, tmp_path):
    audit = Audit(tmp_path)
    audit.check("2026-Q1", as_of="2026-03-31")
    out = tmp_path / "q1.html"
    result = run_cli("runs", "show", "2026-Q1", "--db", str(audit.db), "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "audit cycle 2026-Q1" in html and "Facts used:" in html
    md = run_cli("runs", "show", "2026-Q1", "--db", str(audit.db), "--format", "markdown").stdout
    assert md.startswith("# Customer service compliance: Shop Ltd") and "## Risk register" in md
