"""The event table: complete, and SMS only for the urgent few."""

from notifications.events import POLICIES, Event, events_for


def test_every_event_says_how_it_travels():
    assert set(POLICIES) == set(Event)


def test_text_messages_only_for_the_urgent_events():
    assert {event for event in Event if event.policy.sms} == {
        Event.CORRECTION_REQUESTED,
        Event.CORRECTION_DEADLINE_NEAR,
        Event.PAYMENT_FAILED,
        Event.RETURNED_BY_PROVINCE,
    }


def test_an_expert_chooses_only_about_evaluation_events():
    assert events_for(["expert"]) == [Event.SCORES_TO_MODERATE, Event.EVALUATION_ASSIGNED, Event.SCORE_DUE]


def test_a_user_without_a_role_sees_every_event():
    assert events_for([]) == list(Event)
