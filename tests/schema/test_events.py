"""The event contracts in the schema check: what a consumer reads must be sent, a change that
breaks a consumer fails unless acknowledged, and publishing records the acknowledgement where
the history check reads it back. Edits to the copy's schema/asyncapi.yaml stand for code
changes re-exported (as the SDL edits of test_publish.py do)."""

from collections.abc import Callable
from typing import Any

from scripts.schema.asyncapi import ASYNCAPI, dump, load
from scripts.schema.events import event_drift
from scripts.schema.published import PUBLISHED, read_published, write_published
from subgraphs.kit.registry import ROOT, SUPERGRAPH_YAML

STATE = "applications.ApplicationState"
LOCATION_REMOVED = (
    "Field application.location of application.created was removed (read by analytics, search)"
)
REASON = "every consumer stopped reading it in the release before"


def edit_events(registry, change: Callable[[dict[str, Any]], None]) -> None:
    path = registry.root / ASYNCAPI
    doc = load(path.read_text())
    assert doc is not None
    change(doc)
    path.write_text(dump(doc))


def drop_sent(doc: dict[str, Any], model: str, field: str) -> None:
    schema = doc["components"]["schemas"][model]
    del schema["properties"][field]
    schema["required"] = [name for name in schema.get("required", []) if name != field]


def drop_read(doc: dict[str, Any], path: str) -> None:
    for operation in doc["operations"].values():
        operation.get("x-reads", {}).pop(path, None)


def remove_location(doc: dict[str, Any]) -> None:
    """The producer stops sending it, and its consumers stop reading it (one change)."""
    drop_sent(doc, STATE, "location")
    drop_read(doc, "application.location")


def test_the_checked_in_contracts_are_the_codes_and_every_read_is_sent():
    text = (ROOT / ASYNCAPI).read_text()
    assert event_drift(ROOT / SUPERGRAPH_YAML.name, text) == ""
    assert "analytics.receives.application.created" in text
    changed = text.replace("application.status: string\n", "application.status: integer\n", 1)
    assert "application.status: integer" in event_drift(ROOT / SUPERGRAPH_YAML.name, changed)


def test_a_field_a_consumer_reads_cannot_be_removed_unacknowledged(registry):
    edit_events(registry, remove_location)
    result = registry.check()
    # Old consumers read it until they are replaced: breaking, though no reader is left now.
    assert result.failures == ["breaking changes", "publication"]
    removed = [v for v in result.verdicts if v.entry is None]
    assert LOCATION_REMOVED in [v.change for v in removed]
    assert {v.sources for v in removed} == {("applications",)}

    for verdict in removed:
        registry.accept("applications", verdict.change, REASON)
    assert registry.check().failures == ["publication"]
    assert not registry.publish().refused
    published = read_published(registry.root)
    assert published is not None
    assert f"- applications: {LOCATION_REMOVED} — {REASON}" in published.acknowledged
    registry.commit("applications: location no longer sent")
    assert registry.check().failures == []  # the history too: this publication is acknowledged


def test_removing_a_field_nobody_reads_is_not_breaking(registry):
    edit_events(registry, lambda doc: drop_sent(doc, STATE, "salary_currency"))
    result = registry.check()
    assert result.failures == ["publication"]
    assert result.verdicts == []


def test_a_retyped_or_newly_null_field_that_is_read_is_breaking(registry):
    def retype(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"][STATE]["properties"]["company"] = {
            "anyOf": [{"type": "string"}, {"type": "null"}]
        }

    edit_events(registry, retype)
    result = registry.check()
    assert "breaking changes" in result.failures
    changes = [v.change for v in result.verdicts]
    assert (
        "Field application.company of application.created changed from string to "
        "string | null (read by interviews, search)"
    ) in changes
    # ... and the readers that expect a string are told now, before anything is published.
    assert "events" in result.failures
    assert any("reads application.created application.company" in p for p in result.events.problems)


def test_removing_an_event_a_consumer_takes_is_breaking(registry):
    def remove(doc: dict[str, Any]) -> None:
        del doc["components"]["messages"]["contact.deleted"]
        del doc["channels"]["contact.deleted"]

    edit_events(registry, remove)
    result = registry.check()
    assert "breaking changes" in result.failures
    assert "Event contact.deleted was removed (taken by notifications, search)" in [
        v.change for v in result.verdicts
    ]
    assert "notifications takes contact.deleted, which no subgraph sends" in result.events.problems


def test_a_read_of_a_field_that_is_not_sent_fails_and_cannot_be_acknowledged(registry):
    def read_more(doc: dict[str, Any]) -> None:
        reads = doc["operations"]["search.receives.contact.saved"]["x-reads"]
        reads["contact.nickname"] = "string"

    edit_events(registry, read_more)
    result = registry.check()
    assert result.failures == ["events", "publication"]
    assert result.events.problems == [
        "search reads contact.saved contact.nickname, which is not sent"
    ]


def test_a_publication_that_hides_a_breaking_change_fails_the_history(registry):
    """Written by hand (not by publishing): the change is the new baseline, so the breaking
    part passes; the history check still finds it, in that commit, for ever after."""
    edit_events(registry, remove_location)
    published = read_published(registry.root)
    assert published is not None
    laundered = published.__class__(published.api, published.subgraphs,
                                    (registry.root / ASYNCAPI).read_text())  # fmt: skip
    write_published(registry.root, laundered)
    registry.commit("publish quietly")
    commit = registry.head()[:12]
    result = registry.check()
    assert result.failures == ["history"]
    assert f"{commit}: {LOCATION_REMOVED}" in result.history.unacknowledged
    registry.commit("later work")
    assert registry.check().failures == ["history"]
    assert (registry.root / PUBLISHED / "asyncapi.yaml").exists()
