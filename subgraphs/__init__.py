"""Job Tracker subgraphs: one sub-package per domain, plus `kit` (shared plumbing)."""
