"""Feasibility charts: a PNG (matplotlib, Agg) and a self-contained HTML page (inline SVG).

The HTML page loads nothing: no scripts, no fonts, no images from elsewhere, so it
can be mailed or opened offline.
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Optional

from .funnel import Funnel

COLOURS = {"pass": "#3a8f5c", "fail": "#c0392b", "unknown": "#d4a017", "remaining": "#2c6fad"}


def _label(step) -> str:
    text = step.text if len(step.text) <= 48 else step.text[:47] + "…"
    return f"{step.criterion}: {text}"


def png(funnel: Funnel, path: Path, baseline: Optional[Funnel] = None) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    steps = list(funnel.steps)
    n = max(len(steps), 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 1.2 + 0.42 * n), sharey=True,
                                      gridspec_kw={"width_ratios": [3, 2]})
    labels = [_label(s) for s in steps]
    y = list(range(len(steps)))[::-1]
    start = [0] * len(steps)
    for status in ("pass", "fail", "unknown"):
        values = [getattr(s, {"pass": "passed", "fail": "failed", "unknown": "unknown"}[status]) for s in steps]
        left.barh(y, values, left=start, color=COLOURS[status], label=status)
        start = [a + b for a, b in zip(start, values)]
    left.set_yticks(y, labels, fontsize=8)
    left.set_xlabel("patients")
    left.set_title(f"{funnel.trial_id}: status per criterion ({funnel.patients:,} patients)")
    left.legend(loc="lower right", fontsize=8)
    right.barh(y, [s.remaining for s in steps], color=COLOURS["remaining"], label="remaining")
    if baseline is not None:
        right.plot([s.remaining for s in baseline.steps], y, "k|", markersize=12, label="before what-if")
    for yy, s in zip(y, steps):
        right.text(s.remaining, yy, f" {s.remaining:,}", va="center", fontsize=7)
    right.set_xlabel("patients not excluded so far")
    right.set_title("attrition, in criterion order")
    right.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def html(funnel: Funnel, path: Path, baseline: Optional[Funnel] = None) -> None:
    steps = list(funnel.steps)
    width, bar_height, label_width = 520, 18, 380
    scale = width / max(funnel.patients, 1)
    rows = []
    for i, s in enumerate(steps):
        y = i * (bar_height + 6)
        x = label_width
        parts = []
        for status, value in (("pass", s.passed), ("fail", s.failed), ("unknown", s.unknown)):
            w = value * scale
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                         f'fill="{COLOURS[status]}"><title>{status}: {value:,}</title></rect>')
            x += w
        remaining_w = s.remaining * scale
        parts.append(f'<rect x="{label_width + width + 40}" y="{y}" width="{remaining_w:.1f}" '
                     f'height="{bar_height}" fill="{COLOURS["remaining"]}"><title>remaining: {s.remaining:,}'
                     f'</title></rect>')
        parts.append(f'<text x="{label_width + width + 44 + remaining_w:.1f}" y="{y + 13}" '
                     f'font-size="11">{s.remaining:,}</text>')
        parts.append(f'<text x="0" y="{y + 13}" font-size="11">{escape(_label(s))}</text>')
        rows.append("".join(parts))
    height = len(steps) * (bar_height + 6) + 10
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + 2 * width + 120}" '
           f'height="{height}" role="img" aria-label="status per criterion and attrition">{"".join(rows)}</svg>')
    table = ["<tr><th>criterion</th><th>pass</th><th>fail</th><th>unknown</th><th>excluded only by it</th>"
             "<th>remaining</th>" + ("<th>remaining before what-if</th>" if baseline else "") + "</tr>"]
    before = {s.criterion: s for s in baseline.steps} if baseline else {}
    for s in steps:
        extra = f"<td>{before[s.criterion].remaining:,}</td>" if s.criterion in before else \
            ("<td></td>" if baseline else "")
        table.append(f"<tr><td>{escape(_label(s))}</td><td>{s.passed:,}</td><td>{s.failed:,}</td>"
                     f"<td>{s.unknown:,}</td><td>{s.only_cause:,}</td><td>{s.remaining:,}</td>{extra}</tr>")
    legend = " ".join(f'<span style="color:{c}">■</span> {k}' for k, c in COLOURS.items())
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Feasibility: {escape(funnel.trial_id)}</title>
<style>body{{font-family:sans-serif;margin:1.5em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:2px 8px;text-align:right}}td:first-child{{text-align:left}}</style>
</head><body>
<h1>Feasibility: {escape(funnel.trial_id)}</h1>
<p>{funnel.patients:,} registry patients; {funnel.remaining:,} not excluded by any machine-evaluable
criterion; {funnel.manual} criteria need a person and are not counted here.</p>
<p>{legend}</p>
{svg}
<table>{"".join(table)}</table>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
