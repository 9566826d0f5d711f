"""The heavy, long-lived parts of the service, built once at start-up and shared by every request."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from advisor.catalogue import load_catalogue
from advisor.config import Settings
from advisor.dialogue.turn import Conversation
from advisor.dialogue.wiring import build_conversation
from advisor.domain.catalogue import Catalogue
from advisor.retrieval.embedder import Embedder, SentenceTransformerEmbedder
from advisor.retrieval.index import EnsuredIndex
from advisor.retrieval.search import Matcher
from advisor.store import Store

log = logging.getLogger("advisor")


@dataclass
class Services:
    settings: Settings
    catalogue: Catalogue
    matcher: Matcher
    index: EnsuredIndex
    store: Store
    conversation: Conversation


def default_embedder(settings: Settings) -> Embedder:
    return SentenceTransformerEmbedder(settings.embedding_model_path or None)


def build_services(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    catalogue: Catalogue | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Services:
    """Load the catalogue, the model and index (rebuilding a stale index), and the database."""
    catalogue = catalogue or load_catalogue(settings.catalogue)
    matcher, ensured = Matcher.load(
        catalogue,
        embedder or default_embedder(settings),
        settings.index_dir,
        progress=progress,
        on_total=on_total,
    )
    if ensured.rebuilt:
        log.info("index rebuilt (%s) in %s", ensured.reason, ensured.folder)
    matcher.warm_up()
    store = Store(settings.db_url)
    store.migrate()
    conversation = build_conversation(catalogue, settings, retrieval=matcher)
    return Services(settings, catalogue, matcher, ensured, store, conversation)
