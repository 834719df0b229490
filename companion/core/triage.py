"""Triage: one diary entry -> whom to call now, why, and what to say.

The rules are data (data/triage.toml, each with its source); this module applies them:
- each finding (temperature, each symptom at its severity) gets a level;
- two or more "call today" findings together make "call now" (UKONS: multiple ambers = red);
- the advice is the highest level, with every reason, most severe first.
Adding a symptom or raising a severity never lowers the level; nor does raising a temperature
that is at or above the low-temperature line (a reading below it is a finding of its own).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from companion.core.diary import SEVERITY_WORDS, SYMPTOM_IDS, Entry, fahrenheit
from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, N_, Translator

GROUPS = ("emergency", "infection", "allergy", "stomach", "nerves_skin", "other")  # checklist order
# Emergency at every severity from mild up, whatever else is recorded (the loader refuses rules that differ).
ALWAYS_EMERGENCY = ("breathing_trouble", "swelling_face_throat_tongue", "chest_pain", "fainting")
# No source we cite puts the call line for a fever above 38.0 °C (CDC: 100.4 °F / 38 °C or higher, call right
# away); neutropenic sepsis can kill within hours. A reading at or above it is call_now whatever threshold
# a clinic file or a caller gives: a clinic may only lower the line.
FEVER_FLOOR_C = 38.0
_EPSILON = 1e-9  # 100.4 °F is 38.0 °C, whatever the floating point says


class Level(IntEnum):
    MONITOR = 0
    CALL_TODAY = 1
    CALL_NOW = 2
    EMERGENCY = 3

    @property
    def id(self) -> str:
        return self.name.lower()

    @property
    def title(self) -> str:
        return _TITLES[self]

    def worded(self, t: Translator = ENGLISH) -> str:
        """The title in the patient's language."""
        return t.gettext(_TITLES[self])

    @classmethod
    def from_id(cls, text: str) -> "Level":
        try:
            return cls[text.upper()]
        except (KeyError, AttributeError):
            raise InputError(N_("unknown level {level}; use {known}"), level=repr(text),
                             known=", ".join(level.id for level in cls)) from None


_TITLES = {
    Level.MONITOR: N_("Keep monitoring"),
    Level.CALL_TODAY: N_("Call your care team today"),
    Level.CALL_NOW: N_("Call your 24-hour line now"),
    Level.EMERGENCY: N_("Emergency"),
}
MESSAGES = {
    Level.MONITOR: N_("Keep recording how you feel. Call your care team if anything gets worse or worries you."),
    Level.CALL_TODAY: N_("Call your care team today."),
    Level.CALL_NOW: N_("Call your 24-hour oncology line now. Do not wait until the morning."),
    Level.EMERGENCY: N_("Call emergency services now. When you can, also tell your oncology team."),
}
INTRO = N_("I am being treated with Ixempra (ixabepilone).")


@dataclass(frozen=True)
class Symptom:
    id: str
    label: str  # for the checklist: "Shivering or chills"
    hint: str
    group: str
    levels: tuple[Level, Level, Level, Level, Level]  # the level for severity 0-4
    why: str
    source: str
    pro_ctcae: str = ""  # the NCI PRO-CTCAE item it matches ("17 PAIN IN THE ABDOMEN (BELLY AREA) ..."), if any

    def phrase(self, severity: int, t: Translator = ENGLISH) -> str:
        """'shivering or chills (moderate)'"""
        label = t.gettext(self.label)
        return f"{label[:1].lower()}{label[1:]} ({t.gettext(SEVERITY_WORDS[severity])})"


@dataclass(frozen=True)
class TriageRules:
    symptoms: Mapping[str, Symptom]  # in checklist order
    fever_source: str
    two_ambers_source: str
    fever_default_c: float
    fever_range_c: tuple[float, float]  # what a clinic may set
    low_temperature_c: float
    low_temperature_source: str
    ambers_to_escalate: int = 2

    def __post_init__(self):
        _check(self)


@dataclass(frozen=True)
class Reason:
    finding: str  # "temperature", a symptom id, or "two_ambers"
    level: Level
    text: str  # "because you recorded 38.4 °C (at or above 38.0 °C)"
    source: str


@dataclass(frozen=True)
class Advice:
    level: Level
    reasons: tuple[Reason, ...]  # most severe first
    message: str  # what to do now
    say: str  # what to tell them


def triage(entry: Entry, rules: TriageRules, fever_threshold_c: float | None = None,
           t: Translator = ENGLISH) -> Advice:
    """The advice for one entry, worded by `t`; the fever threshold defaults to the rules' (38.0 °C).

    A threshold above FEVER_FLOOR_C is held at the floor: no setting can make a fever wait. The language
    changes words only: the levels, the findings and the numbers are the same in every language.
    """
    threshold = rules.fever_default_c if fever_threshold_c is None else fever_threshold_c
    low, _ = rules.fever_range_c
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not threshold >= low:
        raise InputError(N_("{value} °C is below {low} °C or not a number"), "fever threshold", value=repr(threshold),
                         low=f"{low:g}")
    threshold = min(threshold, FEVER_FLOOR_C)
    unknown = [s for s in entry.symptoms if s not in rules.symptoms]
    if unknown:
        raise InputError(N_("{symptom} is not a known symptom id"), "symptoms", symptom=repr(unknown[0]))

    reasons = _temperature_reasons(entry, rules, threshold, t)
    for symptom_id, severity in entry.symptoms.items():
        symptom = rules.symptoms[symptom_id]
        level = symptom.levels[severity]
        if level > Level.MONITOR:
            reasons.append(Reason(symptom_id, level,
                                  t.gettext("because you recorded {finding}").format(
                                      finding=symptom.phrase(severity, t)),
                                  symptom.source))
    ambers = sum(r.level == Level.CALL_TODAY for r in reasons)
    if ambers >= rules.ambers_to_escalate:
        reasons.append(Reason("two_ambers", Level.CALL_NOW,
                              t.gettext("because you recorded {count} findings that each need a call today: "
                                        "together they need a call now").format(count=ambers),
                              rules.two_ambers_source))

    order = {symptom_id: i for i, symptom_id in enumerate(rules.symptoms)}
    reasons.sort(key=lambda r: (-r.level, order.get(r.finding, -1 if r.finding == "temperature" else len(order))))
    level = max((r.level for r in reasons), default=Level.MONITOR)
    return Advice(level, tuple(reasons), t.gettext(MESSAGES[level]), _say(entry, rules, t))


def in_unit(celsius: float, unit: str) -> str:
    """A Celsius threshold in the unit the person uses: '38.0 °C' or '100.4 °F'."""
    return f"{celsius:.1f} °C" if unit == "C" else f"{fahrenheit(celsius):.1f} °F"


def in_both_units(celsius: float) -> str:
    """'38.0 °C (100.4 °F)'"""
    return f"{in_unit(celsius, 'C')} ({in_unit(celsius, 'F')})"


def amber_examples(rules: TriageRules) -> dict[str, int]:
    """Enough different symptoms, each at its lowest 'call today' severity, to trigger the two-ambers rule
    (for showing the rule: the rules table, the drug text); {} when the rules do not have that many."""
    found = {}
    for symptom in rules.symptoms.values():
        if Level.CALL_TODAY in symptom.levels:
            found[symptom.id] = symptom.levels.index(Level.CALL_TODAY)
        if len(found) == rules.ambers_to_escalate:
            return found
    return {}


def _temperature_reasons(entry: Entry, rules: TriageRules, threshold: float, t: Translator) -> list[Reason]:
    reading = entry.temperature
    if reading is None:
        return []
    if reading.celsius >= threshold - _EPSILON:
        return [Reason("temperature", Level.CALL_NOW,
                       t.gettext("because you recorded {reading} (at or above {threshold})").format(
                           reading=reading, threshold=in_unit(threshold, reading.unit)),
                       rules.fever_source)]
    if reading.celsius < rules.low_temperature_c - _EPSILON:
        return [Reason("temperature", Level.CALL_NOW,
                       t.gettext("because you recorded {reading} (below {threshold})").format(
                           reading=reading, threshold=in_unit(rules.low_temperature_c, reading.unit)),
                       rules.low_temperature_source)]
    return []


def _say(entry: Entry, rules: TriageRules, t: Translator = ENGLISH) -> str:
    """'I am being treated with Ixempra (ixabepilone). I recorded 38.4 °C and chills (moderate) at 14:20.'"""
    order = list(rules.symptoms)
    recorded = sorted(entry.symptoms.items(),
                      key=lambda item: (-rules.symptoms[item[0]].levels[item[1]], order.index(item[0])))
    findings = [str(entry.temperature)] if entry.temperature else []
    findings += [rules.symptoms[s].phrase(severity, t) for s, severity in recorded]
    if not findings:
        return t.gettext(INTRO)
    listed = findings[0] if len(findings) == 1 else t.gettext("{first} and {last}").format(
        first=", ".join(findings[:-1]), last=findings[-1])
    return t.gettext("{intro} I recorded {findings} at {time}.").format(
        intro=t.gettext(INTRO), findings=listed, time=f"{entry.at:%H:%M}")


RULES = "triage rules"  # names the rules in their errors: "triage rules [fever]: ..."


def _check(rules: TriageRules) -> None:
    """The safety rules the data must keep; InputError names the first one broken."""
    ids = list(rules.symptoms)
    missing = [s for s in SYMPTOM_IDS if s not in ids]
    extra = [s for s in ids if s not in SYMPTOM_IDS]
    if missing or extra:
        raise InputError(N_("symptom ids differ from the diary's: missing {missing}, unknown {extra}"), RULES,
                         missing=str(missing), extra=str(extra))
    for symptom_id, symptom in rules.symptoms.items():
        where = f"{RULES} [symptoms.{symptom_id}]"
        if symptom.id != symptom_id:
            raise InputError(N_("id is {id}"), where, id=repr(symptom.id))
        if symptom.group not in GROUPS:
            raise InputError(N_("group {group} is not one of {groups}"), where, group=repr(symptom.group),
                             groups=", ".join(GROUPS))
        if not (symptom.label.strip() and symptom.why.strip() and symptom.source.strip()):
            raise InputError(N_("label, why and source must not be empty"), where)
        levels = symptom.levels
        if len(levels) != 5 or not all(isinstance(level, Level) for level in levels):
            raise InputError(N_("levels must list 5 levels, for severity 0 (none) to 4 (very severe)"), where)
        if levels[0] != Level.MONITOR:
            raise InputError(N_("severity 0 (none) must be monitor"), where)
        if any(a > b for a, b in zip(levels, levels[1:])):
            raise InputError(N_("a higher severity must never have a lower level"), where)
        if symptom_id in ALWAYS_EMERGENCY and any(level != Level.EMERGENCY for level in levels[1:]):
            raise InputError(N_("must be emergency at every severity from mild up"), where)
    low, high = rules.fever_range_c
    if high > FEVER_FLOOR_C:
        raise InputError(N_("clinic_max_c {high} °C is above {floor} °C, the highest call line any source we cite "
                            "uses"), f"{RULES} [fever]", high=high, floor=FEVER_FLOOR_C)
    if not low <= rules.fever_default_c <= high:
        raise InputError(N_("default {value} °C is outside {low}-{high} °C"), f"{RULES} [fever]",
                         value=rules.fever_default_c, low=low, high=high)
    if not rules.low_temperature_c < low:
        raise InputError(N_("the line must be below the lowest fever threshold"), f"{RULES} [low_temperature]")
    if rules.ambers_to_escalate < 2:
        raise InputError(N_("count must be 2 or more"), f"{RULES} [two_ambers]")
    if not (rules.fever_source.strip() and rules.two_ambers_source.strip() and rules.low_temperature_source.strip()):
        raise InputError(N_("fever, low_temperature and two_ambers each need a source"), RULES)
