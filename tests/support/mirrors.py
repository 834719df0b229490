"""Sites that mirror a paid clinical database (copies of UpToDate, Lexicomp, Micromedex, Poisindex, Multum) or
republish sources anonymously: never an authority for what the app tells a patient. One list for the tests of
the rules, the drug text and the schedule."""

MIRRORS = ("uptodate", "lexicomp", "micromedex", "poisindex", "multum", "medilib", "jodrugs", "drugs.com/mtm",
           "themeditary", "blogspot", "vukou")


def cites_a_mirror(text: str) -> bool:
    return any(mirror in text.lower() for mirror in MIRRORS)
