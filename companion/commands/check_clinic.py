"""`companion check-clinic FILE`: validate a clinic.toml and summarise it, in the command's language (the
problems keep their field paths; the clinic's own words are shown as the clinic wrote them)."""

from __future__ import annotations

import os

from companion.adapters.clinic_file import load_clinic, resolve_clinic_path
from companion.core.clinic import Clinic
from companion.core.i18n import ENGLISH, N_, Translator
from companion.core.triage import in_both_units

NAME = "check-clinic"
HELP = N_("check a clinic.toml and list every problem in it")


def add_arguments(parser) -> None:
    parser.add_argument(
        "file", nargs="?", default=None,
        help=N_("clinic file (default: $COMPANION_CLINIC, else the bundled data/clinic.toml, else the default)"),
    )


def run(args) -> int:
    t = getattr(args, "t", ENGLISH)
    path = resolve_clinic_path(args.file, os.environ)
    clinic = load_clinic(path)  # raises ClinicError: the CLI prints every problem, exits 2
    print(t.gettext(N_("OK: {file}")).format(file=path))
    print(summary(clinic, t))
    return 0


def summary(clinic: Clinic, t: Translator = ENGLISH) -> str:
    """A few lines a person can check against what the clinic meant."""
    times = clinic.reminder_times
    say = lambda message, **params: t.gettext(message).format(**params)  # noqa: E731
    lines = [
        say(N_("Clinic: {name} (short name: {short_name})"), name=clinic.name, short_name=clinic.short_name),
        say(N_("Colour: {colour}    Logo: {logo}"), colour=clinic.seed_color, logo=clinic.logo) if clinic.logo
        else say(N_("Colour: {colour}    Logo: none"), colour=clinic.seed_color),
        say(N_("Phones:")),
    ]
    for p in clinic.phones:
        lines.append(f"  {p.kind:<15} {p.number:<18} {p.label}")
        lines += [f"  {'':<34} {code}: {label}" for code, label in p.labels]
    for code in clinic.languages[1:]:  # the labels are written in the first (default) language
        unworded = [p.label for p in clinic.phones if code not in dict(p.labels)]
        if unworded:  # a reader of that language sees them as written: the clinic may add `labels`
            lines.append("  " + say(N_("(no {language} label, shown as written: {labels})"), language=code,
                                    labels="; ".join(unworded)))
    if clinic.phone("oncology_24h") is None:
        lines.append("  " + say(N_("(no 24-hour oncology line: patients must add their care team's number)")))
    lines += [
        say(N_("Fever threshold: {threshold}"), threshold=in_both_units(clinic.fever_threshold_c)),
        say(N_("Premedication reminder: {minutes} minutes before the infusion"), minutes=clinic.premed_lead_minutes),
        t.ngettext("Auto-lock with a PIN: after {minutes} minute without use",
                   "Auto-lock with a PIN: after {minutes} minutes without use",
                   clinic.auto_lock_minutes).format(minutes=clinic.auto_lock_minutes),
        say(N_("Reminder times: no grapefruit {no_grapefruit}, infusion eve {infusion_eve}, contraception "
               "{contraception}, capecitabine {first} and {second}"),
            no_grapefruit=f"{times.no_grapefruit:%H:%M}", infusion_eve=f"{times.infusion_eve:%H:%M}",
            contraception=f"{times.contraception:%H:%M}", first=f"{times.capecitabine[0]:%H:%M}",
            second=f"{times.capecitabine[-1]:%H:%M}"),
        say(N_("Temperature unit: {unit}    Locale: {locale}"), unit=f"°{clinic.temperature_unit}",
            locale=clinic.locale or t.gettext(N_("not set"))),
        say(N_("Languages offered: {languages} (the first is the default)"), languages=", ".join(clinic.languages)),
        say(N_("Notes for the Learn screen: {count}"), count=len(clinic.notes)),
    ]
    return "\n".join(lines)
