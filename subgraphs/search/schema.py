"""Search subgraph schema: `search(query, kinds, first)`. Hits are references: the entity's
key, which its owning subgraph resolves through the router (with that subgraph's own rules),
and the highlights of what matched. Search owns no field of `Application`, `Contact` or
`User`: its stubs are keys it cannot resolve (`resolvable: false`)."""

from enum import Enum

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from subgraphs.kit import Info, ServiceSchema, bad_input, id_of
from subgraphs.search import index, store

QUERY_MAX = 200


@strawberry.enum(description="What a search may find.")
class SearchKind(Enum):
    APPLICATION = "application"
    CONTACT = "contact"
    USER = "user"


def _stub(name: str) -> type:
    @strawberry.federation.type(name=name, keys=[Key(fields=FieldSet("id"), resolvable=False)])
    class Stub:
        id: strawberry.ID

    return Stub


Application = _stub("Application")
Contact = _stub("Contact")
User = _stub("User")


@strawberry.type(description="A run of a highlight's text, matched or not.")
class HighlightFragment:
    text: str
    matched: bool


@strawberry.type(description="A field of the entity that matched, and its text around the match.")
class Highlight:
    field: str = strawberry.field(description="The entity's field (company, fullName, ...).")
    snippet: str = strawberry.field(
        description="Plain text: the field, or its words around the matches ('…' where cut)."
    )
    fragments: list[HighlightFragment] = strawberry.field(
        description="The snippet in runs, the matched ones flagged: render them as you like."
    )


@strawberry.type(description="One thing found: its kind, the reference to it, what matched.")
class SearchHit:
    kind: SearchKind
    highlights: list[Highlight]
    application: Application | None = strawberry.field(  # type: ignore[valid-type]
        description="Set when kind is APPLICATION; null when its owner's subgraph says so."
    )
    contact: Contact | None  # type: ignore[valid-type]
    user: User | None  # type: ignore[valid-type]

    @classmethod
    def of(cls, hit: index.Hit) -> "SearchHit":
        ref = {kind: None for kind in ("application", "contact", "user")}
        stub = {"application": Application, "contact": Contact, "user": User}[hit.kind.value]
        ref[hit.kind.value] = stub(id=id_of(hit.id))
        highlights = [
            Highlight(
                field=h.field,
                snippet=h.snippet,
                fragments=[HighlightFragment(text=f.text, matched=f.matched) for f in h.fragments],
            )
            for h in hit.highlights
        ]
        return cls(kind=SearchKind(hit.kind.value), highlights=highlights, **ref)


def _query(text: str) -> str:
    text = text.strip()
    if not 1 <= len(text) <= QUERY_MAX:
        raise bad_input("query", f"query must be 1 to {QUERY_MAX} characters")
    if not index.terms(text):
        raise bad_input("query", "query must contain a letter or a digit")
    return text


def _kinds(kinds: list[SearchKind] | None) -> list[index.Kind]:
    if kinds is None:
        return list(index.Kind)
    if not kinds:
        raise bad_input("kinds", "kinds must name at least one kind, or be left out")
    return [index.Kind(kind.value) for kind in dict.fromkeys(kinds)]


@strawberry.type
class Query:
    @strawberry.field(
        description="Your applications and contacts, and public profiles, matching every word "
        "of `query` (the last ones as prefixes), best first. Signed-in users only."
    )
    async def search(
        self,
        info: Info,
        query: str,
        kinds: list[SearchKind] | None = None,
        first: int | None = None,
    ) -> list[SearchHit]:
        ctx = info.context
        viewer = ctx.require_user()
        text, wanted, size = _query(query), _kinds(kinds), ctx.page_size(first)
        found = index.index_for(ctx.settings)  # the one `create_app` gave the service
        hits = await store.search(found, text, viewer=viewer, kinds=wanted, limit=size)
        return [SearchHit.of(hit) for hit in hits]


schema = ServiceSchema(subgraph="search", query=Query)
