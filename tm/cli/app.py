"""The ``tm`` Typer app and what every command shares: the one-line error, the last-resort
guard, the database option, the progress bar.

Every failure reaches the user as one line on stderr: ``tm: error: FILE:PLACE: message``
with exit status 2 for bad input and bad options, ``tm: internal error: ...`` with exit
status 3 for a bug (TM_DEBUG=1 shows its traceback instead). Status 1 stays free for
``tm check``'s "findings at --fail-on severity".
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from typer.core import TyperArgument, TyperGroup

from tm import __version__
from tm.errors import InputError

try:  # typer >= 0.22 vendors click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer on the external click
    from click import exceptions as click_errors

NO_ARGS_IS_HELP = getattr(click_errors, "NoArgsIsHelpError", ())  # click >= 8.2



def console() -> Console:
    """The terminal on stdout, made when printing: its width follows $COLUMNS as it is then."""
    return Console()


DB_HELP = "SQLite database file or postgresql://user@host/dbname URL (default: $TM_DB or tm.db)."
DEBUG_VAR = "TM_DEBUG"
EXIT_INPUT = 2
EXIT_INTERNAL = 3


def default_db() -> str:
    return os.environ.get("TM_DB", "tm.db")


def say_error(message: str) -> None:
    """One line on stderr, whatever newlines the message carries."""
    typer.echo("tm: error: " + " ".join(str(message).split()), err=True)


def fail(error: Exception | str) -> NoReturn:
    say_error(str(error))
    raise typer.Exit(EXIT_INPUT)


class PlainArgument(TyperArgument):
    """An argument shown by its metavar alone: "TEXT", "FILE...", "[SOURCE]" (typer >= 0.2x
    would show "{TEXT}" in the usage line and "TEXT <str>" in the list)."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if not self.required and not name.startswith("["):
            name = f"[{name}]"
        return name if self.nargs == 1 or name.endswith("...") else name + "..."

    def display_type_rich(self, ctx) -> str | None:
        return None


def plain_arguments(command) -> None:
    """Give every argument of ``command`` (and of its subcommands) the plain display."""
    for param in getattr(command, "params", ()):
        if type(param) is TyperArgument:
            param.__class__ = PlainArgument
    for sub in getattr(command, "commands", {}).values():
        plain_arguments(sub)


class GuardedGroup(TyperGroup):
    """The top-level command group: usage errors on one line, and the last line of defence,
    which turns an exception nobody handled into one line instead of a traceback."""

    def __init__(self, **attrs):
        super().__init__(**attrs)
        plain_arguments(self)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NO_ARGS_IS_HELP as e:  # `tm`, `tm terms`: the help, as click shows it
            e.show()
            sys.exit(EXIT_INPUT)
        except click_errors.UsageError as e:
            command = " ".join(["tm", *e.ctx.command_path.split()[1:]]) if e.ctx is not None else "tm"
            say_error(f"{e.format_message().replace('Value error, ', '')} (see '{command} --help')")
            sys.exit(EXIT_INPUT)
        except click_errors.ClickException as e:
            say_error(e.format_message())
            sys.exit(e.exit_code)
        except typer.Abort:
            say_error("aborted")
            sys.exit(1)
        except InputError as e:  # a command that forgot to catch it: still a user error
            say_error(str(e))
            sys.exit(EXIT_INPUT)
        except BrokenPipeError:  # `tm ... | head`
            sys.stderr.close()
            sys.exit(1)
        except Exception as e:  # noqa: BLE001 - the last line of defence
            if os.environ.get(DEBUG_VAR):
                raise
            typer.echo(
                f"tm: internal error: {type(e).__name__}: {' '.join(str(e).split())} "
                f"(a bug in tm; {DEBUG_VAR}=1 shows the traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)
        sys.exit(status if isinstance(status, int) else 0)  # typer.Exit(n) comes back as n


app = typer.Typer(
    cls=GuardedGroup,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def main(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    """tm: align translations into a translation memory, build term bases, check consistency.

    \b
    Example: tm align en.md pl.md --db tm.db

    \b
    Example: tm lookup "The account executive manages clients." --db tm.db
    """
    if version:
        typer.echo(f"tm {__version__}")
        raise typer.Exit()


def subgroup(help_text: str) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)


def db_option(extra: str = ""):
    return typer.Option(None, "--db", metavar="DB", help=DB_HELP + (" " + extra if extra else ""))


def lang_option(flag: str, help_text: str, default: str | None = None):
    return typer.Option(default, flag, metavar="LANG", help=help_text)


class TableFormat(str, Enum):
    """--format of the commands that print a table."""

    table = "table"
    json = "json"


class TextFormat(str, Enum):
    """--format of the commands that print a line of text."""

    text = "text"
    json = "json"


def format_option(choices: type[Enum], default: Enum, help_text: str):
    """--format: the values typer refuses (exit 2, one line, listing them) when unknown."""
    return typer.Option(default, "--format", metavar="FORMAT", help=f"{help_text} One of: {', '.join(c.value for c in choices)}.")


def progress_bar(description: str):
    """A rich progress bar on stderr, silent when stderr is not a terminal. Until the total is
    known it shows the count alone (never "0/None")."""
    return Progress(
        TextColumn(description),
        BarColumn(),
        TaskProgressColumn(text_format="{task.completed}/{task.total}", text_format_no_percentage="{task.completed}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
