"""Conversation state: what survives between turns, and its JSON form for the session store."""

from __future__ import annotations

from advisor.dialogue.state import ConversationState
from advisor.domain.profile import Constraints, LearnerFacts, Profile


def test_state_round_trips_through_json_with_profile_and_shown_courses() -> None:
    state = ConversationState.new("abc", "employer").model_copy(
        update={
            "profile": Profile(
                role="employer",
                learner=LearnerFacts(age=34, nation="England"),
                constraints=Constraints(delivery_modes=("online",)),
                team={"electricians": 6},
            ),
            "shown_courses": ("a", "b", "c"),
            "pending_facts": ("learner.age",),
            "explained_terms": ("credit",),
        }
    )
    again = ConversationState.from_json(state.to_json())
    assert again == state
    assert again.shown_courses[1] == "b"
    assert again.profile.team == {"electricians": 6}


def test_stored_state_with_unknown_fields_still_loads() -> None:
    text = '{"session_id": "x", "role": "learner", "some_future_field": 3}'
    assert ConversationState.from_json(text).session_id == "x"


def test_new_state_starts_empty_with_the_role() -> None:
    state = ConversationState.new("s", "advisor")
    assert state.role == "advisor" and state.profile.role == "advisor"
    assert state.turns == 0 and state.shown_courses == ()
