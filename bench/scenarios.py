"""What the benchmark sends: each scenario through the router and, where it makes sense,
straight to the subgraphs that the router's plan calls.

A scenario's direct figures are its legs run one after another, as the router's plan does:
latencies add up, and throughput is what one machine could do for both legs in turn
(1 / Σ 1/ops). Every request list rotates across the 48 users' tokens, so a router cannot
answer many identical in-flight requests with one subgraph call. The day-of-use scenarios
(board, status-change, search-prefix, mixed) send the web app's own operations
(`bench.workload`); subscription-fanout is not wrk's (`bench.subscriptions`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import workload
from bench.driver import Request
from bench.seed import COMPANIES, POSITIONS, Seeded, User

NODE = "id company position status"
USER_APPLICATIONS = f"applications(first: 50) {{ totalCount edges {{ node {{ {NODE} }} }} }}"
CROSS_READ = f"query CrossRead {{ me {{ fullName {USER_APPLICATIONS} }} }}"
ME = "query Me { me { fullName __typename id } }"
USER_ENTITY = (
    "query UserApplications($r: [_Any!]!) {"
    f" _entities(representations: $r) {{ ... on User {{ {USER_APPLICATIONS} }} }} }}"
)
FILTERED = (
    'query Filtered { applications(filter: {status: APPLIED, query: "eng"}, first: 20)'
    f" {{ totalCount edges {{ node {{ {NODE} }} }} }} }}"
)
APPLICATION_ENTITIES = (
    "query Applications($r: [_Any!]!) {"
    " _entities(representations: $r)"
    " { ... on Application { id company position status location } } }"
)
CREATE = (
    "mutation Create($input: CreateApplicationInput!) {"
    " createApplication(input: $input) { id company status } }"
)
BATCH = 100
DASHBOARD = workload.DASHBOARD
DAY = (1, 16, 64)  # connections of the day-of-use scenarios
# The Dashboard's plan, straight to the subgraphs: one round, three fetches at once (the router's
# own fetch documents, as its plan shows them).
DASHBOARD_APPLICATIONS = (
    "query { inProgress: applications(filter: {statuses: [APPLIED, INTERVIEW]}, first: 1)"
    " { totalCount } recentApplications: applications(first: 5)"
    " { edges { node { id company position status updatedAt } } } }"
)
DASHBOARD_INTERVIEWS = (
    "query { upcomingInterviews(first: 5)"
    " { id startsAt localStartsAt timeZone type application { id company position } } }"
)
DASHBOARD_ANALYTICS = (
    "query { me { analytics {"
    " byStatus { label count } funnel { status count conversion } medianDaysToResponse"
    " applicationsPerMonth { month count } } id } }"
)

Requests = Callable[[Seeded], list[Request]]


@dataclass(frozen=True)
class Leg:
    subgraph: str
    requests: Requests


@dataclass(frozen=True)
class Scenario:
    name: str
    router: Requests | None  # None: no sense through the router
    direct: tuple[Leg, ...]
    connections: tuple[int, ...] = (1, 16)
    rate: float | None = None  # ops/s for all connections together; None: as fast as it goes


def _each(users: list[User], body: Callable[[User], dict[str, Any]]) -> list[Request]:
    return [Request(user.token, body(user)) for user in users]


def _query(query: str) -> Callable[[User], dict[str, Any]]:
    return lambda _: {"query": query}


def _user_entity(user: User) -> dict[str, Any]:
    return {"query": USER_ENTITY, "variables": {"r": [{"__typename": "User", "id": user.id}]}}


def _application_batch(user: User) -> dict[str, Any]:
    ids = [user.application_ids[n % len(user.application_ids)] for n in range(BATCH)]
    representations = [{"__typename": "Application", "id": i} for i in ids]
    return {"query": APPLICATION_ENTITIES, "variables": {"r": representations}}


def _creates(seeded: Seeded) -> list[Request]:
    requests = []
    for n in range(200):
        user = seeded.users[n % len(seeded.users)]
        values = {
            "company": COMPANIES[n % len(COMPANIES)],
            "position": POSITIONS[n % len(POSITIONS)],
            "location": "Remote",
            "status": "APPLIED" if n % 3 else "SAVED",
            "notes": f"benchmark write {n}",
        }
        requests.append(Request(user.token, {"query": CREATE, "variables": {"input": values}}))
    return requests


def _cross_read(users: Callable[[Seeded], list[User]]) -> dict[str, Any]:
    return {
        "router": lambda s: _each(users(s), _query(CROSS_READ)),
        "direct": (
            Leg("users", lambda s: _each(users(s), _query(ME))),
            Leg("applications", lambda s: _each(users(s), _user_entity)),
        ),
    }


def _dashboard(users: Callable[[Seeded], list[User]]) -> dict[str, Any]:
    return {
        "router": lambda s: _each(users(s), _query(DASHBOARD)),
        "direct": (
            Leg("applications", lambda s: _each(users(s), _query(DASHBOARD_APPLICATIONS))),
            Leg("interviews", lambda s: _each(users(s), _query(DASHBOARD_INTERVIEWS))),
            Leg("analytics", lambda s: _each(users(s), _query(DASHBOARD_ANALYTICS))),
        ),
    }


SCENARIOS = [
    Scenario("cross-read", **_cross_read(lambda s: s.users)),
    Scenario("cross-read-1000", **_cross_read(lambda s: [s.heavy]), connections=(1,)),
    Scenario(
        "filtered-list",
        router=lambda s: _each(s.users, _query(FILTERED)),
        direct=(Leg("applications", lambda s: _each(s.users, _query(FILTERED))),),
    ),
    Scenario(
        "entities-100",
        router=None,
        direct=(Leg("applications", lambda s: _each(s.users, _application_batch)),),
    ),
    Scenario("create", router=_creates, direct=(Leg("applications", _creates),), rate=20),
    Scenario("dashboard", **_dashboard(lambda s: s.users), connections=DAY),
    Scenario("dashboard-1000", **_dashboard(lambda s: [s.heavy]), connections=(1,)),
    Scenario(
        "board",
        router=workload.board,
        direct=(Leg("applications", workload.board),),
        connections=DAY,
    ),
    Scenario(
        "status-change",
        router=workload.status_changes,
        direct=(Leg("applications", workload.status_changes),),
        connections=DAY,
    ),
    Scenario("search-prefix", router=workload.search_prefixes, direct=(), connections=DAY),
    Scenario("mixed", router=workload.mixed, direct=(), connections=DAY),
]
