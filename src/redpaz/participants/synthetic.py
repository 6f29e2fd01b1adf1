"""Synthetic participants with realistic Colombian names, for the demo and the benchmark.

Nobody generated here exists: names are drawn from common Colombian given names and surnames,
document numbers are random. ``with_duplicates`` plants re-registrations of some people (typos,
swapped surnames, a missing second surname, a mistyped or missing document) and says which
records are the same person, so that duplicate detection can be measured. No Django import.
"""

# Seeded pseudo-random numbers on purpose: synthetic data must be reproducible.
# ruff: noqa: S311

from __future__ import annotations

import itertools
import random
import string
from dataclasses import dataclass, replace
from datetime import date, timedelta

MALE = [
    "Juan",
    "Carlos",
    "Andrés",
    "Luis",
    "Jorge",
    "José",
    "Miguel",
    "Ángel",
    "David",
    "Daniel",
    "Santiago",
    "Sebastián",
    "Alejandro",
    "Felipe",
    "Camilo",
    "Esteban",
    "Diego",
    "Fernando",
    "Jhon",
    "Jair",
    "Wilson",
    "Óscar",
    "Mauricio",
    "Julián",
    "Cristian",
    "Brayan",
    "Kevin",
    "Estiven",
    "Yeison",
    "Duván",
    "Harold",
    "Edwin",
    "Fabián",
    "Germán",
    "Hernán",
    "Iván",
    "Jaime",
    "Leonardo",
    "Manuel",
    "Nicolás",
    "Pablo",
    "Ricardo",
    "Samuel",
    "Tomás",
    "Mateo",
    "Emmanuel",
    "Jerónimo",
    "Alexander",
    "Darío",
    "Elkin",
    "Ferney",
    "Gustavo",
    "Héctor",
    "Jhonatan",
    "Rubén",
    "Sergio",
    "Víctor",
    "Wilmer",
    "Yesid",
]
FEMALE = [
    "María",
    "Ana",
    "Luisa",
    "Carolina",
    "Paola",
    "Andrea",
    "Diana",
    "Laura",
    "Valentina",
    "Daniela",
    "Sofía",
    "Camila",
    "Natalia",
    "Juliana",
    "Alejandra",
    "Sara",
    "Isabella",
    "Mariana",
    "Gabriela",
    "Paula",
    "Manuela",
    "Luz",
    "Marina",
    "Sandra",
    "Claudia",
    "Yuliana",
    "Yesenia",
    "Leidy",
    "Tatiana",
    "Lorena",
    "Angie",
    "Karen",
    "Estefanía",
    "Jessica",
    "Viviana",
    "Milena",
    "Marcela",
    "Adriana",
    "Beatriz",
    "Esperanza",
    "Gloria",
    "Johana",
    "Katherine",
    "Lina",
    "Mónica",
    "Nataly",
    "Rosa",
    "Salomé",
    "Sharon",
    "Ximena",
    "Yurani",
    "Dayana",
    "Deisy",
    "Ingrid",
    "Erika",
]
SURNAMES = [
    "Rodríguez",
    "Gómez",
    "González",
    "Martínez",
    "García",
    "López",
    "Hernández",
    "Sánchez",
    "Ramírez",
    "Pérez",
    "Díaz",
    "Muñoz",
    "Rojas",
    "Moreno",
    "Jiménez",
    "Vargas",
    "Castro",
    "Gutiérrez",
    "Álvarez",
    "Ruiz",
    "Torres",
    "Suárez",
    "Romero",
    "Herrera",
    "Valencia",
    "Quintero",
    "Restrepo",
    "Giraldo",
    "Ospina",
    "Cardona",
    "Zapata",
    "Arango",
    "Mejía",
    "Henao",
    "Osorio",
    "Álvarez",
    "Castaño",
    "Montoya",
    "Agudelo",
    "Marín",
    "Londoño",
    "Correa",
    "Gaviria",
    "Betancur",
    "Echeverri",
    "Vélez",
    "Posada",
    "Palacio",
    "Mosquera",
    "Córdoba",
    "Palacios",
    "Rentería",
    "Asprilla",
    "Hinestroza",
    "Murillo",
    "Valoyes",
    "Ibargüen",
    "Perea",
    "Cuesta",
    "Lozano",
    "Mena",
    "Caicedo",
    "Angulo",
    "Riascos",
    "Valencia",
    "Salazar",
    "Duque",
    "Villa",
    "Uribe",
    "Escobar",
    "Ríos",
    "Cano",
    "Franco",
    "Toro",
    "Acevedo",
    "Bedoya",
    "Sierra",
    "Ortiz",
    "Medina",
    "Aguirre",
    "Parra",
    "Rincón",
    "Cárdenas",
    "Bermúdez",
    "Guerrero",
    "Mendoza",
    "Vásquez",
    "Benítez",
    "Cortés",
    "Orozco",
    "Pineda",
    "Patiño",
    "Arias",
    "Galeano",
    "Usuga",
    "Tabares",
    "Holguín",
    "Quiceno",
    "Granada",
    "Alzate",
    "Loaiza",
    "Zuluaga",
    "Ramos",
]
ETHNICITIES = (
    ("ninguno", 80),
    ("negro", 14),
    ("indigena", 3),
    ("raizal", 1),
    ("palenquero", 1),
    ("rom", 1),
)


@dataclass(frozen=True)
class SyntheticPerson:
    key: int  # the real person: planted duplicates share it
    document_type: str
    document_number: str
    given_names: str
    first_surname: str
    second_surname: str
    birth_date: date
    sex: str
    ethnicity: str
    zone_code: str
    phone: str
    victim: bool
    disability: bool


def _weights(names: list[str]) -> list[float]:
    # Zipf-like: the first names of each list are more common, as in real registers (the most
    # common surname, Rodríguez, is carried by about 4 % of Colombians).
    return [1 / (rank + 8) for rank in range(len(names))]


_CUMULATIVE: dict[int, list[float]] = {}


def _weighted(rng: random.Random, names: list[str]) -> str:
    key = id(names)
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = list(itertools.accumulate(_weights(names)))
    return rng.choices(names, cum_weights=_CUMULATIVE[key])[0]


def people(
    count: int,
    *,
    seed: int = 2026,
    zone_codes: list[str] | None = None,
    today: date | None = None,
    min_age: int = 14,
    max_age: int = 28,
) -> list[SyntheticPerson]:
    rng = random.Random(seed)
    today = today or date(2026, 1, 1)
    zones = zone_codes or [f"{n:02d}" for n in range(1, 17)]
    ethnic_names = [e for e, _w in ETHNICITIES]
    ethnic_weights = [w for _e, w in ETHNICITIES]
    numbers: set[str] = set()
    result = []
    for key in range(count):
        sex = rng.choice(("female", "male"))
        pool = FEMALE if sex == "female" else MALE
        given = _weighted(rng, pool)
        if rng.random() < 0.55:
            second = _weighted(rng, pool)
            if second != given:
                given = f"{given} {second}"
        age_days = rng.randint(min_age * 365 + 1, (max_age + 1) * 365 - 2)
        birth = today - timedelta(days=age_days)
        while True:
            number = str(rng.randint(1_000_000_000, 1_199_999_999))
            if number not in numbers:
                numbers.add(number)
                break
        result.append(
            SyntheticPerson(
                key=key,
                document_type="TI" if age_days < 18 * 365 else "CC",
                document_number=number,
                given_names=given,
                first_surname=_weighted(rng, SURNAMES),
                second_surname=_weighted(rng, SURNAMES),
                birth_date=birth,
                sex=sex,
                ethnicity=rng.choices(ethnic_names, ethnic_weights)[0],
                zone_code=rng.choice(zones),
                phone="3" + "".join(rng.choices(string.digits, k=9)),
                victim=rng.random() < 0.2,
                disability=rng.random() < 0.05,
            )
        )
    return result


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(("substitute", "delete", "insert", "transpose", "accent"))
    if kind == "substitute":
        return text[:i] + rng.choice("aeioulnrsmt") + text[i + 1 :]
    if kind == "delete":
        return text[:i] + text[i + 1 :]
    if kind == "insert":
        return text[:i] + text[i] + text[i:]
    if kind == "transpose":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    plain = text.translate(str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU"))
    return plain if plain != text else text[:i] + text[i + 1 :]


def duplicate_of(
    rng: random.Random, person: SyntheticPerson, taken: set[str] | None = None
) -> SyntheticPerson:
    """The same person registered again by someone else, with the usual slips (a mistyped
    document never lands on another person's number: ``taken``)."""
    changes = rng.sample(("typo_given", "typo_surname", "swap", "drop_second"), rng.randint(1, 2))
    given, first, second = person.given_names, person.first_surname, person.second_surname
    if "typo_given" in changes:
        given = _typo(rng, given)
    if "typo_surname" in changes:
        if rng.random() < 0.5:
            first = _typo(rng, first)
        else:
            second = _typo(rng, second)
    if "swap" in changes:
        first, second = second, first
    if "drop_second" in changes:
        second = ""
    number = ""
    if rng.random() < 0.5:
        digits = list(person.document_number)
        i = rng.randrange(len(digits))
        digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
        number = "".join(digits)
        if taken is not None:
            if number in taken:
                number = ""
            taken.add(number)
    return replace(
        person,
        document_number=number,
        given_names=given,
        first_surname=first,
        second_surname=second,
        phone="",
    )


def with_duplicates(
    count: int,
    *,
    share: float = 0.05,
    seed: int = 2026,
    zone_codes: list[str] | None = None,
    today: date | None = None,
) -> list[SyntheticPerson]:
    """``count`` records of which ``share`` are planted duplicates of others, shuffled (ages
    14 to 28 on ``today``)."""
    rng = random.Random(seed + 1)
    planted = int(count * share)
    originals = people(count - planted, seed=seed, zone_codes=zone_codes, today=today)
    taken = {p.document_number for p in originals}
    copies = [duplicate_of(rng, p, taken) for p in rng.sample(originals, planted)]
    records = originals + copies
    rng.shuffle(records)
    return records
