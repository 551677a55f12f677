"""What the About page says of CLAIR's divisions: the booklet's words, nothing more.

The booklet names each division under the part of CLAIR's work it describes
(the JET Programme's two divisions together, without saying which does what),
so the page groups them the same way. Division names come from the office data
(``offices.booklet``); this module holds only what each group does and which
parts of the portal serve that work.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Work:
    divisions: tuple[str, ...]  # Division.code, in the booklet's order
    heading: str
    tasks: tuple[str, ...]
    links: tuple[tuple[str, str], ...] = ()  # (URL name, label)


WORK = (
    Work(
        divisions=("planning-coordination", "guidance-counselling"),
        heading=_("The JET Programme"),
        tasks=(
            _(
                "Runs the JET Programme with three ministries: placement of participants, "
                "publications and day-to-day administration."
            ),
            _(
                "Supports participants so that they settle into life in Japan and can do their "
                "work: post-arrival orientation, periodic training seminars, and a counselling "
                "system for any participant or contracting organisation in need."
            ),
        ),
        links=(("jet:home", _("JET Programme")),),
    ),
    Work(
        divisions=("planning-research",),
        heading=_("CLAIR's international network"),
        tasks=(
            _(
                "Through the seven overseas offices, helps local governments deal directly with "
                "other countries: advice before departure, information and referrals, and "
                "meetings arranged abroad."
            ),
            _(
                "Promotes people-to-people exchange: forums, seminars and meetings, the Foreign "
                "Local Government Leaders Seminar, support for existing sister-city "
                "relationships and for new ones."
            ),
            _(
                "Makes Japanese local government known abroad: information on CLAIR's "
                "activities, and publications about Japanese local governance, regional issues "
                "and internationalisation."
            ),
        ),
        links=(
            ("offices:directory", _("Office directory")),
            ("publications:list", _("Publications")),
        ),
    ),
    Work(
        divisions=("international-exchange",),
        heading=_("Building international relationships"),
        tasks=(
            _(
                "Supports sister-city relationships: collects and publishes information on "
                "forming and maintaining them, surveys existing partnerships and highlights "
                "excellent exchange projects, advises on partnerships and helps find a "
                "suitable partner."
            ),
            _(
                "Invites local government officials from around the world to the Local "
                "Government Exchange and Cooperation Seminar."
            ),
            _(
                "Is the Japanese secretariat of the Japan–China–South Korea Trilateral Local "
                "Government Exchange Symposium, held every year since 1999, and was, with "
                "Kanazawa City, the secretariat of the Japan–France Local Government Exchange "
                "Conference (Nancy, October 2008; Kanazawa, May 2010)."
            ),
        ),
        links=(
            ("sistercities:search", _("Sister-city search")),
            ("sistercities:request_list", _("Local governments seeking partners")),
            ("sistercities:project_list", _("Excellent exchange projects")),
            ("sistercities:event_list", _("Seminars, symposia and conferences")),
        ),
    ),
    Work(
        divisions=("cooperation-economic",),
        heading=_("International cooperation"),
        tasks=(
            _(
                "Runs the Local Government Officials Training Program (LGOTP), which brings "
                "local officials from around the world to train with Japanese local "
                "governments."
            ),
            _(
                "Runs the Local Government International Cooperation Specialist Dispatch "
                "Project: a register of serving and retired officials (1,364 people in 2010) "
                "sent at the request of local governments abroad."
            ),
        ),
        links=(("cooperation:index", _("International cooperation")),),
    ),
    Work(
        divisions=("multiculturalism-promotion",),
        heading=_("A culturally diverse Japan"),
        tasks=(
            _(
                "Provides information on living in Japan in many languages, among them Chinese, "
                "Korean, Portuguese, Tagalog, English and Vietnamese."
            ),
            _(
                "Gives grants to regional international exchange associations and local "
                "governments for a harmonious multicultural society."
            ),
            _(
                "Collects multicultural policy from abroad through the overseas offices, "
                "subsidises local officials' study tours, and provides courses with the Japan "
                "Intercultural Academy of Municipalities (JIAM)."
            ),
        ),
        links=(("multicultural:index", _("Multicultural support")),),
    ),
)
