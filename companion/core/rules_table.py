"""Every triage rule as a table a clinician can review and sign off (`companion rules`).

Pure: the rules, the clinic's name and threshold and the texts of data/triage.toml come in as arguments.
The words a patient sees are not written here: each row runs core.triage on an entry holding only that
finding, so the table shows what the app does, not a second copy of it.

Rows, in this order:
- one per symptom (in checklist order) and severity 1-4 (PRO-CTCAE: mild, moderate, severe, very severe);
- then the rules that are not one symptom (RULE_IDS): the fever threshold in force ("fever"), the
  low-temperature line ("low_temperature") and the two-ambers rule ("two_ambers"). In these rows
  `severity` and `severity_word` are empty, `group` is "temperature" or "combination", and `label` states
  the rule with its numbers ("Temperature at or above 37.5 °C (99.5 °F)").

A row is marked `app_default` when its source includes the app's own default (the `app_default` text of
[sources] in data/triage.toml): a choice of the app's authors that no guideline made for them.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from companion.core.diary import SEVERITY_WORDS, Entry, Temperature
from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, LANGUAGES, N_, Translator
from companion.core.triage import (FEVER_FLOOR_C, MESSAGES, RULES, Level, TriageRules, amber_examples, in_both_units,
                                   triage)

CSV_COLUMNS = ("symptom_id", "label", "group", "severity", "severity_word", "level", "patient_words", "why",
               "source", "app_default")
RULE_IDS = ("fever", "low_temperature", "two_ambers")
SEVERITIES = (1, 2, 3, 4)
_AT = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)  # any moment: the advice does not depend on it


@dataclass(frozen=True)
class Row:
    symptom_id: str  # a symptom id, or one of RULE_IDS
    label: str
    group: str
    severity: int | None  # 1-4, None for a temperature or combination rule
    level: Level
    title: str  # what the advice card says, as core.triage says it
    message: str
    reasons: tuple[str, ...]  # the "because you recorded ..." lines shown with it
    why: str
    source: str
    app_default: bool
    pro_ctcae: str = ""  # the symptom's PRO-CTCAE item, if the rules name one
    severity_word: str = ""  # the PRO-CTCAE word of `severity`, in the table's language

    @property
    def patient_words(self) -> str:
        """'Call your care team today. Call your care team today. Shown with: because you recorded ...'"""
        words = f"{self.title}. {self.message}"
        return f"{words} Shown with: {'; '.join(self.reasons)}" if self.reasons else words


@dataclass(frozen=True)
class RulesTable:
    clinic_name: str
    clinic_file: str
    fever_threshold_c: float  # the threshold in force (the clinic's, held at the floor)
    fever_floor_c: float
    app_default_source: str | None
    symptom_rows: tuple[Row, ...]
    rule_rows: tuple[Row, ...]
    fingerprint: str = ""  # of the rules file, so a sign-off names the rules it covers
    version: str = ""  # of the app
    words: Translator = ENGLISH  # the language of the patient's words (the rest stays English)

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.symptom_rows + self.rule_rows

    @property
    def symptom_count(self) -> int:
        return len({row.symptom_id for row in self.symptom_rows})


def build_rules_table(rules: TriageRules, *, clinic_name: str, clinic_file: str = "",
                      fever_threshold_c: float | None = None, app_default_source: str | None = None,
                      rule_why: Mapping[str, str] | None = None, fingerprint: str = "",
                      version: str = "", t: Translator = ENGLISH) -> RulesTable:
    """The table for these rules and this clinic; `rule_why` gives the `why` of RULE_IDS (from triage.toml).
    `t` words what the patient sees (labels, severity words, advice): the levels are the same in every
    language, since each row runs the one rule table."""
    clash = sorted(set(RULE_IDS) & set(rules.symptoms))
    if clash:
        raise InputError(N_("symptom id {id} is reserved for a temperature rule"), RULES, id=repr(clash[0]))
    threshold = min(rules.fever_default_c if fever_threshold_c is None else fever_threshold_c, FEVER_FLOOR_C)
    rule_why = dict(rule_why or {})

    def is_app_default(source: str) -> bool:
        return bool(app_default_source) and app_default_source in source

    def row(symptom_id, label, group, severity, entry_symptoms, temperature, why, source) -> Row:
        entry = Entry(id="rules", at=_AT, temperature=temperature, symptoms=entry_symptoms)
        advice = triage(entry, rules, threshold, t)
        return Row(symptom_id, label, group, severity, advice.level, advice.level.worded(t), advice.message,
                   tuple(r.text for r in advice.reasons), why, source, is_app_default(source),
                   severity_word="" if severity is None else t.gettext(SEVERITY_WORDS[severity]))

    symptom_rows = tuple(
        dataclasses.replace(row(symptom.id, t.gettext(symptom.label), symptom.group, severity,
                                {symptom.id: severity}, None, symptom.why, symptom.source),
                            pro_ctcae=symptom.pro_ctcae)
        for symptom in rules.symptoms.values() for severity in SEVERITIES)

    fever = row("fever", f"Temperature at or above {in_both_units(threshold)}", "temperature", None, {},
                Temperature(round(threshold, 1), "C"), rule_why.get("fever", ""), rules.fever_source)
    below = round(rules.low_temperature_c - 0.1, 1)
    low = row("low_temperature", f"Temperature below {in_both_units(rules.low_temperature_c)} "
                                 f"(shown for a reading of {below:.1f} °C)",
              "temperature", None, {}, Temperature(below, "C"), rule_why.get("low_temperature", ""),
              rules.low_temperature_source)
    rule_rows = [fever, low]
    ambers = amber_examples(rules)
    if ambers:
        shown = " and ".join(rules.symptoms[s].phrase(severity, t) for s, severity in ambers.items())
        rule_rows.append(row(
            "two_ambers", f"{rules.ambers_to_escalate} or more findings that each need a call today "
                          f"(shown for {shown})",
            "combination", None, ambers, None, rule_why.get("two_ambers", ""), rules.two_ambers_source))
    else:  # no symptom is call_today on its own: the rule exists but nothing can trigger it
        rule_rows.append(Row("two_ambers", f"{rules.ambers_to_escalate} or more findings that each need a call "
                                           "today (no symptom is 'call today' on its own)",
                             "combination", None, Level.CALL_NOW, Level.CALL_NOW.worded(t),
                             t.gettext(MESSAGES[Level.CALL_NOW]),
                             (), rule_why.get("two_ambers", ""), rules.two_ambers_source,
                             is_app_default(rules.two_ambers_source)))
    return RulesTable(clinic_name, clinic_file, threshold, FEVER_FLOOR_C, app_default_source, symptom_rows,
                      tuple(rule_rows), fingerprint, version, t)


def render_csv(table: RulesTable) -> str:
    """One row per symptom x severity, then one per temperature or combination rule; columns CSV_COLUMNS."""
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in table.rows:
        writer.writerow([r.symptom_id, r.label, r.group, "" if r.severity is None else r.severity,
                         r.severity_word, r.level.id, r.patient_words, r.why, r.source,
                         "yes" if r.app_default else "no"])
    return "".join(lines.parts)


def render_md(table: RulesTable) -> str:
    """A Markdown document: header (clinic, threshold), levels, temperature rules, symptoms, sign-off."""
    threshold = table.fever_threshold_c
    t = table.words
    language = getattr(t, "language", "en")
    out = [
        f"# Triage rules for clinical review: {_inline(table.clinic_name)}",
        "",
        f"- Clinic: **{_inline(table.clinic_name)}**" + (f" (`{_inline(table.clinic_file)}`)"
                                                         if table.clinic_file else ""),
        f"- Fever threshold in force: **{in_both_units(threshold)}**: a reading at or above it means "
        f"\"{Level.CALL_NOW.title}\". No clinic setting can raise it above {in_both_units(table.fever_floor_c)}.",
        f"- Symptoms: {table.symptom_count}, each at 4 severities (PRO-CTCAE words: "
        f"{', '.join(t.gettext(SEVERITY_WORDS[s]) for s in SEVERITIES)}).",
    ]
    if language != "en":
        out.append(f"- The patient's words are in **{LANGUAGES.get(language, language)}** (`{language}`): a "
                   "native-speaking clinician must check that they say what the English ones say before a clinic "
                   "gives the app in this language to patients. Levels, numbers and sources are the same in every "
                   "language.")
    if table.version or table.fingerprint:
        out.append(f"- App version {table.version or 'unknown'}; rules file SHA-256 "
                   f"`{table.fingerprint or 'unknown'}`. A sign-off covers these rules only: print the table "
                   "again after any update and compare.")
    defaults = sum(r.app_default for r in table.symptom_rows)
    out += [
        f"- Rows marked **app default**: {defaults} of {len(table.symptom_rows)} symptom rows "
        f"({len({r.symptom_id for r in table.symptom_rows if r.app_default})} symptoms)"
        + (f", and {sum(r.app_default for r in table.rule_rows)} other rules" if any(
            r.app_default for r in table.rule_rows) else "")
        + ". Their source includes the app's own default" + (
            f" (\"{_inline(table.app_default_source)}\")" if table.app_default_source else "")
        + ": a level its authors chose where no guideline gives a severity cut-off. Review each one.",
        "",
        "The app never tells anyone to skip, change or stop a treatment: each level only says whom to call.",
        "",
        "## The four levels and the words the patient sees",
        "",
        "| level | title on the advice card | message |",
        "| --- | --- | --- |",
        *(f"| `{level.id}` | {level.worded(t)} | {_cell(t.gettext(MESSAGES[level]))} |" for level in Level),
        "",
        "Each finding adds a line \"because you recorded ...\" under the message; the highest level wins.",
        "",
        "## Temperature and combination rules",
        "",
        "| rule | level | what the patient sees | why | source | app default |",
        "| --- | --- | --- | --- | --- | --- |",
        *(f"| {_cell(r.label)} | `{r.level.id}` | {_cell(r.patient_words)} | {_cell(r.why)} | {_cell(r.source)} "
          f"| {'**app default**' if r.app_default else 'no'} |" for r in table.rule_rows),
        "",
        "## Symptoms at a glance",
        "",
        "| # | symptom | id | group | " + " | ".join(t.gettext(SEVERITY_WORDS[s]) for s in SEVERITIES)
        + " | app default |",
        "| --- | --- | --- | --- | " + " | ".join("---" for _ in SEVERITIES) + " | --- |",
    ]
    by_symptom: dict[str, list[Row]] = {}
    for r in table.symptom_rows:
        by_symptom.setdefault(r.symptom_id, []).append(r)
    for number, (symptom_id, rows) in enumerate(by_symptom.items(), 1):
        out.append(f"| {number} | {_cell(rows[0].label)} | `{symptom_id}` | {rows[0].group} | "
                   + " | ".join(f"`{r.level.id}`" for r in rows)
                   + f" | {'**app default**' if rows[0].app_default else 'no'} |")
    out += ["", "## Every symptom and severity", ""]
    for number, (symptom_id, rows) in enumerate(by_symptom.items(), 1):
        first = rows[0]
        out += [
            f"### {number}. {_inline(first.label)} (`{symptom_id}`, group {first.group})"
            + (" **app default**" if first.app_default else ""),
            "",
            "| severity | level | what the patient sees |",
            "| --- | --- | --- |",
            *(f"| {r.severity} {r.severity_word} | `{r.level.id}` | {_cell(r.patient_words)} |" for r in rows),
            "",
            *([f"PRO-CTCAE item: {_inline(first.pro_ctcae)}", ""] if first.pro_ctcae else []),
            f"Why: {_inline(first.why)}",
            "",
            f"Source: {_inline(first.source)}",
            "",
        ]
    out += [
        "## Sign-off",
        "",
        f"I have reviewed every rule above, with the fever threshold of {in_both_units(threshold)}, and I accept them "
        f"for the patients of {_inline(table.clinic_name)}, including each row marked app default.",
        "",
        "Name: ______________________  Role: ______________________",
        "",
        "Signature: _________________  Date: ______________________",
        "",
        "Rules I do not accept (symptom id, severity, the level I want instead, why):",
        "",
        "______________________________________________________________________",
        "",
    ]
    return "\n".join(out)


def _inline(text: str) -> str:
    return " ".join(str(text).split())


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")


class _Lines:
    """What csv.writer writes, kept in memory (core does no I/O)."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)
