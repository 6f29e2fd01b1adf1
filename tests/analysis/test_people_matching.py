"""Probable duplicates among people: accents, surname order, typos, blocking."""

from __future__ import annotations

from datetime import date

from redpaz.analysis.people_matching import (
    PersonRecord,
    compare,
    find_duplicates,
    near_dates,
    normalize_person_name,
)

BIRTH = date(2004, 5, 17)


def _record(pk: int, given: str, surnames: str, birth: date = BIRTH, **kw: object) -> PersonRecord:
    return PersonRecord(pk, given, surnames, birth, **kw)  # type: ignore[arg-type]


def test_it_normalises_accents_case_and_particles() -> None:
    assert normalize_person_name("María  de los Ángeles") == "MARIA ANGELES"
    assert normalize_person_name("Muñoz-Ibargüen") == "MUNOZ IBARGUEN"


def test_it_matches_swapped_surnames_a_missing_second_surname_and_typos() -> None:
    juan = _record(1, "Juan Camilo", "Pérez Gómez", zone=10)
    assert compare(juan, _record(2, "Juan Camilo", "Gómez Pérez", zone=10))
    assert compare(juan, _record(3, "Juan Camilo", "Pérez", zone=10))
    assert compare(juan, _record(4, "Juan Kamilo", "Perez Gomez"))
    assert compare(juan, _record(5, "JuanCamilo", "Pérez Gómez"))
    # One slip in the date (day and month swapped, one digit) is tolerated with the same name.
    assert compare(juan, _record(6, "Juan Camilo", "Pérez Gómez", date(2004, 5, 18), zone=10))


def test_it_does_not_match_different_people() -> None:
    juan = _record(1, "Juan Camilo", "Pérez Gómez")
    assert compare(juan, _record(2, "María José", "Pérez Gómez")) is None  # a sister
    assert compare(juan, _record(3, "Juan Camilo", "Rentería Mosquera")) is None
    assert compare(juan, _record(4, "Juan Camilo", "Pérez Gómez", date(1990, 1, 1))) is None
    assert (
        compare(
            _record(6, "Juan Camilo", "Pérez Gómez", sex="male"),
            _record(7, "Juan Camilo", "Pérez Gómez", sex="female"),
        )
        is None
    )


def test_it_compares_only_within_blocks_and_only_new_records_when_asked() -> None:
    records = [
        _record(1, "Ana", "Ríos Lozano"),
        _record(2, "Ana", "Lozano Ríos"),
        _record(3, "Ana", "Ríos Lozano", date(1999, 1, 1)),
        _record(4, "Ana", "Ríos Lozano", date(1999, 1, 1)),
    ]
    assert [(m.a, m.b) for m in find_duplicates(records)] == [(1, 2), (3, 4)]
    assert [(m.a, m.b) for m in find_duplicates(records, new_ids=[4])] == [(3, 4)]


def test_near_dates_are_the_dates_a_match_accepts() -> None:
    days = near_dates(date(2004, 5, 17))
    assert {date(2004, 5, 17), date(2004, 5, 18), date(2014, 5, 17), date(2004, 3, 17)} <= days
    assert date(2004, 6, 18) not in days
    assert date(2004, 11, 3) in near_dates(date(2004, 3, 11))  # day and month swapped
