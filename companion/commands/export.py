"""`companion export --format json|csv|pdf --out FILE`: a backup, or a report to bring to the clinic (in the
command's language: --lang, else the environment's; a backup holds data, not words)."""

from __future__ import annotations

import json
from pathlib import Path

from companion.adapters import paths
from companion.adapters.atomic_storage import write_atomic
from companion.adapters.clock import utc_now
from companion.commands import _damage
from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, N_
from companion.core.os_reasons import os_reason
from companion.core.overview import parse_day, report_zone
from companion.services import ownership, reports

NAME = "export"
HELP = N_("export a backup (json) or a diary report for the clinic (csv, pdf)")


def add_arguments(parser) -> None:
    parser.add_argument("--data-dir", default=None, help=N_("the app's data folder (default: the app's own)"))
    parser.add_argument("--format", required=True, choices=("json", "csv", "pdf"),
                        help=N_("json: a backup of everything; csv, pdf: a diary report for the clinic"))
    parser.add_argument("--out", required=True, metavar="FILE", help=N_("file to write"))
    parser.add_argument("--profile", metavar="NAME", help=N_("profile name or id (json: all profiles without it)"))
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help=N_("first day of the report (csv, pdf)"))
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help=N_("last day of the report, included"))
    parser.add_argument("--clinic", default=None,
                        help=N_("clinic.toml whose name and fever threshold to use (or COMPANION_CLINIC), "
                                "as the app does"))


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
            raise InputError(N_("--from and --to apply to csv and pdf reports; a json backup holds everything."))
        ids = [ownership.find_profile(store, args.profile)["id"]] if args.profile else None
        backup = ownership.export_backup(store, now, ids)
        _damage.stop_if_unread(store, _damage.BACKUP, ids)
        store.close()
        data = ownership.backup_bytes(backup)
        counts = {"profiles": len(backup.profiles), "entries": sum(len(p.entries) for p in backup.profiles)}
    else:
        from companion.app import AppConfig, build_services

        profile = ownership.find_profile(store, args.profile)
        # the app's own services over this read-only store: the clinic as the app chooses it, its rules
        services = build_services(AppConfig.from_environment(args.data_dir, args.clinic), store)
        record = services.record(profile["id"])
        plan = record.plan()
        zone = report_zone(plan)
        everything = record.entries()
        first = _day(args.start, "--from") or (everything[0].at.astimezone(zone).date() if everything
                                                else now.astimezone(zone).date())
        last = _day(args.end, "--to") or max([first] + [e.at.astimezone(zone).date() for e in everything[-1:]])
        period = reports.period(plan, first, last, ("--from", "--to"))
        entries = record.entries(period.start, period.end)
        _damage.stop_if_unread(store, _damage.REPORT, [profile["id"]])
        store.close()  # everything the report needs has been read
        data = reports.clinic_report(args.format, clinic=services.clinic, rules=services.rules, profile=profile,
                                     plan=plan, entries=entries, period=period, now=now,
                                     t=getattr(args, "t", ENGLISH))  # the command's language
        counts = {"profile": profile["name"], "from": str(first), "to": str(last), "entries": len(entries)}
    out = Path(args.out)
    try:
        write_atomic(out, data)
    except OSError as error:
        raise InputError(N_("{file}: cannot write the file ({why})."), file=out, why=os_reason(error)) from None
    print(json.dumps({"out": str(out), "format": args.format, **counts}, indent=2, ensure_ascii=False))
    return _damage.warn(store, getattr(args, "t", ENGLISH))  # 3 when damaged data was found (a line each on stderr)


def _day(text: str | None, flag: str):
    return None if text is None else parse_day(text, flag)
