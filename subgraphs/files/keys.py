"""Where objects live in storage. Every key is made here, from ids, never by a client.

    <owner>/<file id>                  a file's contents: written by the server alone, once, when
                                       completeUpload freezes the upload (then never again)
    incoming/<owner>/<file id>         what a file's upload form lets the client write, once;
                                       copied to the file's key by completeUpload, then removed
    <owner>/exports/<job id>.<ext>     an export's file

Erasing an owner removes both of their prefixes.
"""

from uuid import UUID

from subgraphs.files.models import ExportFormat

UPLOADS = "incoming/"

EXPORT_EXTENSIONS = {
    ExportFormat.CSV_ZIP: "zip",
    ExportFormat.XLSX: "xlsx",
    ExportFormat.JSON: "json",
}


def object_key(owner_id: UUID, file_id: UUID) -> str:
    """Where a file's contents live: under its owner's prefix, which erasure removes whole."""
    return f"{owner_id}/{file_id}"


def upload_key(owner_id: UUID, file_id: UUID) -> str:
    """Where a file's upload form writes (the only key a client may write)."""
    return f"{UPLOADS}{owner_id}/{file_id}"


def upload_key_of(object_key: str) -> str:
    """The upload key of a file, from its object key."""
    return f"{UPLOADS}{object_key}"


def parse_upload_key(key: str) -> tuple[UUID, UUID] | None:
    """The owner's and the file's ids an upload key names; None for any other key."""
    owner, _, file = key.removeprefix(UPLOADS).partition("/")
    if not key.startswith(UPLOADS):
        return None
    try:
        return UUID(owner), UUID(file)
    except ValueError:
        return None


def owner_prefixes(owner_id: UUID) -> tuple[str, str]:
    """Every prefix an owner's objects live under."""
    return f"{owner_id}/", f"{UPLOADS}{owner_id}/"


def export_key(owner_id: UUID, job_id: UUID, format: ExportFormat) -> str:
    """Under the owner's prefix (erasure removes it with the rest)."""
    return f"{owner_id}/exports/{job_id}.{EXPORT_EXTENSIONS[format]}"
