"""The benchmark's day of use sends what docs/performance.md says: the mix in its proportions, every
kind over every user, and status changes that always move an application."""

import random
import uuid
from collections import Counter

from bench import workload
from bench.seed import Seeded, User

STATUSES = workload.STATUSES


def seeded(users: int = 48, applications: int = 50) -> Seeded:
    rng = random.Random(1)
    return Seeded([
        User(id=str(uuid.uuid4()), token=f"token-{n}",
             application_ids=[str(uuid.uuid4()) for _ in range(applications)],
             statuses=[rng.choice(STATUSES) for _ in range(applications)])
        for n in range(users)
    ])  # fmt: skip


def kind(body: dict[str, object]) -> str:
    query = str(body["query"])
    return next(name for name, document in [
        ("change", workload.CHANGE_STATUS), ("dashboard", workload.DASHBOARD),
        ("board", workload.BOARD), ("table", workload.APPLICATIONS_TABLE),
        ("search", workload.WEB_SEARCH),
    ] if query == document)  # fmt: skip


def test_the_mix_is_60_25_15_interleaved_and_rotates_every_kind_over_every_user():
    data = seeded()
    requests = workload.mixed(data)
    kinds = [kind(request.body) for request in requests]
    share = {k: n / len(kinds) for k, n in Counter(kinds).items()}
    assert round(share["dashboard"] + share["board"], 3) == 0.6
    assert round(share["table"] + share["search"], 3) == 0.25
    assert round(share["change"], 3) == 0.15
    assert all(len(set(kinds[i : i + 3])) > 1 for i in range(len(kinds) - 2))  # no run of 3
    for each in set(kinds):
        tokens = {r.token for r, k in zip(requests, kinds, strict=True) if k == each}
        assert len(tokens) == 48


def test_status_changes_walked_in_order_always_move_the_application():
    data = seeded()
    for requests in (workload.status_changes(data), workload.mixed(data)):
        current = {app: status for user in data.users
                   for app, status in zip(user.application_ids, user.statuses, strict=True)}  # fmt: skip
        changes = [r.body["variables"] for r in requests if kind(r.body) == "change"]
        for _ in range(2):  # and again from the start: the list is whole rounds
            for change in changes:
                assert isinstance(change, dict)
                assert current[change["id"]] != change["status"]
                current[change["id"]] = change["status"]


def test_the_lists_move_different_applications():
    data = seeded()
    ids = [{r.body["variables"]["id"] for r in requests if kind(r.body) == "change"}
           for requests in (workload.status_changes(data), workload.mixed(data))]  # fmt: skip
    assert len(ids[0]) == 48 * 20 and len(ids[1]) == 48 * 4 and not ids[0] & ids[1]


def test_search_types_words_a_letter_at_a_time():
    prefixes = [r.body["variables"]["query"] for r in workload.search_prefixes(seeded())]
    assert prefixes[:4] == ["e", "en", "eng", "engi"]
