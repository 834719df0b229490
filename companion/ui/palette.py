"""Every colour the app sets itself (the rest are the theme's roles, made from the clinic colour), as hex
pairs that keep their meaning in the light and the dark theme: emergency red, call-now deep orange,
call-today amber, keep-monitoring green, and the charts' lines.

tests/unit/test_palette.py computes the WCAG contrast of every pair: text at least 4.5:1 on its background
(on the theme's surfaces when it has none of its own), chart lines at least 3:1 on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.core.triage import Level


@dataclass(frozen=True)
class Pair:
    fg: str  # text and icons (or a chart's line)
    bg: str | None = None  # its own background; None: drawn on the theme's surfaces


@dataclass(frozen=True)
class Tone:
    """One meaning, in both themes."""

    light: Pair
    dark: Pair

    def on(self, dark: bool) -> Pair:
        return self.dark if dark else self.light


# The theme's surfaces that text of ours sits on, as greys of the same lightness (Material 3 builds its
# surfaces from tones, CIELAB L*, whatever the seed): light from surface-dim (tone 87) to white, dark from
# tone 4 to the containers' tone 30. Contrast only depends on lightness, so these stand for any clinic colour.
LIGHT_SURFACES = ("#DADADA", "#FFFFFF")  # tones 87, 100
DARK_SURFACES = ("#0E0E0E", "#474747")  # tones 4, 30
# What the charts are drawn on: the page (light surface tone 98, dark tone 6) and the cards beside it.
LIGHT_PAGE = ("#EEEEEE", "#FFFFFF")  # tones 94, 100
DARK_PAGE = ("#0E0E0E", "#1F1F1F")  # tones 4, 12

# Advice levels: text and icon on a tint of their colour (badges, the advice card).
MONITOR = Tone(Pair("#1B5E20", "#E8F5E9"), Pair("#A5D6A7", "#12361A"))
CALL_TODAY = Tone(Pair("#3E2723", "#FFECB3"), Pair("#FFE082", "#3D2E00"))
CALL_NOW = Tone(Pair("#A52A0A", "#FFCCBC"), Pair("#FFAB91", "#4E1A0A"))
EMERGENCY = Tone(Pair("#8E1616", "#FFCDD2"), Pair("#FFCDD2", "#6B0F0F"))
LEVELS = {Level.MONITOR: MONITOR, Level.CALL_TODAY: CALL_TODAY, Level.CALL_NOW: CALL_NOW, Level.EMERGENCY: EMERGENCY}

# The emergency screen is red in both themes: white on red, and its first call button red on white.
EMERGENCY_SCREEN = Tone(Pair("#FFFFFF", "#C62828"), Pair("#FFFFFF", "#C62828"))
EMERGENCY_BUTTON = Tone(Pair("#B71C1C", "#FFFFFF"), Pair("#B71C1C", "#FFFFFF"))
# Red words on the theme's surfaces (the diary's emergency signs).
EMERGENCY_TEXT = Tone(Pair("#B71C1C"), Pair("#FFB4AB"))
# Something to look at, not an emergency: data that needed repair, a symptom getting worse.
ATTENTION = Tone(Pair("#3E2723", "#FFECB3"), Pair("#FFE082", "#3D2E00"))
ATTENTION_BORDER = Tone(Pair("#FFD54F"), Pair("#7A5C00"))  # decoration only: no contrast needed

TEXT = {"monitor": MONITOR, "call today": CALL_TODAY, "call now": CALL_NOW, "emergency": EMERGENCY,
        "emergency screen": EMERGENCY_SCREEN, "emergency button": EMERGENCY_BUTTON,
        "emergency text": EMERGENCY_TEXT, "attention": ATTENTION}

# Chart lines (graphics: 3:1 on the page). Dashes and the legend's words say the same without colour.
TEMPERATURE_LINE = Tone(Pair("#00796B"), Pair("#80CBC4"))
FEVER_LINE = Tone(Pair("#D32F2F"), Pair("#EF9A9A"))
INFUSION_LINE = Tone(Pair("#AB47BC"), Pair("#CE93D8"))
SERIES_LINES = (TEMPERATURE_LINE, Tone(Pair("#3F51B5"), Pair("#9FA8DA")), Tone(Pair("#E65100"), Pair("#FFB74D")),
                Tone(Pair("#D81B60"), Pair("#F48FB1")))

GRAPHICS = {"temperature": TEMPERATURE_LINE, "fever": FEVER_LINE, "infusion": INFUSION_LINE,
            **{f"series {i}": tone for i, tone in enumerate(SERIES_LINES)}}
