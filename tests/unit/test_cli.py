"""The command line: names, exit codes and messages other tools rely on."""

import io
import subprocess
import sys

import pytest

from companion import __version__
from companion.cli import build_parser, main


def run_cli(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "companion", *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


def test_version_and_help():
    out = run_cli("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    help_text = run_cli("--help").stdout
    for command in ("serve", "triage", "reminders", "check-clinic", "rules"):
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


def test_private_helper_modules_are_not_commands():
    action = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    assert not any(name.startswith("_") for name in action.choices)


@pytest.mark.parametrize("stdin, words", [
    ("[" * 100_000, "standard input: the JSON is nested too deeply"),
    ('{"temperature": {"value": 30, "unit": []}}', "temperature.unit:"),
    ('{"at": "2025-03-01T14:20:00+00:00[Europe]"}', "'Europe' is not a known time zone"),
])
def test_triage_refuses_what_it_cannot_read_in_one_line(monkeypatch, capsys, stdin, words):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(["triage", "-"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("companion: ") and words in err


def test_serve_with_a_data_folder_that_is_a_file_says_so(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert main(["serve", "--data-dir", str(tmp_path / "afile")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "a file is where its folder should be" in err and "Errno" not in err


def test_strange_characters_in_a_message_stay_on_one_line(tmp_path, capsys, monkeypatch):
    with pytest.raises(SystemExit) as caught:
        main(["check-clinic", "extra", "\x1e\u2028\udcff"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "companion: error: unrecognized arguments: \\x1e\\u2028\\udcff")
    monkeypatch.chdir(tmp_path)
    assert main(["reminders", "--plan", "a\u2028b\x85c", "--from", "2025-03-01T00:00", "--to", "2025-04-01T00:00"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "companion: a\\u2028b\\x85c: file not found."]
