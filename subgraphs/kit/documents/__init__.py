"""The document-store port: owner-scoped documents with open-ended shapes (contacts, file
metadata), on the subgraph's SQL store (SQLite, PostgreSQL JSONB) or on MongoDB (MONGODB_URL).

    model.py   Document, Collection, Where: what a subgraph declares in `models.py`
    port.py    documents(session, ...) / admin_documents(session, ...): the handle every read
               and write goes through; Backend, what a store implements; DocumentQuery
    sql.py     SqlBackend: tables in the subgraph's own database, in its unit of work
    mongo.py   MongoBackend: PyMongo's asyncio client, a kit Store of its own
"""
