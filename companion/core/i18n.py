"""Languages: which one a patient reads, and the translator the texts are worded with (pure).

Every text a patient or a clinic reads is an English message id looked up in a gettext catalog
(companion/locale/, made with Babel: `make catalogs`). Core functions that word a text take a `Translator`
(`ENGLISH` by default); the adapters load the catalogs (adapters/catalogs.py). Numbers, thresholds, units,
levels and ids never depend on the language: only words do.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol

from companion.core.errors import InputError

LANGUAGES = {"en": "English", "es": "Español"}  # what ships; a clinic may add one (README "For clinics")
DEFAULT = "en"


class Translator(Protocol):
    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class _English:
    """The message ids themselves."""

    language = "en"

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


ENGLISH = _English()


def N_(message: str) -> str:
    """Marks a text for the catalog where it is defined; it is translated where it is shown."""
    return message


def check_language(code: object, known: Iterable[str] = LANGUAGES) -> str:
    """A language code the app has catalogs for; InputError otherwise."""
    known = list(known)
    if not isinstance(code, str) or code not in known:
        raise InputError(N_("choose one of {known}, not {value}."), "language", known=", ".join(known), value=repr(code))
    return code


def choose(patient: str | None, clinic: str | None, device: Iterable[str] = (),
           known: Iterable[str] = LANGUAGES) -> str:
    """The patient's own choice, else the device's first language the app has (its locale, "es-MX" ->
    "es"), else the clinic's default, else English."""
    known = set(known)
    if patient in known:
        return patient
    for locale in device:
        code = str(locale).replace("_", "-").split("-")[0].lower()
        if code in known:
            return code
    return clinic if clinic in known else DEFAULT


# -- dates, worded through the catalog (no locale module, no strftime for names) ----------------------

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))
SHORT_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
# "May" is both the month and its short form: one message id, one translation for both.
SHORT_MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
                N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


def _names(day: date, t: Translator) -> dict[str, object]:
    return {"weekday": t.gettext(WEEKDAYS[day.weekday()]), "day": day.day,
            "month": t.gettext(MONTHS[day.month - 1])}


def long_date(day: date, t: Translator = ENGLISH) -> str:
    """"Tuesday 10 March" (Spanish "martes 10 de marzo")."""
    return t.gettext("{weekday} {day} {month}").format(**_names(day, t))


def on_date(day: date, t: Translator = ENGLISH) -> str:
    """"on Tuesday 10 March" (Spanish "el martes 10 de marzo")."""
    return t.gettext("on {weekday} {day} {month}").format(**_names(day, t))


def for_date(day: date, t: Translator = ENGLISH) -> str:
    """"for Tuesday 10 March", as in "planned for..." (Spanish "para el martes 10 de marzo")."""
    return t.gettext("for {weekday} {day} {month}").format(**_names(day, t))


def short_date(day: date, t: Translator = ENGLISH) -> str:
    """"Tue 03 Mar" (the day on two digits; Spanish "mar 03 mar")."""
    return t.gettext("{short_weekday} {day} {short_month}").format(
        short_weekday=t.gettext(SHORT_WEEKDAYS[day.weekday()]), day=f"{day.day:02d}",
        short_month=t.gettext(SHORT_MONTHS[day.month - 1]))


def full_date(day: date, t: Translator = ENGLISH) -> str:
    """"20 August 2026" (Spanish "20 de agosto de 2026")."""
    return t.gettext("{day} {month} {year}").format(day=day.day, month=t.gettext(MONTHS[day.month - 1]),
                                                    year=day.year)


def day_month(day: date, t: Translator = ENGLISH) -> str:
    """"03 Mar" (the day on two digits; Spanish "03 mar"), as a chart's axis marks days."""
    return t.gettext("{day} {short_month}").format(day=f"{day.day:02d}",
                                                   short_month=t.gettext(SHORT_MONTHS[day.month - 1]))


def day_month_year(day: date, t: Translator = ENGLISH) -> str:
    """"03 Mar 2025" (Spanish "03 mar 2025"), as the clinic report dates its lines."""
    return t.gettext("{day} {short_month} {year}").format(day=f"{day.day:02d}",
                                                          short_month=t.gettext(SHORT_MONTHS[day.month - 1]),
                                                          year=day.year)


def day_time(moment: datetime, t: Translator = ENGLISH, *, year: bool = False) -> str:
    """"03 Mar 14:30" (a chart's reading), with `year` "03 Mar 2025 14:30" (a report's line); Spanish "03 mar"."""
    day = day_month_year(moment.date(), t) if year else day_month(moment.date(), t)
    return t.gettext("{date} {time}").format(date=day, time=f"{moment:%H:%M}")


def date_time(moment: datetime, t: Translator = ENGLISH, *, year: bool = False) -> str:
    """"Tue 03 Mar, 14:30" in the moment's own zone (Spanish "mar 03 mar, 14:30"); with `year` "Tue 03 Mar
    2026, 14:30". Times on 24 hours in every language, as the app writes them everywhere."""
    if year:
        return t.gettext("{date} {year}, {time}").format(date=short_date(moment.date(), t), year=moment.year,
                                                         time=f"{moment:%H:%M}")
    return t.gettext("{date}, {time}").format(date=short_date(moment.date(), t), time=f"{moment:%H:%M}")
