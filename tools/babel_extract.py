"""Babel extractor for the triage rules' patient words (data/triage.toml): each symptom's `label` and
`hint`. Named in babel.cfg; `make catalogs` runs it. The rules stay one table: only these words are
translated, never a level, a threshold or an id."""

from __future__ import annotations

import tomllib


def extract_triage(fileobj, keywords, comment_tags, options):
    """Yields (line, funcname, message, comments) as Babel's extractors do."""
    data = fileobj.read()
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    rules = tomllib.loads(text)
    lines = text.splitlines()
    for symptom_id, symptom in rules.get("symptoms", {}).items():
        header = next((i + 1 for i, line in enumerate(lines) if line.strip() == f"[symptoms.{symptom_id}]"), 0)
        for field in ("label", "hint"):
            if symptom.get(field):
                yield header, None, symptom[field], [f"triage rules: symptoms.{symptom_id}.{field}"]
