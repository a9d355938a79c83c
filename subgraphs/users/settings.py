"""The users subgraph's own variables (kit's `Settings` plus these; see `kit.settings`)."""

from pydantic import SecretStr, field_validator

from subgraphs.kit import RuleLimit, Settings


class UsersSettings(Settings):
    """Signing tokens (kit verifies them: JWT_ISSUER, JWT_AUDIENCE, JWT_TTL_SECONDS are kit's),
    and the log-in and sign-up throttles (docs/security.md)."""

    # PEM of the RS256 signing key. Generated under DATA_DIR in development.
    JWT_PRIVATE_KEY: SecretStr | None = None
    # PEM public keys still published in the JWKS while tokens they signed are alive.
    JWT_RETIRED_PUBLIC_KEYS: str = ""

    # Rate limits, in `limits`' notation (kit's RateLimits keeps the counts).
    RATE_LIMIT_LOG_IN_ADDRESS: RuleLimit = "60 per 5 minutes"  # log-in attempts per address
    # Failed log-ins per account from one client address: refused past it (deleteAccount: wrong
    # passwords per account, whose token only its holder has).
    RATE_LIMIT_LOG_IN_ACCOUNT_ADDRESS: RuleLimit = "10 per 15 minutes"
    # Failed log-ins per account from any address: never refused, every attempt on the account
    # slowed instead, the delay doubling with each failure up to RATE_LIMIT_LOG_IN_DELAY_SECONDS
    # at this many.
    RATE_LIMIT_LOG_IN_ACCOUNT: RuleLimit = "10 per 15 minutes"
    RATE_LIMIT_LOG_IN_DELAY_SECONDS: float = 2.0
    RATE_LIMIT_SIGN_UP_ACCOUNT: RuleLimit = "5 per hour"  # sign-up attempts per e-mail address
    RATE_LIMIT_SIGN_UP_ADDRESS: RuleLimit = "30 per hour"  # sign-up attempts per client address

    @field_validator("RATE_LIMIT_LOG_IN_DELAY_SECONDS", mode="after")
    @classmethod
    def _log_in_delay(cls, value: float) -> float:
        if not 0 <= value <= 10:  # a delay, not a lock: every attempt waits at most this long
            raise ValueError("RATE_LIMIT_LOG_IN_DELAY_SECONDS must be from 0 to 10")
        return value
