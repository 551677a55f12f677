"""What changes the registry, the dispatches and the LGOTP: one function per operation.

Each runs in ``transaction.atomic()`` and raises :class:`CooperationError`
with a translated message when the operation is not allowed; views and the
admin show that message as it is.

The operations live in modules by sub-domain (``access``, ``specialists``, ``dispatch``,
``lgotp``); this package re-exports their public names so that ``from
cooperation.services import X`` and ``services.X`` keep working.
"""

from cooperation.services.access import (
    CooperationError,
    get_dispatch_for_user,
    get_host_offer_for_user,
    get_offer_for_user,
    get_own_specialist,
    get_programme_for_user,
    get_request_for_user,
    get_specialist_for_user,
    get_trainee_for_user,
    host_government_of,
    may_enter_requests,
    office_countries,
)
from cooperation.services.dispatch import (
    create_request,
    rank_candidates,
    select_specialist,
    update_dispatch,
)
from cooperation.services.lgotp import (
    CHECKLIST_LEAD_DAYS,
    HOST_MAX_DAYS,
    HOST_MIN_DAYS,
    LANGUAGE_INSTITUTION,
    LANGUAGE_STUDY_DAYS,
    ORIENTATION_DAYS,
    SELECTION_STEPS,
    answer_demand_survey,
    assign_host,
    open_programme,
    place_trainee,
    plan_timeline,
    record_final_report,
    remind_checklist,
    save_offer,
    save_trainee,
    save_travel_document,
    set_selection,
    statistics,
    survey_closed_message,
)
from cooperation.services.specialists import (
    deactivate_specialist,
    remind_stale_profiles,
    save_profile,
)

__all__ = [
    "CHECKLIST_LEAD_DAYS",
    "CooperationError",
    "HOST_MAX_DAYS",
    "HOST_MIN_DAYS",
    "LANGUAGE_INSTITUTION",
    "LANGUAGE_STUDY_DAYS",
    "ORIENTATION_DAYS",
    "SELECTION_STEPS",
    "answer_demand_survey",
    "assign_host",
    "create_request",
    "deactivate_specialist",
    "get_dispatch_for_user",
    "get_host_offer_for_user",
    "get_offer_for_user",
    "get_own_specialist",
    "get_programme_for_user",
    "get_request_for_user",
    "get_specialist_for_user",
    "get_trainee_for_user",
    "host_government_of",
    "may_enter_requests",
    "office_countries",
    "open_programme",
    "place_trainee",
    "plan_timeline",
    "rank_candidates",
    "record_final_report",
    "remind_checklist",
    "remind_stale_profiles",
    "save_offer",
    "save_profile",
    "save_trainee",
    "save_travel_document",
    "select_specialist",
    "set_selection",
    "statistics",
    "survey_closed_message",
    "update_dispatch",
]
