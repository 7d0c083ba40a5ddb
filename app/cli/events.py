"""``geoevents events eval GOLD.jsonl...``: score event extraction on a gold set;
``geoevents events eval --acled FILE...``: on ACLED's own notes (see ``app/cli/acled_eval.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from app.core.errors import InvalidInput

events_app = typer.Typer(
    help="Event extraction: evaluation on a gold set or on ACLED's notes.", no_args_is_help=True
)


def register(cli: typer.Typer) -> None:
    """Add the ``events`` command group to the ``geoevents`` CLI."""
    if not any(group.name == "events" for group in cli.registered_groups):
        cli.add_typer(events_app, name="events")


@events_app.command("eval")
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold files (JSON Lines, see app/events/evaluate.py); with --acled, ACLED "
            "CSV exports or acled-dev JSON Lines.",
            metavar="FILE...",
        ),
    ],
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the figures and errors as JSON here.")
    ] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Print every error.")] = False,
    acled: Annotated[
        bool,
        typer.Option(
            "--acled",
            help="The files are ACLED's: its CSV export or acled-dev JSON Lines "
            "(../shared/corpora/acled-dev); score each note as geoparse --jsonl outputs it.",
        ),
    ] = False,
    country: Annotated[
        str | None, typer.Option("--country", help="--acled: only ACLED's rows of this country.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="--acled: only the first N rows per file.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="--acled: print the figures as JSON.")
    ] = False,
    details: Annotated[
        Path | None,
        typer.Option("--details", help="--acled: write one JSON line per note here (analysis)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="--acled: documents per batch.")
    ] = 32,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="--acled: progress bar on stderr.")
    ] = True,
) -> None:
    """Event detection P/R, event-type, date, place-linking (with two baselines), actor
    and fatality accuracy on the matched events of a gold set. With --acled: event found,
    event and sub-event type, placement, fatalities, date and actor1 on ACLED's notes, per
    file and per country."""
    if acled:
        if errors:
            raise InvalidInput("--errors is for gold sets; with --acled use --details FILE")
        from app.cli.acled_eval import run as run_acled

        run_acled(
            gold,
            country=country,
            limit=limit,
            as_json=as_json,
            details=details,
            report=report,
            batch_size=batch_size,
            progress=progress,
        )
        return
    acled_only = {"--country": country, "--limit": limit, "--json": as_json, "--details": details}
    used = [name for name, value in acled_only.items() if value]
    if used:
        raise InvalidInput(f"{', '.join(used)}: only with --acled")
    from app.core.config import get_settings
    from app.events.evaluate import evaluate as run
    from app.events.evaluate import read_gold
    from app.services.geoparser import load_geoparser

    for path in gold:
        if not path.is_file():
            raise InvalidInput(f"no gold file at {path}")
    docs = [doc for path in gold for doc in read_gold(path)]
    geoparser = load_geoparser(get_settings())
    scores = run(docs, geoparser.parse).as_dict()
    typer.echo(format_scores(scores))
    if errors:
        for error in scores["errors"]:
            typer.echo(json.dumps(error, ensure_ascii=False))
    if report is not None:
        report.write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", "utf-8")


def _rate(item: dict) -> str:
    rate = item["rate"]
    return "-" if rate is None else f"{100 * rate:.1f}% ({item['right']}/{item['total']})"


def format_scores(scores: dict) -> str:
    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.1f}%"

    lines = [
        f"documents {scores['documents']}, gold events {scores['gold_events']}, "
        f"predicted {scores['predicted_events']}, matched {scores['matched']}",
        f"detection precision {pct(scores['precision'])}, recall {pct(scores['recall'])}",
        f"event type              {_rate(scores['event_type'])}",
        f"sub-event type          {_rate(scores['sub_event_type'])}",
        f"dates (start and end)   {_rate(scores['dates'])}",
        f"place linking           {_rate(scores['place_linking'])}",
        f"  baseline: first place in the sentence  "
        f"{_rate(scores['place_baseline_first_in_sentence'])}",
        f"  baseline: place nearest the trigger    "
        f"{_rate(scores['place_baseline_nearest_to_trigger'])}",
        f"actor1                  {_rate(scores['actor1'])}",
        f"fatalities (best)       {_rate(scores['fatalities'])}",
    ]
    return "\n".join(lines)
