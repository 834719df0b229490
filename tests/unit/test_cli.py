"""The command line: names, exit codes and messages other tools rely on."""

import subprocess
import sys

from companion import __version__
from companion.cli import build_parser, main


def run_cli(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "companion", *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


def test_version_and_help():
    out = run_cli("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    help_text = run_cli("--help").stdout
    for command in ("serve", "triage", "reminders", "check-clinic"):
        assert command in help_text


def test_no_subcommand_means_serve_with_its_defaults():
    args = build_parser().parse_args([])
    assert (args.host, args.port, args.desktop) == ("127.0.0.1", 8550, False)
    assert args.run.__module__ == "companion.commands.serve"
    assert build_parser().parse_args(["--port", "8551"]).port == 8551


def test_bad_port_is_a_clear_one_line_error(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--port must be between 1 and 65535" in err
