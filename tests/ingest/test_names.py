"""Matching free-text place names: confident matches apply, doubtful ones are left for a person."""

from __future__ import annotations

import pytest

from redpaz.ingest.names import NameIndex, comuna_number, name_variants

BARRIOS = NameIndex(
    [
        (1, "EL PRADO"),
        (2, "ALTO PRADO"),
        (3, "BARRIO ABAJO"),
        (4, "LAS TRES AVE MARIAS"),
        (5, "VILLA SAN PEDRO II"),
        (6, "LAS TERRAZAS"),
        (7, "ME QUEJO"),
        (8, "SAN MARINO"),
        (9, "OLAYA HERRERA"),
        (10, "MANTE CLARO"),
        (11, "LOS ANGELES I"),
        (12, "LOS ANGELES II"),
    ],
    [(9, "OLAYA")],
)


@pytest.mark.parametrize(
    "given, expected, method",
    [
        ("El Prado", 1, "exact"),
        ("OLAYA", 9, "alias"),
        ("PRADO", 1, "variant"),  # leading article
        ("ABAJO", 3, "variant"),  # generic word "BARRIO"
        ("LAS 3 AVE MARIAS", 4, "variant"),  # number written as digits
        ("MEQUEJO", 7, "variant"),  # spaces
        ("MANTE CLARO (ROZO)", 10, "variant"),  # a parenthesis
        ("LAS TERRAZA", 6, "fuzzy"),  # a typo, clearly the best
    ],
)
def test_it_matches_with_confidence(given: str, expected: int, method: str) -> None:
    match = BARRIOS.match(given)
    assert (match.id, match.method) == (expected, method)


@pytest.mark.parametrize(
    "given",
    [
        "SAN MARTIN",  # close to San Marino, but another place
        "VILLA SAN PEDRO 3",  # the numbers differ
        "LOS ANGELES",  # two places fit
    ],
)
def test_it_leaves_doubtful_names_for_review_with_suggestions(given: str) -> None:
    match = BARRIOS.match(given)
    assert match.id is None and match.needs_review
    assert match.suggestions


def test_it_says_when_no_place_is_given() -> None:
    assert BARRIOS.match("-").method == "blank"
    assert BARRIOS.match("SIN DATO").method == "blank"
    assert not BARRIOS.match("SIN DATO").needs_review


def test_it_reads_the_comuna_number_the_policia_appends() -> None:
    assert comuna_number("LOS COLORES C-11") == "11"
    assert comuna_number("LA PILARICA C-7") == "07"
    assert comuna_number("EL POBLADO") is None
    comunas = NameIndex(
        [(1, "Laureles-Estadio"), (2, "El Poblado")], codes={"11": 1, "14": 2}, comuna_codes=True
    )
    assert comunas.match("LOS COLORES C-11").id == 1
    assert "LOS COLORES" in name_variants("LOS COLORES C-11")


def test_municipalities_may_match_by_a_unique_part_of_their_name() -> None:
    bolivar = NameIndex([(1, "Cartagena de Indias"), (2, "Magangué")], allow_subset=True)
    assert bolivar.match("CARTAGENA (CT)").id == 1
    antioquia = NameIndex(
        [(1, "San Pedro de Los Milagros"), (2, "San Pedro de Urabá")], allow_subset=True
    )
    assert antioquia.match("SAN PEDRO").id is None  # two municipalities fit: not a guess
