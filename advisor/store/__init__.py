"""Persistence: SQLAlchemy models, Alembic migrations and a small repository API.

Only this package imports SQLAlchemy; callers get plain records and the errors below.
"""

from advisor.store.accounts import AccountNotFound, Accounts, normalise_email
from advisor.store.errors import InvalidRecord, SessionNotFound, StoreConflict, StoreError, StoreUnavailable
from advisor.store.records import (
    AdvisorRecord,
    ApiKeyRecord,
    FeedbackRecord,
    MessageRecord,
    PlanRecord,
    ProfileSnapshotRecord,
    SessionRecord,
)
from advisor.store.repository import Store, head_revision

__all__ = [
    "AccountNotFound",
    "Accounts",
    "AdvisorRecord",
    "ApiKeyRecord",
    "FeedbackRecord",
    "InvalidRecord",
    "MessageRecord",
    "PlanRecord",
    "ProfileSnapshotRecord",
    "SessionNotFound",
    "SessionRecord",
    "Store",
    "StoreConflict",
    "StoreError",
    "StoreUnavailable",
    "head_revision",
    "normalise_email",
]
