"""The README stays a page a user or a clinic reads (issue 18), and its links lead somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def test_the_readme_stays_under_10_kb():
    assert len(README.read_bytes()) < 10_000


def test_every_file_the_readme_links_exists():
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8"))
    assert links and [link for link in links if not (ROOT / link).exists()] == []
