"""`companion reminders`: the reminders of a treatment plan in a window, as JSON or an .ics file, at the
times the app shows them (the clinic's premedication lead time and reminder times). The JSON's title and
body are in the command's language, as read at each reminder's own time; keys, kinds and times never
change. The calendar file is worded in the same language."""

import json
from pathlib import Path

from companion.commands._jsonio import read_json
from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, N_
from companion.core.os_reasons import os_reason
from companion.core.plan import Plan, parse_local_datetime, parse_plan

NAME = "reminders"
HELP = N_("list the reminders of a treatment plan between two local times (JSON), or write them as .ics")


def add_arguments(parser) -> None:
    parser.add_argument("--plan", required=True, metavar="PLAN.json", help=N_("treatment plan (JSON)"))
    parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DDTHH:MM",
                        help=N_("start, local time in the plan's time zone (included)"))
    parser.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DDTHH:MM",
                        help=N_("end, local time in the plan's time zone (excluded)"))
    parser.add_argument("--ics", metavar="OUT.ics", help=N_("write an iCalendar file instead of printing JSON"))
    parser.add_argument("--clinic", default=None,
                        help=N_("clinic.toml whose premedication lead time and reminder times to use "
                                "(or COMPANION_CLINIC)"))


def load_plan(path: str | Path) -> Plan:
    """Read and check PLAN.json; every problem becomes one InputError line naming the file."""
    data = read_json(str(path))
    try:
        return parse_plan(data)
    except InputError as error:
        raise InputError(N_("{file}: {problem}"), file=path, problem=error) from None


def run(args) -> int:
    from companion.app import AppConfig, build_services
    from companion.services.reminders import calendar_file, own_time_words

    plan = load_plan(args.plan)
    start = parse_local_datetime(args.start, "--from", plan.zone)
    end = parse_local_datetime(args.end, "--to", plan.zone)
    if end <= start:
        raise InputError(N_("--to ({end}) must be later than --from ({start})."), end=args.end, start=args.start)
    services = build_services(AppConfig.for_clinic(args.clinic))
    occurrences = services.reminders.between(plan, start, end)
    t = getattr(args, "t", ENGLISH)
    if args.ics:
        try:
            Path(args.ics).write_bytes(calendar_file(occurrences, f"Ixempra reminders ({Path(args.plan).stem})", t=t))
        except OSError as error:
            raise InputError(N_("{file}: cannot write the calendar ({why})."), file=args.ics,
                             why=os_reason(error)) from None
        print(json.dumps({"ics": args.ics, "events": len(occurrences)}, indent=2, ensure_ascii=False))
        return 0
    items = [{"key": o.key, "kind": o.kind, "at": o.at.isoformat(), "cycle": o.cycle,
              **dict(zip(("title", "body"), own_time_words(o, t)))} for o in occurrences]
    print(json.dumps(items, indent=2, ensure_ascii=False))
    return 0
