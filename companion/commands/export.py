"""`companion export --format json|csv|pdf --out FILE`: a backup, or a report to bring to the clinic."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

from companion import ownership
from companion.commands import _damage
from companion.adapters import paths
from companion.adapters.atomic_storage import write_atomic
from companion.adapters.clinic_file import load_clinic, resolve_clinic_path
from companion.adapters.clock import utc_now
from companion.adapters.triage_file import load_rules
from companion.core.backup import to_json_dict
from companion.core.errors import InputError
from companion.core.overview import report_bounds, report_zone
from companion.records import PatientRecord

NAME = "export"
HELP = "export a backup (json) or a diary report for the clinic (csv, pdf)"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_arguments(parser) -> None:
    parser.add_argument("--data-dir", default=None, help="the app's data folder (default: the app's own)")
    parser.add_argument("--format", required=True, choices=("json", "csv", "pdf"))
    parser.add_argument("--out", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--profile", metavar="NAME", help="profile name or id (json: all profiles without it)")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day of the report (csv, pdf)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day of the report, included")
    parser.add_argument("--clinic", default=None, help="clinic.toml whose name and fever threshold to use")


def run(args) -> int:
    # read only: works while the app runs, and sees one consistent state until store.close()
    store = ownership.open_store(paths.resolve_data_dir(args.data_dir), write=False)
    try:
        return _export(args, store)
    finally:
        store.close()  # also when the data is refused: the app's next save must not wait for us


def _export(args, store) -> int:
    now = utc_now()
    if args.format == "json":
        if args.start or args.end:
            raise InputError("--from and --to apply to csv and pdf reports; a json backup holds everything.")
        ids = [ownership.find_profile(store, args.profile)["id"]] if args.profile else None
        backup = ownership.export_backup(store, now, ids)
        _damage.stop_if_unread(store, "The backup", ids)
        store.close()
        data = json.dumps(to_json_dict(backup), indent=2, ensure_ascii=False).encode("utf-8")
        counts = {"profiles": len(backup.profiles), "entries": sum(len(p.entries) for p in backup.profiles)}
    else:
        profile = ownership.find_profile(store, args.profile)
        rules = load_rules()
        record = PatientRecord(store, profile["id"], rules.symptoms)
        plan = record.plan()
        zone = report_zone(plan)
        everything = record.entries()
        first = _day(args.start, "--from") or (everything[0].at.astimezone(zone).date() if everything
                                                else now.astimezone(zone).date())
        last = _day(args.end, "--to") or max([first] + [e.at.astimezone(zone).date() for e in everything[-1:]])
        if last < first:
            raise InputError(f"--to ({last}) must not be before --from ({first}).")
        start, end = report_bounds(first, last, zone)
        entries = record.entries(start, end)
        _damage.stop_if_unread(store, "The report", [profile["id"]])
        store.close()  # everything the report needs has been read
        clinic = load_clinic(resolve_clinic_path(args.clinic, os.environ))
        from companion.adapters.report import csv_report, pdf_report  # fpdf is heavy: load it only here

        if args.format == "csv":
            data = csv_report(entries=entries, rules=rules, fever_threshold_c=clinic.fever_threshold_c).encode()
        else:
            data = pdf_report(clinic=clinic, profile=profile, plan=plan, entries=entries, rules=rules,
                              fever_threshold_c=clinic.fever_threshold_c, start=start, end=end, now=now)
        counts = {"profile": profile["name"], "from": str(first), "to": str(last), "entries": len(entries)}
    out = Path(args.out)
    try:
        write_atomic(out, data)
    except OSError as error:
        raise InputError(f"{out}: cannot write the file ({error.strerror or error}).") from None
    print(json.dumps({"out": str(out), "format": args.format, **counts}, indent=2, ensure_ascii=False))
    return _damage.warn(store)  # 3 when damaged data was found on the way (one line each on stderr)


def _day(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{flag}: {text} is not a real date.") from None
    raise InputError(f"{flag}: expected a date like 2025-03-01, got {text!r}.")
