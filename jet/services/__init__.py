"""What changes JET records, sends something or needs a lock: publish, notify, invite, decide.

Views, admin actions, the importer and tests call these functions rather than
saving models themselves, so that every publication and every change of a
published placement reaches its participant exactly once. Split by
sub-domain: ``placements`` (access, publishing, notices, feeds, invitations)
and ``reappointments``.
"""

from jet.services.base import JetError, batched
from jet.services.placements import (
    NOTICE_CHUNK,
    NOTICE_TIMEOUT,
    current_placement,
    enqueue_notice_chunks,
    feed_for,
    forget_feed_of_deactivated,
    get_feed,
    get_participant_for_user,
    get_placement_for_user,
    get_reappointment_for_user,
    invite_participants,
    placements_changed,
    publish_placements,
    record_placement_history,
    resume_stalled_notices,
    revoke_feed,
    seminars_for,
    seminars_for_organisation,
    send_invitation_email,
    send_notices,
    withdraw_placements,
)
from jet.services.reappointments import (
    answer_for_organisation,
    decide_reappointment,
    get_reappointment_for_organisation,
    open_reappointment,
    participant_answers,
    record_organisation_decision,
)

__all__ = [
    "NOTICE_CHUNK",
    "NOTICE_TIMEOUT",
    "JetError",
    "answer_for_organisation",
    "batched",
    "current_placement",
    "decide_reappointment",
    "enqueue_notice_chunks",
    "feed_for",
    "forget_feed_of_deactivated",
    "get_feed",
    "get_participant_for_user",
    "get_placement_for_user",
    "get_reappointment_for_organisation",
    "get_reappointment_for_user",
    "invite_participants",
    "open_reappointment",
    "participant_answers",
    "placements_changed",
    "publish_placements",
    "record_organisation_decision",
    "record_placement_history",
    "resume_stalled_notices",
    "revoke_feed",
    "seminars_for",
    "seminars_for_organisation",
    "send_invitation_email",
    "send_notices",
    "withdraw_placements",
]
