"""Bundled drug information: sourced sections parsed from text, rendered with the triage rules, and searched.

A section file is TOML front matter between two ``+++`` lines, then a bullet list.
Every bullet ends with one or more source keys in brackets (``[pi-2-1]``) that the
front matter's ``[sources]`` table defines, so every statement shown is sourced.

What the text tells a reader to do about a symptom comes from the triage rules, never from
the text itself, so the two cannot disagree. A bullet says it with markers:

- ``{action:SYMPTOM_ID}``: what to do for that symptom of data/triage.toml, per severity
  ("call emergency services now"; "if it is mild or moderate, call your care team today; if it is
  severe or worse, call your 24-hour oncology line now");
- ``{action:fever}`` / ``{action:low_temperature}``: what triage says for a reading at the fever
  threshold in force / just below the low-temperature line;
- ``{action:two_ambers}``: what triage says for that many "call today" findings together, and
  ``{ambers}`` that number;
- ``{fever}`` / ``{low_temperature}``: those lines in °C and °F ("37.5 °C (99.5 °F)"), so the text
  shows the threshold the clinic chose.

``render`` replaces them once, when the app's services are built; search sees the rendered text.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache

from companion.core.diary import SEVERITY_WORDS, Entry, Temperature
from companion.core.errors import InputError, Message
from companion.core.i18n import ENGLISH, N_, Translator
from companion.core.triage import MESSAGES, Level, TriageRules, amber_examples, in_both_units, triage

FENCE = "+++"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_TRAILING_KEY = re.compile(r"\s*\[([A-Za-z0-9][A-Za-z0-9_.-]*)\]\s*$")
_BULLET = re.compile(r"[-*]\s+(.*)")
_TOML_WHERE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")
_MARKER = re.compile(r"\{([^{}]*)\}")
_MARKER_FORM = re.compile(r"(fever|low_temperature|ambers)|action:([a-z0-9_]+)")
_RULE_ACTIONS = ("fever", "low_temperature", "two_ambers")  # actions of rules that are not symptoms
_PROBE_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)  # any zone-aware time: triage ignores it

# How much a query word counts, by where it matched: title and keywords rank above item text.
WEIGHTS = {"title": 4.0, "keywords": 3.0, "summary": 2.0, "item": 1.0}
EXACT_BONUS = 0.5


@dataclass(frozen=True)
class Source:
    key: str
    citation: str
    url: str | None = None


@dataclass(frozen=True)
class Item:
    text: str  # as shown once rendered; with its {markers} before
    sources: tuple[Source, ...]
    line: int = 0  # where it starts in its file, for error messages
    template: str = ""  # the text as written, markers included (set by render)

    @property
    def markers(self) -> tuple[str, ...]:
        """The markers of the text as written: ('action:chest_pain', 'fever')."""
        return tuple(_MARKER.findall(self.template or self.text))


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str
    order: int
    keywords: tuple[str, ...]
    items: tuple[Item, ...]
    file: str = ""  # the file it came from, for error messages


@dataclass(frozen=True)
class Hit:
    section: Section
    items: tuple[int, ...]  # indexes of the matching items
    score: float


# ---------------------------------------------------------------- parsing

def parse_section(text: str, name: str, order: int) -> Section:
    """Parse one section file; ``name`` (the file name) prefixes every error message."""
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise InputError(N_("missing front matter: the file must start with a '{fence}' line."), name, fence=FENCE)
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if close is None:
        raise InputError(N_("the front matter is not closed: add a '{fence}' line after it."), name, fence=FENCE)
    meta = _front_matter("\n".join(lines[1:close]), name, close + 1)
    return Section(
        id=_id(meta, name),
        title=_text_field(meta, "title", name, required=True),
        summary=_text_field(meta, "summary", name, required=False),
        order=order,
        keywords=_keywords(meta.get("keywords", []), name),
        items=_items(lines, close + 1, _sources(meta.get("sources", {}), name), name),
        file=name,
    )


def _at(name: str, line: int) -> Message:
    """Where in a content file: "03-how-given.md, line 12"."""
    return Message(N_("{file}, line {line}"), file=name, line=line)


def check_sections(sections: Sequence[Section]) -> None:
    """Refuse two sections with the same id."""
    seen: dict[str, Section] = {}
    for section in sections:
        if section.id in seen:
            raise InputError(N_('Duplicate section id "{id}": used by "{first}" and "{second}"; give each section '
                                'its own id.'), id=section.id, first=seen[section.id].title, second=section.title)
        seen[section.id] = section


def _front_matter(toml_text: str, name: str, fence_line: int) -> dict:
    """The TOML table; an error names the file line (``fence_line``: the closing fence)."""
    try:
        return tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        where = _TOML_WHERE.search(message)
        line = int(where.group(1)) + 1 if where and where.group(1) else fence_line  # +1: opening fence
        reason = _TOML_WHERE.sub("", message).rstrip(".")
        raise InputError(N_("TOML syntax error in the front matter: {reason}."), _at(name, line),
                         reason=reason) from None


def _id(meta: dict, name: str) -> str:
    value = _text_field(meta, "id", name, required=True)
    if not _ID.fullmatch(value):
        raise InputError(N_('id "{value}" must use only lowercase letters, digits and dashes.'), name, value=value)
    return value


def _text_field(meta: dict, field: str, name: str, *, required: bool) -> str:
    value = meta.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise InputError(N_('front matter needs {key} = "..." (a non-empty text).'), name, key=field)
    return " ".join(value.split())


def _keywords(value: object, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(k, str) and k.strip() for k in value):
        raise InputError(N_("keywords must be a list of texts, like {example}."), name, example='["infusion", "IV"]')
    return tuple(" ".join(k.split()) for k in value)


def _sources(table: object, name: str) -> dict[str, Source]:
    if not isinstance(table, dict):
        raise InputError(N_("[sources] must be a table of {example}."), name, example='key = { citation = "..." }')
    found = {}
    for key, entry in table.items():
        if not _KEY.fullmatch(key):
            raise InputError(N_('source key "{key}" must use only letters, digits, ".", "_" and "-".'), name,
                             key=" ".join(key.split()))
        if not isinstance(entry, dict) or not isinstance(entry.get("citation"), str) \
                or not entry["citation"].strip():
            raise InputError(N_('source "{key}" needs citation = "..." (a non-empty text).'), name, key=key)
        url = entry.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            raise InputError(N_('source "{key}" has a url that is not an http(s) address.'), name, key=key)
        found[key] = Source(key, entry["citation"].strip(), url)
    return found


def _items(lines: list[str], start: int, sources: dict[str, Source], name: str) -> tuple[Item, ...]:
    """Bullets from ``lines[start:]``; indented lines continue the bullet above them."""
    drafts: list[tuple[int, str]] = []  # (file line number, text)
    for index in range(start, len(lines)):
        line, number = lines[index], index + 1
        bullet = _BULLET.match(line)
        if bullet:
            drafts.append((number, bullet.group(1).strip()))
        elif line.strip() and line[:1].isspace() and drafts:
            drafts[-1] = (drafts[-1][0], f"{drafts[-1][1]} {line.strip()}")
        elif line.strip():
            raise InputError(N_("text outside a bullet item; start each statement with '- ' and end it with its "
                                "source key, like [pi-2-1]."), _at(name, number))
    if not drafts:
        raise InputError(N_("no items: add at least one '- ' bullet after the front matter."), name)
    return tuple(_item(text, number, sources, name) for number, text in drafts)


def _item(text: str, number: int, sources: dict[str, Source], name: str) -> Item:
    keys: list[str] = []
    while match := _TRAILING_KEY.search(text):
        keys.insert(0, match.group(1))
        text = text[:match.start()]
    text = text.strip()
    if not keys:
        raise InputError(N_("item has no source key; end it with one, like [pi-2-1]."), _at(name, number))
    if not text:
        raise InputError(N_("item has source keys but no text."), _at(name, number))
    unknown = [k for k in keys if k not in sources]
    if unknown:
        raise InputError(N_("unknown source key [{key}]; define it under [sources] in the front matter."),
                         _at(name, number), key=unknown[0])
    _check_markers(text, number, name)
    return Item(text, tuple(sources[k] for k in dict.fromkeys(keys)), number)


def _check_markers(text: str, number: int, name: str) -> None:
    """Refuse a marker of unknown form and a stray brace (which would show on screen)."""
    for marker in _MARKER.findall(text):
        if not _MARKER_FORM.fullmatch(marker):
            raise InputError(N_("unknown marker {marker}; use {known}."), _at(name, number),
                             marker=f"{{{' '.join(marker.split())}}}",
                             known=Message(N_("{first} or {last}"), first="{action:SYMPTOM_ID}, {action:fever}, "
                                           "{fever}, {low_temperature}", last="{ambers}"))
    if "{" in _MARKER.sub("", text) or "}" in _MARKER.sub("", text):
        raise InputError(N_("a brace without its pair; markers look like {example}."), _at(name, number),
                         example=Message(N_("{first} or {last}"), first="{action:chest_pain}", last="{fever}"))


# ---------------------------------------------------------------- rendering with the triage rules

def render(sections: Sequence[Section], rules: TriageRules, fever_threshold_c: float | None = None,
           t: Translator = ENGLISH) -> list[Section]:
    """The sections with every marker replaced by what the rules say, for this fever threshold, worded by
    `t` (the sections' language).

    An action marker naming a symptom the rules do not have is an InputError naming file and line.
    """
    threshold = rules.fever_default_c if fever_threshold_c is None else fever_threshold_c
    return [replace(section, items=tuple(_render_item(item, section.file, rules, threshold, t)
                                         for item in section.items)) for section in sections]


def level_phrase(level: Level, t: Translator = ENGLISH) -> str:
    """What to do at a level, to go inside a sentence: 'call your care team today' (from triage.MESSAGES)."""
    first = t.gettext(MESSAGES[level]).split(". ")[0].rstrip(".")
    return first[:1].lower() + first[1:]


def action_text(levels: Sequence[Level], t: Translator = ENGLISH) -> str:
    """What to do for a symptom whose levels for severity 0-4 are ``levels``.

    One level from mild up: 'call emergency services now'. Else each run of severities with its level:
    'if it is mild or moderate, call your care team today; if it is severe or worse, call your 24-hour
    oncology line now'.
    """
    runs: list[list[int]] = []
    for severity in range(1, len(levels)):
        if runs and levels[runs[-1][-1]] == levels[severity]:
            runs[-1].append(severity)
        else:
            runs.append([severity])
    if len(runs) == 1:
        return level_phrase(levels[1], t)
    return "; ".join(t.gettext("if it is {severities}, {action}").format(
        severities=_severities(run, len(levels) - 1, t), action=level_phrase(levels[run[0]], t)) for run in runs)


def _severities(run: list[int], highest: int, t: Translator) -> str:
    """'mild', 'mild or moderate', 'moderate or worse' (three or more up to the highest)."""
    words = [t.gettext(SEVERITY_WORDS[s]) for s in run]
    if len(words) >= 3 and run[-1] == highest:
        return t.gettext("{severity} or worse").format(severity=words[0])
    return words[0] if len(words) == 1 else t.gettext("{severities} or {last}").format(
        severities=", ".join(words[:-1]), last=words[-1])



def rule_action(which: str, rules: TriageRules, threshold: float, t: Translator = ENGLISH) -> str:
    """What triage itself says for a reading at the fever threshold ('fever'), just below the low-temperature
    line ('low_temperature'), or for as many 'call today' findings as make the two-ambers rule ('two_ambers')."""
    temperature, symptoms = None, {}
    if which == "fever":
        temperature = Temperature(threshold, "C")
    elif which == "low_temperature":
        temperature = Temperature(round(rules.low_temperature_c - 0.1, 1), "C")
    else:
        symptoms = amber_examples(rules)
    entry = Entry(id="probe", at=_PROBE_TIME, temperature=temperature, symptoms=symptoms)
    return level_phrase(triage(entry, rules, threshold).level, t)


def _render_item(item: Item, name: str, rules: TriageRules, threshold: float, t: Translator) -> Item:
    template = item.template or item.text

    def one(match: re.Match) -> str:
        marker = match.group(1)
        if marker == "fever":
            return in_both_units(threshold)
        if marker == "low_temperature":
            return in_both_units(rules.low_temperature_c)
        if marker == "ambers":
            return str(rules.ambers_to_escalate)
        target = marker.removeprefix("action:")
        if target in _RULE_ACTIONS:
            text = rule_action(target, rules, threshold, t)
        elif target in rules.symptoms:
            text = action_text(rules.symptoms[target].levels, t)
        else:
            raise InputError(N_("{marker} names no symptom of the triage rules; use one of {known}."),
                             _at(name, item.line), marker=f"{{{marker}}}",
                             known=", ".join([*rules.symptoms, *_RULE_ACTIONS]))
        before = template[:match.start()].rstrip()
        return _capitalised(text) if not before or before[-1] in ".!?" else text

    return replace(item, text=_MARKER.sub(one, template), template=template)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- search

@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Lower-case words of ``text`` with accents removed ("Névropathie" -> "nevropathie")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return tuple(re.findall(r"\w+", plain.casefold()))


def _match(query_word: str, field_words: tuple[str, ...]) -> float:
    """0 if no word of the field starts with ``query_word``, more for a whole-word match."""
    if query_word in field_words:
        return 1.0 + EXACT_BONUS
    return 1.0 if any(w.startswith(query_word) for w in field_words) else 0.0


def search(sections: Sequence[Section], query: str) -> list[Hit]:
    """Sections where every query word matches (a word prefix is enough), best first."""
    wanted = tuple(dict.fromkeys(words(query)))
    hits = [hit for section in sections if (hit := _score(section, wanted))]
    return sorted(hits, key=lambda h: (-h.score, h.section.order))


def _score(section: Section, wanted: tuple[str, ...]) -> Hit | None:
    if not wanted:
        return None
    fields = {"title": words(section.title), "summary": words(section.summary),
              "keywords": words(" ".join(section.keywords))}
    item_words = [words(item.text) for item in section.items]
    score = 0.0
    for word in wanted:
        best = max([WEIGHTS[f] * _match(word, ws) for f, ws in fields.items()]
                   + [WEIGHTS["item"] * _match(word, ws) for ws in item_words])
        if not best:
            return None
        score += best
    return Hit(section, _matching_items(fields, item_words, wanted), score)


def _matching_items(fields: dict[str, tuple[str, ...]], item_words: list[tuple[str, ...]],
                    wanted: tuple[str, ...]) -> tuple[int, ...]:
    """Items matching every word; else the words the title, summary and keywords lack; else any word."""
    found = [{w for w in wanted if _match(w, ws)} for ws in item_words]
    missing = {w for w in wanted if not any(_match(w, ws) for ws in fields.values())}
    for needed in (set(wanted), missing):
        complete = tuple(i for i, f in enumerate(found) if needed and needed <= f)
        if complete:
            return complete
    lacking = missing or set(wanted)
    return tuple(i for i, f in enumerate(found) if f & lacking)
