"""An upload may be as large as FILES_MAX_BYTES, above the subgraph's SUBGRAPH_MAX_BODY_BYTES:
the local backend's upload route limits its own bodies; /graphql keeps the subgraph's limit."""

from tests.factories import sign_up
from tests.files.conftest import pdf, running_files


async def test_an_upload_over_the_subgraph_body_limit_passes_and_graphql_keeps_it(
    settings, users, users_app, s3_endpoint
):
    overrides = {"SUBGRAPH_MAX_BODY_BYTES": 32 * 1024}
    async with running_files(settings, users_app, "local", s3_endpoint, **overrides) as files:
        account = await sign_up(users)
        done = await files.upload(account, pdf(100 * 1024))  # FILES_MAX_BYTES here: 256 KiB
        assert done["size"] == 100 * 1024
        large = await files.http.post(
            "/graphql", json={"query": "{ __typename }", "padding": "x" * 40 * 1024}
        )
        assert large.status_code == 413
