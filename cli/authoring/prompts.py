"""One question on a terminal, checked as it is answered. questionary draws the prompts (imported only when
a prompt is shown, so other commands start without it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SKIP = object()   # "not sure": the fact is left out, and stays unknown


class Stop(Exception):
    """The person stopped (Ctrl-C, or chose to stop): what was answered so far is kept."""


@dataclass
class Prompt:
    message: str
    kind: str                                   # bool | enum | set | text | int | number | money | date
    check: Callable[[Any], Any]                 # raises ValueError with the reason, else the value to keep
    choices: list[tuple[str, str]] = field(default_factory=list)   # (value, what it means)
    help: list[str] = field(default_factory=list)
    required: bool = False
    default: Any = None


def _label(value: str, words: str) -> str:
    return value if words in ("", value, value.replace("_", " ")) else f"{value}: {words}"


def ask(prompt: Prompt) -> Any:
    """The checked answer, SKIP, or Stop raised."""
    import questionary
    from questionary import Choice

    for line in prompt.help:
        questionary.print(f"  {line}", style="fg:ansibrightblack")
    skip = Choice("Not sure: leave it out for now", value=SKIP)
    if prompt.kind == "bool":
        choices = [Choice("Yes", value=True), Choice("No", value=False)] + ([] if prompt.required else [skip])
        default = next((c for c in choices if c.value == prompt.default), None)
        answer = questionary.select(prompt.message, choices=choices, default=default, use_shortcuts=True).ask()
    elif prompt.kind == "enum":
        choices = [Choice(_label(v, w), value=v) for v, w in prompt.choices] + ([] if prompt.required else [skip])
        default = next((c for c in choices if c.value == prompt.default), None)
        answer = questionary.select(prompt.message, choices=choices, default=default,
                                    use_shortcuts=len(choices) <= 36).ask()
    elif prompt.kind == "set" and prompt.choices:
        chosen = set(prompt.default or ())
        choices = [Choice(_label(v, w), value=v, checked=v in chosen) for v, w in prompt.choices]
        if not prompt.required:
            choices.append(Choice("Not sure: leave it out for now", value=SKIP))
        answer = questionary.checkbox(prompt.message, choices=choices,
                                      instruction="(space to tick, enter when done; none ticked: none apply)").ask()
        if answer is not None and SKIP in answer:
            return SKIP
    else:
        def validate(text: str) -> bool | str:
            if not text.strip():
                return "An answer is needed here" if prompt.required else True
            try:
                prompt.check(_split(text) if prompt.kind == "set" else text)
            except ValueError as exc:
                return str(exc) or "not a valid answer"
            return True

        default = "" if prompt.default is None else str(prompt.default)
        hint = "" if prompt.required or "Enter to leave it out" in prompt.message else " (Enter to leave it out)"
        answer = questionary.text(prompt.message + hint, default=default, validate=validate).ask()
        if answer is not None and not answer.strip():
            return SKIP
        if answer is not None and prompt.kind == "set":
            answer = _split(answer)
    if answer is None:
        raise Stop
    if answer is SKIP:
        return SKIP
    return prompt.check(answer)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def say(text: str, style: str = "bold") -> None:
    import questionary

    questionary.print(text, style=style)
