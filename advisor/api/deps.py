"""Request dependencies, declared once as `Annotated` aliases so routers stay thin."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from advisor.api.services import Services
from advisor.config import Settings
from advisor.dialogue.turn import Conversation
from advisor.domain.catalogue import Catalogue
from advisor.retrieval.search import Matcher
from advisor.store import Store


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_settings(services: ServicesDep) -> Settings:
    return services.settings


def get_catalogue(services: ServicesDep) -> Catalogue:
    return services.catalogue


def get_store(services: ServicesDep) -> Store:
    return services.store


def get_matcher(services: ServicesDep) -> Matcher:
    return services.matcher


def get_conversation(services: ServicesDep) -> Conversation:
    return services.conversation


def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str | None:
    """The token from `Authorization: Bearer <token>`, if one was sent."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


SettingsDep = Annotated[Settings, Depends(get_settings)]
CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
StoreDep = Annotated[Store, Depends(get_store)]
MatcherDep = Annotated[Matcher, Depends(get_matcher)]
ConversationDep = Annotated[Conversation, Depends(get_conversation)]
BearerToken = Annotated[str | None, Depends(bearer_token)]
