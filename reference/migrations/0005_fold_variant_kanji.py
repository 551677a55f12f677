"""Search keys written before variant kanji were folded (長﨑, 髙, 齋...) are written again.

Only rows whose names hold a variant are touched; their keys are computed by the
search's own functions, so a name and a query fold the same way.
"""

from django.db import migrations

CHUNK = 500


def refold(apps, schema_editor):
    from reference.itaiji import VARIANTS
    from reference.search import foreign_local_government_key, local_government_key

    pattern = "[" + "".join(VARIANTS) + "]"
    LocalGovernment = apps.get_model("reference", "LocalGovernment")
    changed = []
    for lg in LocalGovernment.objects.filter(name_kanji__regex=pattern).iterator(CHUNK):
        lg.search_key = local_government_key(lg.name_kanji, lg.name_kana, lg.name_romaji)
        changed.append(lg)
    LocalGovernment.objects.bulk_update(changed, ["search_key"], batch_size=CHUNK)

    Foreign = apps.get_model("reference", "ForeignLocalGovernment")
    changed = []
    for partner in Foreign.objects.filter(name_local__regex=pattern).iterator(CHUNK):
        partner.search_key = foreign_local_government_key(
            partner.name_en, partner.name_local, partner.region
        )
        changed.append(partner)
        if len(changed) == CHUNK:
            Foreign.objects.bulk_update(changed, ["search_key"])
            changed = []
    Foreign.objects.bulk_update(changed, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [("reference", "0004_search_keys")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
