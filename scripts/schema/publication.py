"""Whether what is checked in is what was published: each change publishes what it ships
(`scripts/task schema:publish`), so schema/published/ is always the schema of its commit."""

from pathlib import Path

from graphql import GraphQLError

from scripts.schema.api import api_text
from scripts.schema.asyncapi import ASYNCAPI
from scripts.schema.compose import SUPERGRAPH_SDL
from scripts.schema.published import PUBLISH_COMMAND, PUBLISHED, Published, read_published
from subgraphs.kit.registry import SUPERGRAPH_YAML, sdl_path, subgraph_names


def current_schema(root: Path) -> Published:
    """The checked-in subgraph SDLs, the client-facing API of the checked-in supergraph and
    the checked-in event contracts."""
    config = root / SUPERGRAPH_YAML.name
    subgraphs = {name: sdl_path(name, config).read_text() for name in subgraph_names(config)}
    events = root / ASYNCAPI
    return Published(
        api_text((root / SUPERGRAPH_SDL).read_text()),
        subgraphs,
        events.read_text() if events.exists() else None,
    )


def unpublished(root: Path) -> list[str]:
    """What differs between the checked-in schema and schema/published/, in words."""
    published = read_published(root)
    if published is None:
        return [f"nothing is published yet: run {PUBLISH_COMMAND}"]
    try:
        current = current_schema(root)
    except (OSError, GraphQLError, TypeError) as error:
        return [f"the checked-in schema does not build: {str(error).splitlines()[0]}"]
    found = []
    if current.api != published.api:
        found.append(f"the client-facing API differs from {PUBLISHED}/api.graphql")
    for name in sorted(current.subgraphs.keys() | published.subgraphs.keys()):
        if current.subgraphs.get(name) != published.subgraphs.get(name):
            found.append(f"{name}'s SDL differs from {PUBLISHED}/subgraphs/{name}.graphql")
    if current.events != published.events:
        found.append(f"{ASYNCAPI} differs from {PUBLISHED}/asyncapi.yaml")
    return found
