"""The web app reaches the whole API: every root field of the composed API is used by a web
operation (`web/src/graphql/*.graphql`), unless it is on one of two short lists:

- API_ONLY: deliberately without a page, each with its reason;
- NOT_YET: the web app's backlog (issue 31, "Everything in the browser"). It only shrinks:
  a field on it that a web operation now uses fails the test until it is taken off.

A root field added to the API without a page fails here, so the web app stays whole."""

from pathlib import Path

from graphql import FieldNode, OperationDefinitionNode, parse

from scripts.schema.api import api_schema
from subgraphs.kit.registry import ROOT

API_ONLY: dict[str, str] = {}  # "mutation.x": "why it has no page"
NOT_YET = {
    "query.previewImport", "mutation.importApplications",  # Your data: CSV import
    "query.exportJob", "mutation.startExport",  # Your data: exports
    "query.calendarFeed", "mutation.rotateCalendarFeed", "mutation.disableCalendarFeed",
    "query.contact",  # a contact's own page
    "query.file", "mutation.deleteFile",  # documents per application
    "query.discoveredJobs", "query.followedBoards", "query.jobTargets",  # discover
    "mutation.followBoard", "mutation.unfollowBoard", "mutation.setJobTargets",
    "mutation.saveDiscoveredJob", "mutation.dismissDiscoveredJob",
}  # fmt: skip


def root_fields() -> set[str]:
    schema = api_schema((ROOT / "schema" / "supergraph.graphql").read_text())
    roots = {"query": schema.query_type, "mutation": schema.mutation_type,
             "subscription": schema.subscription_type}  # fmt: skip
    return {f"{kind}.{name}" for kind, type_ in roots.items() if type_ for name in type_.fields}


def used_by_the_web_app() -> set[str]:
    used = set()
    for path in Path(ROOT / "web" / "src" / "graphql").glob("*.graphql"):
        for definition in parse(path.read_text()).definitions:
            if isinstance(definition, OperationDefinitionNode):
                kind = definition.operation.value
                for selection in definition.selection_set.selections:
                    if isinstance(selection, FieldNode):
                        used.add(f"{kind}.{selection.name.value}")
    return used


def test_every_root_field_has_a_page_or_a_reason():
    missing = root_fields() - used_by_the_web_app() - API_ONLY.keys() - NOT_YET
    assert not missing, f"no web operation uses {sorted(missing)}: add a page (or a reason)"


def test_the_backlog_only_shrinks():
    done = NOT_YET & used_by_the_web_app()
    assert not done, f"{sorted(done)} have a page now: take them off NOT_YET"
    gone = (NOT_YET | API_ONLY.keys()) - root_fields()
    assert not gone, f"{sorted(gone)} are no longer in the API: take them off the lists"


# Files named otherwise than the operation inside, from before the rule: renamed with issue 31.
MISNAMED = {"Contacts", "CreateApplication", "CreateContact", "DeleteAccount", "LogIn",
            "Profile", "ScheduleInterview", "SignUp"}  # fmt: skip


def test_each_web_operation_file_is_named_like_its_operation():
    wrong = set()
    for path in Path(ROOT / "web" / "src" / "graphql").glob("*.graphql"):
        definitions = parse(path.read_text()).definitions
        names = [d.name.value for d in definitions if isinstance(d, OperationDefinitionNode)
                 and d.name]  # fmt: skip
        if names != [path.stem]:
            wrong.add(path.stem)
    assert wrong <= MISNAMED, f"{sorted(wrong - MISNAMED)}: one operation per file, named like it"
    assert not MISNAMED - wrong, f"{sorted(MISNAMED - wrong)} are named right now: take them off"
