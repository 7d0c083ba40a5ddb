"""``geoevents eval CORPUS.xml``: score the geoparser on an annotated public corpus."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from app.core.errors import InvalidInput
from app.evaluation.corpus_scores import CorpusReport, EvalConfig


def register(cli: typer.Typer) -> None:
    """Add the ``eval`` command to the ``geoevents`` CLI."""
    cli.command("eval")(evaluate)


def evaluate(
    corpus: Annotated[
        Path,
        typer.Argument(
            help="GeoWebNews, TR-News, LGL or GeoVirus-style XML file.", metavar="CORPUS.xml"
        ),
    ],
    report: Annotated[
        Path | None, typer.Option("--report", help="Write every figure as JSON here.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N articles.")
    ] = None,
    offset: Annotated[
        int,
        typer.Option("--offset", min=0, help="Skip the first N articles (with --limit: a split)."),
    ] = 0,
    details: Annotated[
        Path | None,
        typer.Option("--details", help="Write one JSON line per mention here (analysis)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per batch.")
    ] = 32,
    demonyms: Annotated[
        bool, typer.Option("--demonyms", help='Count nationality words ("Syrian") as toponyms.')
    ] = False,
    all_stages: Annotated[
        bool,
        typer.Option(
            "--all-stages",
            help="Also run the stages after geoparsing (derived places, events) in the timing.",
        ),
    ] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
) -> None:
    """Recognition P/R/F1, resolution accuracy@161 km, error, AUC, calibration, docs/s."""
    started = time.perf_counter()
    from app.core.config import get_settings
    from app.services.corpus_eval import run

    if not corpus.is_file():
        raise InvalidInput(f"no corpus file at {corpus}")
    settings = get_settings()
    config = EvalConfig(
        corpus_path=str(corpus),
        limit=limit,
        offset=offset,
        batch_size=batch_size,
        count_demonyms=demonyms,
        all_stages=all_stages,
        data_dir=str(settings.data_dir),
        spacy_model=settings.spacy_model,
    )
    if details is None:
        result = run(config, settings, started=started, progress=progress)
    else:
        with details.open("w", encoding="utf-8") as handle:
            result = run(
                config,
                settings,
                started=started,
                progress=progress,
                details=lambda row: handle.write(json.dumps(row, ensure_ascii=False) + "\n"),
            )
    typer.echo(format_report(result))
    if report is not None:
        report.write_text(json.dumps(result.as_dict(), indent=2) + "\n", encoding="utf-8")
        typer.echo(f"report written to {report}", err=True)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _km(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} km"


def _num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_report(report: CorpusReport) -> str:
    """The report as a short table for a terminal."""
    gold, rec, res, thr = report.gold, report.recognition, report.resolution, report.throughput
    internal = report.entry_point_resolution
    lines = [
        f"corpus       {report.corpus} ({', '.join(gold.formats) or '?'}): "
        f"{gold.documents:,} documents",
        f"gold         {gold.toponyms:,} toponyms, {gold.with_coordinates:,} with coordinates; "
        f"{gold.ignored:,} ignored (demonyms); spans shifted {gold.shifted:,}, "
        f"unalignable {gold.unaligned:,}",
        f"predicted    {report.predictions.mentions:,} mentions "
        f"({report.predictions.demonyms_excluded:,} demonym mentions not counted)",
        f"recognition  P {_pct(rec.precision)}  R {_pct(rec.recall)}  F1 {_pct(rec.f1)}  "
        f"(tp {rec.tp:,}, fp {rec.fp:,}, fn {rec.fn:,})",
        f"resolution   acc@161 {_pct(res.accuracy_at_161)} of {res.resolved:,} detected; "
        f"recall@161 {_pct(res.recall_at_161)} of {res.gold_with_coordinates:,} "
        "(at the coordinates the API returns)",
        *(
            [
                f"entry point  acc@161 {_pct(internal.accuracy_at_161)}; recall@161 "
                f"{_pct(internal.recall_at_161)} (at the gazetteer entries' own points, "
                "which the API does not return: for comparison)"
            ]
            if internal is not None
            else []
        ),
        f"error        mean {_km(res.mean_error_km)}, median {_km(res.median_error_km)}, "
        f"AUC {_num(res.auc)} (lower is better)",
        f"throughput   {thr.documents_per_second:.2f} docs/s ({thr.documents:,} docs in "
        f"{thr.seconds:.1f} s, {thr.load_seconds:.1f} s of it loading; "
        f"{'all stages' if report.config.all_stages else 'geoparsing only'})",
        "",
        "calibration  score      n   right  false+  mean score  accuracy",
    ]
    for b in report.calibration:
        lines.append(
            f"             {b.low:.1f}-{b.high:.1f} {b.count:>6,} {b.correct:>7,} "
            f"{b.false_positives:>7,} {_num(b.mean_score, 2):>11} {_pct(b.accuracy):>9}"
        )
    lines.append(
        f"             expected calibration error {_num(report.expected_calibration_error)}"
    )
    if report.predictions.text_changed:
        lines.append(
            f"warning      {report.predictions.text_changed:,} documents came back with changed "
            "text; their offsets may not line up"
        )
    return "\n".join(lines)
