"""`companion check-clinic FILE`: validate a clinic.toml and summarise it."""

from __future__ import annotations

import os

from companion.adapters.clinic_file import load_clinic, resolve_clinic_path
from companion.core.clinic import Clinic
from companion.core.triage import in_both_units

NAME = "check-clinic"
HELP = "check a clinic.toml and list every problem in it"


def add_arguments(parser) -> None:
    parser.add_argument(
        "file", nargs="?", default=None,
        help="clinic file (default: $COMPANION_CLINIC, else the bundled data/clinic.toml, else the default)",
    )


def run(args) -> int:
    path = resolve_clinic_path(args.file, os.environ)
    clinic = load_clinic(path)  # raises ClinicError: the CLI prints every problem, exits 2
    print(f"OK: {path}")
    print(summary(clinic))
    return 0


def summary(clinic: Clinic) -> str:
    """A few lines a person can check against what the clinic meant."""
    times = clinic.reminder_times
    lines = [
        f"Clinic: {clinic.name} (short name: {clinic.short_name})",
        f"Colour: {clinic.seed_color}    Logo: {clinic.logo or 'none'}",
        "Phones:",
        *(f"  {p.kind:<15} {p.number:<18} {p.label}" for p in clinic.phones),
    ]
    if clinic.phone("oncology_24h") is None:
        lines.append("  (no 24-hour oncology line: patients must add their care team's number)")
    lines += [
        f"Fever threshold: {in_both_units(clinic.fever_threshold_c)}",
        f"Premedication reminder: {clinic.premed_lead_minutes} minutes before the infusion",
        f"Auto-lock with a PIN: after {clinic.auto_lock_minutes} minute{'s' if clinic.auto_lock_minutes != 1 else ''} "
        "without use",
        "Reminder times: "
        f"no grapefruit {times.no_grapefruit:%H:%M}, infusion eve {times.infusion_eve:%H:%M}, "
        f"contraception {times.contraception:%H:%M}, "
        f"capecitabine {' and '.join(f'{t:%H:%M}' for t in times.capecitabine)}",
        f"Temperature unit: °{clinic.temperature_unit}    Locale: {clinic.locale or 'not set'}",
        f"Languages offered: {', '.join(clinic.languages)} (the first is the default)",
        f"Notes for the Learn screen: {len(clinic.notes)}",
    ]
    return "\n".join(lines)
