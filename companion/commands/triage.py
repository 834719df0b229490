"""`companion triage [FILE|-] [--clinic CLINIC.toml] [--lang CODE]`: one diary entry (JSON) -> advice (JSON),
with the clinic's fever threshold as the app uses it. Ids, levels and sources are the same in every
language; title, texts, message and say are in the command's language (--lang, else the environment's)."""

from __future__ import annotations

import json

from companion.adapters.clock import local_zone_name, utc_now, zone
from companion.commands._jsonio import read_json
from companion.core.diary import parse_entry
from companion.core.i18n import DEFAULT, ENGLISH, N_
from companion.core.triage import triage

NAME = "triage"
HELP = N_("read one symptom diary entry as JSON and say whom to call, why, and what to say")


def add_arguments(parser) -> None:
    parser.add_argument("file", nargs="?", default="-",
                        help=N_('entry as JSON, e.g. {"temperature": {"value": 38.4, "unit": "C"}, '
                                '"symptoms": {"chills": 2}}; "-" or nothing reads standard input'))
    parser.add_argument("--clinic", default=None,
                        help=N_("clinic.toml whose fever threshold to use (or COMPANION_CLINIC; default 38.0 °C)"))


def run(args) -> int:
    from companion.app import AppConfig, build_services

    data = read_json(args.file)
    if isinstance(data, dict):
        data = {"id": "cli", "at": utc_now().astimezone(zone(local_zone_name())).isoformat(), **data}
    services = build_services(AppConfig.for_clinic(args.clinic))
    entry = parse_entry(data, vocabulary=services.rules.symptoms)
    t = getattr(args, "t", ENGLISH)
    advice = triage(entry, services.rules, services.clinic.fever_threshold_c, t)
    print(json.dumps({
        "lang": getattr(args, "lang", None) or DEFAULT,
        "level": advice.level.id,
        "title": advice.level.worded(t),
        "reasons": [{"finding": r.finding, "level": r.level.id, "text": r.text, "source": r.source}
                    for r in advice.reasons],
        "message": advice.message,
        "say": advice.say,
    }, indent=2, ensure_ascii=False))
    return 0
