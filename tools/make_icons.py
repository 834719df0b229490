"""Draws the app icons and splash (a white calendar with a heart on teal). Run once:

    python tools/make_icons.py  (needs Pillow, not a runtime dependency)

icon.png is the source `flet build` sizes for every platform. icons/ and favicon.png
use the names of the flet-web PWA files, so `flet publish` copies them over Flet's own.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

TEAL, WHITE, CORAL = (0, 121, 107, 255), (255, 255, 255, 255), (255, 111, 97, 255)
HERE = Path(__file__).resolve().parents[1] / "assets"
SS = 4  # supersampling for smooth edges


def draw(size: int, full_bleed: bool, mark: float, tile: float = 1.0) -> Image.Image:
    """A teal tile (rounded unless full_bleed) taking `tile` of the canvas, mark scaled by `mark`."""
    s = size * SS
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if full_bleed:
        d.rectangle((0, 0, s, s), fill=TEAL)
    else:
        pad = s * (1 - tile) / 2
        d.rounded_rectangle((pad, pad, s - pad, s - pad), radius=0.22 * s * tile, fill=TEAL)
    k = s * mark * tile
    at = lambda x, y: (s / 2 + x * k, s / 2 + y * k)  # noqa: E731
    box = lambda x0, y0, x1, y1: (*at(x0, y0), *at(x1, y1))  # noqa: E731
    d.rounded_rectangle(box(-0.30, -0.22, 0.30, 0.30), radius=0.06 * k, fill=WHITE)  # calendar
    d.rectangle(box(-0.30, -0.105, 0.30, -0.08), fill=TEAL)  # line under the header
    for x in (-0.15, 0.15):  # binder rings
        d.rounded_rectangle(box(x - 0.05, -0.32, x + 0.05, -0.13), radius=0.05 * k, fill=TEAL)
        d.rounded_rectangle(box(x - 0.028, -0.30, x + 0.028, -0.15), radius=0.028 * k, fill=WHITE)
    turns = [i * 2 * math.pi / 240 for i in range(240)]
    heart = [(16 * math.sin(t) ** 3, 2 * math.cos(3 * t) + math.cos(4 * t) + 5 * math.cos(2 * t) - 13 * math.cos(t))
             for t in turns]
    d.polygon([at(x * 0.0085, 0.089 + y * 0.0085) for x, y in heart], fill=CORAL)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    (HERE / "icons").mkdir(exist_ok=True)
    draw(1024, False, 1.0).save(HERE / "icon.png")
    draw(1024, False, 1.0, tile=0.6).save(HERE / "splash.png")
    draw(32, False, 1.0).save(HERE / "favicon.png")
    for n in (192, 512):
        draw(n, False, 1.0).save(HERE / f"icons/icon-{n}.png")
        draw(n, True, 0.8).save(HERE / f"icons/icon-maskable-{n}.png")  # safe zone: 80 % circle
    draw(192, True, 0.85).convert("RGB").save(HERE / "icons/apple-touch-icon-192.png")


if __name__ == "__main__":
    main()
