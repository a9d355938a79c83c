"""Search subgraph schema: `search(query, kinds, first)`. Hits are references: the entity's
key, and the highlights of what matched. Search answers the fields the web app shows of each
hit itself, from the index's copy (`@provides`: company, position and status of an
application; name, company, position and linked user of a contact; full name and headline of
a profile), as the owning subgraph's last event told it; any other field the router asks of
the owning subgraph, with that subgraph's own rules. Its stubs are keys it cannot resolve
(`resolvable: false`)."""

from enum import Enum

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from subgraphs.kit import Info, ServiceSchema, bad_input, id_of
from subgraphs.search import index, store
from subgraphs.search.settings import SearchSettings

QUERY_MAX = 200
UNRESOLVABLE = [Key(fields=FieldSet("id"), resolvable=False)]


@strawberry.enum(description="What a search may find.")
class SearchKind(Enum):
    APPLICATION = "application"
    CONTACT = "contact"
    USER = "user"


@strawberry.enum(description="Where an application stands.")
class ApplicationStatus(Enum):  # the applications subgraph's, value for value
    SAVED = "SAVED"
    APPLIED = "APPLIED"
    INTERVIEW = "INTERVIEW"
    OFFER = "OFFER"
    REJECTED = "REJECTED"


# The owners' fields that search keeps are external: it serves them only on the paths that
# @provides them (SearchHit's).
@strawberry.federation.type(keys=UNRESOLVABLE)
class Application:
    id: strawberry.ID
    company: str = strawberry.federation.field(external=True, default="")
    position: str = strawberry.federation.field(external=True, default="")
    status: ApplicationStatus = strawberry.federation.field(
        external=True, default=ApplicationStatus.SAVED
    )


@strawberry.federation.type(keys=UNRESOLVABLE)
class User:
    id: strawberry.ID
    full_name: str = strawberry.federation.field(external=True, default="")
    headline: str | None = strawberry.federation.field(external=True, default=None)


@strawberry.federation.type(keys=UNRESOLVABLE)
class Contact:
    id: strawberry.ID
    name: str = strawberry.federation.field(external=True, default="")
    company: str | None = strawberry.federation.field(external=True, default=None)
    position: str | None = strawberry.federation.field(external=True, default=None)
    linked_user: User | None = strawberry.federation.field(external=True, default=None)


_STATUSES = {status.value for status in ApplicationStatus}


def _reference(hit: index.Hit) -> Application | Contact | User | None:
    """The hit's entity with the fields the index keeps; None if its copy lacks a required one
    (as if the owning subgraph had said null)."""
    ref, f = id_of(hit.id), hit.fields
    if hit.kind is index.Kind.APPLICATION:
        if not (f.get("company") and f.get("position")) or f.get("status") not in _STATUSES:
            return None
        return Application(id=ref, company=f["company"], position=f["position"],
                           status=ApplicationStatus(f["status"]))  # fmt: skip
    if hit.kind is index.Kind.CONTACT:
        if not f.get("name"):
            return None
        linked = hit.refs.get("linkedUser")
        return Contact(id=ref, name=f["name"], company=f.get("company"), position=f.get("position"),
                       linked_user=User(id=strawberry.ID(linked)) if linked else None)  # fmt: skip
    if not f.get("fullName"):
        return None
    return User(id=ref, full_name=f["fullName"], headline=f.get("headline"))


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
    application: Application | None = strawberry.federation.field(
        provides=["company position status"],
        description="Set when kind is APPLICATION. Company, position and status as the index "
        "last heard of them (an event's moment behind the applications subgraph).",
    )
    contact: Contact | None = strawberry.federation.field(
        provides=["name company position linkedUser { id }"],
        description="Set when kind is CONTACT (name, company, position, linked user: from the "
        "index).",
    )
    user: User | None = strawberry.federation.field(
        provides=["fullName headline"],
        description="Set when kind is USER (full name, headline: from the index).",
    )

    @classmethod
    def of(cls, hit: index.Hit) -> "SearchHit":
        refs: dict[str, object] = dict.fromkeys(("application", "contact", "user"))
        refs[hit.kind.value] = _reference(hit)
        highlights = [
            Highlight(
                field=h.field,
                snippet=h.snippet,
                fragments=[HighlightFragment(text=f.text, matched=f.matched) for f in h.fragments],
            )
            for h in hit.highlights
        ]
        return cls(kind=SearchKind(hit.kind.value), highlights=highlights, **refs)  # type: ignore[arg-type]


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
        # the one `create_app` gave the service
        found = index.index_for(SearchSettings.of(ctx.settings))
        hits = await store.search(found, text, viewer=viewer, kinds=wanted, limit=size)
        return [SearchHit.of(hit) for hit in hits]


schema = ServiceSchema(subgraph="search", query=Query)
