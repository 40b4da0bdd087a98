"""Profile text made safe for each medium it reaches.

A profile is written by people and may hold anything: HTML, Markdown, a spreadsheet formula, terminal
escape sequences, bidirectional-override characters. Each renderer passes every profile string
through the function for its medium (HTML goes through Jinja2's autoescaping as well):

- :func:`visible`: control characters and bidirectional overrides shown as ``\\x1b`` / ``\\u202e``
  instead of acting on the terminal or reordering text;
- :func:`md_inline` and :func:`md_cell`: Markdown punctuation and HTML escaped, so text stays text;
- :func:`csv_cell`: a cell that starts like a formula (``= + - @``, tab, carriage return) is
  prefixed with ``'`` so a spreadsheet shows it rather than running it;
- :func:`xml_text`: characters XML 1.0 cannot hold shown as escapes.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from ...facts.located.printable import printable

# C0 controls except tab and newline, DEL, C1 controls; bidi embeddings, overrides and isolates; the
# line and paragraph separators (they break a line where the reader sees none).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _show(m: re.Match) -> str:
    c = ord(m.group(0))
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: Any) -> str:
    """Text with every control or bidi character shown as an escape, for terminals and plain text.

    The one terminal sanitiser csaudit has (:func:`csaudit.facts.located.printable.printable`, which
    the CLI's own errors and warnings use too), keeping line breaks and tabs."""
    return printable(text, lines=True)


def one_line(text: Any) -> str:
    return visible(str(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>#]|\d+[.)])", re.M)


def md_inline(text: Any, line_start: bool = False) -> str:
    """Text that Markdown renders as itself: no emphasis, links, code, HTML or tables from the profile.
    ``line_start``: the text begins a line of the document, so a leading ``#``, ``-`` or ``1.`` is escaped
    too (later lines of the text always are)."""
    if isinstance(text, Markup):
        return str(text)
    s = visible(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")   # no raw HTML
    s = _MD_INLINE.sub(r"\\\1", s)
    if line_start:
        return _MD_LINE_START.sub(_line_start, s)
    head, sep, rest = s.partition("\n")
    return head + sep + _MD_LINE_START.sub(_line_start, rest) if sep else s


def _line_start(m: re.Match) -> str:
    mark = m.group(2)
    return m.group(1) + (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark)


def md_cell(text: Any) -> str:
    """Text for a Markdown table cell: escaped, on one line (line breaks as <br>)."""
    if isinstance(text, Markup):
        return str(text)
    lines = [md_inline(line) for line in str(text).splitlines()] or [""]
    return "<br>".join(lines)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """A CSV value a spreadsheet will not run: text starting like a formula gets a leading apostrophe.
    Numbers are written as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    s = visible(str(value).replace("\r\n", "\n"))
    return "'" + s if s.startswith(_FORMULA_START) else s


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: Any) -> str:
    """Text XML 1.0 can hold (the XML writer escapes markup; this shows what it cannot hold at all)."""
    return _XML_BAD.sub(_show, visible(str(text)))
