"""Import a programme's participant list: all or nothing, the same person found once.

Rows whose document number a living record already holds enrol that person (exact matching on
the keyed hash); the others become new records. After storing, the new records are compared
with the register and the probable duplicates are kept for review and named in the report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redpaz.imports.models import ImportBatch
from redpaz.imports.services import (
    ImportOutcome,
    batch_create,
    batch_find_existing,
    batch_finish,
    file_sha256,
)
from redpaz.ingest.errors import IngestError, ProblemCollector
from redpaz.ingest.participants import ParticipantRow, read_participants
from redpaz.ingest.text import normalize_name
from redpaz.participants.access import can_manage_programme
from redpaz.participants.bulk import insert_rows
from redpaz.participants.crypto import Identity, document_hash, seal
from redpaz.participants.models import Consent, Enrolment, Person, ProgrammeProfile
from redpaz.participants.services.merging import candidates_store, detect
from redpaz.strategy.models import Programme
from redpaz.territory.models import Level, Territory

KIND = "participants"
CHUNK = 2000
PURPOSE = "Inscripción, seguimiento y medición de resultados del programa %(programme)s"
Progress = Callable[[str, int, int], None]
PERSON_COLUMNS = (
    "code", "document_type", "document_hash", "identity_token", "birth_date", "sex",
    "gender_identity", "ethnicity", "disability", "victim_of_conflict", "zone", "municipality",
    "batch", "created_by", "created_at",
)  # fmt: skip
CONSENT_COLUMNS = (
    "person", "legal_basis", "purpose", "given_on", "form", "given_by", "withdrawal_note",
    "recorded_by", "recorded_at",
)  # fmt: skip
ENROLMENT_COLUMNS = (
    "person", "programme", "enrolled_on", "stage", "exit_reason", "flags", "batch", "created_by",
    "created_at",
)  # fmt: skip


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def programme_by_code(code: str) -> Programme:
    """A programme by its code ("1.1"), or by "STRATEGY_ID:CODE" when several share it."""
    strategy_id, sep, programme_code = code.partition(":")
    qs = Programme.objects.select_related("component__strategy__territory")
    if sep and strategy_id.isdigit():
        qs = qs.filter(component__strategy_id=int(strategy_id), code=programme_code)
    else:
        qs = qs.filter(code=code)
    found = list(qs[:2])
    if not found:
        raise IngestError(f"no programme with code {code!r}")
    if len(found) > 1:
        raise IngestError(
            f"several strategies have a programme {code!r}: use STRATEGY_ID:{code} "
            f"(e.g. {found[0].component.strategy_id}:{code})"
        )
    return found[0]


def _zones(municipality: Territory) -> dict[str, Territory]:
    """Current zones of the municipality by code and by normalised name."""
    zones = Territory.objects.filter(
        boundary_set__municipality__code=municipality.code, boundary_set__valid_to__isnull=True
    ).exclude(level=Level.MUNICIPALITY)
    lookup: dict[str, Territory] = {}
    for zone in zones.order_by("-level"):
        lookup[normalize_name(zone.name)] = zone
    for zone in zones.filter(level=Level.COMUNA):
        lookup[zone.code] = zone
        lookup[zone.code.lstrip("0")] = zone
    return lookup


def participants_import(
    *,
    path: str | Path,
    programme: Programme,
    user: Any = None,
    progress: Progress | None = None,
    today: date | None = None,
    detect_duplicates: bool = True,
) -> ImportOutcome:
    """Import a participant list into a programme; the same file twice changes nothing."""
    progress = progress or _no_progress
    path = Path(path)
    if user is not None and not can_manage_programme(user, programme):
        raise PermissionDenied(_("you may not enrol participants in this programme"))
    if not path.exists():
        raise IngestError("file not found", file=str(path))
    sha256, size = file_sha256(path)
    scope = f"programme:{programme.pk}"
    existing = batch_find_existing(kind=KIND, sha256=sha256, scope=scope)
    if existing is not None:
        return ImportOutcome(existing, created=False)
    today = today or timezone.localdate()
    progress(_("Reading the file"), 0, 0)
    rows = read_participants(path, today=today)
    municipality = programme.component.strategy.territory
    zones = _zones(municipality)
    problems = ProblemCollector(path)
    for row in rows:
        if row.zone and row.zone not in zones and normalize_name(row.zone) not in zones:
            problems.add(f"no zone {row.zone!r} in {municipality.name}", row=row.row, field="zone")
    problems.raise_if_any()
    with transaction.atomic():
        existing = batch_find_existing(kind=KIND, sha256=sha256, scope=scope)
        if existing is not None:
            return ImportOutcome(existing, created=False)
        batch = batch_create(
            kind=KIND,
            path=path,
            sha256=sha256,
            size_bytes=size,
            user=user,
            scope=scope,
            parameters={"programme": programme.code, "programme_id": programme.pk},
        )
        report = _store(rows, programme, municipality, zones, batch, user, progress)
        if detect_duplicates:
            progress(_("Looking for probable duplicates"), 0, 0)
            matches = detect(new_ids=report.pop("new_ids"))
            report["probable_duplicates"] = candidates_store(matches, batch=batch)
            report["duplicate_pairs"] = [[m.a, m.b, float(m.score)] for m in matches[:200]]
        else:
            report.pop("new_ids")
        batch_finish(
            batch=batch,
            rows_read=len(rows),
            rows_stored=report["enrolled"],
            report=report,
            warnings=_warnings(report),
        )
    return ImportOutcome(batch, created=True)


def _warnings(report: dict[str, Any]) -> list[str]:
    warnings = []
    if report.get("flagged_age"):
        warnings.append(
            _("%(n)s people are outside the programme's age range") % {"n": report["flagged_age"]}
        )
    if report.get("flagged_zone"):
        warnings.append(
            _("%(n)s people live outside the programme's zones") % {"n": report["flagged_zone"]}
        )
    if report.get("probable_duplicates"):
        warnings.append(
            _("%(n)s probable duplicates to review") % {"n": report["probable_duplicates"]}
        )
    return warnings


def _store(
    rows: list[ParticipantRow],
    programme: Programme,
    municipality: Territory,
    zones: dict[str, Territory],
    batch: ImportBatch,
    user: Any,
    progress: Progress,
) -> dict[str, Any]:
    actor = user if getattr(user, "is_authenticated", False) else None
    hashes = [document_hash(r.document_number) for r in rows]
    known: dict[str, Person] = {}
    wanted = [h for h in hashes if h]
    for start in range(0, len(wanted), CHUNK):
        for person in Person.objects.filter(
            document_hash__in=wanted[start : start + CHUNK], merged_into__isnull=True
        ):
            known[person.document_hash] = person
    new_people: list[Person] = []
    people: list[Person] = []
    for index, (row, digest) in enumerate(zip(rows, hashes, strict=True)):
        found = known.get(digest) if digest else None
        if found is not None:
            person = found
        else:
            zone = zones.get(row.zone) or zones.get(normalize_name(row.zone)) if row.zone else None
            person = Person(
                document_type=row.document_type,
                document_hash=digest,
                identity_token=seal(
                    Identity(
                        document_number=row.document_number,
                        given_names=row.given_names,
                        first_surname=row.first_surname,
                        second_surname=row.second_surname,
                        phone=row.phone,
                        email=row.email,
                        address=row.address,
                        guardian_name=row.guardian_name,
                    )
                ),
                birth_date=row.birth_date,
                sex=row.sex,
                gender_identity=row.gender_identity,
                ethnicity=row.ethnicity,
                disability=row.disability,
                victim_of_conflict=row.victim,
                zone=zone,
                municipality=municipality,
                batch=batch,
                created_by=actor,
            )
            new_people.append(person)
        people.append(person)
        if index % CHUNK == 0:
            progress(_("Protecting identities"), index, len(rows))
    progress(_("Storing the participants"), 0, len(new_people))
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    insert_rows(
        Person,
        PERSON_COLUMNS,
        [
            (
                p.code, p.document_type, p.document_hash, p.identity_token, p.birth_date, p.sex,
                p.gender_identity, p.ethnicity, p.disability, p.victim_of_conflict, p.zone_id,
                p.municipality_id, batch.pk, actor_id, now,
            )
            for p in new_people
        ],
    )  # fmt: skip
    ids = dict(Person.objects.filter(batch=batch).values_list("code", "pk"))
    for person in new_people:
        person.pk = ids[person.code]
    fresh = {id(p) for p in new_people}
    known_ids = [p.pk for p in people if id(p) not in fresh]
    with_consent = set(
        Consent.objects.filter(person_id__in=known_ids).values_list("person_id", flat=True)
    )
    purpose = PURPOSE % {"programme": programme}
    consents = []
    for row, person in zip(rows, people, strict=True):
        if person.pk in with_consent:
            continue
        with_consent.add(person.pk)
        age = person.age_on(row.consent_date)
        minor = age is not None and age < 18
        consents.append(
            (
                person.pk, Consent.LegalBasis.CONSENT.value, purpose, row.consent_date,
                row.consent_form, "guardian" if minor else "self", "", actor_id, now,
            )
        )  # fmt: skip
    progress(_("Storing the participants"), len(new_people) // 2, len(new_people))
    insert_rows(Consent, CONSENT_COLUMNS, consents)
    already = set(
        Enrolment.objects.filter(
            programme=programme, exited_on__isnull=True, person_id__in=known_ids
        ).values_list("person_id", flat=True)
    )
    profile = ProgrammeProfile.objects.filter(programme=programme).first()
    zone_ids = set(profile.zones.values_list("pk", flat=True)) if profile else set()
    first_stage = programme.route_stages.order_by("order").first()
    enrolments = []
    flagged = {"age": 0, "zone": 0}
    for row, person in zip(rows, people, strict=True):
        if person.pk in already:
            continue
        already.add(person.pk)
        flags = _flags(person, row.enrolled_on, profile, zone_ids)
        for flag in flags:
            flagged[flag] += 1
        enrolments.append(
            (
                person.pk, programme.pk, row.enrolled_on, first_stage.pk if first_stage else None,
                "", flags, batch.pk, actor_id, now,
            )
        )  # fmt: skip
    # The first stage starts with the enrolment: StageEntry rows record the later ones.
    insert_rows(Enrolment, ENROLMENT_COLUMNS, enrolments)
    return {
        "programme": str(programme),
        "new_people": len(new_people),
        "matched_by_document": len(rows) - len(new_people),
        "enrolled": len(enrolments),
        "already_enrolled": len(rows) - len(enrolments),
        "flagged_age": flagged["age"],
        "flagged_zone": flagged["zone"],
        "new_ids": [p.pk for p in new_people],
    }


def _flags(
    person: Person, on: date, profile: ProgrammeProfile | None, zone_ids: set[int]
) -> list[str]:
    flags = []
    if profile is not None:
        age = person.age_on(on)
        if age is not None and (
            (profile.min_age is not None and age < profile.min_age)
            or (profile.max_age is not None and age > profile.max_age)
        ):
            flags.append("age")
    if zone_ids and person.zone_id not in zone_ids:
        flags.append("zone")
    return flags
