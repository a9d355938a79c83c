"""Every operation in web/ and tests/graphql/ validates against the supergraph."""

from pathlib import Path

from scripts.schema.api import api_schema
from scripts.schema.operations import operation_files, validate_operations
from scripts.schema.report import render
from subgraphs.kit.registry import ROOT


def test_the_operations_our_tests_use_validate_against_the_supergraph():
    schema = api_schema((ROOT / "schema" / "supergraph.graphql").read_text())
    result = validate_operations(ROOT, schema)
    assert result.problems == []
    assert result.operations >= 6


def test_an_operation_asking_for_a_field_that_is_gone_fails(registry):
    registry.edit("schema/users.graphql", "  id: ID!\n  fullName: String!\n", "  id: ID!\n")
    # search provides User.fullName on its hits: it stops too, as it would with users
    registry.edit("schema/search.graphql", "  fullName: String! @external\n", "")
    registry.edit("schema/search.graphql", '"fullName headline"', '"headline"')
    registry.compose()
    result = registry.check()
    assert "operations" in result.failures
    gone = "Cannot query field 'fullName' on type 'User'."
    problems = result.operations.problems
    assert problems and all(problem.endswith(f": {gone}") for problem in problems)
    operations = registry.root / "tests" / "graphql"
    asking = [
        f"tests/graphql/{p.name}"
        for p in operations.glob("*.graphql")
        if "fullName" in p.read_text()
    ]
    assert sorted({problem.split(":")[0] for problem in problems}) == sorted(asking)
    assert f"tests/graphql/Me.graphql:4:5: {gone}" in problems  # file, line and column
    assert f"   tests/graphql/Me.graphql:4:5: {gone}" in render(result)


def test_web_documents_are_found_and_node_modules_are_not(tmp_path: Path):
    for path in [
        "web/src/me.graphql",
        "web/node_modules/pkg/x.graphql",
        "web/src/node_modules/pkg/y.graphql",
        "web/.next/cache/z.graphql",
        "tests/graphql/a.graphql",
    ]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("{ me { id } }")
    found = [p.relative_to(tmp_path).as_posix() for p in operation_files(tmp_path)]
    assert found == ["tests/graphql/a.graphql", "web/src/me.graphql"]


def test_a_document_that_does_not_parse_is_a_problem(tmp_path: Path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "broken.graphql").write_text("query {\n  me {\n")
    schema = api_schema((ROOT / "schema" / "supergraph.graphql").read_text())
    [problem] = validate_operations(tmp_path, schema).problems
    assert problem.startswith("web/broken.graphql:3:1: Syntax Error")


def test_the_web_apps_operations_are_checked():
    """The web app's operations (the Dashboard among them) are among what the check validates."""
    found = [p.relative_to(ROOT).as_posix() for p in operation_files(ROOT)]
    assert "web/src/graphql/Dashboard.graphql" in found
    assert "web/src/graphql/Board.graphql" in found
