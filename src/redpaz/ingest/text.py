"""Name normalisation for matching places across sources ("MEDELLÍN (CT)" = "Medellín")."""

from __future__ import annotations

import re
import unicodedata

# Suffixes the Policía and DANE add to names: capital ("CT"), departmental corregimiento ("CD").
_SUFFIXES = re.compile(r"\((?:CT|CD|ANM)\)", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^A-Z0-9]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_name(text: object) -> str:
    """Return an accent-, case- and punctuation-free form: 'Bogotá, D.C. (CT)' -> 'BOGOTA D C'."""
    if text is None or (isinstance(text, float) and text != text):  # None or NaN: an empty cell
        return ""
    value = strip_accents(str(text)).upper()
    value = _SUFFIXES.sub(" ", value)
    value = _NON_ALNUM.sub(" ", value)
    return " ".join(value.split())


def normalize_code(value: object, width: int | None = None) -> str:
    """Return a code as text: 5001.0 -> '5001' (-> '05001' with width=5); text is kept as given."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if width and text.isdigit():
        text = text.zfill(width)
    return text
