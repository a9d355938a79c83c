"""A day of use: the web app's own operations (`web/src/graphql/*.graphql`, sent verbatim with
the variables its pages send), as request lists for `bench.scenarios`.

    board(seeded)          Board: every status column, the first 50 of each
    status_changes(seeded) ChangeStatus: a card dragged to another column
    search_prefixes(seeded) WebSearch as the header's box sends it, a word typed letter by letter
    mixed(seeded)          60 % Dashboard and Board, 25 % ApplicationsTable and WebSearch,
                           15 % ChangeStatus, interleaved

Every list rotates over the users (each kind of request over all of them). Status changes go
in rounds: in round r an application moves r steps along the statuses from its seeded one,
so after five rounds it is back; the driver walks a list in order and goes on where the last
run stopped, so no change asks for the status the application has (every write writes). Each
list moves applications of its own (`status_changes`: each user's first 20; `mixed`: the next
4), so one scenario's moves never break another's rounds.
"""

from collections.abc import Callable, Iterator
from typing import Any

from bench.driver import Request
from bench.seed import Seeded, User
from scripts.stack import ROOT

GRAPHQL = ROOT / "web" / "src" / "graphql"
DASHBOARD = (GRAPHQL / "Dashboard.graphql").read_text()
BOARD = (GRAPHQL / "Board.graphql").read_text()
CHANGE_STATUS = (GRAPHQL / "ChangeStatus.graphql").read_text()
WEB_SEARCH = (GRAPHQL / "WebSearch.graphql").read_text()
APPLICATIONS_TABLE = (GRAPHQL / "ApplicationsTable.graphql").read_text()

STATUSES = ["SAVED", "APPLIED", "INTERVIEW", "OFFER", "REJECTED"]  # the board's columns
SEARCH_SHOWN = 8  # SearchBox.tsx: hits in the drop-down
# Words of the seeded companies, positions and names, typed a letter at a time.
TYPED = [
    "engineer", "engineering", "data", "platform", "analytics", "security", "manager", "hooli",
    "globex", "initech", "aperture", "umbrella", "science", "grace", "hopper",
]  # fmt: skip
PREFIXES = [word[:n] for word in TYPED for n in range(1, len(word) + 1)]
# ApplicationsTable as the table view asks: all, one status, or the filter box's text.
TABLE_FILTERS: list[dict[str, Any]] = [
    {"status": None, "query": None},
    {"status": "APPLIED", "query": None},
    {"status": None, "query": "eng"},
    {"status": "INTERVIEW", "query": None},
]
# The mix, per 40 requests.
MIX = {"dashboard": 12, "board": 12, "table": 5, "search": 5, "change": 6}


def dashboard(user: User, _: int) -> dict[str, Any]:
    return {"query": DASHBOARD}


def board_body(user: User, _: int) -> dict[str, Any]:
    return {"query": BOARD, "variables": {"query": None}}  # BoardView: `query || null`


def table_body(user: User, n: int) -> dict[str, Any]:
    variables = {"filter": TABLE_FILTERS[n % len(TABLE_FILTERS)], "first": 25, "after": None}
    return {"query": APPLICATIONS_TABLE, "variables": variables}


def search_body(user: User, n: int) -> dict[str, Any]:
    variables = {"query": PREFIXES[n % len(PREFIXES)], "first": SEARCH_SHOWN}
    return {"query": WEB_SEARCH, "variables": variables}


Body = Callable[[User, int], dict[str, Any]]


def rotated(body: Body, count: int) -> Callable[[Seeded], list[Request]]:
    """`count` requests, the n-th as user n mod the users' count."""

    def requests(seeded: Seeded) -> list[Request]:
        users = seeded.users
        return [Request(users[n % len(users)].token, body(users[n % len(users)], n))
                for n in range(count)]  # fmt: skip

    return requests


board = rotated(board_body, 480)
search_prefixes = rotated(search_body, len(PREFIXES) * 8)


def _moves(user: User, first: int, count: int) -> Iterator[dict[str, Any]]:
    """The user's applications first .. first+count-1, round after round (five, then back)."""
    for steps in range(1, len(STATUSES) + 1):
        for i in range(first, first + count):
            seeded = STATUSES.index(user.statuses[i])
            status = STATUSES[(seeded + steps) % len(STATUSES)]
            yield {"query": CHANGE_STATUS,
                   "variables": {"id": user.application_ids[i], "status": status}}  # fmt: skip


def _changes(seeded: Seeded, first: int, count: int) -> list[Request]:
    """Every user's moves, users interleaved: one move of each user, then the next of each."""
    moves = [list(_moves(user, first, count)) for user in seeded.users]
    return [Request(user.token, moves[u][k])
            for k in range(len(STATUSES) * count)
            for u, user in enumerate(seeded.users)]  # fmt: skip


def status_changes(seeded: Seeded) -> list[Request]:
    return _changes(seeded, 0, 20)


def mixed(seeded: Seeded) -> list[Request]:
    """The day's mix, each kind rotating over the users on its own; as many requests as give
    each user's writes whole rounds (the list can start again with round one)."""
    changes = iter(_changes(seeded, 20, 4))
    writes = len(seeded.users) * len(STATUSES) * 4
    bodies: dict[str, Body] = {"dashboard": dashboard, "board": board_body,
                               "table": table_body, "search": search_body}  # fmt: skip
    counts = dict.fromkeys(MIX, 0)
    requests = []
    for kind in interleave(MIX, writes * sum(MIX.values()) // MIX["change"]):
        n = counts[kind]
        counts[kind] += 1
        if kind == "change":
            requests.append(next(changes))
            continue
        user = seeded.users[n % len(seeded.users)]
        requests.append(Request(user.token, bodies[kind](user, n)))
    return requests


def interleave(weights: dict[str, int], count: int) -> list[str]:
    """`count` kinds in the weights' proportions, spread evenly (smooth weighted round robin:
    12/12/5/5/6 gives no run of one kind longer than two)."""
    total, credit, order = sum(weights.values()), dict.fromkeys(weights, 0), []
    for _ in range(count):
        for kind, weight in weights.items():
            credit[kind] += weight
        chosen = max(credit, key=lambda kind: credit[kind])
        credit[chosen] -= total
        order.append(chosen)
    return order
