"""Every command in the lazy map loads, is named as the map says, and has help."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from imrdb.cli import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_loads_with_help(name):
    command = cli.get_command(None, name)
    assert command is not None and command.name == name
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: cli {name}") or f" {name} " in result.output


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["serach", "x"])
    assert result.exit_code == 2
    assert "No such command" in result.output
