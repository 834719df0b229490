"""What a person with the browser's developer tools open would see go wrong while the app starts.

`watch(page, origin)` collects, from the moment it is called: console errors and warnings (of the page and
of its workers, which Playwright reports on the page), uncaught errors, requests that failed or were answered
with an error status (the browser logs each as an error; not those the page dropped itself, which it does
not log), and requests to any other origin.
`browser_issues(page)` asks Chromium for the issues it reported for the page (deprecated APIs and the like:
they appear in the Issues panel, not as console messages).
"""

from __future__ import annotations

# Chromium's issue for an <input> with neither id nor name: Flutter's own, over each text field.
FLUTTER_INPUT = "FormEmptyIdAndNameAttributesForInputError"


def watch(page, origin: str) -> list[str]:
    problems: list[str] = []

    def console(message) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text}")

    def response(answer) -> None:
        if answer.status >= 400:
            problems.append(f"HTTP {answer.status}: {answer.request.method} {answer.url}")

    def failed(request) -> None:
        if request.failure != "net::ERR_ABORTED":  # dropped by the page (a reload, a worker that ended, a
            problems.append(f"request failed ({request.failure}): {request.method} {request.url}")  # body unread)

    def request(asked) -> None:
        if not asked.url.startswith((origin, "blob:" + origin, "data:")):
            problems.append(f"another origin: {asked.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("response", response)
    page.on("requestfailed", failed)
    page.on("request", request)
    return problems


def browser_issues(page) -> list[str]:
    """The issues Chromium has reported for `page` so far (Audits.enable replays them), as 'code: details'."""
    issues: list[str] = []
    session = page.context.new_cdp_session(page)
    session.on("Audits.issueAdded", lambda event: issues.append(
        f"{event['issue']['code']}: {str(event['issue'].get('details'))[:300]}"))
    session.send("Audits.enable")
    page.wait_for_timeout(500)  # the replayed issues arrive as events
    session.detach()
    return issues


def pinch(page, spread: int, x: float | None = None, y: float | None = None) -> float:
    """Two fingers on the screen move apart (`spread` > 0, zoom in) or together, as on a phone (the context
    needs has_touch=True); returns the browser's zoom afterwards (1 = not zoomed)."""
    size = page.viewport_size
    x = size["width"] / 2 if x is None else x
    y = size["height"] / 2 if y is None else y
    gap = 40 if spread > 0 else 40 - spread  # the fingers' distance from the middle at the start
    session = page.context.new_cdp_session(page)
    try:
        def touch(kind: str, offset: float) -> None:
            points = [] if kind == "touchEnd" else [{"x": x - offset, "y": y, "id": 0}, {"x": x + offset, "y": y, "id": 1}]
            session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        touch("touchStart", gap)
        for step in range(1, 11):
            touch("touchMove", gap + spread * step / 10)
            page.wait_for_timeout(16)
        touch("touchEnd", 0)
    finally:
        session.detach()
    page.wait_for_timeout(300)
    return zoom(page)


def zoom(page) -> float:
    """The browser's pinch zoom (1 = none), as the browser has it (the app's page shows Flutter 1 always)."""
    return page.evaluate("Object.getOwnPropertyDescriptor(VisualViewport.prototype, 'scale').get.call(visualViewport)")
