"""Three ways one JET placement file reaches the same tables, for ``jet_import``.

``python bench/jet_paths.py <path> <file>`` runs one of them in a process of its
own (so each starts alike, and its peak memory is its own) and prints what it
measured as JSON. Each writes the placements and one history row per placement:

- ``portal``: ``jet.resources.PlacementImport().run``, what the admin's confirm
  step calls (the tabular kit's reader, checks and chunked bulk writes);
- ``stock``: django-import-export as it comes, a plain ``ModelResource`` over
  the same model, declaring only what the file needs to be read at all (the two
  natural keys and the workplaces' "name | address" cells);
- ``copy``: the floor: the file read with ``csv``, its keys resolved with two
  queries, the rows sent with PostgreSQL ``COPY`` and their history written by
  one ``INSERT ... SELECT``.
"""

import csv
import json
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

IMPORTED = [
    "participant", "jet_year", "organisation", "role", "contract_start", "contract_end",
    "workplaces", "supervisor_name", "supervisor_email", "supervisor_phone", "notes",
]  # fmt: skip


def portal(path: str) -> dict:
    from jet.resources import PlacementImport

    result = PlacementImport().run(path)
    if not result.ok:
        raise SystemExit(f"the portal's import refused the file: {result.refused}")
    return {"created": result.added}


def stock(path: str) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from jet.models import ContractingOrganisation, Participant, Placement
    from jet.resources import parse_workplaces

    class WorkplacesWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return parse_workplaces(value or "", None)

    class StockPlacementResource(resources.ModelResource):
        participant = fields.Field(
            attribute="participant",
            column_name="jet_number",
            widget=widgets.ForeignKeyWidget(Participant, "jet_number"),
        )
        organisation = fields.Field(
            attribute="organisation",
            column_name="organisation",
            widget=widgets.ForeignKeyWidget(ContractingOrganisation, "code"),
        )
        workplaces = fields.Field(
            attribute="workplaces", column_name="workplaces", widget=WorkplacesWidget()
        )

        class Meta:
            model = Placement
            fields = IMPORTED
            import_id_fields = ("participant", "jet_year")

    with open(path, encoding="utf-8") as f:
        dataset = tablib.Dataset().load(f.read(), format="csv")
    result = StockPlacementResource().import_data(dataset, dry_run=False, raise_errors=True)
    return {"created": result.totals["new"]}


def copy(path: str) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from jet.models import ContractingOrganisation, Placement
    from jet.resources import parse_workplaces

    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    opts = Placement._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.name not in IMPORTED}
    quote = connection.ops.quote_name
    history = Placement.history.model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT jet_number, id FROM jet_participant WHERE jet_number = ANY(%s)",
            [[row["jet_number"] for row in rows]],
        )
        participants = dict(cursor.fetchall())
        organisations = dict(ContractingOrganisation.objects.values_list("code", "id"))
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {quote(opts.db_table)}")
        [before] = cursor.fetchone()
        columns = ", ".join(quote(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN") as out:
            for row in rows:
                values = {
                    **defaults,
                    **row,
                    "participant_id": participants[row["jet_number"]],
                    "organisation_id": organisations[row["organisation"]],
                    "workplaces": json.dumps(parse_workplaces(row["workplaces"], None)),
                }
                out.write_row([values[f.attname] for f in fields])
        every = ", ".join(quote(f.column) for f in opts.concrete_fields)
        cursor.execute(
            f"INSERT INTO {quote(history)} ({every}, history_date, history_change_reason, "
            f"history_type, history_user_id) SELECT {every}, %s, 'import', '+', NULL "
            f"FROM {quote(opts.db_table)} WHERE id > %s",
            [timezone.now(), before],
        )
        created = cursor.rowcount
    return {"created": created}


PATHS = {"portal": portal, "stock": stock, "copy": copy}


def main(name: str, path: str) -> None:
    import django

    django.setup()
    started = time.monotonic()
    measured = PATHS[name](path)
    seconds = time.monotonic() - started
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, **measured}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
