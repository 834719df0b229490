"""The app's own colours keep WCAG AA contrast in both themes: text 4.5:1 on its background (or on every theme
surface it may sit on), chart lines 3:1 on the page; and the advice levels keep their hue in both."""

import colorsys

import pytest

from companion.core.triage import Level
from companion.ui import palette


def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour written #RRGGBB."""
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


def _backgrounds(pair: palette.Pair, dark: bool, surfaces) -> tuple[str, ...]:
    return (pair.bg,) if pair.bg else surfaces[dark]


CASES = [(name, dark) for name in palette.TEXT for dark in (False, True)]


@pytest.mark.parametrize("name,dark", CASES, ids=[f"{n}-{'dark' if d else 'light'}" for n, d in CASES])
def test_text_colours_reach_aa(name, dark):
    pair = palette.TEXT[name].on(dark)
    surfaces = {False: palette.LIGHT_SURFACES, True: palette.DARK_SURFACES}
    for background in _backgrounds(pair, dark, surfaces):
        assert contrast(pair.fg, background) >= 4.5, f"{name} ({'dark' if dark else 'light'}): {pair.fg} on " \
                                                      f"{background} is {contrast(pair.fg, background):.2f}:1"


GRAPHICS = [(name, dark) for name in palette.GRAPHICS for dark in (False, True)]


@pytest.mark.parametrize("name,dark", GRAPHICS, ids=[f"{n}-{'dark' if d else 'light'}" for n, d in GRAPHICS])
def test_chart_lines_stand_out_from_the_page(name, dark):
    pair = palette.GRAPHICS[name].on(dark)
    for background in (palette.DARK_PAGE if dark else palette.LIGHT_PAGE):
        assert contrast(pair.fg, background) >= 3.0, f"{name}: {pair.fg} on {background}"


def test_every_advice_level_has_its_colours_and_they_differ():
    assert set(palette.LEVELS) == set(Level)
    for dark in (False, True):
        backgrounds = [palette.LEVELS[level].on(dark).bg for level in Level]
        assert len(set(backgrounds)) == len(backgrounds)


def _hue(hex_colour: str) -> float:
    r, g, b = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


# The hue each level's tint must keep in both themes (degrees): the meaning lives in the colour too.
HUES = {Level.EMERGENCY: (340, 20), Level.CALL_NOW: (5, 30), Level.CALL_TODAY: (35, 60), Level.MONITOR: (90, 160)}


@pytest.mark.parametrize("level", list(Level), ids=lambda level: level.name)
def test_advice_levels_keep_their_hue_in_both_themes(level):
    low, high = HUES[level]
    for dark in (False, True):
        hue = _hue(palette.LEVELS[level].on(dark).bg)
        inside = low <= hue <= high if low < high else hue >= low or hue <= high
        assert inside, f"{level.name} {'dark' if dark else 'light'}: hue {hue:.0f}"


def test_surfaces_stand_for_the_theme_tones_they_claim():
    """The surface greys are Material 3 tones (CIELAB L*): light 87 and up, dark 30 and down."""
    def tone(hex_colour: str) -> float:
        y = luminance(hex_colour)
        return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y

    assert [round(tone(c)) for c in palette.LIGHT_SURFACES] == [87, 100]
    assert [round(tone(c)) for c in palette.DARK_SURFACES] == [4, 30]
