"""Events: envelope, transactional outbox, relay to the broker, idempotent consumers."""
