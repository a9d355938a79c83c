"""The inbox: what a contact's registration notifies, reading and marking, the unread count,
preferences, owner scoping and the codes of bad input."""

import uuid
from typing import Any

from tests.factories import sign_up
from tests.notifications.conftest import deliver

INBOX = """query($unread: Boolean! = false, $first: Int) {
  notifications(unreadOnly: $unread, first: $first) {
    totalCount edges { node { id kind title body read readAt contact { id } interview { id } } }
  } }"""
MARK = "mutation($id: ID!) { markNotificationRead(id: $id) { id read readAt } }"
MARK_ALL = "mutation { markAllNotificationsRead }"
ENTITIES = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on User { unreadNotificationCount } ... on Notification { id title } } }"""
PREFERENCES = "{ notificationPreferences { kind email inApp } }"


async def registered_contact(db: Any, account: Any, name: str = "Grace Hopper") -> str:
    """A contact saved unlinked, then linked when its person registers (the contact events)."""
    contact_id = str(uuid.uuid4())
    contact = {"id": contact_id, "name": name, "company": "Navy", "linked_user_id": None}
    await deliver(db, "contact.saved", account.id, contact_id, contact=contact)
    linked = {**contact, "linked_user_id": str(uuid.uuid4())}
    await deliver(db, "contact.saved", account.id, contact_id, contact=linked)
    await deliver(db, "contact.saved", account.id, contact_id, contact=linked)  # saved again
    return contact_id


async def test_a_contact_who_registers_notifies_its_owner_once(db, notifications, account):
    contact = await registered_contact(db, account)
    page = (await notifications(INBOX, token=account.token)).data["notifications"]
    assert page["totalCount"] == 1
    node = page["edges"][0]["node"]
    assert (node["kind"], node["title"], node["read"]) == (
        "CONTACT_REGISTERED",
        "Grace Hopper joined Job Tracker",
        False,
    )
    assert node["contact"] == {"id": contact} and node["interview"] is None


async def test_a_contact_saved_already_linked_notifies_nothing(db, notifications, account):
    contact = {"id": str(uuid.uuid4()), "name": "Known", "linked_user_id": str(uuid.uuid4())}
    await deliver(db, "contact.saved", account.id, contact["id"], contact=contact)
    assert (await notifications(INBOX, token=account.token)).data["notifications"][
        "totalCount"
    ] == 0


async def test_reading_and_the_unread_count(db, notifications, account):
    first, _ = (
        await registered_contact(db, account, "A"),
        await registered_contact(db, account, "B"),
    )
    ids = [
        e["node"]["id"]
        for e in (await notifications(INBOX, token=account.token)).data["notifications"]["edges"]
    ]
    me = {"r": [{"__typename": "User", "id": account.id}]}
    assert (await notifications(ENTITIES, me, token=account.token)).data["_entities"] == [
        {"unreadNotificationCount": 2}
    ]
    read = (await notifications(MARK, {"id": ids[0]}, token=account.token)).data[
        "markNotificationRead"
    ]
    assert read["read"] and read["readAt"]
    again = (await notifications(MARK, {"id": ids[0]}, token=account.token)).data[
        "markNotificationRead"
    ]
    assert again["readAt"] == read["readAt"]  # reading twice keeps the first time
    unread = (await notifications(INBOX, {"unread": True}, token=account.token)).data[
        "notifications"
    ]
    assert [e["node"]["id"] for e in unread["edges"]] == ids[1:]
    assert (await notifications(MARK_ALL, token=account.token)).data == {
        "markAllNotificationsRead": 1
    }
    assert (await notifications(ENTITIES, me, token=account.token)).data["_entities"] == [
        {"unreadNotificationCount": 0}
    ]
    assert first


async def test_preferences_default_to_email_on(notifications, account):
    prefs = (await notifications(PREFERENCES, token=account.token)).data["notificationPreferences"]
    assert prefs == [
        {"kind": "INTERVIEW_REMINDER", "email": True, "inApp": True},
        {"kind": "CONTACT_REGISTERED", "email": True, "inApp": True},
    ]


async def test_someone_elses_notifications_are_not_there(db, notifications, users, account):
    await registered_contact(db, account)
    [edge] = (await notifications(INBOX, token=account.token)).data["notifications"]["edges"]
    other = await sign_up(users)
    mark = await notifications(MARK, {"id": edge["node"]["id"]}, token=other.token)
    assert mark.codes == ["NOT_FOUND"]
    reps = {"r": [{"__typename": "Notification", "id": edge["node"]["id"]},
                  {"__typename": "User", "id": account.id}]}  # fmt: skip
    assert (await notifications(ENTITIES, reps, token=other.token)).data["_entities"] == [
        None,
        {"unreadNotificationCount": None},
    ]
    assert (await notifications(INBOX, token=other.token)).data["notifications"]["totalCount"] == 0
    assert (await notifications(MARK_ALL, token=other.token)).data == {
        "markAllNotificationsRead": 0
    }
    still = (await notifications(INBOX, token=account.token)).data["notifications"]["edges"][0][
        "node"
    ]
    assert still["read"] is False


async def test_bad_input_codes(notifications, account):
    assert (await notifications(MARK, {"id": "not-an-id"}, token=account.token)).codes == [
        "NOT_FOUND"
    ]
    assert (await notifications(MARK, {"id": str(uuid.uuid4())}, token=account.token)).codes == [
        "NOT_FOUND"
    ]
    assert (await notifications(INBOX, {"first": 10_000}, token=account.token)).codes == [
        "BAD_USER_INPUT"
    ]
    assert (await notifications(INBOX, {"first": -1}, token=account.token)).codes == [
        "BAD_USER_INPUT"
    ]
    wrong_kind = "mutation { setNotificationPreference(kind: NOPE, email: true) { kind } }"
    assert (await notifications(wrong_kind, token=account.token)).codes == [
        "GRAPHQL_VALIDATION_FAILED"
    ]
    assert (await notifications(INBOX)).codes == ["UNAUTHENTICATED"]
    assert (await notifications(PREFERENCES)).codes == ["UNAUTHENTICATED"]
    assert (await notifications(MARK_ALL, token="not.a.token")).codes == ["UNAUTHENTICATED"]
