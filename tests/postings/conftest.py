from collections.abc import Iterator

import pytest

from tests.clients import GraphQL
from tests.factories import Account, sign_up
from tests.postings.site import serving


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    with serving() as url:
        yield url


@pytest.fixture
async def account(users: GraphQL) -> Account:
    return await sign_up(users)
