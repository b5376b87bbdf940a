"""Every command and every option is written down in the README or docs/*.md (as
sqlite-utils' test_docs.py checks its own): walking the click group finds each one."""

from __future__ import annotations

import re

import click
import pytest

from imrdb.cli import cli
from tests.support.paths import ROOT


def _documentation() -> str:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(cli))
OPTIONS = [
    (path, option)
    for path, command in COMMANDS
    for param in command.params
    if isinstance(param, click.Option)
    for option in param.opts
    if option.startswith("--") and option != "--help"
]


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_is_documented(path: tuple[str, ...]):
    assert f"imrdb {' '.join(path)}" in _documentation(), f"imrdb {' '.join(path)}"


@pytest.mark.parametrize(
    ("path", "option"), OPTIONS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v
)
def test_every_option_is_documented(path: tuple[str, ...], option: str):
    assert re.search(rf"{re.escape(option)}\b", _documentation()), (
        f"imrdb {' '.join(path)} {option} is in no README or docs/*.md"
    )


def test_the_walk_finds_the_commands_and_options():
    """Not vacuous: the walk sees nested commands and the shared options."""
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"search", "show", "db upgrade", "db current", "export"} <= names
    assert (("search",), "--sql") in OPTIONS and (("show",), "--output") in OPTIONS
    assert not re.search(r"--no-such-option-anywhere\b", _documentation())
