"""Seed the crime types of the Policía Nacional's statistics, so imports can name them."""

from django.db import migrations

CRIME_TYPES = [
    ("homicidio", "Homicidio", "Homicidio intencional (Policía Nacional, DIJIN)."),
    ("lesiones-personales", "Lesiones personales", ""),
    ("hurto-personas", "Hurto a personas", ""),
    ("hurto-residencias", "Hurto a residencias", ""),
    ("hurto-comercio", "Hurto a comercio", ""),
    ("violencia-intrafamiliar", "Violencia intrafamiliar", ""),
    ("delitos-sexuales", "Delitos sexuales", ""),
    ("extorsion", "Extorsión", ""),
    ("secuestro", "Secuestro", ""),
    ("amenazas", "Amenazas", ""),
    ("terrorismo", "Terrorismo", ""),
    ("homicidio-transito", "Homicidio en accidente de tránsito", ""),
]


def seed(apps, schema_editor):
    Crime = apps.get_model("observatory", "Crime")
    for slug, name, description in CRIME_TYPES:
        Crime.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


def unseed(apps, schema_editor):
    Crime = apps.get_model("observatory", "Crime")
    Crime.objects.filter(slug__in=[slug for slug, _name, _description in CRIME_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("observatory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
