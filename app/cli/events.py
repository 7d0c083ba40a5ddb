"""``geoevents events eval GOLD.jsonl...``: score event extraction on a gold set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from app.core.errors import InvalidInput

events_app = typer.Typer(help="Event extraction: evaluation on a gold set.", no_args_is_help=True)


def register(cli: typer.Typer) -> None:
    """Add the ``events`` command group to the ``geoevents`` CLI."""
    if not any(group.name == "events" for group in cli.registered_groups):
        cli.add_typer(events_app, name="events")


@events_app.command("eval")
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold files (JSON Lines, see app/events/evaluate.py).", metavar="GOLD.jsonl..."
        ),
    ],
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the figures and errors as JSON here.")
    ] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Print every error.")] = False,
) -> None:
    """Event detection P/R, event-type, date, place-linking (with two baselines), actor
    and fatality accuracy on the matched events."""
    from app.core.config import get_settings
    from app.events.evaluate import evaluate as run
    from app.events.evaluate import read_gold
    from app.geoparse.pipeline import Geoparser

    for path in gold:
        if not path.is_file():
            raise InvalidInput(f"no gold file at {path}")
    docs = [doc for path in gold for doc in read_gold(path)]
    geoparser = Geoparser.load(get_settings())
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
