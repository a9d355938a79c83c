"""One trace from the router through every subgraph and store call of each of the Dashboard
page's requests (the Dashboard, the header's Viewer), and through the outbox relay, the broker message and the consumer of one event."""

import asyncio
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from tests.clients import GraphQL
from tests.factories import create_application, operation, sign_up
from tests.observability.conftest import Observed, Receiver, Span

pytestmark = pytest.mark.federation

DASHBOARD = operation("Dashboard")
VIEWER = operation("Viewer")
ROUTER = "job-tracker-router"


@pytest.fixture(autouse=True)
def fresh_spans(observed: Observed) -> None:
    """Each test looks at its own traces only (the stack, and so the receiver, is shared)."""
    Receiver.spans.clear()


@pytest.fixture
async def router(observed: Observed) -> AsyncIterator[GraphQL]:
    async with httpx.AsyncClient(base_url=observed.router_url, timeout=30) as client:
        yield GraphQL(client, "/graphql")


def operation_trace(name: str) -> list[Span]:
    """The spans received so far of the trace of the router's operation called `name`."""
    spans = list(Receiver.spans)
    ids = {s.trace_id for s in spans if s.attributes.get("graphql.operation.name") == name}
    assert len(ids) <= 1, f"{name} asked once, in {len(ids)} traces"
    return [span for span in spans if span.trace_id in ids]


async def until(name: str, check: Callable[[list[Span]], None], seconds: float = 15) -> list[Span]:
    """The spans of operation `name`'s trace once `check` passes on them (exports are batched)."""
    for _ in range(int(seconds / 0.1)):
        spans = operation_trace(name)
        try:
            check(spans)
            return spans
        except AssertionError:
            await asyncio.sleep(0.1)
    check(operation_trace(name))
    return []


def ancestors(span: Span, spans: list[Span]) -> list[Span]:
    by_id, found = {s.span_id: s for s in spans}, []
    while span.parent_id in by_id:
        span = by_id[span.parent_id]
        found.append(span)
    return found


def every_hop(subgraphs: set[str]) -> Callable[[list[Span]], None]:
    def check(spans: list[Span]) -> None:
        # Each subgraph's server span descends from one of the router's subgraph calls (the
        # router sent traceparent), and each subgraph's store calls are in the trace.
        called = {
            s.service.removeprefix("job-tracker-")
            for s in spans
            if s.name == "POST /graphql"
            and any(a.service == ROUTER and a.name == "http.fetch" for a in ancestors(s, spans))
        }
        assert called >= subgraphs, sorted(called)
        stores = {s.name for s in spans if s.name.startswith("SELECT ")}
        assert stores >= {f"SELECT {name}" for name in subgraphs}, sorted(stores)

    return check


async def test_each_request_of_the_dashboard_page_is_one_trace_from_router_to_stores(router):
    me = await sign_up(router, full_name="Tracy Trace")
    await create_application(router, me, company="Acme", position="SRE")
    dashboard = (await router(DASHBOARD, token=me.token)).data
    assert dashboard["recentApplications"]["edges"][0]["node"]["company"] == "Acme"
    assert (await router(VIEWER, token=me.token)).data["me"]["fullName"] == "Tracy Trace"
    # The page's two operations: the Dashboard's own, and the header's Viewer (name, unread).
    spans = await until("Dashboard", every_hop({"applications", "interviews", "analytics"}))
    assert any(s.service == ROUTER and s.name.startswith("subgraph.execute") for s in spans)
    await until("Viewer", every_hop({"users", "notifications"}))


async def test_an_event_path_is_one_trace_from_the_mutation_to_the_consumer(router):
    me = await sign_up(router, full_name="Eve Vent")
    await create_application(router, me, company="Initech", position="Analyst")
    consumed = "application.created consumed by analytics"

    def to_the_consumer(spans: list[Span]) -> None:
        consumer = next(s for s in spans if s.name == consumed)  # StopIteration: not yet
        chain = ancestors(consumer, spans)
        # consumer ← the relay's publish span (its traceparent in the message) ← the request
        # that wrote the event ← the router.
        assert chain[0].name == "application.created publish", chain
        assert any(s.service == "job-tracker-applications" for s in chain[1:]), chain
        assert chain[-1].service == ROUTER, chain
        # The consumer's store calls too.
        assert any(s.parent_id == consumer.span_id and s.name.endswith(" analytics") for s in spans)

    def checked(spans: list[Span]) -> None:
        try:
            to_the_consumer(spans)
        except StopIteration as missing:
            raise AssertionError(f"no {consumed!r} span yet") from missing

    await until("CreateApplication", checked)
