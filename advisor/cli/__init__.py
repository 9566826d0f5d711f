"""The `advisor` command line (see ../shared/spec/interfaces.md). Each command lives in its own module."""

from __future__ import annotations

import typer

from advisor.cli import (
    catalogue_cmd,
    chat_cmd,
    dialogue_eval_cmd,
    plan_cmd,
    purge_cmd,
    retrieval_cmd,
    serve_cmd,
    understanding_cmd,
    users_cmd,
)

app = typer.Typer(
    name="advisor",
    help="Careers-advice assistant: micro-credentials, stacking routes and funding for UK colleges.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

catalogue_app = typer.Typer(help="Check a catalogue folder.", no_args_is_help=True)
catalogue_app.command("validate")(catalogue_cmd.validate)
app.add_typer(catalogue_app, name="catalogue")

index_app = typer.Typer(help="Build the vector index for a catalogue.", no_args_is_help=True)
index_app.command("build")(retrieval_cmd.build_index)
app.add_typer(index_app, name="index")

app.command("serve")(serve_cmd.serve)
app.command("match")(retrieval_cmd.match)
app.command("eval")(retrieval_cmd.evaluate)
app.command("eval-understanding")(understanding_cmd.evaluate_understanding)
app.command("eval-dialogue")(dialogue_eval_cmd.evaluate_dialogue)
app.command("plan")(plan_cmd.plan)
app.command("chat")(chat_cmd.chat)
app.command("purge")(purge_cmd.purge)
app.add_typer(users_cmd.users_app, name="users")


def main() -> None:
    app()
