"""Plain records handed to callers, so nothing outside advisor/store touches SQLAlchemy objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

MessageRole = Literal["user", "assistant"]
Rating = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: str
    role: str
    created_at: datetime
    updated_at: datetime
    profile: dict[str, Any]
    state: dict[str, Any]


@dataclass(frozen=True, slots=True)
class MessageRecord:
    id: int
    session_id: str
    turn_index: int
    role: MessageRole
    text: str
    payload: dict[str, Any] | None  # the full answer JSON, for assistant messages
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ProfileSnapshotRecord:
    id: int
    session_id: str
    turn_index: int
    profile: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PlanRecord:
    id: int
    session_id: str | None
    award_id: str
    request: dict[str, Any]
    result: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    id: int
    session_id: str
    message_id: int | None
    rating: Rating
    comment: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AdvisorRecord:
    id: int
    email: str
    name: str
    is_admin: bool
    created_at: datetime
    disabled: bool


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    id: int
    advisor_id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool
