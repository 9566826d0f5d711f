"""Advisor sign-in as FastAPI dependencies: `AdvisorDep` (any enabled advisor) and `AdminDep` (admins).

Credentials come from `Authorization: Bearer <sign-in token or adv_ API key>` or the HttpOnly sign-in
cookie the desk pages use. Missing or invalid: 401; signed in but not an admin: 403. Never any data.
"""

from __future__ import annotations

import weakref
from typing import Annotated

from fastapi import Cookie, Depends, HTTPException

from advisor.access import LoginTokens, advisor_for_credential
from advisor.api.deps import BearerToken, ServicesDep
from advisor.api.services import Services
from advisor.store import Accounts, AdvisorRecord, Store

COOKIE_NAME = "advisor_auth"

_accounts_by_store: weakref.WeakKeyDictionary[Store, Accounts] = weakref.WeakKeyDictionary()


def accounts_for(store: Store) -> Accounts:
    accounts = _accounts_by_store.get(store)
    if accounts is None:
        accounts = _accounts_by_store[store] = Accounts(store)
    return accounts


def advisor_from(services: Services, *credentials: str | None) -> AdvisorRecord | None:
    """The first credential that belongs to an enabled advisor, if any."""
    tokens = LoginTokens.from_settings(services.settings)
    accounts = accounts_for(services.store)
    for credential in credentials:
        advisor = advisor_for_credential(accounts, tokens, credential)
        if advisor is not None:
            return advisor
    return None


AdvisorCookie = Annotated[str | None, Cookie(alias=COOKIE_NAME, include_in_schema=False)]


def current_advisor(services: ServicesDep, token: BearerToken, cookie: AdvisorCookie = None) -> AdvisorRecord:
    if not token and not cookie:
        raise HTTPException(
            status_code=401,
            detail="sign in first: send 'Authorization: Bearer <token or API key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    advisor = advisor_from(services, token, cookie)
    if advisor is None:
        raise HTTPException(
            status_code=401,
            detail="that sign-in or API key is not valid (expired, revoked or disabled)",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return advisor


AdvisorDep = Annotated[AdvisorRecord, Depends(current_advisor)]


def current_admin(advisor: AdvisorDep) -> AdvisorRecord:
    if not advisor.is_admin:
        raise HTTPException(status_code=403, detail="this needs an admin account")
    return advisor


AdminDep = Annotated[AdvisorRecord, Depends(current_admin)]
