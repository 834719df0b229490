"""Read data/schedule.toml (sourced treatment-schedule values) into ReminderSettings."""

import tomllib
from pathlib import Path

from companion.core.errors import InputError
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason
from companion.core.reminders import ReminderSettings

DEFAULT_SCHEDULE = Path(__file__).resolve().parents[2] / "data" / "schedule.toml"


def load_schedule(path: Path = DEFAULT_SCHEDULE) -> dict[str, int]:
    """{name: value}; every entry must carry a non-empty `source`."""
    try:
        entries = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(N_("cannot read the schedule file ({why})."), str(path), why=os_reason(error)) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(N_("not valid TOML ({problem})."), str(path), problem=str(error)) from None
    values = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict) or "value" not in entry or not str(entry.get("source", "")).strip():
            raise InputError(N_("[{name}] needs a value and a source."), str(path), name=name)
        values[name] = entry["value"]
    return values


def load_schedule_settings(path: Path = DEFAULT_SCHEDULE) -> ReminderSettings:
    values = load_schedule(path)
    try:
        return ReminderSettings(
            premed_lead_minutes=values["premedication_lead_minutes"],
            capecitabine_days=values["capecitabine_days"],
            contraception_months_can_become_pregnant=values["contraception_months_can_become_pregnant"],
            contraception_months_partner=values["contraception_months_partner"],
            capecitabine_after_meal_minutes=values["capecitabine_after_meal_minutes"],
            capecitabine_dose_interval_hours=values["capecitabine_dose_interval_hours"],
        )
    except KeyError as missing:
        raise InputError(N_("[{name}] is missing."), str(path), name=missing.args[0]) from None


def reminder_settings(clinic, path: Path = DEFAULT_SCHEDULE) -> ReminderSettings:
    """The sourced schedule values, with the times and lead the clinic chose (validated in its file)."""
    from dataclasses import replace

    return replace(
        load_schedule_settings(path),
        premed_lead_minutes=clinic.premed_lead_minutes,
        no_grapefruit_time=clinic.reminder_times.no_grapefruit,
        infusion_eve_time=clinic.reminder_times.infusion_eve,
    )
