"""The drug information agrees with the triage rules: what the text tells a reader to do about a symptom is
rendered from data/triage.toml (markers), and the fever line shown is the one the clinic chose."""

import re

import pytest

from companion.adapters.bundle import load_content
from companion.adapters.triage_file import load_rules
from companion.core.content import action_text, parse_section, render, rule_action
from companion.core.diary import SEVERITY_WORDS
from companion.core.errors import InputError
from companion.core.triage import Level, triage

# What each level asks, in the words a reader sees: written out here, not taken from the code under test.
PHRASES = {
    Level.MONITOR: "keep recording how you feel",
    Level.CALL_TODAY: "call your care team today",
    Level.CALL_NOW: "call your 24-hour oncology line now",
    Level.EMERGENCY: "call emergency services now",
}
# Words that tell a reader to act (a bullet with these and a symptom's words must take the action from the rules).
ACTION = re.compile(r"\bcall\b|get (medical|emergency) help|emergency services|right away|at once|straight away|"
                    r"immediately|\btell (your|them|the)\b|\breport\b|\bcontact\b|\bseek\b", re.I)
URGENT = re.compile(r"\bcall\b|get (medical|emergency) help|emergency services|right away|at once|straight away|"
                    r"immediately", re.I)
# How the text names each symptom of the rules (ids that do not exist yet are simply not checked).
TERMS = {
    "breathing_trouble": r"trouble breathing|short(ness)? of breath|difficult(y)? breathing",
    "swelling_face_throat_tongue": r"swelling of the face|swollen (face|lips|tongue|throat)",
    "chest_pain": r"chest pain|chest tightness|tightness in the chest",
    "fainting": r"\bfainting|\bfainted|collaps|\ba fit\b|seizure",
    "confusion": r"confus|drows|hard to wake",
    "feeling_unwell": r"feel(ing)? unwell|not right",
    "chills": r"chills|shiver",
    "sore_throat": r"sore throat",
    "cough": r"\bcough",
    "burning_urination": r"burning[^.]*urine|urinat",
    "line_site": r"\bport\b|\bline goes|catheter",
    "hives": r"\bhives",
    "itching": r"\bitch",
    "flushing": r"flush",
    "palpitations": r"pounding|fluttering|palpitation|racing heart",
    "mouth_sores": r"mouth sores|sore mouth",
    "nausea": r"nausea|feeling sick",
    "vomiting": r"vomit",
    "diarrhea": r"diarrh",
    "constipation": r"constipat",
    "abdominal_pain": r"belly pain|pain in the belly|abdominal pain|stomach pain",
    "little_urine": r"little or no urine|keep fluids down",
    "jaundice": r"yellow (skin|eyes)|dark urine|jaundice",
    "numbness_tingling": r"\bnumb(ness)?\b|tingl|pins and needles",
    "leg_weakness": r"weakness in the legs|back pain|bladder or bowel",
    "calf_swelling": r"one leg|calf",
    "rash": r"\brash",
    "radiation_site_skin": r"radiation",
    "hand_foot": r"palms|soles|hand-foot",
    "bleeding_bruising": r"bleed|bruis",
    "dizziness": r"dizz|light-headed",
    "fatigue": r"tired|fatigue",
    "muscle_joint_pain": r"muscle|joint pain",
    "fever": r"fever|temperature",
}
# Bullets that say "call" or "at once" about something that is not a symptom of the rules, and why.
NOT_A_SYMPTOM = {
    "If you notice any change in how you feel during the infusion": "during the infusion the nurse is there",
    "During the infusion, tell your nurse straight away": "during the infusion the nurse is there",
    "If you or your partner become pregnant": "pregnancy is not a symptom",
    "Keep your care team's phone numbers with you": "says which number to keep, not when to call",
}


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def written():
    return load_content()


def _spoken(template: str) -> str:
    """The words of a bullet as written, without its markers and quoted section titles."""
    return re.sub(r'"[^"]*"', "", re.sub(r"\{[^{}]*\}", "", template))


def test_every_symptom_of_the_rules_has_words_here(rules):
    assert not [s for s in rules.symptoms if s not in TERMS]


def test_a_bullet_that_says_what_to_do_about_a_symptom_takes_it_from_the_rules(written, rules):
    wrong = []
    for section in written:
        for item in section.items:
            words = _spoken(item.text)
            if not ACTION.search(words):
                continue
            for symptom, pattern in TERMS.items():
                if (symptom in rules.symptoms or symptom == "fever") and re.search(pattern, words, re.I) \
                        and f"action:{symptom}" not in item.markers:
                    wrong.append(f"{section.file}, line {item.line}: says what to do about {symptom} "
                                 f"without {{action:{symptom}}}: {item.text}")
    assert not wrong, "\n".join(wrong)


def test_urgent_words_without_a_marker_are_only_about_things_that_are_not_symptoms(written):
    stray = [f"{s.file}, line {i.line}: {i.text}" for s in written for i in s.items
             if URGENT.search(_spoken(i.text)) and not i.markers
             and not any(i.text.startswith(start) for start in NOT_A_SYMPTOM)]
    assert not stray, "\n".join(stray)


def _parse_action(text: str) -> dict[int, Level]:
    """'if it is mild or moderate, call ...; if it is severe or worse, call ...' -> {severity: level}."""
    by_phrase = {phrase: level for level, phrase in PHRASES.items()}
    if text in by_phrase:
        return {s: by_phrase[text] for s in range(1, 5)}
    found = {}
    for part in text.split("; "):
        match = re.fullmatch(r"if it is (.+?), ((?:call|keep) .+)", part)
        assert match, part
        said, level = match.group(1), by_phrase[match.group(2)]
        if said.endswith(" or worse"):
            first = SEVERITY_WORDS.index(said.removesuffix(" or worse"))
            severities = range(first, 5)
        else:
            severities = [SEVERITY_WORDS.index(w) for w in re.split(r", | or ", said)]
        found.update({s: level for s in severities})
    return found


def test_each_symptom_action_says_the_rules_level_for_every_severity(rules):
    for symptom_id, symptom in rules.symptoms.items():
        expected = {severity: symptom.levels[severity] for severity in range(1, 5)}
        assert _parse_action(action_text(symptom.levels)) == expected, symptom_id


def test_every_marker_in_the_content_renders_the_rules_words(written, rules):
    for section in render(written, rules):
        for item in section.items:
            assert "{" not in item.text and "}" not in item.text, item.text
            for marker in item.markers:
                if marker.startswith("action:") and marker[7:] in rules.symptoms:
                    said = action_text(rules.symptoms[marker[7:]].levels)
                    assert said[1:] in item.text, (marker, item.text)


def test_the_content_names_the_red_flags(written, rules):
    """Each emergency and each new red flag of the rules has its action in "When to call for help"."""
    when = next(s for s in written if s.id == "when-to-call")
    used = {m[7:] for item in when.items for m in item.markers if m.startswith("action:")}
    assert {"breathing_trouble", "swelling_face_throat_tongue", "chest_pain", "fever"} <= used
    red_flags = {"feeling_unwell", "confusion", "fainting", "little_urine", "abdominal_pain", "jaundice",
                 "hand_foot", "leg_weakness", "calf_swelling", "line_site"}
    assert red_flags & set(rules.symptoms) <= used


def test_chest_pain_and_itching_say_what_the_rules_say(written, rules):
    text = " ".join(i.text for s in render(written, rules) for i in s.items)
    assert "call your care team at once" not in text.lower()
    assert "get medical help at once" not in text.lower()
    assert "Chest pain or tightness: call emergency services now." in text
    assert ("Itching: if it is mild or moderate, call your care team today; "
            "if it is severe or very severe, call your 24-hour oncology line now.") in text


# ------------------------------------------------------------ the fever line is the clinic's

@pytest.mark.parametrize("threshold, shown, hidden", [
    (None, "38.0 °C (100.4 °F)", "37.5 °C"),
    (37.5, "37.5 °C (99.5 °F)", "38.0 °C"),
])
def test_learn_shows_the_fever_threshold_in_force(written, rules, threshold, shown, hidden):
    text = " ".join(i.text for s in render(written, rules, threshold) for i in s.items)
    assert f"A temperature of {shown} or higher: call your 24-hour oncology line now." in text
    assert hidden not in text


@pytest.mark.parametrize("threshold", [37.5, 37.8, 38.0])
def test_the_fever_action_is_what_triage_does_at_that_threshold(rules, threshold):
    from datetime import datetime, timezone

    from companion.core.diary import Entry, Temperature
    at = datetime(2026, 12, 7, 9, tzinfo=timezone.utc)
    level = triage(Entry("x", at, Temperature(threshold, "C")), rules, threshold).level
    assert rule_action("fever", rules, threshold) == PHRASES[level] == PHRASES[Level.CALL_NOW]
    assert rule_action("low_temperature", rules, threshold) == PHRASES[Level.CALL_NOW]
    assert rule_action("two_ambers", rules, threshold) == PHRASES[Level.CALL_NOW]


def test_the_app_renders_the_content_with_the_clinics_threshold(tmp_path):
    from companion.app import AppConfig, build_services
    from companion.adapters.bundle import DATA_DIR
    example = (DATA_DIR / "clinic.example.toml").read_text(encoding="utf-8")
    clinic = tmp_path / "clinic.toml"
    clinic.write_text(re.sub(r"(?m)^fever_threshold_c = .*$", "fever_threshold_c = 37.5", example), encoding="utf-8")
    assert "fever_threshold_c = 37.5" in clinic.read_text(encoding="utf-8")
    services = build_services(AppConfig(tmp_path / "data", clinic))
    text = " ".join(i.text for s in services.content for i in s.items)
    assert "37.5 °C (99.5 °F)" in text and "{" not in text


# ------------------------------------------------------------ markers in a file

def _one(body: str) -> str:
    return f'+++\nid = "x"\ntitle = "X"\n[sources]\ns = {{ citation = "c" }}\n+++\n- intro [s]\n{body}\n'


def test_an_unknown_symptom_in_a_marker_names_file_and_line(rules):
    section = parse_section(_one("- Hiccups: {action:hiccups}. [s]"), "12-when-to-call.md", 12)
    with pytest.raises(InputError, match=r"^12-when-to-call\.md, line 8: \{action:hiccups\} names no symptom"):
        render([section], rules)


@pytest.mark.parametrize("body, message", [
    ("- Call {acton:chills}. [s]", r"^x\.md, line 8: unknown marker \{acton:chills\}"),
    ("- Call {fever now. [s]", r"^x\.md, line 8: a brace without its pair"),
    ("- Call } now. [s]", r"^x\.md, line 8: a brace without its pair"),
])
def test_a_malformed_marker_is_refused_when_the_file_is_read(body, message):
    with pytest.raises(InputError, match=message):
        parse_section(_one(body), "x.md", 1)


def test_search_finds_the_rendered_words(written, rules):
    from companion.core.content import search
    hits = search(render(written, rules, 37.5), "99.5")
    assert hits and hits[0].section.id in {"when-to-call", "serious-side-effects"}
    assert search(render(written, rules), "action") == [] or all(
        "action:" not in hit.section.items[i].text for hit in search(render(written, rules), "action")
        for i in hit.items)
