"""axe-core accessibility scans of a Playwright page (axe-core from npm: `npm ci` puts it in node_modules/).

Findings go to artifacts/axe/<name>.json. `ours()` keeps the serious and critical ones that our controls cause:
Flutter's own markup produces a few that no app can change, excluded below by rule id, each with its reason.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = ROOT / "artifacts" / "axe"
SERIOUS = ("serious", "critical")

# Rule id -> why a finding of this rule is Flutter's, not ours.
FLUTTER_MARKUP = {
    # Flutter's web engine writes <meta name="viewport" ... user-scalable=no> itself; a Flutter app scales its
    # text with the system setting instead. (moderate)
    "meta-viewport": "Flutter's own viewport meta tag",
    # Flutter's semantics tree has no landmark roles (main, nav, ...): every node is a bare <flt-semantics>. (moderate)
    "region": "Flutter's semantics tree has no landmarks",
    # Flutter's scroll containers are never DOM-focusable (Flutter scrolls with its own key handling once a
    # control inside has focus); a pane of plain text, like Today's "Next 14 days", is flagged. (serious)
    "scrollable-region-focusable": "Flutter's scroll containers take no DOM focus",
}
# aria-valid-attr-value on aria-owns: Flutter links a node to its children with aria-owns and, while the tree
# is being rebuilt, can point at a child it has just removed. Other attribute values still count.
FLUTTER_ATTRIBUTES = ("aria-owns",)


# Where a node is on the screen, and the label of its nearest labelled ancestor (Flutter puts a tooltip there).
WHERE_JS = """selector => {
    const node = typeof selector === 'string' ? document.querySelector(selector) : null;
    if (!node) return null;
    const box = node.getBoundingClientRect();
    const labelled = node.parentElement && node.parentElement.closest('[aria-label]');
    return {x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height),
            near: labelled ? labelled.getAttribute('aria-label') : null};
}"""


def scan(page, name: str) -> list[dict]:
    """Run axe on the whole page; write every violation to artifacts/axe/<name>.json; return them."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [{"id": v["id"], "impact": v["impact"], "help": v["help"], "flutter": _flutter_reason(v),
                   "nodes": [{"target": n["target"], "html": n["html"], "summary": n.get("failureSummary", ""),
                              "where": page.evaluate(WHERE_JS, n["target"][0])} for n in v["nodes"]]}
                  for v in result["violations"]]
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    return violations


def _flutter_reason(violation: dict) -> str | None:
    if violation["id"] in FLUTTER_MARKUP:
        return FLUTTER_MARKUP[violation["id"]]
    if violation["id"] == "aria-valid-attr-value" and all(
            any(attr in n.get("failureSummary", "") for attr in FLUTTER_ATTRIBUTES) for n in violation["nodes"]):
        return "Flutter's aria-owns pointing at a node it removed"
    return None


def ours(violations: list[dict]) -> list[dict]:
    """The serious and critical findings caused by our controls."""
    return [v for v in violations if v["impact"] in SERIOUS and not v["flutter"]]


def summary(name: str, violations: list[dict]) -> str:
    """One line per finding: rule, impact, how many nodes, whose, and the first node's label or markup."""
    lines = [f"{name}: {len(violations)} finding(s)"]
    for v in violations:
        whose = f"Flutter ({v['flutter']})" if v["flutter"] else "OURS"
        lines.append(f"  {v['id']} [{v['impact']}] x{len(v['nodes'])} {whose}: {v['help']}")
        if not v["flutter"]:
            lines += [f"    at {_where(n['where'])}: {n['html'][:110]}" for n in v["nodes"]]
    return "\n".join(lines)


def _where(where: dict | None) -> str:
    if not where:
        return "?"
    near = f" inside {where['near']!r}" if where.get("near") else ""
    return f"x={where['x']} y={where['y']} {where['width']}x{where['height']}{near}"
