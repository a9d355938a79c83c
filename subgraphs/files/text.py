"""The text of a resume, for the match of a resume to a job (postings subgraph, which gets it in
`file.uploaded`). PDF through pypdf, DOCX through python-docx; a file they cannot read has no
text (its upload still succeeds: it is a valid file of its type, only not one we can read)."""

import io
import logging
import re

from subgraphs.files.content import DOCX, PDF

TEXT_MAX = 100_000  # characters kept: far more than any resume
PAGES_MAX = 30

logger = logging.getLogger("subgraphs.files.text")


def extract_text(data: bytes, content_type: str) -> str:
    try:
        if content_type == PDF.content_type:
            text = _pdf(data)
        elif content_type == DOCX.content_type:
            text = _docx(data)
        else:
            return ""
    except Exception as error:  # a damaged or encrypted file: no text, said in the log
        logger.info("no text from a %s: %s", content_type, type(error).__name__)
        return ""
    text = re.sub(r"[ \t\xa0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()[:TEXT_MAX]


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages[:PAGES_MAX])


def _docx(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)
