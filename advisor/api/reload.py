"""Replacing the running catalogue without a restart, all or nothing.

The new catalogue is loaded and fully validated, its index loaded or built and the conversation wired,
all before anything changes; then one reference (`app.state.services`) is swapped. Each request takes
that reference once, so requests already running finish on the old catalogue. A catalogue that fails
validation changes nothing. One reload at a time per process.

With several worker processes, a reload changes only the worker that answered it (docs/operations.md).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path

from fastapi import FastAPI

from advisor.api.services import Services
from advisor.catalogue import load_catalogue
from advisor.dialogue.wiring import build_conversation
from advisor.ops.metrics import set_catalogue
from advisor.retrieval.search import Matcher

log = logging.getLogger("advisor.reload")


class ReloadBusy(Exception):
    pass


def reload_lock(app: FastAPI) -> threading.Lock:
    lock: threading.Lock | None = getattr(app.state, "catalogue_reload_lock", None)
    if lock is None:
        lock = app.state.catalogue_reload_lock = threading.Lock()
    return lock


def build_reloaded(current: Services, folder: Path) -> Services:
    """New services for the catalogue in `folder`, sharing the database and model; raises CatalogueInvalid."""
    catalogue = load_catalogue(folder)
    matcher, ensured = Matcher.load(catalogue, current.matcher.embedder, current.settings.index_dir)
    matcher.warm_up()
    settings = current.settings.model_copy(update={"catalogue": folder})
    conversation = build_conversation(catalogue, settings, retrieval=matcher)
    return dataclasses.replace(
        current,
        settings=settings,
        catalogue=catalogue,
        matcher=matcher,
        index=ensured,
        conversation=conversation,
    )


def reload_catalogue(app: FastAPI, folder: Path | None = None) -> tuple[Services, Services]:
    """Swap in the catalogue from `folder` (default: the configured one); returns (old, new) services."""
    lock = reload_lock(app)
    if not lock.acquire(blocking=False):
        raise ReloadBusy("a catalogue reload is already running")
    try:
        current: Services = app.state.services
        new = build_reloaded(current, folder or Path(current.settings.catalogue))
        app.state.services = new  # the swap: one reference, read once per request
    finally:
        lock.release()
    publish_catalogue(new)
    log.info(
        "catalogue reloaded: %s %s (index %s%s)",
        new.catalogue.info.name,
        new.catalogue.info.version,
        new.index.folder.name,
        ", rebuilt" if new.index.rebuilt else "",
    )
    return current, new


def publish_catalogue(services: Services) -> None:
    info = services.catalogue.info
    set_catalogue(
        info.name,
        info.version,
        services.catalogue.content_hash,
        services.index.folder.name,
        len(services.catalogue.courses),
    )
