"""`elig profile-report` as tables: codes seen, mapped or not, and what was skipped."""
from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from .report import CodeSeen, LoadReport

def coverage_lines(report: LoadReport) -> list[str]:
    """'Observation values: 20,460 of 37,818 used (54.1%); codes: 64 of 232 mapped'."""
    return [_coverage("all values", report.coverage()),
            _coverage("numeric values", report.coverage(numeric=True))]


def _coverage(label: str, figures: tuple[int, int, int, int]) -> str:
    used, seen, mapped, codes = figures
    share = f" ({100 * used / seen:.1f}%)" if seen else ""
    return f"{label}: {used:,} of {seen:,} used{share}; codes: {mapped:,} of {codes:,} mapped to an analyte"


def coverage_dict(report: LoadReport) -> dict:
    names = ("used", "seen", "codes_mapped", "codes_seen")
    return {"all": dict(zip(names, report.coverage())),
            "numeric": dict(zip(names, report.coverage(numeric=True)))}


def code_tables(report: LoadReport, limit: int = 0) -> list[Table]:
    """Two tables: the codes that map to an analyte, and those that do not (with why)."""
    codes = sorted(report.codes.values(), key=lambda c: (-c.count, c.code))
    mapped = [c for c in codes if c.analyte]
    unmapped = [c for c in codes if not c.analyte]
    return [_mapped_table(mapped, limit), _unmapped_table(unmapped, limit)]


def _mapped_table(codes: list[CodeSeen], limit: int) -> Table:
    table = Table(title=f"Codes mapped to an analyte ({len(codes)})", title_justify="left")
    for column in ("code", "display", "analyte", "values", "used", "units", "skipped because"):
        table.add_column(column, overflow="fold")
    for c in codes[:limit or None]:
        table.add_row(escape(c.code), escape(c.display[:60]), escape(c.analyte or ""), f"{c.count:,}",
                      f"{c.used:,}", escape(", ".join(u for u, _ in c.units.most_common(3))),
                      escape(_reasons(c)))
    return table


def _unmapped_table(codes: list[CodeSeen], limit: int) -> Table:
    table = Table(title=f"Codes not mapped ({len(codes)}): never used", title_justify="left")
    for column in ("code", "display", "category", "values", "why"):
        table.add_column(column, overflow="fold")
    for c in codes[:limit or None]:
        table.add_row(escape(c.code), escape(c.display[:60]), escape(c.category), f"{c.count:,}",
                      escape(_reasons(c)))
    if limit and len(codes) > limit:
        table.caption = f"and {len(codes) - limit} more (use --all)"
    return table


def _reasons(c: CodeSeen) -> str:
    return "; ".join(f"{reason} ({n:,})" for reason, n in c.skipped.most_common(3))


def skip_table(report: LoadReport) -> Table:
    table = Table(title=f"Records: {report.read:,} read, {report.used:,} used, "
                        f"{report.skipped_total:,} skipped", title_justify="left")
    for column in ("records", "skipped because", "for example"):
        table.add_column(column, overflow="fold")
    for reason, n in report.skipped.most_common():
        table.add_row(f"{n:,}", escape(reason), escape(", ".join(report.examples.get(reason, [])[:2])))
    for note, n in report.notes.most_common():
        table.add_row(f"{n:,}", escape(f"(used) {note}"), "")
    return table
