"""Entry point: a click group whose subcommands are imported only when used (fast start-up)."""

from __future__ import annotations

import importlib
import sys

import click

_COMMANDS = {
    "check": ("csaudit.cli.cmd_check", "check"),
    "explain": ("csaudit.cli.cmd_explain", "explain"),
    "facts": ("csaudit.cli.cmd_facts", "facts"),
    "init": ("csaudit.cli.cmd_init", "init"),
    "ask": ("csaudit.cli.cmd_ask", "ask"),
    "report": ("csaudit.cli.cmd_report", "report"),
    "rules": ("csaudit.cli.cmd_rules", "rules"),
    "runs": ("csaudit.cli.cmd_runs", "runs"),
}


class DomainError(click.ClickException):
    """A csaudit error rendered as one message, with its own exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        from ..facts.located.printable import printable

        click.echo(f"Error: {printable(self.format_message(), lines=True)}", err=True)


def _printable_click_error(exc: click.ClickException) -> None:
    """Click's own messages quote what was typed (a path, an option value): make them safe to print too."""
    from ..facts.located.printable import printable

    exc.message = printable(exc.message, lines=True)


class LazyGroup(click.Group):
    """Imports a command's module on first use, and turns domain errors into messages."""

    def __init__(self, *args, lazy: dict[str, tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attr = self.lazy[name]
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as exc:
            _printable_click_error(exc)
            raise

    def invoke(self, ctx: click.Context):
        from ..facts.located.problems import CsauditError

        try:
            return super().invoke(ctx)
        except CsauditError as exc:
            raise DomainError(exc.render(), exc.exit_code) from None
        except DomainError:
            raise
        except click.ClickException as exc:
            _printable_click_error(exc)
            raise
        except (MemoryError, RecursionError) as exc:  # a limit the input found a way past: one line, no traceback
            raise DomainError(f"csaudit ran out of {'memory' if isinstance(exc, MemoryError) else 'stack'} on this "
                              "input; the limits in docs/robustness.md should have stopped it first: please report "
                              "the input", 70) from None


@click.group(cls=LazyGroup, lazy=_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="csaudit", prog_name="csaudit")
def cli() -> None:
    """Check an organisation's customer service against BS 8477:2014 and UK consumer law."""


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="csaudit")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
