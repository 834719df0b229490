"""Bad input everywhere: whatever a person types or feeds the CLI, it works (exit 0) or says why (exit 2).

Never a traceback, never exit 1, and a refused import leaves the data folder byte for byte as it was.
Most examples call `companion.cli.main(argv)` in-process (fast); a few run the real `python -m companion`.
"""

from __future__ import annotations

import atexit
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from companion.adapters.store import Store
from companion.cli import build_parser, main
from companion.core.backup import DOCS, FORMAT
from companion.core.diary import SYMPTOM_IDS

ROOT = Path(__file__).resolve().parents[2]
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ARGPARSE_ERROR = re.compile(r"^companion( [\w-]+)?: error: .+")

# ---- what people and files can hold ---------------------------------------------------------------------
# Text a real argv or file can carry: no NUL, no lone surrogates (the OS cannot pass them).
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
zones = st.sampled_from(["Europe/London", "America/New_York", "UTC", "Europe", "America", "Etc", "Mars/Base",
                         "", "../../etc/passwd", "a" * 300, "zone1970.tab", "right/UTC", "EST5EDT"]) | text
local_times = st.sampled_from(["2025-03-01T09:00", "2025-02-30T09:00", "2025-03-30T01:30", "0001-01-01T00:00",
                               "9999-12-31T23:59", "2025-03-01", "09:00", "2025-03-01T24:00", ""]) | text
offset_times = st.sampled_from(["2025-03-01T14:20:00+01:00", "2025-03-01T14:20:00", "2025-03-01T14:20:00Z",
                                "2025-03-01T14:20:00+00:00[Europe/London]", "2025-03-01T14:20:00+00:00[Europe]",
                                "2025-03-01T14:20:00+00:00[" + "a" * 300 + "]", "2025-03-01T14:20:00+25:00",
                                "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", ""]) | text
numbers = st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True), st.booleans())
scalars = st.one_of(st.none(), numbers, text)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(text, inner, max_size=4), max_leaves=12)
symptom_ids = st.sampled_from(SYMPTOM_IDS) | text


def maybe(strategy):
    """Usually a plausible value, sometimes anything at all."""
    return st.one_of(strategy, strategy, strategy, json_values)


def partial_dict(fields: dict, required: tuple[str, ...] = ()):
    """The `required` fields, some of the others (each with its own strategy), now and then a stray key."""
    def add_stray(args):
        value, stray = args
        return {**value, "stray": stray[1]} if stray[0] == 0 else value
    shape = st.fixed_dictionaries({k: fields[k] for k in required},
                                  optional={k: v for k, v in fields.items() if k not in required})
    return st.tuples(shape, st.tuples(st.integers(0, 9), json_values)).map(add_stray)


temperatures = partial_dict({"value": maybe(st.floats(30, 45) | st.integers(90, 110)),
                             "unit": maybe(st.sampled_from(["C", "F", "K", "c", ""]))}, required=("value", "unit"))
entries = partial_dict({
    "id": maybe(st.sampled_from(["e1", "e2", ""]) | text),
    "at": maybe(offset_times),
    "temperature": maybe(temperatures),
    "symptoms": maybe(st.dictionaries(symptom_ids, maybe(st.integers(-1, 4)), max_size=4)),
    "note": maybe(text),
}, required=("temperature", "symptoms"))
plans = partial_dict({
    "timezone": maybe(zones),
    "first_infusion": maybe(local_times),
    "cycle_days": maybe(st.integers(-2, 60)),
    "cycles": maybe(st.none() | st.integers(-1, 40)),
    "with_capecitabine": maybe(st.booleans()),
    "capecitabine_times": maybe(st.lists(st.sampled_from(["08:00", "20:00", "24:00", "8:00"]) | text, max_size=3)),
    "prior_reaction": maybe(st.booleans()),
    "contraception": maybe(st.sampled_from(["none", "pill", "patch", "ring", "injection", "iud", ""]) | text),
    "contraception_time": maybe(st.sampled_from(["09:00", "25:00"]) | text),
    "contraception_frequency": maybe(st.sampled_from(["daily", "weekly", "monthly", ""]) | text),
    "delays": maybe(st.lists(partial_dict({"cycle": maybe(st.integers(-1, 40)), "to": maybe(local_times)}),
                             max_size=3)),
}, required=("timezone", "first_infusion"))
profiles = partial_dict({"id": maybe(st.sampled_from(["ann", "bob", "a b", "../x", "x" * 65]) | text),
                         "name": maybe(text)}, required=("id", "name"))
profile_items = partial_dict({"profile": maybe(profiles), "plan": st.none() | maybe(plans),
                              "settings": st.none() | maybe(st.dictionaries(text, json_values, max_size=3)),
                              "reminders": st.none() | maybe(st.dictionaries(text, json_values, max_size=3)),
                              "entries": maybe(st.lists(maybe(entries), max_size=4))},
                             required=("profile", *DOCS, "entries"))
backups = partial_dict({"format": maybe(st.just(FORMAT)), "version": maybe(st.integers(-1, 3)),
                        "created": maybe(offset_times), "profiles": maybe(st.lists(profile_items, max_size=3))},
                       required=("format", "version", "created", "profiles"))
phones = partial_dict({"label": maybe(text), "number": maybe(st.sampled_from(["999", "+44 1632 960001", "+", ""])
                                                             | text),
                       "kind": maybe(st.sampled_from(["oncology_24h", "treatment_unit", "emergency", "other"]))},
                      required=("label", "number", "kind"))
clinics = partial_dict({
    "name": maybe(text), "short_name": maybe(text), "logo": maybe(st.sampled_from(["logo.png", "", "a" * 5000]) | text),
    "seed_color": maybe(st.sampled_from(["#1565C0", "#12345", "blue"])), "locale": maybe(st.sampled_from(["en-GB"])),
    "temperature_unit": maybe(st.sampled_from(["C", "F"])), "fever_threshold_c": maybe(st.floats(37, 39)),
    "premed_lead_minutes": maybe(st.integers(0, 200)), "notes": maybe(st.lists(text, max_size=2)),
    "phones": maybe(st.lists(maybe(phones), max_size=3)),
    "reminder_times": maybe(partial_dict({k: maybe(st.sampled_from(["07:00", "7:00", "24:00"]) | text)
                                          for k in ("no_grapefruit", "infusion_eve", "contraception")})),
}, required=("name", "phones"))


def json_text(values):
    """JSON text of the values, or that text cut short, or with a byte of garbage inside."""
    def damage(args):
        value, cut, how = args
        raw = json.dumps(value, ensure_ascii=False)
        if how == "cut":
            return raw[: cut % (len(raw) + 1)]
        if how == "garbage":
            at = cut % (len(raw) + 1)
            return raw[:at] + "\u00ff{" + raw[at:]
        return raw
    return st.tuples(values, st.integers(0, 10**6), st.sampled_from(["whole", "whole", "cut", "garbage"])).map(damage)


def toml_text(value) -> str:
    """A clinic-like dict as TOML (scalars and lists inline; [[phones]] and [reminder_times] as tables)."""
    def inline(v):
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(k)} = {inline(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(inline(x) for x in v) + "]"
        if v is None:
            return '""'
        if isinstance(v, float) and v != v:
            return "nan"
        if isinstance(v, float) and v in (float("inf"), float("-inf")):
            return "inf" if v > 0 else "-inf"
        return json.dumps(v, ensure_ascii=False)
    lines = [f"{json.dumps(k)} = {inline(v)}" for k, v in value.items()
             if not isinstance(v, (dict, list)) or k not in ("phones", "reminder_times")]
    tables = value.get("phones")
    if isinstance(tables, list) and all(isinstance(t, dict) for t in tables):
        for table in tables:
            lines += ["[[phones]]", *(f"{json.dumps(k)} = {inline(v)}" for k, v in table.items())]
    elif "phones" in value:
        lines.append(f"phones = {inline(tables)}")
    times = value.get("reminder_times")
    if isinstance(times, dict):
        lines += ["[reminder_times]", *(f"{json.dumps(k)} = {inline(v)}" for k, v in times.items())]
    elif "reminder_times" in value:
        lines.append(f"reminder_times = {inline(times)}")
    return "\n".join(lines) + "\n"


clinic_texts = st.one_of(clinics.map(toml_text), clinics.map(toml_text).map(lambda t: t[: len(t) // 2]), text)


# ---- running the CLI ---------------------------------------------------------------------------------------
@contextmanager
def sandbox():
    """A fresh folder as the working directory and as the default data folder; no real server starts."""
    import flet

    folder = Path(tempfile.mkdtemp(prefix="badinput-"))
    old_cwd, old_env, old_run = os.getcwd(), dict(os.environ), flet.run
    os.chdir(folder)
    os.environ["COMPANION_DATA_DIR"] = str(folder / "default-data")
    os.environ.pop("COMPANION_CLINIC", None)
    flet.run = lambda *args, **kwargs: None  # `serve` gets as far as starting the server, and returns
    try:
        yield folder
    finally:
        flet.run = old_run
        os.chdir(old_cwd)
        os.environ.clear()
        os.environ.update(old_env)
        shutil.rmtree(folder, ignore_errors=True)


def call(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `companion ARGV` run in this process; any other exception escapes."""
    out, err, old_stdin = io.StringIO(), io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse: --help, --version, usage errors
                code = exit_.code
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def assert_works_or_says_why(code, err: str, argv) -> None:
    assert "Traceback" not in err, (argv, err)
    assert code in (0, 2), (argv, code, err)
    if code == 0:
        return
    lines = err.strip().splitlines()
    assert lines, (argv, "exit 2 without a reason")
    if ARGPARSE_ERROR.match(lines[-1]):  # argparse: the usage, then one line saying what is wrong
        return
    assert lines[0].startswith("companion: ") and len(lines[0]) > len("companion: "), (argv, err)
    if len(lines) > 1:  # several problems in one file (a clinic configuration): a count, then one per line
        assert re.fullmatch(r"companion: \d+ problems:", lines[0]), (argv, err)
        assert len(lines) == 1 + int(lines[0].split()[1]), (argv, err)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def seeded_data(folder: Path) -> Path:
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann"})
    store.put_doc("ann", "plan", {"timezone": "Europe/London", "first_infusion": "2025-03-03T09:00"})
    store.save_entry("ann", {"id": "e1", "at": "2025-03-05T10:00:00+00:00", "temperature": {"value": 38.6,
                                                                                          "unit": "C"}})
    store.close()
    return folder


# ---- the readers -------------------------------------------------------------------------------------------
@FAST
@given(stdin=st.one_of(json_text(maybe(entries)), json_text(json_values), text))
@example(stdin='{"at": "2025-03-01T14:20:00+00:00[Europe]"}')
@example(stdin='{"temperature": {"value": 1e400, "unit": "C"}}')
@example(stdin="<deep>")
def test_triage_reads_any_standard_input(stdin):
    stdin = "[" * 100_000 if stdin == "<deep>" else stdin  # JSON nested deeper than Python's recursion limit
    with sandbox():
        code, out, err = call(["triage", "-"], stdin)
    assert_works_or_says_why(code, err, stdin)
    if code == 0:
        assert json.loads(out)["level"]


@FAST
@given(plan=st.one_of(json_text(maybe(plans)), text), start=maybe(local_times), span=st.sampled_from(
    ["2025-03-08T00:00", "2025-06-01T00:00", "2025-02-01T00:00", "bad"]))
@example(plan='{"timezone": "Europe", "first_infusion": "2025-03-01T09:00"}', start="2025-03-01T00:00",
         span="2025-06-01T00:00")
@example(plan='{"timezone": "' + "a" * 300 + '", "first_infusion": "2025-03-01T09:00"}', start="2025-03-01T00:00",
         span="2025-06-01T00:00")
def test_reminders_read_any_plan(plan, start, span):
    with sandbox() as folder:
        (folder / "plan.json").write_text(plan, encoding="utf-8")
        argv = ["reminders", "--plan", "plan.json", "--from", str(start), "--to", span]
        code, out, err = call(argv)
        assert_works_or_says_why(code, err, (plan, argv))
        if code == 0:
            assert isinstance(json.loads(out), list)
        code, _, err = call(argv + ["--ics", "out.ics"])
        assert_works_or_says_why(code, err, (plan, argv))


@FAST
@given(clinic=clinic_texts)
@example(clinic='name = "X"\nlogo = "' + "a" * 5000 + '"\n')
@example(clinic='name = "X"\nfever_threshold_c = nan\n')
def test_check_clinic_reads_any_file(clinic):
    with sandbox() as folder:
        (folder / "clinic.toml").write_text(clinic, encoding="utf-8")
        code, out, err = call(["check-clinic", "clinic.toml"])
    assert_works_or_says_why(code, err, clinic)
    if code == 0:
        assert out.startswith("OK: ")


@FAST
@given(clinic=clinic_texts, fmt=st.sampled_from(["md", "csv"]))
@example(clinic='name = "X"\nfever_threshold_c = 38.3\n', fmt="csv")
def test_rules_reads_any_clinic_file(clinic, fmt):
    with sandbox() as folder:
        (folder / "clinic.toml").write_text(clinic, encoding="utf-8")
        code, out, err = call(["rules", "--clinic", "clinic.toml", "--format", fmt])
    assert_works_or_says_why(code, err, clinic)
    if code == 0:
        assert out.startswith("# Triage rules" if fmt == "md" else "symptom_id,")
    else:
        assert out == "", "a refused clinic file still printed part of a table"


@FAST
@given(backup=st.one_of(json_text(maybe(backups)), json_text(json_values), text), replace=st.booleans())
@example(backup=json.dumps({"format": FORMAT, "version": 1, "created": "2025-03-01T00:00:00+00:00", "profiles": [
    {"profile": {"id": "ann", "name": "Ann"}, "plan": None, "settings": None, "reminders": None, "entries": [
        {"id": "e9", "at": "2025-03-01T14:20:00+00:00[Europe]"}]}]}), replace=False)
@example(backup=json.dumps({"format": FORMAT, "version": 1, "created": "2025-03-01T00:00:00+00:00", "profiles": [
    {"profile": {"id": "bob", "name": "Bob"}, "plan": None, "settings": {"x": float("nan")}, "reminders": None,
     "entries": []}]}), replace=True)
def test_import_reads_any_file_and_a_refused_import_changes_nothing(backup, replace):
    with sandbox() as folder:
        data = seeded_data(folder / "data")
        before = snapshot(data)
        (folder / "backup.json").write_text(backup, encoding="utf-8")
        argv = ["import", "backup.json", "--data-dir", "data"] + (["--replace"] if replace else [])
        code, out, err = call(argv)
        assert_works_or_says_why(code, err, backup)
        if code == 2:
            assert snapshot(data) == before, "a refused import changed the data folder"
            return
        assert json.loads(out)["mode"] == ("replace" if replace else "merge")
        # what was let in can be read back and taken out again
        code, out, err = call(["export", "--data-dir", "data", "--format", "json", "--out", "again.json"])
        assert code == 0, f"imported, but the export then fails: {err}"
        code, out, err = call(["profiles", "--data-dir", "data"])
        assert code == 0, f"imported, but listing profiles then fails: {err}"


# ---- every subcommand, every option -------------------------------------------------------------------------
def _subparsers():
    action = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


SUBCOMMANDS = sorted(_subparsers())


@functools.cache
def _template() -> Path:
    """Files a person might name, made once: a data folder, real files of each kind, garbage."""
    folder = Path(tempfile.mkdtemp(prefix="badinput-files-"))
    atexit.register(shutil.rmtree, folder, True)
    seeded_data(folder / "data")
    (folder / "garbage.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "empty").write_bytes(b"")
    (folder / "plan.json").write_text(json.dumps({"timezone": "Europe/London", "first_infusion": "2025-03-03T09:00"}))
    shutil.copy(ROOT / "data" / "clinic.example.toml", folder / "clinic.toml")
    (folder / "entry.json").write_text('{"temperature": {"value": 38.4, "unit": "C"}}')
    with sandbox() as work:
        shutil.copytree(folder / "data", work / "data")
        assert call(["export", "--data-dir", "data", "--format", "json", "--out", str(folder / "backup.json")])[0] == 0
    return folder


PATHS = ["data", "garbage.bin", "empty", "plan.json", "clinic.toml", "entry.json", "backup.json", ".",
         "missing.json", "-", "data/companion.json", "new-folder/x", "garbage.bin/x", "a" * 300]
argv_values = st.one_of(st.sampled_from(PATHS), st.sampled_from(
    ["2025-03-01", "2025-02-30", "2025-03-01T09:00", "0", "-1", "70000", "1e9", "ann", "Ann", "nobody", ""]), text)


@st.composite
def command_lines(draw):
    """`companion SUB [options] [positionals]` built from the parser's own options, with values of any kind."""
    name = draw(st.sampled_from(SUBCOMMANDS))
    parser = _subparsers()[name]
    argv = [name]
    for action in parser._actions:
        if action.option_strings and action.dest == "help":
            continue
        if not draw(st.booleans()):
            continue
        if action.nargs == 0:  # a flag
            argv.append(action.option_strings[0])
            continue
        value = draw(st.sampled_from(list(action.choices)) | argv_values if action.choices else argv_values)
        argv += [action.option_strings[0], value] if action.option_strings else [value]
    if draw(st.integers(0, 9)) == 0:  # now and then something the parser does not know
        argv.insert(draw(st.integers(1, len(argv))), draw(st.sampled_from(["--nope", "extra", "--", "-x"])))
    return argv


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=command_lines())
@example(argv=["serve", "--data-dir", "garbage.bin"])
@example(argv=["profiles", "--data-dir", "garbage.bin"])
@example(argv=["profiles", "--data-dir", "a" * 300])
@example(argv=["check-clinic", "~0"])  # "~user" of no such user: Python cannot expand it
@example(argv=["profiles", "--data-dir", "~nosuchuser/data"])
@example(argv=["export", "--data-dir", "data", "--format", "pdf", "--out", "a" * 300])
def test_every_subcommand_works_or_says_why(argv):
    with sandbox() as folder:
        shutil.copytree(_template(), folder, dirs_exist_ok=True)
        code, _, err = call(argv, stdin='{"symptoms": {"chills": 2}}')
    assert_works_or_says_why(code, err, argv)


# ---- a few real processes: what a shell user sees -------------------------------------------------------------
def run_real(args, stdin: bytes = b""):
    return subprocess.run([sys.executable, "-m", "companion", *map(str, args)], input=stdin, capture_output=True,
                          timeout=60, cwd=ROOT)


@pytest.mark.parametrize("args, stdin", [
    (["triage", "-"], b"\xff\xfe not utf-8"),
    (["triage", "-"], b'{"temperature": {"value": "hot"}}'),
    (["triage", "-"], b"[" * 100_000),
    (["reminders", "--plan", "{garbage}", "--from", "2025-03-01T00:00", "--to", "2025-04-01T00:00"], b""),
    (["check-clinic", "{garbage}"], b""),
    (["rules", "--clinic", "{garbage}"], b""),
    (["import", "{garbage}", "--data-dir", "{data}"], b""),
    (["--port", "0"], b""),
    (["no-such-command"], b""),
])
def test_real_process_says_why_in_one_line(tmp_path, args, stdin):
    garbage = tmp_path / "garbage"
    garbage.write_bytes(os.urandom(512) + b"\x00\xff")
    data = seeded_data(tmp_path / "data")
    before = snapshot(data)
    args = [a.replace("{garbage}", str(garbage)).replace("{data}", str(data)) for a in args]
    out = run_real(args, stdin)
    err = out.stderr.decode("utf-8")
    assert out.returncode == 2 and "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("companion") and (len(err.strip().splitlines()) == 1 or ARGPARSE_ERROR.match(last)), err
    assert snapshot(data) == before
