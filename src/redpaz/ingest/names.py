"""Match free-text place names to known places: normalisation, alternative names, fuzzy matching.

Official files write the same place many ways: "MANTE CLARO (ROZO)", "LOS COLORES C-11",
"PRADO" for "El Prado", "LAS 3 AVE MARIAS" for "Las Tres Ave Marías", "CARTAGENA (CT)" for
"Cartagena de Indias". A ``NameIndex`` holds the places of one group (the municipalities of a
department, the barrios of a city) with their alternative names and answers, for a name:

1. an exact match of the normalised name or of a known alternative name;
2. a match of a looser form (leading articles and generic words dropped, number words and roman
   numerals as digits, abbreviations expanded, the comuna suffix or a parenthesis removed);
3. a fuzzy match (rapidfuzz) that is confident only when it is clearly better than the next one
   and the numbers in both names agree ("VILLA SAN PEDRO 3" is not "Villa San Pedro II").

Anything else is uncertain (with suggestions, for a person to review) or unmatched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from redpaz.ingest.text import normalize_name

# A fuzzy match at or above this score (token sort ratio, 0-100) may be applied without review...
CONFIDENT_SCORE = 92.0
# ...when the next place scores at least this much lower.
CONFIDENT_MARGIN = 5.0
# Suggestions shown to a reviewer score at least this (weighted ratio).
SUGGESTION_SCORE = 70.0
MAX_SUGGESTIONS = 3

_LEADING_WORDS = {
    "EL",
    "LA",
    "LOS",
    "LAS",
    "DE",
    "DEL",
    "BARRIO",
    "BARRIADA",
    "URBANIZACION",
    "SECTOR",
    "MUNICIPIO",
    "CORREGIMIENTO",
}
_ABBREVIATIONS = {
    "STO": "SANTO",
    "STA": "SANTA",
    "SN": "SAN",
    "URB": "URBANIZACION",
    "BRR": "BARRIO",
    "BO": "BARRIO",
    "NTRA": "NUESTRA",
    "SRA": "SENORA",
    "GRAL": "GENERAL",
    "PTO": "PUERTO",
}
_NUMBER_WORDS = {
    "UNO": "1",
    "PRIMERO": "1",
    "PRIMERA": "1",
    "DOS": "2",
    "SEGUNDO": "2",
    "SEGUNDA": "2",
    "TRES": "3",
    "TERCERO": "3",
    "TERCERA": "3",
    "CUATRO": "4",
    "CUARTO": "4",
    "CINCO": "5",
    "SEIS": "6",
    "SIETE": "7",
    "OCHO": "8",
    "NUEVE": "9",
    "DIEZ": "10",
}
_ROMAN = {
    "I": "1",
    "II": "2",
    "III": "3",
    "IV": "4",
    "V": "5",
    "VI": "6",
    "VII": "7",
    "VIII": "8",
    "IX": "9",
    "X": "10",
    "XI": "11",
    "XII": "12",
}
# Words too common in place names to make two names alike.
_COMMON_WORDS = _LEADING_WORDS | {"Y", "SAN", "SANTA", "SANTO", "VILLA", "NUEVA", "NUEVO", "ALTOS"}
_ETAPA = {"ETAPA", "ET", "SECTOR"}
_COMUNA_SUFFIX = re.compile(r"^(.*?)\s*(?:\bC|\bCOMUNA|\bCOM)\s?(\d{1,2})$")
_PARENTHESIS = re.compile(r"\(([^)]*)\)")
# Names that mean "no place given".
BLANK_NAMES = {
    "",
    "SIN DATO",
    "SIN DATOS",
    "NO REPORTA",
    "NO REPORTADO",
    "NO REPORTADA",
    "SIN INFORMACION",
    "DESCONOCIDO",
    "NO APLICA",
    "NA",
    "ND",
}


def loose_key(normalized: str) -> str:
    """The forgiving form of a normalised name: 'LAS 3 AVE MARIAS' and 'LAS TRES AVE MARIAS'."""
    tokens = normalized.split()
    out: list[str] = []
    for index, token in enumerate(tokens):
        token = _ABBREVIATIONS.get(token, token)
        token = _NUMBER_WORDS.get(token, token)
        if index > 0 and token in _ROMAN:
            token = _ROMAN[token]
        out.append(token)
    # "VILLA DEL CARMEN 1 ETAPA": the stage word adds nothing to tell places apart.
    out = [t for t in out if t not in _ETAPA]
    while len(out) > 1 and out[0] in _LEADING_WORDS:
        out = out[1:]
    return " ".join(out)


def numbers_in(key: str) -> frozenset[str]:
    return frozenset(t for t in key.split() if t.isdigit())


def comuna_number(name: str) -> str | None:
    """'EL POBLADO C-14' -> '14', 'Comuna 7' -> '07': how the Policía names Medellín's comunas."""
    match = _COMUNA_SUFFIX.match(normalize_name(name))
    return match[2].zfill(2) if match else None


def name_variants(raw: str) -> list[str]:
    """Normalised forms worth trying for a raw name, most faithful first."""
    variants: list[str] = []

    def add(text: str) -> None:
        normalized = normalize_name(text)
        if normalized and normalized not in variants:
            variants.append(normalized)

    add(raw)
    inside = _PARENTHESIS.findall(raw)
    if inside:
        add(_PARENTHESIS.sub(" ", raw))
        for part in inside:
            if len(part.strip()) >= 3:
                add(part)
    for variant in list(variants):
        match = _COMUNA_SUFFIX.match(variant)
        if match and match[1]:
            add(match[1])
    return variants


@dataclass(frozen=True)
class NameMatch:
    """What a name matched: an id when confident, else suggestions for a person to choose from."""

    id: int | None
    # exact | alias | variant | code | subset | fuzzy | ambiguous | uncertain | none | blank
    method: str
    score: float = 0.0
    suggestions: tuple[tuple[int, str, float], ...] = field(default_factory=tuple)

    @property
    def confident(self) -> bool:
        return self.id is not None

    @property
    def needs_review(self) -> bool:
        return self.id is None and self.method not in {"blank"}


class NameIndex:
    """The places of one group (a department's municipalities, a city's barrios) by name."""

    def __init__(
        self,
        places: Iterable[tuple[int, str]],
        aliases: Iterable[tuple[int, str]] = (),
        *,
        codes: Mapping[str, int] | None = None,
        comuna_codes: bool = False,
        allow_subset: bool = False,
    ):
        self.names: dict[int, str] = {}
        self._exact: dict[str, set[int]] = {}
        self._alias: dict[str, set[int]] = {}
        self._loose: dict[str, set[int]] = {}
        self._compact: dict[str, set[int]] = {}
        self.codes = dict(codes or {})
        self.comuna_codes = comuna_codes
        self.allow_subset = allow_subset
        for pk, name in places:
            self.names[pk] = name
            self._add(self._exact, normalize_name(name), pk)
        for pk, normalized in aliases:
            if pk in self.names:
                self._add(self._alias, normalized, pk)
        for table in (self._exact, self._alias):
            for key, ids in table.items():
                for pk in ids:
                    loose = loose_key(key)
                    self._add(self._loose, loose, pk)
                    self._add(self._compact, loose.replace(" ", ""), pk)
        self._choices = list(self._loose)
        self._cache: dict[str, NameMatch] = {}

    @staticmethod
    def _add(table: dict[str, set[int]], key: str, pk: int) -> None:
        if key:
            table.setdefault(key, set()).add(pk)

    def __len__(self) -> int:
        return len(self.names)

    def match(self, raw: object) -> NameMatch:
        text = "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw)
        if text in self._cache:
            return self._cache[text]
        result = self._match(text)
        self._cache[text] = result
        return result

    def _match(self, raw: str) -> NameMatch:
        normalized = normalize_name(raw)
        if normalized in BLANK_NAMES or not normalized.strip("0 "):
            return NameMatch(None, "blank")
        if not self.names:
            return NameMatch(None, "none")
        for method, table in (("exact", self._exact), ("alias", self._alias)):
            ids = table.get(normalized)
            if ids and len(ids) == 1:
                return NameMatch(next(iter(ids)), method, 100.0)
            if ids:
                return self._ambiguous(ids)
        if self.comuna_codes or self.codes:
            number = comuna_number(raw) if self.comuna_codes else None
            for code in (number, normalized, normalized.zfill(2)):
                if code and code in self.codes:
                    return NameMatch(self.codes[code], "code", 100.0)
        variants = name_variants(raw)
        for variant in variants:
            for table in (self._exact, self._alias):
                ids = table.get(variant)
                if ids and len(ids) == 1:
                    return NameMatch(next(iter(ids)), "variant", 100.0)
            key = loose_key(variant)
            for table, probe in ((self._loose, key), (self._compact, key.replace(" ", ""))):
                ids = table.get(probe)
                if ids and len(ids) == 1:
                    return NameMatch(next(iter(ids)), "variant", 100.0)
                if ids:
                    return self._ambiguous(ids)
        return self._fuzzy([loose_key(v) for v in variants])

    def _ambiguous(self, ids: set[int]) -> NameMatch:
        suggestions = tuple(sorted(((pk, self.names[pk], 100.0) for pk in ids), key=_order))
        return NameMatch(None, "ambiguous", 100.0, suggestions[:MAX_SUGGESTIONS])

    def _best_by_id(self, query: str, scorer: Any) -> list[tuple[int, float]]:
        best: dict[int, float] = {}
        for choice, score, _index in process.extract(query, self._choices, scorer=scorer, limit=12):
            for pk in self._loose[choice]:
                best[pk] = max(best.get(pk, 0.0), float(score))
        return sorted(best.items(), key=lambda item: (-item[1], self.names[item[0]], item[0]))

    def _fuzzy(self, keys: list[str]) -> NameMatch:
        keys = [k for k in keys if k]
        if not keys or not self._choices:
            return NameMatch(None, "none")
        query = keys[0]
        ranked = self._best_by_id(query, fuzz.token_sort_ratio)
        if ranked:
            best_id, best_score = ranked[0]
            runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
            candidate_keys = [k for k, ids in self._loose.items() if best_id in ids]
            same_numbers = any(numbers_in(k) == numbers_in(query) for k in candidate_keys)
            if (
                best_score >= CONFIDENT_SCORE
                and best_score - runner_up >= CONFIDENT_MARGIN
                and same_numbers
            ):
                return NameMatch(best_id, "fuzzy", best_score)
        if self.allow_subset:
            tokens = set(query.split())
            containing = {
                pk
                for key, ids in self._loose.items()
                if tokens and tokens <= set(key.split())
                for pk in ids
            }
            if len(containing) == 1:
                return NameMatch(next(iter(containing)), "subset", 100.0)
        suggestions: dict[int, float] = {}
        for key in keys:
            for pk, score in self._best_by_id(key, fuzz.WRatio):
                if score >= SUGGESTION_SCORE and self._shares_a_word(key, pk):
                    suggestions[pk] = max(suggestions.get(pk, 0.0), score)
        ordered = sorted(
            ((pk, self.names[pk], round(score, 1)) for pk, score in suggestions.items()),
            key=_order,
        )[:MAX_SUGGESTIONS]
        return NameMatch(None, "uncertain" if ordered else "none", 0.0, tuple(ordered))

    def _shares_a_word(self, key: str, pk: int) -> bool:
        """Whether a distinctive word of the name resembles one of the place's ("DE" does not)."""
        words = {t for t in key.split() if t not in _COMMON_WORDS}
        if not words:
            return True
        for candidate, ids in self._loose.items():
            if pk not in ids:
                continue
            for theirs in candidate.split():
                if theirs in _COMMON_WORDS:
                    continue
                if any(fuzz.ratio(word, theirs) >= 75 for word in words):
                    return True
        return False


def _order(item: tuple[int, str, float]) -> tuple[float, str, int]:
    return (-item[2], item[1], item[0])
