"""kit's public surface is small and deliberate: a name added or dropped shows up here."""

import subgraphs.kit

EXPORTED = [
    "SHORT_TEXT", "AppError", "Aware", "Collection", "Connection", "Context", "Document",
    "DocumentQuery", "ErrorCode", "Event", "Handlers", "Info", "Listing", "Message", "Offload", "Owned", "Payload",
    "RateLimits", "Reads", "Rule", "RuleLimit", "Runtime", "ServiceSchema", "Settings", "Store", "Stripped",
    "TokenVerifier", "WebUrl", "Where", "admin_documents", "apply_changes", "asks_for", "bad_input",
    "check_moment", "contains_param", "contains_pattern", "create_service", "default_settings", "development_secret", "documents", "erase_owner",
    "from_row", "given", "id_field", "id_of", "ids_in", "ids_param", "json_chunks", "lookup", "moment_field", "moment_in_range", "not_found",
    "owner_data", "owner_field", "owner_of", "paginate", "parse_id", "partial", "partial_input",
    "private_file", "private_key", "publish", "publish_many", "require_id",
    "runtime_of", "secret_field", "settings_of", "supersedes", "text_field", "timestamp_field", "unauthenticated", "utcnow",
    "validate", "was_erased",
]  # fmt: skip


def test_the_exported_names():
    assert subgraphs.kit.__all__ == EXPORTED


def test_each_exported_name_exists_and_is_documented():
    for name in subgraphs.kit.__all__:
        member = getattr(subgraphs.kit, name)
        if callable(member) and not type(member).__name__.endswith("GenericAlias"):
            assert (member.__doc__ or "").strip(), f"{name} has no docstring"
