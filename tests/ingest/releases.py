"""Write small Policía-style releases for tests: titles, a header anywhere, rows, TOTAL, footer."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "DEPARTAMENTO",
    "MUNICIPIO",
    "CODIGO DANE",
    "ARMAS MEDIOS",
    "FECHA HECHO",
    "GENERO",
    "AGRUPA EDAD PERSONA",
    "CANTIDAD",
]
ROWS: list[list[object]] = [
    [
        "ANTIOQUIA",
        "MEDELLÍN (CT)",
        5001000,
        "ARMA DE FUEGO",
        date(2021, 1, 3),
        "MASCULINO",
        "ADULTOS",
        2,
    ],
    [
        "ANTIOQUIA",
        "MEDELLÍN (CT)",
        "05001000",
        "ARMA BLANCA / CORTOPUNZANTE",
        date(2021, 2, 9),
        "FEMENINO",
        "ADOLESCENTES",
        1,
    ],
    ["VALLE", "PALMIRA", "76520000", "ARMA DE FUEGO", date(2021, 3, 1), "MASCULINO", "MENORES", 3],
    [
        "CUNDINAMARCA",
        "BOGOTÁ D.C. (CT)",
        11001000,
        "CONTUNDENTES",
        date(2021, 12, 31),
        "NO REPORTA",
        "ADULTOS",
        1,
    ],
]


def write_release(
    path: Path,
    *,
    rows: Sequence[Sequence[object]] = ROWS,
    header: Sequence[object] = HEADER,
    title: str = "HOMICIDIOS ",
    period: str | None = "PERÍODO DEL 01 DE ENERO AL 31 DE DICIEMBRE AÑO 2021",
    total: object = "sum",
    extracted: str
    | None = "FUENTE: DIJIN-POLICÍA NACIONAL. DATOS EXTRAIDOS EL DIA 15 DE JULIO DEL AÑO 2022. ",
    blank_lines: int = 2,
) -> Path:
    """A release as .xlsx or .csv (by the path's suffix); ``total`` "sum" writes the true sum."""
    names = [str(h).strip().upper() for h in header]
    count_at = names.index("CANTIDAD") if "CANTIDAD" in names else len(header) - 1
    lines: list[list[object]] = [["MINISTERIO DE DEFENSA NACIONAL"], ["POLICÍA NACIONAL"]]
    lines += [[] for _ in range(blank_lines)]
    lines += [["DIRECCIÓN DE INVESTIGACIÓN CRIMINAL E INTERPOL"], [title]]
    if period:
        lines.append([period])
    lines.append(list(header))
    lines += [list(r) for r in rows]
    if total is not None:
        value = sum(int(r[count_at]) for r in rows) if total == "sum" else total
        lines.append(["TOTAL"] + [None] * (count_at - 1) + [value])
    if extracted:
        lines.append([extracted])
    lines.append(["Elaborado: (sintético, para pruebas)"])
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for line in lines:
                writer.writerow(
                    [
                        "" if v is None else (v.isoformat() if isinstance(v, date) else v)
                        for v in line
                    ]
                )
        return path
    workbook = Workbook()
    sheet = workbook.active
    for line in lines:
        sheet.append(line)
    workbook.save(path)
    return path
