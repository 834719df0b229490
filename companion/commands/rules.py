"""`companion rules [--clinic FILE] [--format md|csv]`: every triage rule, for a clinician to review and sign off.

The clinic file is found as for `check-clinic`: --clinic, else $COMPANION_CLINIC, else the bundled
data/clinic.toml, else the default. A clinic file with problems exits 2 with every problem.

md (the default): a Markdown document naming the clinic and the fever threshold in force, the words of each
level, the temperature and combination rules, every symptom at every severity, and a sign-off block.
csv: one row per symptom x severity, then one row each for the fever threshold ("fever"), the
low-temperature line ("low_temperature") and the two-ambers rule ("two_ambers"), whose `severity` and
`severity_word` are empty. Columns, in this order (companion.core.rules_table.CSV_COLUMNS): symptom_id, label,
group, severity, severity_word, level, patient_words, why, source, app_default ("yes" or "no").

--lang CODE (else the environment's language, else English): the patient's words in that language, for a
native-speaking clinician's review; levels, ids, thresholds and sources are the same in every language.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tomllib

from companion import __version__
from companion.adapters.clinic_file import load_clinic, resolve_clinic_path
from companion.core.i18n import ENGLISH, N_
from companion.adapters.triage_file import RULES_FILE, load_rules
from companion.core.rules_table import RULE_IDS, build_rules_table, render_csv, render_md

NAME = "rules"
HELP = N_("print every triage rule (symptom x severity -> level, the patient's words, why, source) for clinical "
          "sign-off")


def add_arguments(parser) -> None:
    parser.add_argument("--clinic", default=None,
                        help=N_("clinic file whose name and fever threshold to use (default: $COMPANION_CLINIC, "
                                "else the bundled data/clinic.toml, else the default)"))
    parser.add_argument("--format", choices=("md", "csv"), default="md",
                        help=N_("md: a document to read and sign (default); csv: one row per symptom x severity"))


def run(args) -> int:
    path = resolve_clinic_path(args.clinic, os.environ)
    clinic = load_clinic(path)  # ClinicError: every problem, exit 2
    rules = load_rules()
    raw = RULES_FILE.read_bytes()
    texts = tomllib.loads(raw.decode("utf-8"))  # load_rules has read this file already
    table = build_rules_table(
        rules, clinic_name=clinic.name, clinic_file=str(path), fever_threshold_c=clinic.fever_threshold_c,
        app_default_source=texts.get("sources", {}).get("app_default"),
        rule_why={rule: str(texts.get(rule, {}).get("why", "")) for rule in RULE_IDS},
        fingerprint=hashlib.sha256(raw).hexdigest(), version=__version__, t=getattr(args, "t", ENGLISH))
    sys.stdout.write(render_csv(table) if args.format == "csv" else render_md(table))
    return 0
