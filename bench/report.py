"""The benchmark's report (bench/run.py): the targets the figures are held to, the table they
are printed as, and the code version they were measured on."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The targets (national scale on PostgreSQL): (figure key, field, bound, "<" or ">="). Issue 9's,
# tightened by issue 22 (the ratios: the page's requests per second over the baseline's).
TARGETS = {
    "matching.openings_for_citizen": ("median_ms", 50, "<"),
    "matching.citizens_for_opening": ("median_ms", 50, "<"),
    "dashboard.one_municipality": ("median_ms", 300, "<"),
    "dashboard.all_municipalities": ("median_ms", 300, "<"),
    "agreement.app": ("median_ms", 30, "<"),
    "agreement.ratio": ("value", 1.3, "<="),
    "tick.idle": ("median_ms", 500, "<"),
    "load.board": ("p95_ms", 100, "<"),
    "load.board_ratio": ("value", 0.5, ">="),
    "load.logged_in_floor_ratio": ("value", 0.6, ">="),
    "load.caseload_ratio_logged_in": ("value", 0.6, ">="),
    "load.opening_ratio_logged_in": ("value", 0.6, ">="),
    "rss.max_mb": ("value", 150, "<"),
}


def code_version() -> str | None:
    """The commit checked out (read from .git, without running git); None if unknown."""
    git = ROOT / ".git"
    try:
        if git.is_file():
            git = (ROOT / git.read_text().split(":", 1)[1].strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git / ref).is_file():
            return (git / ref).read_text().strip()
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return None


def verdict(key: str, figure: dict) -> str:
    if key not in TARGETS:
        return ""
    field, bound, sense = TARGETS[key]
    value = figure.get(field)
    if value is None:
        return ""
    met = {"<": value < bound, "<=": value <= bound, ">=": value >= bound}[sense]
    unit = " ms" if field.endswith("_ms") else (" MB" if key.startswith("rss") else "")
    return f"{sense} {bound:g}{unit}: {'met' if met else 'MISSED'}"


def note(figure: dict) -> str:
    if "rps" in figure:
        ratio = figure.get("ratio_to_healthz")
        return (
            f"{figure['rps']:.0f} req/s"
            + (f", {ratio:.2f}× /healthz" if ratio else "")
            + (
                f", alone {figure['alone_median_ms']:.0f} ms"
                if figure.get("alone_median_ms")
                else ""
            )
            + (f", {figure['failures']} failed" if figure.get("failures") else "")
        )
    if "pages" in figure:
        return f"{figure['pages']} pages, {figure['kib']} KiB"
    if "mean_results" in figure:
        return f"{figure['samples']} samples, {figure['mean_results']:g} found"
    if "changed" in figure and isinstance(figure["changed"], dict):
        return f"{sum(figure['changed'].values())} changed, {figure['notifications']} notified"
    return ""


def table(figures: dict) -> list[str]:
    lines = [f"{'figure':48} {'median':>10} {'p95':>10} {'n':>5}  {'':44} target", "-" * 134]
    for key, figure in figures.items():
        if "value" in figure:
            value = figure["value"]
            cells = f"{value:>10g} {'':>10} {'':>5}"
        elif "median_ms" in figure:
            cells = (
                f"{figure['median_ms']:>7.1f} ms {figure['p95_ms']:>7.1f} ms "
                f"{figure.get('n', ''):>5}"
            )
        else:
            continue
        lines.append(
            f"{figure.get('label', key)[:48]:48} {cells}  {note(figure):44} {verdict(key, figure)}"
        )
    return lines
