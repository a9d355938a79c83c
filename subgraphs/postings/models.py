"""Postings store schema. Importing a posting keeps nothing: the draft goes back to the client,
which saves it as an application (applications subgraph) if the user wants it. For now this
store holds kit's tables only (outbox, inbox, erased owners)."""

from sqlalchemy.orm import registry
from sqlmodel import SQLModel


class Table(SQLModel, registry=registry()):
    """This subgraph's tables: a metadata of their own, migrated by their own history."""


metadata = Table.metadata
