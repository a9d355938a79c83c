"""The check measures breaking changes from the published schema, whatever the commits since;
publishing refuses while the check fails and clears the acknowledgements."""

import shutil

from graphql import GraphQLObjectType

from scripts.schema.accepted import ACCEPTED
from scripts.schema.api import api_schema, api_text
from scripts.schema.baseline import git_baseline
from scripts.schema.published import PUBLISHED, read_published
from scripts.schema.report import render, render_publish
from subgraphs.kit.registry import ROOT
from tests.schema.conftest import git

REMOVED = "Field User.location was removed."  # no client operation asks for it
REASON = "web/ stopped asking for it in v0.3"
NAME = "  id: ID!\n  fullName: String!\n"  # in type User only
LOCATION = NAME + "  location: String\n"


def remove_location(registry) -> None:
    registry.edit("schema/users.graphql", LOCATION, NAME)
    registry.compose()


def published_files(registry) -> dict[str, str]:
    directory = registry.root / PUBLISHED
    return {p.relative_to(directory).as_posix(): p.read_text() for p in directory.rglob("*.*")}


def test_a_breaking_change_in_the_first_of_several_commits_fails(registry):
    remove_location(registry)
    registry.commit("remove User.location")
    registry.edit_application_status("  REJECTED\n", "  REJECTED\n  WITHDRAWN\n")
    registry.compose()
    registry.commit("add ApplicationStatus.WITHDRAWN")
    registry.commit("a third commit")
    git(registry.root, "update-ref", "refs/remotes/origin/main", "HEAD")  # CI: a fresh clone
    # The newest commit alone looks harmless ...
    assert registry.check(git_baseline(registry.root)).verdicts == []
    # ... but clients were given User.location, and the check says so.
    result = registry.check()
    assert "breaking changes" in result.failures
    assert [(v.change, v.entry) for v in result.verdicts] == [(REMOVED, None)]
    assert "Enum value ApplicationStatus.WITHDRAWN was added." in result.supergraph.dangerous


def test_the_report_names_the_published_baseline(registry):
    remove_location(registry)
    report = render(registry.check())
    baseline = (
        "   baseline: schema/published/ "
        "(what clients were last given, written by scripts/task schema:publish)"
    )
    assert baseline in report.splitlines()


def test_publishing_after_acknowledging_clears_the_list(registry):
    header = (registry.root / ACCEPTED).read_text()
    remove_location(registry)
    registry.accept("users", REMOVED, REASON)
    result = registry.publish()
    assert not result.refused
    assert result.cleared == 1
    assert (registry.root / ACCEPTED).read_text() == header  # the explanation stays
    published = read_published(registry.root)
    assert published is not None and published.api is not None
    user = api_schema(published.api).get_type("User")
    assert isinstance(user, GraphQLObjectType) and "location" not in user.fields
    assert published.subgraphs["users"] == (registry.root / "schema/users.graphql").read_text()
    report = render_publish(result)
    assert "moved 1 acknowledged entry from schema/ACCEPTED_CHANGES.md" in report
    assert published.acknowledged == f"- users: {REMOVED} — {REASON}\n"  # the record
    after = registry.check()
    assert after.failures == []
    assert {d.status for d in [*after.subgraphs, after.supergraph]} == {"unchanged"}


def test_an_old_acknowledgement_never_excuses_a_later_identical_change(registry):
    remove_location(registry)
    registry.accept("users", REMOVED, REASON)
    assert not registry.publish().refused
    registry.edit("schema/users.graphql", NAME, LOCATION)  # back
    registry.compose()
    assert not registry.publish().refused  # ... and published
    remove_location(registry)  # removed once more: clients have it again
    result = registry.check()
    assert [(v.change, v.entry) for v in result.verdicts] == [(REMOVED, None)]


def test_a_publish_with_a_failing_check_is_refused(registry):
    before = published_files(registry)
    remove_location(registry)
    accepted = (registry.root / ACCEPTED).read_text()
    result = registry.publish()
    assert result.refused
    assert result.written == []
    assert published_files(registry) == before
    assert (registry.root / ACCEPTED).read_text() == accepted
    report = render_publish(result)
    assert report.splitlines()[-1] == (
        "schema publish refused: the check fails (breaking changes); nothing was written"
    )


def test_a_subgraph_never_published_is_new_not_an_error(registry):
    (registry.root / PUBLISHED / "subgraphs" / "applications.graphql").unlink()
    result = registry.check()
    applications = next(d for d in result.subgraphs if d.scope == "applications")
    assert applications.status == "new"
    assert result.failures == ["publication"]  # not an error: publishing is what it needs
    assert not registry.publish().refused


def test_without_a_published_schema_the_first_publish_writes_it(registry):
    shutil.rmtree(registry.root / PUBLISHED)
    result = registry.check()
    assert not result.baseline.found
    assert result.failures == ["publication"]
    assert not registry.publish().refused
    published = read_published(registry.root)
    assert published is not None
    assert published.api == api_text((registry.root / "schema/supergraph.graphql").read_text())


def test_publishing_forgets_a_subgraph_that_is_gone(registry):
    stale = registry.root / PUBLISHED / "subgraphs" / "old.graphql"
    stale.write_text("type Query { old: Int }\n")
    assert [d.status for d in registry.check().subgraphs][-1] == "removed"
    assert not registry.publish().refused
    assert not stale.exists()


def test_the_checked_in_published_api_is_as_publishing_writes_it():
    published = read_published(ROOT)
    assert published is not None, "schema/published/ is missing: run scripts/task schema:publish"
    assert published.api is not None and api_text(published.api) == published.api
