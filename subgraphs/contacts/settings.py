"""The contacts subgraph's own variables (kit's `Settings` plus these; see `kit.settings`)."""

from subgraphs.kit import RuleLimit, Settings


class ContactsSettings(Settings):
    """Its rate limit, in `limits`' notation (docs/security.md)."""

    # E-mail addresses a user's createContact/updateContact look up among registered users
    RATE_LIMIT_CONTACT_EMAILS: RuleLimit = "60 per minute"
