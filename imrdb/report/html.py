"""A report as one self-contained HTML page: inline CSS, an inline SVG bar chart per table.

Nothing is fetched when the page is opened (no scripts, fonts or images from a network),
so it can be attached to a brief or archived and still read the same. Charts are stacked
horizontal bars, upheld then overturned, drawn here in Python.
"""

from __future__ import annotations

from html import escape
from importlib import metadata, resources
from string import Template
from urllib.parse import urlencode

from imrdb.report.groupings import NONE, OTHER
from imrdb.report.model import MEASURES, Report, StatTable, Table
from imrdb.report.render import cell, figure_text, overlap_note, stat_cell, summary, table_lines

UPHELD_COLOR = "#4e79a7"
OVERTURNED_COLOR = "#e15759"
LABEL_WIDTH = 320  # px for the group names left of the bars
BAR_WIDTH = 440
VALUE_WIDTH = 200
ROW_HEIGHT = 24
BAR_HEIGHT = 15
LEGEND_HEIGHT = 30
LABEL_CHARS = 42  # longer names are shortened on the chart (full name on hover, and in the table)


def _generator() -> str:
    try:
        return f"imrdb {metadata.version('imrdb')}"
    except metadata.PackageNotFoundError:
        return "imrdb"


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _number(value: float) -> str:
    """An SVG coordinate: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar_chart(table: Table, chart_id: str) -> str:
    """An SVG of the table's rows: a bar per group, its length the number of decisions."""
    rows = table.rows
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = LEGEND_HEIGHT + ROW_HEIGHT * max(len(rows), 1) + 6
    largest = max((r.counts.decisions for r in rows), default=0) or 1
    scale = BAR_WIDTH / largest
    title = f"{table.title}: decisions upheld and overturned"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<rect x="{LABEL_WIDTH}" y="6" width="12" height="12" fill="{UPHELD_COLOR}"/>',
        f'<text x="{LABEL_WIDTH + 18}" y="16">Upheld</text>',
        f'<rect x="{LABEL_WIDTH + 90}" y="6" width="12" height="12" fill="{OVERTURNED_COLOR}"/>',
        f'<text x="{LABEL_WIDTH + 108}" y="16">Overturned</text>',
    ]
    if not rows:
        parts.append(f'<text x="{LABEL_WIDTH}" y="{LEGEND_HEIGHT + 16}">No decisions.</text>')
    for i, row in enumerate(rows):
        name = " · ".join(row.values)
        y = LEGEND_HEIGHT + i * ROW_HEIGHT
        bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2
        upheld = row.counts.upheld * scale
        overturned = row.counts.overturned * scale
        rate = row.counts.to_dict(table.total.decisions)["overturned_pct"]
        parts += [
            f'<g class="bar"><title>{escape(name)}: {row.counts.decisions:,} decisions, '
            f"{row.counts.upheld:,} upheld, {row.counts.overturned:,} overturned</title>",
            f'<text x="{LABEL_WIDTH - 8}" y="{_number(y + 16)}" text-anchor="end">'
            f"{escape(_short(name))}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{_number(bar_y)}" width="{_number(upheld)}" '
            f'height="{BAR_HEIGHT}" fill="{UPHELD_COLOR}"/>',
            f'<rect x="{_number(LABEL_WIDTH + upheld)}" y="{_number(bar_y)}" '
            f'width="{_number(overturned)}" height="{BAR_HEIGHT}" fill="{OVERTURNED_COLOR}"/>',
            f'<text x="{_number(LABEL_WIDTH + upheld + overturned + 6)}" y="{_number(y + 16)}" '
            f'fill="#57606a">{row.counts.decisions:,} · {cell("overturned_pct", rate) or "-"}% '
            "overturned</text></g>",
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def heat_map(table: Table, base: str | None = None) -> str:
    """A two-field table as a grid: the first field's values down, the second's across, each
    cell's shade its share of the largest cell's decisions (counts and rates on hover)."""
    down = list(dict.fromkeys(row.values[0] for row in table.rows))
    across = list(dict.fromkeys(row.values[1] for row in table.rows))
    cells = {row.values: row.counts for row in table.rows}
    largest = max((c.decisions for c in cells.values()), default=0) or 1
    head = f"<th>{escape(table.headings[0])} \\ {escape(table.headings[1])}</th>"
    head += "".join(f'<th class="n">{escape(v)}</th>' for v in across)
    body = []
    for a in down:
        tds = []
        for b in across:
            counts = cells.get((a, b))
            if counts is None:
                tds.append('<td class="n"></td>')
                continue
            rate = counts.to_dict(table.total.decisions)["overturned_pct"]
            shade = _number(0.08 + 0.72 * counts.decisions / largest)
            overturned = cell("overturned_pct", rate)
            tip = f"{a} · {b}: {counts.decisions:,} decisions, {overturned}% overturned"
            count = f"{counts.decisions:,}"
            if link := search_link(table, (a, b), base):
                count = f'<a href="{escape(link)}">{count}</a>'
            tds.append(
                f'<td class="n" style="background: rgba(78, 121, 167, {shade})" '
                f'title="{escape(tip)}">{count}</td>'
            )
        body.append(f"<tr><th>{escape(a)}</th>{''.join(tds)}</tr>")
    return (
        f'<table class="heat" data-by="{escape(",".join(table.by))}">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"
    )


# The search filter each grouping's value is (imrdb.search.filters; the web face's URL keys).
_FILTER_OF = {
    "category": "category",
    "subcategory": "subcategory",
    "drug_class": "drug_class",
    "body_region": "body_region",
    "case_outcome": "case_outcome",
    "drug": "drug",
    "source": "guideline",
    "specialty": "specialty",
    "year": "year",
    "priority": "priority",
}


def search_link(table: Table, labels: tuple[str, ...], base: str | None) -> str | None:
    """The web face's search for one group of ``table`` (``None``: no filter says it)."""
    if base is None:
        return None
    params = [base] if base else []
    for name, label in zip(table.by, labels, strict=True):
        if name not in _FILTER_OF or label in (NONE, OTHER):
            return None
        value = table.codes.get(label, label)
        params.append(urlencode({_FILTER_OF[name]: value}))
    return "/?" + "&".join(params)


def _html_table(table: Table, base: str | None = None) -> str:
    head = [f"<th>{escape(h)}</th>" for h in table.headings]
    head += [f'<th class="n">{escape(h)}</th>' for _, h in MEASURES]
    body, foot = [], []
    for labels, measures, is_total in table_lines(table):
        cells = [f"<td>{escape(v)}</td>" for v in labels]
        link = None if is_total else search_link(table, labels, base)
        count = cell("decisions", measures["decisions"])
        if link:  # the count opens the search that finds exactly these decisions
            count = f'<a href="{escape(link)}">{count}</a>'
        cells.append(f'<td class="n">{count}</td>')
        cells += [f'<td class="n">{cell(n, measures[n])}</td>' for n, _ in MEASURES[1:]]
        (foot if is_total else body).append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="report" data-by="{escape(",".join(table.by))}">\n'
        f"<thead><tr>{''.join(head)}</tr></thead>\n"
        f"<tbody>\n{chr(10).join(body)}\n</tbody>\n"
        f"<tfoot>{''.join(foot)}</tfoot>\n</table>"
    )


def _picture(table: Table, index: int, base: str | None) -> str:
    """A grid (heat map) for two fields, stacked bars for one."""
    return heat_map(table, base) if len(table.by) == 2 else bar_chart(table, f"chart-{index}")


def _section(table: Table, index: int, base: str | None = None) -> str:
    note = overlap_note(table)
    cut = f" The {table.top} largest groups are shown; the rest are “(other)”." if table.top else ""
    notes = f'<p class="note">{escape((note or "") + cut).strip()}</p>' if note or cut else ""
    return (
        f'<section id="table-{index}">\n<h2>{escape(table.title)}</h2>\n'
        f"<figure>\n{_picture(table, index, base)}\n</figure>\n"
        f"{_html_table(table, base)}\n{notes}\n</section>"
    )


def _cell_tag(tag: str, i: int, text: str) -> str:
    numeric = ' class="n"' if i else ""  # the first column names the row
    return f"<{tag}{numeric}>{escape(text)}</{tag}>"


def _stat_section(stat: StatTable) -> str:
    head = "".join(_cell_tag("th", i, t) for i, (_, t) in enumerate(stat.columns))
    body = "\n".join(
        "<tr>" + "".join(_cell_tag("td", i, stat_cell(v)) for i, v in enumerate(row)) + "</tr>"
        for row in stat.rows
    )
    return (
        f'<section id="{escape(stat.name)}">\n<h2>{escape(stat.title)}</h2>\n'
        f'<table class="stats"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>'
        "\n</section>"
    )


def _front(report: Report) -> str:
    """Key figures, each with the search that finds its part, and the period tables."""
    parts = []
    if report.figures:
        items = "\n".join(
            f"<li>{escape(figure_text(f))}"
            + (
                f' <span class="search">search: <code>{escape(f.search)}</code></span>'
                if f.search
                else ""
            )
            + "</li>"
            for f in report.figures
        )
        parts.append(
            f'<section id="figures">\n<h2>Key figures</h2>\n<ul>\n{items}\n</ul>\n</section>'
        )
    parts += [_stat_section(stat) for stat in report.stats]
    return "\n".join(parts)


def _made(report: Report) -> str:
    made = report.made
    if not made:
        return ""
    said = [f"Made {escape(made['when'])}"] if made.get("when") else []
    if made.get("database"):
        said.append(f"from the database <code>{escape(made['database'])}</code>")
    return f'<p class="made">{" ".join(said)}.</p>'


def render_html(report: Report) -> str:
    page = Template(resources.files(__package__).joinpath("report.html").read_text("utf-8"))
    return page.substitute(
        title=escape(report.title),
        query=escape(report.query),
        summary=escape(summary(report)),
        generator=escape(_generator()),
        made=_made(report),
        sections="\n".join(
            [_front(report)] * bool(report.figures or report.stats)
            + [
                _section(t, i, report.made.get("search"))
                for i, t in enumerate(report.tables, start=1)
            ]
        ),
    )
