"""The README's lifecycle diagram is generated from the transition table: they never differ."""

from workflow.diagram import current_section, readme_path, section, transitions
from workflow.models import Status


def test_the_readme_shows_exactly_the_transition_table():
    text = readme_path().read_text(encoding="utf-8")
    assert current_section(text) == section(), "run: manage.py workflow_diagram --write"


def test_every_state_is_reachable_in_the_table():
    reached = {"draft"} | {target for _source, target, _name, _who in transitions()}
    assert reached == set(Status.values)


def test_every_transition_names_who_may_take_it():
    assert all(who for *_rest, who in transitions())
