"""`companion triage [FILE|-] [--clinic CLINIC.toml]`: one diary entry (JSON) -> advice (JSON), with the
clinic's fever threshold as the app uses it."""

from __future__ import annotations

import json

from companion.adapters.catalogs import translator
from companion.adapters.clock import local_zone_name, utc_now, zone
from companion.commands._jsonio import read_json
from companion.core.diary import parse_entry
from companion.core.i18n import LANGUAGES
from companion.core.triage import triage

NAME = "triage"
HELP = "read one symptom diary entry as JSON and say whom to call, why, and what to say"


def add_arguments(parser) -> None:
    parser.add_argument("file", nargs="?", default="-",
                        help='entry as JSON, e.g. {"temperature": {"value": 38.4, "unit": "C"}, '
                             '"symptoms": {"chills": 2}}; "-" or nothing reads standard input')
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the texts (ids and levels are the same in every language; default en)")
    parser.add_argument("--clinic", default=None,
                        help="clinic.toml whose fever threshold to use (or COMPANION_CLINIC; default 38.0 °C)")


def run(args) -> int:
    from companion.app import AppConfig, build_services

    data = read_json(args.file)
    if isinstance(data, dict):
        data = {"id": "cli", "at": utc_now().astimezone(zone(local_zone_name())).isoformat(), **data}
    services = build_services(AppConfig.for_clinic(args.clinic))
    entry = parse_entry(data, vocabulary=services.rules.symptoms)
    advice = triage(entry, services.rules, services.clinic.fever_threshold_c, translator(args.lang))
    print(json.dumps({
        "lang": args.lang,
        "level": advice.level.id,
        "title": advice.level.worded(translator(args.lang)),
        "reasons": [{"finding": r.finding, "level": r.level.id, "text": r.text, "source": r.source}
                    for r in advice.reasons],
        "message": advice.message,
        "say": advice.say,
    }, indent=2, ensure_ascii=False))
    return 0
