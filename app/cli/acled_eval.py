"""``geoevents events eval --acled FILE...``: the figures on ACLED's own notes, as a table."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.core.errors import InvalidInput

if TYPE_CHECKING:
    from app.evaluation.acled_scores import Tally
    from app.services.acled_eval import AcledFileReport

COLUMNS = (
    ("rows", 6),
    ("found", 6),
    ("type", 6),
    ("sub", 6),
    ("w/sub", 6),
    ("placed", 6),
    ("@10", 6),
    ("@25", 6),
    ("@161", 6),
    ("any@25", 6),
    ("fatal", 6),
    ("date", 6),
    ("actor1", 6),
    ("docs/s", 6),
)
FIGURES = (
    "event_found",
    "event_type",
    "sub_event_type",
    "with_sub_event_type",
    "event_placed",
    "within_10km",
    "within_25km",
    "within_161km",
    "any_point_25km",
    "fatalities",
    "date",
    "actor1",
)
LEGEND = (
    "found: notes with an event; type, sub, date: of found (sub where ACLED gives one); "
    "w/sub: found events with a sub-event type;\nplaced: the chosen event within 25/50/161 "
    "km of ACLED's point for geo_precision 1/2/3, @10/@25/@161 and any@25 (any output "
    "point): of all rows;\nfatal: of found where ACLED counts > 0; actor1: of found, "
    "normalised names, one containing the other"
)


def run(
    files: list[Path],
    *,
    country: str | None,
    limit: int | None,
    as_json: bool,
    details: Path | None,
    report: Path | None,
    batch_size: int,
    progress: bool,
) -> None:
    """Score every file and print the table (or JSON with ``as_json``)."""
    from app.core.config import get_settings
    from app.services.acled_eval import evaluate_acled_file
    from app.services.geoparser import load_geoparser

    for path in files:
        if not path.is_file():
            raise InvalidInput(f"no ACLED file at {path}")
    settings = get_settings()
    geoparser = load_geoparser(settings)
    with ExitStack() as stack:
        write = None
        if details is not None:
            handle = stack.enter_context(details.open("w", encoding="utf-8"))

            def write(row: dict) -> None:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")

        reports = [
            evaluate_acled_file(
                geoparser,
                path,
                country=country,
                limit=limit,
                timeout=settings.geoparse_timeout,
                max_chars=settings.max_text_chars,
                batch_size=batch_size,
                details=write,
                progress=progress,
            )
            for path in files
        ]
    figures = {"files": [r.as_dict() for r in reports]}
    if report is not None:
        report.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    typer.echo(json.dumps(figures, indent=2) if as_json else format_reports(reports))


def format_reports(reports: list[AcledFileReport]) -> str:
    """One block per file: the file's line, then a line per country."""
    width = max([28, *(len(r.file) for r in reports)])
    header = f"{'file / country':<{width}}" + "".join(f"{n:>{w + 1}}" for n, w in COLUMNS)
    lines = [header]
    for r in reports:
        lines.append(_line(r.file, r.total, r.docs_per_second, width))
        if len(r.countries) > 1:
            lines += [_line(f"  {name}", tally, None, width) for name, tally in r.countries]
    return "\n".join([*lines, "", LEGEND])


def _line(name: str, tally: Tally, docs_per_second: float | None, width: int) -> str:
    rates = tally.rates()
    cells = [f"{tally.rows:,}"] + [_pct(rates[f]) for f in FIGURES]
    cells.append("-" if docs_per_second is None else f"{docs_per_second:.1f}")
    return f"{name[:width]:<{width}}" + "".join(
        f"{c:>{w + 1}}" for c, (_, w) in zip(cells, COLUMNS, strict=True)
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"
