"""Key rotation: re-encrypt every identity and recompute every document hash with the first key.

Put the new secret first in ``REDPAZ_PARTICIPANTS_KEY`` (``new,old``), run
``redpaz rotate_participants_key``, then remove the old secret.
"""

from __future__ import annotations

from django.db import transaction

from redpaz.participants.crypto import document_hash, reseal, unseal

CHUNK = 2000


@transaction.atomic
def rotate() -> int:
    """Re-encrypt and rehash every record; return how many were rewritten."""
    from redpaz.participants.models import Person

    people = list(Person.objects.exclude(identity_token="").only("pk", "identity_token"))
    # Clear the hashes first: the unique constraint must not see old and new hashes collide.
    Person.objects.filter(pk__in=[p.pk for p in people]).update(document_hash="")
    for person in people:
        identity = unseal(person.identity_token)
        person.identity_token = reseal(person.identity_token)
        person.document_hash = document_hash(identity.document_number)
    Person.objects.bulk_update(people, ["identity_token", "document_hash"], batch_size=CHUNK)
    return len(people)
