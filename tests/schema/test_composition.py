"""The subgraphs must compose, and schema/supergraph.graphql must be that composition."""

from scripts.schema.compose import compose
from scripts.schema.report import render
from subgraphs.kit.registry import ROOT

USER = 'type User @key(fields: "id") {\n'


def test_the_subgraphs_compose_into_the_checked_in_supergraph():
    composition = compose(ROOT / "supergraph.yaml", ROOT / "schema" / "supergraph.graphql")
    assert composition.errors == []
    assert composition.stale_diff == ""


def test_a_key_on_a_field_that_does_not_exist_fails(registry):
    registry.edit("schema/users.graphql", USER, 'type User @key(fields: "uuid") {\n')
    result = registry.check()
    assert "composition" in result.failures
    [error, summary] = result.composition.errors
    assert error.startswith("error [KEY_INVALID_FIELDS]: [users]")
    assert 'Cannot query field "uuid" on type "User"' in error
    assert summary.startswith("composition failed: 1 error(s)")
    assert f"   {error}" in render(result)


def test_two_subgraphs_defining_the_same_non_shareable_field_fail(registry):
    registry.edit("schema/applications.graphql", USER, USER + "  fullName: String!\n")
    result = registry.check()
    assert "composition" in result.failures
    [error, _] = result.composition.errors
    assert error.startswith("error [INVALID_FIELD_SHARING]")
    assert '"User.fullName" is resolved from multiple subgraphs' in error


def test_a_supergraph_not_recomposed_fails_with_a_diff_and_the_fix(registry):
    registry.edit(
        "schema/users.graphql", "  fullName: String!\n  location: String\n", "  fullName: String!\n"
    )
    result = registry.check()
    assert "composition" in result.failures
    report = render(result)
    assert (
        "schema/supergraph.graphql is not the fresh composition; fix: scripts/task schema:compose"
        in report
    )
    assert "-  location: String @join__field(graph: USERS)" in report
