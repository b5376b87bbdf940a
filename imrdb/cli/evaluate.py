"""``imrdb eval``: how well the parser reads a folder of letters with a truth.jsonl."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from imrdb.evaluate import FIELDS, Report, evaluate
from imrdb.output import dumps


def _print(report: Report, differences: int) -> None:
    console = Console(highlight=False)
    table = Table(title=f"{report.parsed} of {report.letters} letters parsed")
    for column in ("field", "right", "total", "accuracy"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name in FIELDS:
        table.add_row(
            name, str(report.right[name]), str(report.total[name]), f"{report.accuracy(name):.1%}"
        )
    console.print(table)
    if report.variations:
        by = Table(title="by variation")
        for column in ("variation", "letters", "exact", "letters right", "fields right"):
            by.add_column(column, justify="left" if column == "variation" else "right")
        for name, v in sorted(report.variations.items()):
            by.add_row(
                name,
                str(v.letters),
                str(v.exact),
                f"{v.letter_accuracy:.1%}",
                f"{v.accuracy:.1%}",
            )
        console.print(by)
    for file, reason in report.failures:
        console.print(f"[red]failed[/red] {file}: {reason}")
    shown = report.differences[:differences]
    if shown:
        console.print(
            f"\n{len(report.differences)} differences"
            + (f" (first {differences})" if len(report.differences) > differences else "")
        )
    for d in shown:
        console.print(f"{d.file} {d.field}\n  expected: {d.expected!r}\n  got:      {d.got!r}")
    if report.vocabulary_misses:
        console.print("\nvalues the vocabularies do not know (kept as written):")
        for (vocabulary, value), count in report.vocabulary_misses.most_common(50):
            console.print(f"  {vocabulary:<10} {count:>4}  {value}")


@click.command("eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--extractor", type=click.Choice(["pdfminer", "pdfium"]), default="pdfminer")
@click.option("--jobs", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--differences", type=int, default=50, help="How many differences to list.")
def eval_command(folder: Path, extractor: str, jobs: int | None, fmt: str, differences: int):
    """Score the parser on FOLDER's letters (PDF or .txt) against its truth.jsonl."""
    report = evaluate(folder, extractor, jobs)
    if fmt == "json":
        click.echo(dumps(report.to_dict(), indent=2))
    else:
        _print(report, differences)
