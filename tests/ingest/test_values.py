"""Cell values of official files: Spanish dates, timestamps with offsets, mojibake."""

from __future__ import annotations

from datetime import date

import pandas as pd

from redpaz.ingest.encoding import detect_encoding, repair_mojibake
from redpaz.ingest.values import parse_counts, parse_timestamps, period_in


def test_it_reads_the_period_of_a_title_in_its_variants() -> None:
    assert period_in(["PERÍODO DEL 01 DE ENERO AL 31 DE DICIEMBRE AÑO 2011"]) == (
        date(2011, 1, 1),
        date(2011, 12, 31),
    )
    assert period_in(["PERÍODO DEL 01 ENERO AL 31 DE DICIEMBRE DEL AÑO 2021"]) == (
        date(2021, 1, 1),
        date(2021, 12, 31),
    )
    assert period_in(["PERIODO DEL 01 DE ENERO AL 30 DE JUNIO DE 2024"]) == (
        date(2024, 1, 1),
        date(2024, 6, 30),
    )
    assert period_in(["HOMICIDIOS"]) is None


def test_timestamps_keep_their_offset_and_local_times_are_colombian() -> None:
    values = pd.Series(["2019-05-11T21:36:00.000-05:00", "2019-05-11 21:36", "11/05/2019", "x"])
    instants, dates, bad = parse_timestamps(values)
    assert str(instants[0]) == "2019-05-12 02:36:00+00:00"
    assert instants[1] == instants[0]
    assert pd.isna(instants[2]) and dates[2] == pd.Timestamp("2019-05-11")
    assert dates[0] == pd.Timestamp("2019-05-11")  # the local day, not the UTC one
    assert bad.tolist() == [False, False, False, True]


def test_counts_must_be_non_negative_whole_numbers() -> None:
    counts, bad = parse_counts(pd.Series([1, "2", "1.0", 3.0, -1, 1.5, "x", None, "1.234"]))
    assert bad.tolist() == [False, False, False, False, True, True, True, True, False]
    assert counts.tolist()[:4] == [1, 2, 1, 3]
    assert counts.tolist()[-1] == 1234


def test_it_repairs_mojibake_and_leaves_sound_text_alone() -> None:
    assert repair_mojibake("MEDELLÍN".encode().decode("latin-1")) == "MEDELLÍN"
    assert repair_mojibake("AÃ±o") == "Año"
    assert repair_mojibake("Bogotá D.C.") == "Bogotá D.C."


def test_it_detects_the_encoding_from_a_sample() -> None:
    assert detect_encoding("Bogotá".encode()) == "utf-8"
    assert detect_encoding("Bogotá".encode("cp1252")) == "cp1252"
    assert detect_encoding(b"\xef\xbb\xbfFecha") == "utf-8-sig"
