"""Make a string from input safe to show on a terminal: the one function every terminal message uses.

A name, key, path or argument can hold characters a terminal acts on rather than shows:
ESC starts sequences that clear the screen, set the window title, draw hyperlinks or change
colours; BEL rings; NUL, backspace and carriage return hide text; bidirectional overrides and
isolates make text read differently from how it is stored ("Trojan Source"); line and
paragraph separators break a one-line message. :func:`printable` writes each such character as
a visible escape (``\\x1b``, ``\\u202e``), the way Python's ``repr`` does, and leaves every other
character, accented and non-Latin letters included, as it is.

Escaped: every character Unicode classes as a control (Cc), a format character (Cf: the
bidirectional controls, zero-width characters, tag characters), a line or paragraph separator
(Zl, Zp), a surrogate (Cs, which cannot be written as UTF-8) or unassigned (Cn). Renderers for
other media (Markdown, HTML, SARIF, CSV) escape for their medium as well; text meant for a
terminal goes through here.
"""

from __future__ import annotations

import unicodedata

_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: object, *, lines: bool = False) -> str:
    """``text`` with every control, format, separator, surrogate and unassigned character escaped.

    ``lines``: keep line breaks and tabs (``\\n``, ``\\t``) as they are, for text of several lines
    (a message whose parts were made printable one by one, a paragraph in a report); otherwise
    they are shown as ``\\n`` and ``\\t`` too, so one value can never start a line of its own.
    """
    text = str(text)
    if text.isprintable():  # the common case, checked in C: letters, digits, punctuation, spaces
        return text
    out = []
    for char in text:
        if char.isprintable() or (lines and char in "\n\t"):
            out.append(char)
        elif unicodedata.category(char) in _UNSAFE:
            out.append(_escape(char))
        else:  # a space other than U+0020 (no-break space, em space...) or a private-use character
            out.append(char)
    return "".join(out)
