import sys
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_dirs() -> list[Path]:
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs += [Path(c.path) / "locale" for c in apps.get_app_configs()]
    base = Path(settings.BASE_DIR).resolve()
    environment = Path(sys.prefix).resolve()  # installed packages ship compiled catalogues
    return [
        d
        for d in dirs
        if d.is_dir()
        and d.resolve().is_relative_to(base)
        and not d.resolve().is_relative_to(environment)
    ]


class Command(BaseCommand):
    help = (
        "Compile the portal's gettext catalogues (.po to .mo). Pure Python, so a machine "
        "without GNU gettext can run the portal; only changed catalogues are rewritten."
    )

    def handle(self, *args, **options):
        compiled = 0
        for directory in catalogue_dirs():
            for po_path in directory.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                catalogue = polib.pofile(str(po_path))
                fuzzy = [e for e in catalogue if "fuzzy" in e.flags]
                for entry in fuzzy:
                    # msgfmt leaves fuzzy entries out; so do we.
                    catalogue.remove(entry)
                catalogue.save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
