"""Driving csaudit's prompts in a real pseudo-terminal (pexpect), as a person at a keyboard would.

questionary draws each prompt with prompt_toolkit: an active question starts with a styled '?', and a
prompt that has been answered ends by switching bracketed paste off. The driver waits for the next
question, reads what is on screen with it (its choices), and types keys.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

CSAUDIT = str(Path(sys.executable).with_name("csaudit"))
ACTIVE = re.compile(r"\x1b\[0;38;5;67m\?\x1b\[0;1m ([^\x1b]+)")
DONE = "\x1b[?2004l"
UP, DOWN, SPACE, ENTER = "\x1b[A", "\x1b[B", " ", "\r"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV", "PYTEST"))}
    env.update(TERM="xterm", LANG="C.UTF-8", COLUMNS="200", LINES="50", PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(CSAUDIT, list(args), cwd=str(cwd), encoding="utf-8", dimensions=(50, 200), env=env,
                          timeout=30)
    child.delaybeforesend = 0.02
    return child


class Screen:
    """The question being asked and what is drawn with it."""

    def __init__(self, question: str, rest: str):
        self.question = question.strip()
        self.text = ANSI.sub("", rest)

    @property
    def kind(self) -> str:
        if "space to tick" in self.question or "space to tick" in self.text:
            return "checkbox"
        if "Not sure: leave it out" in self.text:
            return "select"
        if re.search(r"\d\) Yes", self.text):
            return "yes_no"
        return "text"


def next_question(child: pexpect.spawn) -> Screen:
    child.expect(ACTIVE)
    question = child.match.group(1)
    child.expect_exact("\x1b[?7h", timeout=30)  # the end of the first drawing of the prompt (autowrap back on)
    rest = child.before + child.buffer
    child.buffer = ""
    while True:
        try:
            rest += child.read_nonblocking(100000, timeout=0.1)
        except pexpect.TIMEOUT:
            break
    return Screen(question, rest)


def answer(child: pexpect.spawn, keys: str) -> None:
    child.send(keys)
    child.expect_exact(DONE)


SHORTCUTS = "1234567890abcdefghijklmnopqrstuvwxyz"


def _choices(screen: Screen) -> list[str]:
    lines = [line.strip() for line in screen.text.replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        m = re.match(r"^(?:»\s*)?(?:[0-9a-z]\)\s*)?(?:[○●]\s*)?(\S.*)$", line)
        drawn = re.match(r"^(?:»\s*)?[0-9a-z]\) ", line) or "○" in line or "●" in line
        if m and drawn and m.group(1) not in out:
            out.append(m.group(1))
    return out


def choose(screen: Screen, label: str) -> str:
    """The keys that pick the choice of a select starting with ``label`` (by its shortcut) and confirm it."""
    choices = _choices(screen)
    index = next(i for i, c in enumerate(choices) if c.startswith(label))
    return SHORTCUTS[index] + ENTER


def tick(screen: Screen, *labels: str) -> str:
    """The keys that tick the choices of a checkbox starting with each label, then confirm."""
    choices = _choices(screen)
    keys, at = "", 0
    for label in labels:
        index = next(i for i, c in enumerate(choices) if c.startswith(label))
        keys += (DOWN * (index - at) if index >= at else UP * (at - index)) + SPACE
        at = index
    return keys + ENTER


def default_keys(screen: Screen) -> str:
    """What a person who does not know would press: leave it out, or no more items."""
    if screen.kind == "select":
        return choose(screen, "Not sure")
    if screen.kind == "yes_no":
        return choose(screen, "No")
    return ENTER
