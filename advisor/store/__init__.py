"""Persistence: SQLAlchemy models, Alembic migrations and a small repository API.

Only this package imports SQLAlchemy; callers get plain records and the errors below.
"""

from advisor.store.errors import InvalidRecord, SessionNotFound, StoreConflict, StoreError, StoreUnavailable
from advisor.store.records import (
    FeedbackRecord,
    MessageRecord,
    PlanRecord,
    ProfileSnapshotRecord,
    SessionRecord,
)
from advisor.store.repository import Store, head_revision

__all__ = [
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
]
