"""Breaking changes against the baseline fail unless acknowledged; dangerous ones are reported."""

from scripts.schema.accepted import entry_line
from scripts.schema.baseline import git_baseline
from scripts.schema.report import render
from subgraphs.kit.registry import subgraph_names
from tests.schema.conftest import git

REMOVED = "Field User.location was removed."  # users' alone (search provides headline)
REASON = "web/ stopped asking for it in v0.3"


def remove_location(registry) -> None:
    name = "  fullName: String!\n"  # in type User only
    registry.edit("schema/users.graphql", f"{name}  location: String\n", name)
    registry.compose()


def breaking_part_fails(result) -> bool:
    return "breaking changes" in result.failures


def test_an_unchanged_registry_has_nothing_to_report(registry):
    result = registry.check()
    assert result.baseline.name == "schema/published/"
    assert [d.scope for d in result.subgraphs] == subgraph_names()
    assert {d.status for d in [*result.subgraphs, result.supergraph]} == {"unchanged"}
    assert result.failures == []


def test_a_removed_field_fails_and_the_report_says_how_to_accept_it(registry):
    remove_location(registry)
    result = registry.check()
    assert breaking_part_fails(result)
    users = next(d for d in result.subgraphs if d.scope == "users")
    assert REMOVED in users.breaking
    [verdict] = result.verdicts
    assert (verdict.change, verdict.sources, verdict.entry) == (REMOVED, ("users",), None)
    report = render(result)
    assert f"{REMOVED}  [from users]  NOT ACKNOWLEDGED" in report
    assert entry_line("users", REMOVED) in report
    assert report.splitlines()[-1].startswith("schema check failed:")


def test_an_acknowledged_breaking_change_passes(registry):
    remove_location(registry)
    registry.accept("users", REMOVED, REASON)
    result = registry.check()
    assert not breaking_part_fails(result)
    assert result.verdicts[0].entry.reason == REASON
    assert "acknowledged (ACCEPTED_CHANGES.md:" in render(result)


def test_an_acknowledgement_needs_the_scope_the_change_comes_from(registry):
    remove_location(registry)
    registry.accept("applications", REMOVED, REASON)
    assert breaking_part_fails(registry.check())


def test_each_kind_of_breaking_change_is_caught(registry):
    status = "  INTERVIEW\n  OFFER\n"
    registry.edit_application_status(status, "  INTERVIEW\n")  # enum value removed
    registry.edit("schema/users.graphql", "user(id: ID!)", "user(id: ID!, org: ID!)")  # required
    registry.edit("schema/users.graphql", "  skills: [String!]!\n", "  skills: [String!]\n")
    registry.edit("schema/users.graphql", "type SocialLink {", "type Link {")  # type removed
    registry.edit("schema/users.graphql", "[SocialLink!]!", "[Link!]!")
    registry.compose()
    result = registry.check()
    assert breaking_part_fails(result)
    assert {v.change for v in result.verdicts} == {
        "Enum value ApplicationStatus.OFFER was removed.",
        "A required argument Query.user(org:) was added.",
        "Field User.skills changed type from [String!]! to [String!].",
        "SocialLink was removed.",
        "Field User.socialLinks changed type from [SocialLink!]! to [Link!]!.",
    }


def test_dangerous_changes_and_additions_are_reported_without_failing(registry):
    registry.edit_application_status("  REJECTED\n", "  REJECTED\n  WITHDRAWN\n")
    registry.edit("schema/users.graphql", "user(id: ID!)", "user(id: ID!, org: ID)")
    registry.edit(
        "schema/users.graphql",
        "  fullName: String!\n  location: String\n",
        '  fullName: String!\n  location: String @deprecated(reason: "Use city")\n  city: String\n',
    )
    registry.compose()
    result = registry.check()
    assert not breaking_part_fails(result)
    assert sorted(result.supergraph.dangerous) == [
        "An optional argument Query.user(org:) was added.",
        "Enum value ApplicationStatus.WITHDRAWN was added.",
    ]
    assert result.supergraph.added == [
        "ApplicationStatus.WITHDRAWN",
        "Query.user(org:)",
        "User.city",
    ]
    assert result.supergraph.deprecated == ["User.location (Use city)"]
    report = render(result)
    assert "dangerous   Enum value ApplicationStatus.WITHDRAWN was added." in report
    assert "deprecated  User.location (Use city)" in report


def test_a_change_clients_do_not_see_is_reported_for_its_subgraph_only(registry):
    # Published: both subgraphs resolve User.location; then applications stops resolving it.
    shared = "  location: String @shareable\n"
    registry.edit(
        "schema/users.graphql",
        "  fullName: String!\n  location: String\n",
        f"  fullName: String!\n{shared}",
    )
    user = 'type User @key(fields: "id") {\n  id: ID!\n'
    registry.edit("schema/applications.graphql", user, user + shared)
    registry.compose()
    assert not registry.publish().refused
    registry.edit("schema/applications.graphql", user + shared, user)
    registry.compose()
    result = registry.check()
    applications = next(d for d in result.subgraphs if d.scope == "applications")
    assert applications.breaking == ["Field User.location was removed."]
    assert result.supergraph.status == "unchanged"  # the client-facing API is the same
    assert not breaking_part_fails(result)
    assert "(this subgraph only: clients still get it from the supergraph)" in render(result)


def test_with_merge_base_and_without_origin_main_the_last_commit_is_checked(registry):
    git(registry.root, "update-ref", "-d", "refs/remotes/origin/main")
    remove_location(registry)
    registry.commit("remove location")
    result = registry.check(git_baseline(registry.root))
    assert result.baseline.reason.startswith("HEAD~1: no origin/main")
    assert [v.change for v in result.verdicts] == [REMOVED]


def test_with_merge_base_on_main_itself_the_newest_commit_is_checked(registry):
    remove_location(registry)
    registry.commit("remove location")
    git(registry.root, "update-ref", "refs/remotes/origin/main", "HEAD")  # CI: a fresh clone
    result = registry.check(git_baseline(registry.root))
    assert result.baseline.reason.startswith("HEAD~1")
    assert breaking_part_fails(result)
    assert [v.change for v in result.verdicts] == [REMOVED]


def test_a_base_ref_compares_with_that_commit(registry):
    remove_location(registry)
    registry.commit("remove location")
    result = registry.check(git_baseline(registry.root, "HEAD"))
    assert result.baseline.reason == "HEAD, given with --base or SCHEMA_BASE_REF"
    assert [d.scope for d in result.subgraphs] == subgraph_names()
    assert {d.status for d in [*result.subgraphs, result.supergraph]} == {"unchanged"}
