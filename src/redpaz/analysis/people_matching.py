"""Probable duplicates among registered people: blocking, then fuzzy comparison of names.

Registers of programme participants repeat people: the same young person enrolled by two
programmes, with a typo, the surnames swapped, or the second surname left out. Records are
compared only within blocks (same birth date; or same birth year and similar name starts, for
typos in the date), so the work grows with the size of the blocks, not with the square of the
register. Names are compared with rapidfuzz after removing accents, case and particles
("de", "del", "la"). Pure Python: no Django import.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

_PARTICLES = {"DE", "DEL", "LA", "LAS", "LOS", "Y", "SAN"}
_NON_ALPHA = re.compile(r"[^A-Z ]+")
# Blocks larger than this are split by the first letter of the surname (a data-entry default
# such as 1 January would otherwise compare everyone with everyone).
MAX_BLOCK = 400


def normalize_person_name(text: str) -> str:
    """'María  de los Ángeles' -> 'MARIA ANGELES'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()
    plain = _NON_ALPHA.sub(" ", plain.replace("Ñ", "N"))
    return " ".join(t for t in plain.split() if t not in _PARTICLES)


@dataclass(frozen=True)
class PersonRecord:
    """What the matcher knows of a person (names as given; normalised here)."""

    id: int
    given_names: str
    surnames: str
    birth_date: date | None = None
    zone: int | None = None
    sex: str = ""
    given: str = field(init=False)
    family: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "given", normalize_person_name(self.given_names))
        object.__setattr__(self, "family", normalize_person_name(self.surnames))


@dataclass(frozen=True)
class Match:
    a: int
    b: int
    score: float
    reasons: tuple[str, ...]


def _surname_score(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    # Swapped surnames and a missing second surname score 100 on token sets; a typo in either
    # surname still scores high on the plain ratio of the sorted tokens.
    plain = fuzz.token_sort_ratio(a, b)
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        short, long = (ta, tb) if len(ta) < len(tb) else (tb, ta)
        subset = max(
            (fuzz.ratio(" ".join(short), " ".join(combo)) for combo in _combos(long, len(short))),
            default=0.0,
        )
        return max(plain, subset - 3)
    return plain


def _combos(tokens: list[str], size: int) -> Iterator[tuple[str, ...]]:
    return itertools.permutations(tokens, size)


def _given_score(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    # A slip may fall on the space ("JUANCARLOS"): compare without spaces too.
    plain = max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        # "MARIA" and "MARIA FERNANDA": the first given name agrees, the second is missing.
        first = fuzz.ratio(ta[0], tb[0])
        return max(plain, first - 6)
    return plain


def _date_near(a: date, b: date) -> bool:
    """A typing slip in a date: one digit, or day and month swapped."""
    if a.day == b.month and a.month == b.day and a.year == b.year:
        return True
    return Levenshtein.distance(a.strftime("%Y%m%d"), b.strftime("%Y%m%d")) <= 1


def near_dates(day: date) -> set[date]:
    """The dates ``compare`` accepts as the same birth date: itself, one digit changed, or day
    and month swapped (so an incremental search reads only the records born on them)."""
    text = day.strftime("%Y%m%d")
    found = {day}
    for position in range(len(text)):
        for digit in "0123456789":
            candidate = text[:position] + digit + text[position + 1 :]
            try:
                found.add(date(int(candidate[:4]), int(candidate[4:6]), int(candidate[6:])))
            except ValueError:
                continue
    if day.day <= 12:  # the month becomes the day: always a valid date
        found.add(date(day.year, day.day, day.month))
    return found


def compare(a: PersonRecord, b: PersonRecord) -> Match | None:
    """A probable-duplicate match between two records, or None."""
    if a.sex and b.sex and a.sex != b.sex:
        return None
    if a.birth_date is None or b.birth_date is None:
        return None
    same_date = a.birth_date == b.birth_date
    if not same_date and not _date_near(a.birth_date, b.birth_date):
        return None
    given = _given_score(a.given, b.given)
    if given < 60:
        return None
    family = _surname_score(a.family, b.family)
    if family < 75:
        return None
    # Short given names ("ANA", "AAN") lose much to one slip; the whole name does not.
    whole = fuzz.ratio(f"{a.given} {a.family}", f"{b.given} {b.family}")
    score = max(0.4 * given + 0.6 * family, whole)
    reasons = ["same birth date" if same_date else "birth date differs by a typo"]
    if a.zone is not None and a.zone == b.zone:
        score += 2
        reasons.append("same zone")
    elif a.zone is not None and b.zone is not None:
        score -= 3
    threshold = 88.0 if same_date else 95.0
    if score < threshold:
        return None
    return Match(min(a.id, b.id), max(a.id, b.id), round(min(score, 100.0), 1), tuple(reasons))


def _blocks(records: Sequence[PersonRecord]) -> Iterator[list[PersonRecord]]:
    by_date: dict[date, list[PersonRecord]] = defaultdict(list)
    by_name: dict[tuple[str, str, int], list[PersonRecord]] = defaultdict(list)
    for record in records:
        if record.birth_date is None:
            continue
        by_date[record.birth_date].append(record)
        if record.given and record.family:
            key = (record.given[:2], min(record.family.split())[:2], record.birth_date.year)
            by_name[key].append(record)
    for block in itertools.chain(by_date.values(), by_name.values()):
        if len(block) <= MAX_BLOCK:
            yield block
            continue
        split: dict[str, list[PersonRecord]] = defaultdict(list)
        for record in block:
            for token in set(record.family.split()) or {""}:
                split[token[:1]].append(record)
        yield from split.values()


def find_duplicates(
    records: Iterable[PersonRecord], *, new_ids: Iterable[int] | None = None
) -> list[Match]:
    """Probable duplicate pairs, best first; with ``new_ids``, only pairs involving one of them."""
    items = list(records)
    fresh = set(new_ids) if new_ids is not None else None
    seen: set[tuple[int, int]] = set()
    matches: list[Match] = []
    for block in _blocks(items):
        if len(block) < 2:
            continue
        for a, b in itertools.combinations(block, 2):
            if fresh is not None and a.id not in fresh and b.id not in fresh:
                continue
            key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if key in seen:
                continue
            seen.add(key)
            match = compare(a, b)
            if match is not None:
                matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.a, m.b))
    return matches
