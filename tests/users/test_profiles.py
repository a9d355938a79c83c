"""Profiles: owners edit theirs; others see the public part; interests are private lists."""

from tests.factories import sign_up

UPDATE = """
mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { fullName headline location phone skills socialLinks { label url } }
}"""
PROFILE = """
query($id: ID!) { user(id: $id) { id fullName headline email phone visibility { emailPublic } } }"""


async def test_update_profile_changes_only_what_is_given(users):
    account = await sign_up(users, full_name="Alan Turing")
    changes = {
        "headline": "Mathematician",
        "skills": ["cryptanalysis", "computing"],
        "socialLinks": [{"label": "site", "url": "https://example.org/alan"}],
    }
    profile = (await users(UPDATE, {"input": changes}, token=account.token)).data["updateProfile"]
    assert profile["fullName"] == "Alan Turing"
    assert profile["skills"] == ["cryptanalysis", "computing"]
    assert profile["socialLinks"] == [{"label": "site", "url": "https://example.org/alan"}]
    again = (await users(UPDATE, {"input": {"location": "Manchester"}}, token=account.token)).data
    assert again["updateProfile"]["headline"] == "Mathematician"


async def test_update_profile_refuses_bad_values(users):
    """`field` is the input field at fault; the message names the exact place in it."""
    account = await sign_up(users)
    for changes, field, message in [
        (
            {"socialLinks": [{"label": "x", "url": "not a url"}]},
            "socialLinks",
            "socialLinks[0].url: Input should be a valid URL",
        ),
        ({"phone": "call me maybe"}, "phone", "phone: String should match pattern"),
        ({"fullName": None}, "fullName", "fullName: must not be null"),
        ({"fullName": "  "}, "fullName", "fullName: String should have at least 1 character"),
        ({"skills": ["x" * 51]}, "skills", "skills[0]: String should have at most 50 characters"),
        ({"emailPublic": None}, "emailPublic", "emailPublic: must not be null"),
    ]:
        result = await users(UPDATE, {"input": changes}, token=account.token)
        assert result.codes == ["BAD_USER_INPUT"], changes
        assert result.error["extensions"]["field"] == field, result.error
        assert result.error["message"].startswith(message), result.error
    profile = (await users("{ me { fullName phone skills } }", token=account.token)).data["me"]
    assert profile == {"fullName": "Ada Lovelace", "phone": None, "skills": []}
    assert (await users(UPDATE, {"input": {"headline": "x"}})).codes == ["UNAUTHENTICATED"]


async def test_email_and_phone_are_shown_to_others_only_when_public(users):
    owner = await sign_up(users)
    viewer = await sign_up(users)
    await users(UPDATE, {"input": {"phone": "+44 20 7946 0000"}}, token=owner.token)
    seen = (await users(PROFILE, {"id": owner.id}, token=viewer.token)).data["user"]
    assert (seen["email"], seen["phone"], seen["visibility"]) == (None, None, None)
    own = (await users(PROFILE, {"id": owner.id}, token=owner.token)).data["user"]
    assert own["email"] == owner.email and own["visibility"] == {"emailPublic": False}

    made_public = {"emailPublic": True, "phonePublic": True}
    await users(UPDATE, {"input": made_public}, token=owner.token)
    seen = (await users(PROFILE, {"id": owner.id}, token=viewer.token)).data["user"]
    assert (seen["email"], seen["phone"]) == (owner.email, "+44 20 7946 0000")


async def test_search_users_by_name_pages_through_matches(users):
    tag = owner_tag = (await sign_up(users)).id[:8]
    for n in range(3):
        await sign_up(users, full_name=f"Searchable {owner_tag} Person {n}")
    query = """query($name: String!, $after: String) {
      searchUsers(name: $name, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { fullName email } } } }"""
    first = (await users(query, {"name": f"searchable {tag}"})).data["searchUsers"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"]
    assert [e["node"]["email"] for e in first["edges"]] == [None, None]
    after = first["pageInfo"]["endCursor"]
    rest = (await users(query, {"name": f"SEARCHABLE {tag}", "after": after})).data["searchUsers"]
    names = [e["node"]["fullName"] for e in first["edges"] + rest["edges"]]
    assert names == [f"Searchable {owner_tag} Person {n}" for n in range(3)]
    assert not rest["pageInfo"]["hasNextPage"]
    assert (await users(query, {"name": "  "})).codes == ["BAD_USER_INPUT"]


async def test_a_private_profile_is_unlisted_for_others_but_not_gone(users):
    owner, other = await sign_up(users, full_name="Unlisted Ursula"), await sign_up(users)
    query = "query($n: String!) { searchUsers(name: $n) { edges { node { id } } } }"
    visibility = "{ me { visibility { profilePublic } } }"

    async def listed(account) -> list[str]:
        found = await users(query, {"n": "Unlisted Ursula"}, token=account.token)
        return [e["node"]["id"] for e in found.data["searchUsers"]["edges"]]

    assert owner.id in await listed(other)
    assert (await users(visibility, token=owner.token)).data["me"]["visibility"] == {
        "profilePublic": True
    }
    await users(UPDATE, {"input": {"profilePublic": False}}, token=owner.token)
    assert owner.id not in await listed(other)
    assert owner.id in await listed(owner)  # your own, still
    seen = (await users(PROFILE, {"id": owner.id}, token=other.token)).data["user"]
    assert seen["fullName"] == "Unlisted Ursula"  # by its id: its public fields, as before


async def test_interested_in_profiles_add_list_remove(users):
    me, them = await sign_up(users), await sign_up(users, full_name="Katherine Johnson")
    add = "mutation($id: ID!) { addProfileInterest(userId: $id) { fullName } }"
    remove = "mutation($id: ID!) { removeProfileInterest(userId: $id) }"
    listing = "{ me { interestedIn { totalCount edges { node { id fullName } } } } }"
    assert (await users(add, {"id": them.id}, token=me.token)).data
    assert (await users(add, {"id": them.id}, token=me.token)).data  # twice is once
    interested = (await users(listing, token=me.token)).data["me"]["interestedIn"]
    assert interested["totalCount"] == 1
    assert interested["edges"][0]["node"] == {"id": them.id, "fullName": "Katherine Johnson"}

    other_view = f'{{ user(id: "{me.id}") {{ interestedIn {{ totalCount }} }} }}'
    assert (await users(other_view, token=them.token)).data["user"]["interestedIn"] is None
    assert (await users(add, {"id": me.id}, token=me.token)).codes == ["BAD_USER_INPUT"]
    missing = "00000000-0000-0000-0000-000000000000"
    assert (await users(add, {"id": missing}, token=me.token)).codes == ["NOT_FOUND"]

    assert (await users(remove, {"id": them.id}, token=me.token)).data["removeProfileInterest"]
    assert not (await users(remove, {"id": them.id}, token=me.token)).data["removeProfileInterest"]
    assert (await users(listing, token=me.token)).data["me"]["interestedIn"]["totalCount"] == 0


async def test_user_entities_resolve_public_profiles_in_one_batch(users):
    a, b = await sign_up(users, full_name="A Person"), await sign_up(users, full_name="B Person")
    query = (
        """query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id fullName } } }"""
    )
    reps = [{"__typename": "User", "id": x} for x in (a.id, b.id, "not-a-uuid")]
    entities = (await users(query, {"r": reps}, token=a.token)).data["_entities"]
    assert entities == [
        {"id": a.id, "fullName": "A Person"},
        {"id": b.id, "fullName": "B Person"},
        None,
    ]


async def test_a_private_profile_by_its_id_shows_others_its_public_fields_only(users):
    """What a contact's `linkedUser` (or any reference) resolves to: for anyone but its owner,
    the public fields; e-mail, phone, visibility and interests stay the owner's."""
    owner = await sign_up(users, full_name="Private Pat")
    private = {"profilePublic": False, "headline": "Engineer", "phone": "+44 20 7946 0001"}
    await users(UPDATE, {"input": private}, token=owner.token)
    query = """query($r: [_Any!]!) { _entities(representations: $r) { ... on User {
      id fullName headline email phone visibility { profilePublic } interestedIn { totalCount }
    } } }"""
    reps = [{"__typename": "User", "id": owner.id}]
    for viewer in (await sign_up(users), None):
        token = viewer.token if viewer else None
        [seen] = (await users(query, {"r": reps}, token=token)).data["_entities"]
        assert seen == {"id": owner.id, "fullName": "Private Pat", "headline": "Engineer",
                        "email": None, "phone": None, "visibility": None,
                        "interestedIn": None}  # fmt: skip
    [own] = (await users(query, {"r": reps}, token=owner.token)).data["_entities"]
    assert (own["email"], own["visibility"]) == (owner.email, {"profilePublic": False})
