"""The fuzz through the real router (tests/fuzz/ has it against each subgraph): operations on
every root field of the supergraph's API schema, with the project's scalars and values past
every range. Each is answered with a code: no 5xx, no INTERNAL_SERVER_ERROR, and the host logs
no unexpected error."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts.schema.api import api_schema
from subgraphs.kit.registry import ROOT
from tests.factories import create_application, create_contact, sign_up
from tests.fuzz.fuzzing import Target, assert_answered_with_a_code, bounded
from tests.fuzz.nesting import ROUTER_CASES

pytestmark = pytest.mark.federation
EXAMPLES = 40


@pytest.fixture(scope="module")
async def target(api) -> Target:
    account = await sign_up(api, full_name="Fuzz")
    other = await sign_up(api, full_name="Someone Else")
    application = await create_application(api, account)
    contact = await create_contact(api, account)
    schema = api_schema((ROOT / "schema" / "supergraph.graphql").read_text())
    known = [account.id, other.id, application["id"], contact["id"]]
    return Target.of(api, schema, account.token, known)


def unexpected_errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if '"level":"error"' in line or "Traceback" in line]


@pytest.fixture(scope="module")
def host_log(host):
    """The host's log from here on (it logs at warning and above)."""
    path = host.data / "host.log"
    start = path.stat().st_size
    return lambda: path.read_text(errors="replace")[start:]


@bounded(EXAMPLES)
@given(data=st.data())
async def test_every_input_through_the_router_is_answered_with_a_code(target, host_log, data):
    assert_answered_with_a_code(await target.fuzz(data))
    assert unexpected_errors(host_log()) == []


@pytest.mark.parametrize(
    ("body", "allowed"), [c[1:] for c in ROUTER_CASES], ids=[c[0] for c in ROUTER_CASES]
)
async def test_deep_and_huge_inputs_through_the_router_are_answered_with_a_code(
    http, target, host_log, body, allowed
):
    headers = {"content-type": "application/json", "authorization": f"Bearer {target.token}"}
    response = await http.post("/graphql", content=body, headers=headers)
    assert response.status_code < 500, response.text[:500]
    errors = response.json().get("errors", [])
    assert {error.get("extensions", {}).get("code") for error in errors} <= allowed, errors[:3]
    assert unexpected_errors(host_log()) == []
