"""The public search's facts on each affiliation's own row, kept by PostgreSQL.

``search_key`` (the Japanese parties' search keys and the partner's, a line
each), ``partner_country`` and ``prefectures`` (of the Japanese parties) let the
search find, filter and count its matches through the affiliation's own indexes,
without joining every match to its parties: its cost follows the matches.

Triggers keep them, so that no way of writing (a form, an import, a bulk write
that sends no signal) can leave them stale:

- before an affiliation is inserted or updated, its facts are computed afresh
  from its links and partner (whatever the portal wrote in them is replaced);
- when Japanese parties are linked or unlinked, their affiliations are touched
  (an update, which recomputes them), once per statement;
- when a partner's key or country, or a local government's key or prefecture,
  changes, the affiliations naming it are touched.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import reference.models
from django.db import migrations, models


FACTS = r"""
CREATE FUNCTION sistercities_affiliation_search_facts() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    japanese text;
    partner_key text;
    country text;
BEGIN
    SELECT string_agg(lg.search_key, E'\n' ORDER BY lg.code),
           coalesce(array_agg(DISTINCT coalesce(lg.prefecture_id, lg.code)), '{}')
      INTO japanese, NEW.prefectures
      FROM sistercities_affiliation_japanese t
      JOIN reference_localgovernment lg ON lg.code = t.localgovernment_id
     WHERE t.affiliation_id = NEW.id;
    SELECT p.search_key, p.country INTO partner_key, country
      FROM reference_foreignlocalgovernment p
     WHERE p.id = NEW.partner_id;
    NEW.search_key := concat_ws(E'\n', japanese, partner_key);
    NEW.partner_country := coalesce(country, '');
    RETURN NEW;
END $$;

CREATE TRIGGER sistercities_affiliation_search_facts
BEFORE INSERT OR UPDATE ON sistercities_affiliation
FOR EACH ROW EXECUTE FUNCTION sistercities_affiliation_search_facts();

CREATE FUNCTION sistercities_affiliation_parties_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE sistercities_affiliation SET search_key = ''
         WHERE id IN (SELECT affiliation_id FROM linked);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE sistercities_affiliation SET search_key = ''
         WHERE id IN (SELECT affiliation_id FROM unlinked);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER sistercities_affiliation_parties_linked
AFTER INSERT ON sistercities_affiliation_japanese REFERENCING NEW TABLE AS linked
FOR EACH STATEMENT EXECUTE FUNCTION sistercities_affiliation_parties_changed();

CREATE TRIGGER sistercities_affiliation_parties_unlinked
AFTER DELETE ON sistercities_affiliation_japanese REFERENCING OLD TABLE AS unlinked
FOR EACH STATEMENT EXECUTE FUNCTION sistercities_affiliation_parties_changed();

CREATE TRIGGER sistercities_affiliation_parties_relinked
AFTER UPDATE ON sistercities_affiliation_japanese
REFERENCING OLD TABLE AS unlinked NEW TABLE AS linked
FOR EACH STATEMENT EXECUTE FUNCTION sistercities_affiliation_parties_changed();

CREATE FUNCTION sistercities_partner_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sistercities_affiliation a SET search_key = ''
      FROM renamed n JOIN before o ON o.id = n.id
     WHERE a.partner_id = n.id
       AND (n.search_key, n.country) IS DISTINCT FROM (o.search_key, o.country);
    RETURN NULL;
END $$;

CREATE TRIGGER sistercities_partner_renamed
AFTER UPDATE ON reference_foreignlocalgovernment
REFERENCING OLD TABLE AS before NEW TABLE AS renamed
FOR EACH STATEMENT EXECUTE FUNCTION sistercities_partner_renamed();

CREATE FUNCTION sistercities_local_government_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sistercities_affiliation a SET search_key = ''
      FROM sistercities_affiliation_japanese t, renamed n, before o
     WHERE a.id = t.affiliation_id AND t.localgovernment_id = n.code AND o.code = n.code
       AND (n.search_key, n.prefecture_id) IS DISTINCT FROM (o.search_key, o.prefecture_id);
    RETURN NULL;
END $$;

CREATE TRIGGER sistercities_local_government_renamed
AFTER UPDATE ON reference_localgovernment
REFERENCING OLD TABLE AS before NEW TABLE AS renamed
FOR EACH STATEMENT EXECUTE FUNCTION sistercities_local_government_renamed();

-- The affiliations already recorded: each update computes its facts.
UPDATE sistercities_affiliation SET search_key = '';
"""

NO_FACTS = """
DROP TRIGGER sistercities_local_government_renamed ON reference_localgovernment;
DROP FUNCTION sistercities_local_government_renamed();
DROP TRIGGER sistercities_partner_renamed ON reference_foreignlocalgovernment;
DROP FUNCTION sistercities_partner_renamed();
DROP TRIGGER sistercities_affiliation_parties_relinked ON sistercities_affiliation_japanese;
DROP TRIGGER sistercities_affiliation_parties_unlinked ON sistercities_affiliation_japanese;
DROP TRIGGER sistercities_affiliation_parties_linked ON sistercities_affiliation_japanese;
DROP FUNCTION sistercities_affiliation_parties_changed();
DROP TRIGGER sistercities_affiliation_search_facts ON sistercities_affiliation;
DROP FUNCTION sistercities_affiliation_search_facts();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('reference', '0007_foreign_search_key_chars'),
        ('sistercities', '0009_names_in_community_languages'),
    ]

    operations = [
        migrations.AddField(
            model_name='affiliation',
            name='partner_country',
            field=models.CharField(default='', editable=False, max_length=2),
        ),
        migrations.AddField(
            model_name='affiliation',
            name='prefectures',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=6), default=list, editable=False, size=None),
        ),
        migrations.AddField(
            model_name='affiliation',
            name='search_key',
            field=models.TextField(default='', editable=False),
        ),
        migrations.RunSQL(FACTS, NO_FACTS),
        migrations.AddIndex(
            model_name='affiliation',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_key'], name='affiliation_search_key_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='affiliation',
            index=django.contrib.postgres.indexes.GinIndex(reference.models.ScriptCharacters('search_key'), name='affiliation_search_key_chars'),
        ),
        migrations.AddIndex(
            model_name='affiliation',
            index=django.contrib.postgres.indexes.GinIndex(fields=['prefectures'], name='affiliation_prefectures'),
        ),
        migrations.AddIndex(
            model_name='affiliation',
            index=models.Index(fields=['partner_country'], name='affiliation_partner_country'),
        ),
    ]
