from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm and unaccent serve the partner search across scripts and accents."""

    dependencies = [("reference", "0001_initial")]

    operations = [TrigramExtension(), UnaccentExtension()]
