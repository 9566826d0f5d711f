"""`advisor chat`: the conversation in the terminal, through the same `Conversation` service as the API."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.common import CatalogueOption, fail, load_catalogue_or_fail
from advisor.domain.profile import ROLES, Role

if TYPE_CHECKING:
    from advisor.dialogue.turn import Conversation
    from advisor.domain.catalogue import Catalogue

_QUIT = {"quit", "exit", "bye!", ":q"}


def chat(
    catalogue: CatalogueOption = None,
    role: Annotated[str, typer.Option("--role", help="learner, advisor or employer")] = "learner",
    keyword_only: Annotated[
        bool, typer.Option("--keyword-only", help="skip the embedding model and use keyword search")
    ] = False,
) -> None:
    """A conversation in the terminal. Type "quit" (or press Ctrl-D) to leave."""
    if role not in ROLES:
        fail(f"--role must be one of {', '.join(ROLES)}, not {role!r}")
    conversation = _build(load_catalogue_or_fail(catalogue), keyword_only)
    from advisor.dialogue.state import ConversationState

    typed_role: Role = role  # type: ignore[assignment]
    state = ConversationState.new(session_id=uuid.uuid4().hex, role=typed_role)
    typer.echo(f"{conversation.catalogue.info.name} careers advisor. Type 'quit' to leave.")
    while True:
        try:
            message = input("you> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        if message.strip().lower() in _QUIT:
            break
        if not message.strip():
            continue
        answer, state = conversation.respond(state, message)
        typer.echo(f"\nadvisor> {answer.reply}\n")
        if answer.suggestions:
            typer.echo("  (try: " + " | ".join(answer.suggestions) + ")\n")


def _build(catalogue: Catalogue, keyword_only: bool) -> Conversation:
    from advisor.config import get_settings
    from advisor.dialogue.wiring import build_conversation

    settings = get_settings()
    retrieval = None
    if not keyword_only:
        try:
            from advisor.retrieval.embedder import SentenceTransformerEmbedder
            from advisor.retrieval.search import Matcher

            retrieval, _ = Matcher.load(
                catalogue,
                SentenceTransformerEmbedder(settings.embedding_model_path or None),
                settings.index_dir,
            )
        except Exception as error:  # the terminal chat still works with keyword search
            typer.echo(f"(semantic search unavailable: {error}; using keyword search)", err=True)
    return build_conversation(catalogue, settings, retrieval=retrieval)
