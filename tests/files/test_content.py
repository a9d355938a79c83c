"""The rules of what is accepted, as pure functions: types, names, inspection."""

import hashlib

import pytest

from subgraphs.files.content import DOCX, PDF, file_type, inspect, sanitize_file_name


async def chunks(*parts: bytes):
    for part in parts:
        yield part


async def test_inspection_reads_once_for_size_head_and_checksum():
    parts = (b"%P", b"DF-1.7 ", b"x" * 10_000)
    seen = await inspect(chunks(*parts), limit=20_000)
    assert seen.size == 10_009 and seen.head == b"%PDF-"  # across chunks
    assert seen.sha256 == hashlib.sha256(b"".join(parts)).hexdigest()
    assert seen.is_a(PDF) and not seen.is_a(DOCX)


async def test_inspection_stops_reading_past_the_limit():
    read = []

    async def endless():
        for _ in range(1000):
            read.append(1)
            yield b"PK\x03\x04" + b"x" * 1020

    seen = await inspect(endless(), limit=4096)
    assert seen.size > 4096 and len(read) == 5
    assert seen.is_a(DOCX)


def test_types_are_allow_listed():
    assert file_type(" application/PDF ") is PDF
    assert file_type(DOCX.content_type) is DOCX
    for other in ("text/html", "application/msword", "application/octet-stream", ""):
        with pytest.raises(ValueError):
            file_type(other)


@pytest.mark.parametrize("name", ["", " ", "..", "../", "a/..", "\u202e", "C:\\"])
def test_nothing_left_is_not_a_name(name):
    with pytest.raises(ValueError):
        sanitize_file_name(name)


def test_a_long_name_keeps_its_extension():
    kept = sanitize_file_name("é" * 500 + ".docx")
    assert len(kept) == 200 and kept.endswith(".docx")
