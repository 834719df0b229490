"""`companion triage [FILE|-] [--clinic CLINIC.toml]`: one diary entry (JSON) -> advice (JSON)."""

from __future__ import annotations

import json
from pathlib import Path

from companion.adapters.clock import local_zone_name, utc_now, zone
from companion.adapters.triage_file import load_rules
from companion.commands._jsonio import read_json
from companion.core.diary import parse_entry
from companion.core.triage import triage

NAME = "triage"
HELP = "read one symptom diary entry as JSON and say whom to call, why, and what to say"


def add_arguments(parser) -> None:
    parser.add_argument("file", nargs="?", default="-",
                        help='entry as JSON, e.g. {"temperature": {"value": 38.4, "unit": "C"}, '
                             '"symptoms": {"chills": 2}}; "-" or nothing reads standard input')
    parser.add_argument("--clinic", default=None, help="clinic.toml whose fever threshold to use (default 38.0 °C)")


def run(args) -> int:
    data = read_json(args.file)
    if isinstance(data, dict):
        data = {"id": "cli", "at": utc_now().astimezone(zone(local_zone_name())).isoformat(), **data}
    rules = load_rules()
    entry = parse_entry(data, vocabulary=rules.symptoms)
    threshold = None
    if args.clinic:
        from companion.adapters.clinic_file import load_clinic

        threshold = load_clinic(Path(args.clinic)).fever_threshold_c
    advice = triage(entry, rules, threshold)
    print(json.dumps({
        "level": advice.level.id,
        "reasons": [{"finding": r.finding, "level": r.level.id, "text": r.text, "source": r.source}
                    for r in advice.reasons],
        "message": advice.message,
        "say": advice.say,
    }, indent=2, ensure_ascii=False))
    return 0
