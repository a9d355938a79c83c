"""What the files subgraph accepts: allow-listed types (by content type, extension and leading
bytes), sanitised file names, and the inspection of an uploaded object (size, leading bytes,
SHA-256) that `completeUpload` relies on. Pure functions, no store."""

import hashlib
import re
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass

FILE_NAME_MAX = 200


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extension: str
    magic: bytes  # the leading bytes every such file starts with


PDF = FileType("PDF", "application/pdf", ".pdf", b"%PDF-")
# A DOCX is a ZIP package; its first bytes are a ZIP local file header.
DOCX = FileType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    b"PK\x03\x04",
)
TYPES = {kind.content_type: kind for kind in (PDF, DOCX)}
HEAD_BYTES = max(len(kind.magic) for kind in TYPES.values())
ALLOWED = ", ".join(f"{kind.label} ({kind.content_type})" for kind in TYPES.values())

_UNSAFE = re.compile(r'[<>:"/\\|?*]')


def file_type(content_type: str) -> FileType:
    """The allowed type a client declared; ValueError for any other."""
    found = TYPES.get(content_type.strip().lower())
    if found is None:
        raise ValueError(f"must be one of {ALLOWED}")
    return found


def sanitize_file_name(name: str) -> str:
    """The name as shown and offered on download: its last path part only, NFC, without control
    or reserved characters, runs of spaces, or leading and trailing dots and spaces; at most
    FILE_NAME_MAX characters, extension kept. ValueError when nothing is left."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]
    # controls and format characters (RTL overrides that disguise an extension) go; any
    # separator becomes a space
    name = "".join(
        " " if unicodedata.category(c)[0] == "Z" else c
        for c in name
        if unicodedata.category(c)[0] != "C"
    )
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > FILE_NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        keep = extension[:16]
        name = (
            f"{stem[: FILE_NAME_MAX - len(keep) - 1].rstrip(' .')}.{keep}"
            if dot
            else name[:FILE_NAME_MAX]
        )
    if not name or name.startswith("."):
        raise ValueError("must be a file name, e.g. resume.pdf")
    return name


def check_extension(name: str, kind: FileType) -> None:
    if not name.lower().endswith(kind.extension):
        raise ValueError(f"a {kind.label} file's name must end in {kind.extension}")


@dataclass(frozen=True)
class Inspection:
    size: int  # bytes read (stops early past the limit)
    head: bytes
    sha256: str

    def is_a(self, kind: FileType) -> bool:
        return self.head.startswith(kind.magic)


async def inspect(chunks: AsyncIterator[bytes], *, limit: int) -> Inspection:
    """Size, leading bytes and SHA-256 of an object, read once; stops reading past `limit`."""
    digest, head, size = hashlib.sha256(), b"", 0
    try:
        async for chunk in chunks:
            size += len(chunk)
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            if size > limit:
                break
            digest.update(chunk)
    finally:
        close = getattr(chunks, "aclose", None)
        if close is not None:  # an object left half read: release its connection now
            await close()
    return Inspection(size=size, head=head, sha256=digest.hexdigest())
