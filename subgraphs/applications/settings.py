"""The applications subgraph's own variables (kit's `Settings` plus these; see `kit.settings`)."""

from subgraphs.kit import Settings


class ApplicationsSettings(Settings):
    """Imports (importApplications, previewImport): the largest CSV and the most rows accepted."""

    IMPORTS_MAX_BYTES: int = 5 * 1024 * 1024
    IMPORTS_MAX_ROWS: int = 10_000
