"""Say why a workbook cannot be read: password, truncation, or not a workbook at all.

pandas hides calamine's own diagnosis behind "Cannot detect file format"; asking calamine again
directly, and looking at the first bytes, turns that into something a person can act on.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # .xls and encrypted .xlsx containers
ZIP_SIGNATURE = b"PK\x03\x04"


def diagnose_workbook(path: Path) -> str | None:
    """A plain explanation of why the workbook is unreadable, or None if none is found."""
    try:
        import python_calamine

        python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        return "the workbook is password-protected; save an unprotected copy and import that"
    except Exception as exc:  # noqa: BLE001 - calamine reports damage with many error types
        detail = str(exc)
    else:
        return None
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_SIGNATURE):
        if _encrypted_ooxml(path):
            return "the workbook is password-protected; save an unprotected copy and import that"
        return f"the workbook is damaged or truncated (incomplete download?): {detail}"
    if head.startswith(ZIP_SIGNATURE):
        if not zipfile.is_zipfile(path):
            return "the workbook is truncated (incomplete download or copy): download it again"
        return f"the workbook is damaged: {detail}"
    return "the file is not an Excel workbook (.xlsx or .xls), whatever its name says"


def _encrypted_ooxml(path: Path) -> bool:
    """An .xlsx saved with a password is an OLE container holding an "EncryptedPackage"."""
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in sample
