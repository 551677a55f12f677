# As Brazilian readers write them: 3 de dezembro de 2026, 14:05; 1.234,5: the same
# patterns as Spanish. Month names are lower-case in Portuguese; clair_portal.dates
# supplies them so.
from clair_portal.formats.es.formats import *  # noqa: F403
