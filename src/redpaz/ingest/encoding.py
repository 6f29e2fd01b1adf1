"""Text files of unknown origin: encoding, delimiter, and repair of mojibake ("AÃ±o" -> "Año").

Files exported from Excel on Windows arrive in CP1252, files from open-data portals in UTF-8, and
files that went through both show UTF-8 bytes read as CP1252 ("MEDELLÃN", "AÃ±o"). The encoding
is decided on a sample at the start of the file, so that a large file can then be read in chunks.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import IO, cast

from redpaz.ingest.tables import sniff_delimiter

SAMPLE_BYTES = 256 * 1024
# Sequences that UTF-8 Spanish text shows when its bytes were decoded as CP1252 or Latin-1.
_MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013-\u203a\u20ac\u2122]"
)


def file_suffix(path: Path) -> str:
    """The suffix that says what a file holds: ".csv" for "data.csv.gz", ".xlsx" for "a.xlsx"."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) > 1 and suffixes[-1] == ".gz":
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading bytes, decompressing ``.gz`` transparently."""
    if path.suffix.lower() == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def read_sample(path: Path, size: int = SAMPLE_BYTES) -> bytes:
    with open_binary(path) as handle:
        return handle.read(size)


def detect_encoding(sample: bytes) -> str:
    """The encoding of a file from a sample of its first bytes: UTF-8 (BOM or not) or CP1252.

    A sample may end in the middle of a UTF-8 character; only the last complete line counts.
    """
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    cut = sample.rfind(b"\n")
    probe = sample[: cut + 1] if cut > 0 and len(sample) >= SAMPLE_BYTES else sample
    try:
        probe.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        probe.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def has_mojibake(text: str) -> bool:
    return bool(_MOJIBAKE.search(text))


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as CP1252 (or Latin-1), once or twice; leave sound text unchanged."""
    if not text or not has_mojibake(text):
        return text
    current = text
    for _attempt in range(2):
        repaired = None
        for codec in ("cp1252", "latin-1"):
            try:
                repaired = current.encode(codec).decode("utf-8")
                break
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        if repaired is None or repaired == current:
            break
        current = repaired
        if not has_mojibake(current):
            break
    return current


def sniff(path: Path) -> tuple[str, str]:
    """(encoding, delimiter) of a delimited text file, from a sample of its start."""
    sample = read_sample(path)
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="replace")
    return encoding, sniff_delimiter(text)
