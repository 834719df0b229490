"""Cold start to the first usable screen in headless Chromium: Companion vs a bare Flet "hello" app.

Prints the median of several alternating runs of each and the ratio (goal <= 1.2).
"""

import sys

from playwright.sync_api import sync_playwright

from _browser import launch, median, start_companion, start_hello, time_to_screen

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5

with sync_playwright() as p:
    browser = launch(p)
    hello, app = [], []
    for _ in range(RUNS):
        hello.append(time_to_screen(browser, start_hello, ("button", "Ready")))
        app.append(time_to_screen(browser, start_companion, ("tab", "Today")))
    browser.close()

print(f"bare flet hello: median {median(hello):.2f} s  ({', '.join(f'{x:.2f}' for x in hello)})")
print(f"companion:       median {median(app):.2f} s  ({', '.join(f'{x:.2f}' for x in app)})")
print(f"ratio: {median(app) / median(hello):.2f}  (goal <= 1.2)")
