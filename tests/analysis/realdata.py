"""Independent readings of the real files with plain pandas, for checks against the analysis.

Deliberately written without any RedPaz code: a figure the system computes is compared with the
same figure computed here straight from the published files.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd


@cache
def policia_homicides(path: Path) -> pd.DataFrame:
    """One row per Policía cell: code (5-digit municipality), date, sex, age group, count."""
    raw = pd.read_excel(path, header=None, engine="calamine", dtype=object)
    header_row = next(
        i
        for i, row in raw.iterrows()
        if any(str(v).strip().upper() == "CANTIDAD" for v in row.tolist())
    )
    names = [re.sub(r"[^A-Z ]", "", str(v).upper()).strip() for v in raw.iloc[header_row]]
    body = raw.iloc[header_row + 1 :].copy()
    body.columns = names
    total_at = body.index[body.iloc[:, 0].astype(str).str.strip().str.upper() == "TOTAL"][0]
    declared_total = int(body.loc[total_at, "CANTIDAD"])
    body = body.loc[: total_at - 1]
    date_column = "FECHA HECHO" if "FECHA HECHO" in body else "FECHA DE HECHO"
    codes = body["CODIGO DANE"].map(lambda v: str(int(float(v))).zfill(8)[:5])
    frame = pd.DataFrame(
        {
            "code": codes.to_numpy(),
            "date": pd.to_datetime(body[date_column]).dt.date.to_numpy(),
            "sex": body["GENERO"].astype(str).str.strip().to_numpy(),
            "age_group": body["AGRUPA EDAD PERSONA"].astype(str).str.strip().to_numpy(),
            "count": body["CANTIDAD"].astype(int).to_numpy(),
        }
    )
    assert frame["count"].sum() == declared_total, path  # the footer's free checksum
    return frame


def policia_years(folder: Path) -> dict[int, pd.DataFrame]:
    return {
        int(re.search(r"(\d{4})", p.name).group(1)): policia_homicides(p)  # type: ignore[union-attr]
        for p in sorted(folder.glob("homicidios_*.xls*"))
    }


@cache
def dane_population(folder: Path) -> pd.DataFrame:
    """code, year, population: CNPV 2018 base from 2018, CNPV 2005 base before."""
    recent = pd.read_excel(folder / "poblacion_2018_2023.xlsx", engine="calamine")
    recent = pd.DataFrame(
        {
            "code": recent["municipio_code"].map(lambda v: f"{int(v):05d}"),
            "year": recent["year"].astype(int),
            "population": recent["poblacion"].astype(int),
        }
    )
    old = pd.read_excel(
        folder / "poblacion_2003_2017.xls", sheet_name="Mpios", engine="calamine", dtype=str
    )
    old = old.melt(
        id_vars=["municipio_code"],
        value_vars=[c for c in old.columns if str(c).isdigit()],
        var_name="year",
        value_name="population",
    )
    old = pd.DataFrame(
        {
            "code": old["municipio_code"].str.zfill(5),
            "year": old["year"].astype(int),
            "population": old["population"].astype(float).astype(int),
        }
    )
    return pd.concat([old[old["year"] < 2018], recent], ignore_index=True)


@cache
def medellin_points(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path)
    stamp = pd.to_datetime(frame["FECHA_HECHO"], utc=True).dt.tz_convert("America/Bogota")
    return pd.DataFrame(
        {
            "when": stamp,
            "latitude": frame["LATITUD"].astype(float),
            "longitude": frame["LONGITUD"].astype(float),
            "comuna": frame["COMUNA"],
            "age": pd.to_numeric(frame["EDAD"], errors="coerce"),
            "sex": frame["SEXO"],
        }
    )
