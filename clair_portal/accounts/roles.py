"""The portal's roles, as Django groups created after every migrate, and what each may grant.

A role says what kind of user someone is; which objects they may see is
decided by each app's queryset scoping (an office member sees their office's
records, a participant their own placement).

Least privilege, written down here so that one place decides it:

- **Who may grant which role.** Roles are ranked (``RANK``); someone may give
  or take away only roles ranked strictly below every role they hold. HQ
  staff may make someone office staff, a JET participant, a specialist or a
  grant applicant; they may not make anyone HQ staff, themselves included.
  A group that is not ranked here (an app's privilege group such as HQ's
  cooperation staff, who read trainees' passports, or one a superuser
  creates) ranks with superusers: only a superuser grants it.
- **Superuser status, admin access, raw permissions and other people's
  passwords** are for superusers only; HQ's user admin shows none of them.
- **Whose account someone may change**: only an account below them
  (``may_manage``): not a superuser, without admin access or raw permissions,
  and holding only roles they may grant. Nobody changes their own roles.
- **What HQ staff may do with each model** (``HQ_PERMISSIONS``): every model
  of the portal's apps has a row, and a test fails for a model without one.
  Records holding personal or financial data keep their history and are
  deactivated (a state, ``is_active``), never deleted; records the portal
  writes itself (jobs, notifications, notices, reminders, events) are read
  only; reference and published content without such history may be
  deleted where nothing protects it.
"""

from django.utils.translation import gettext_lazy as _

HQ_STAFF = "HQ staff"
OFFICE_STAFF = "Office staff"
JET_PARTICIPANT = "JET participants"
SPECIALIST = "Specialists"
GRANT_APPLICANT = "Grant applicants"
ORGANISATION_OFFICER = "Organisation officers"

ROLES = {
    HQ_STAFF: _("HQ staff"),
    OFFICE_STAFF: _("Office staff"),
    JET_PARTICIPANT: _("JET participants"),
    SPECIALIST: _("Specialists"),
    GRANT_APPLICANT: _("Grant applicants"),
    ORGANISATION_OFFICER: _("Organisation officers"),
}

# Higher grants lower, never equal or higher. Superusers rank above all of these.
RANK = {
    HQ_STAFF: 3,
    OFFICE_STAFF: 2,
    JET_PARTICIPANT: 1,
    SPECIALIST: 1,
    GRANT_APPLICANT: 1,
    ORGANISATION_OFFICER: 1,
}


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    return role in role_names(user)


def is_hq(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, HQ_STAFF))


def role_names(user) -> set[str]:
    """The names of the user's groups, read once per request and cached on the user object."""
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    return user._role_names


def rank_of(user) -> float:
    """The user's highest rank; superusers outrank every role.

    An unranked group adds nothing here: holding HQ's passport group does not
    let HQ staff grant their own role (nor that group, see ``may_grant``).
    """
    if user.is_superuser:
        return float("inf")
    return max((RANK.get(name, 0) for name in role_names(user)), default=0)


def may_grant(user, group_name: str) -> bool:
    """Whether ``user`` may add someone to (or take them out of) the group ``group_name``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Unranked groups are privileges of their own, granted by superusers only.
    return group_name in RANK and RANK[group_name] < rank_of(user)


def grantable_groups(user):
    """The groups ``user`` may give to others, as a queryset (for the user admin's widget)."""
    from django.contrib.auth.models import Group

    groups = Group.objects.order_by("name")
    if user.is_superuser:
        return groups
    return groups.filter(name__in=[name for name in RANK if may_grant(user, name)])


def may_manage(actor, account) -> bool:
    """Whether ``actor`` may change ``account``: it must sit strictly below them.

    A superuser manages every account. Anyone else manages only accounts that
    are not superusers, have no admin access and no raw permissions, and hold
    only roles the actor may grant; so nobody changes their own account here,
    nor a colleague's of the same rank (whose e-mail address would be a way into
    their account through a password reset).
    """
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if account.pk is None or account.pk == actor.pk:
        return False
    if account.is_superuser or account.is_staff:
        return False
    if account.user_permissions.exists():
        return False
    return all(may_grant(actor, name) for name in role_names(account))


# --- What HQ staff may do with each model ------------------------------------------

READ = ("view",)
# Records with history (personal or financial): changed and deactivated, never deleted.
KEEP = ("view", "add", "change")
# Reference and published content without personal or financial history.
FULL = ("view", "add", "change", "delete")

HQ_PERMISSIONS = {
    # django-axes: HQ unlocks a locked-out account by deleting its access attempts
    # (the expiry row goes with the attempt); the logs are evidence, read only.
    "axes.accessattempt": ("view", "delete"),
    "axes.accessattemptexpiration": ("view", "delete"),
    "axes.accessfailurelog": READ,
    "axes.accesslog": READ,
    # Accounts are deactivated, never deleted: their history and records point at them.
    # Which accounts HQ may change is decided per account (may_manage).
    "accounts.user": KEEP,
    # Written by the portal: requested reports, notifications.
    "jobs.job": READ,
    # Open-data files and their states: the beat task's own bookkeeping, not in the admin.
    "opendata.datasetfile": (),
    "opendata.datasetstate": (),
    "notifications.notification": READ,
    "notifications.sendclaim": (),  # the sending machinery's own bookkeeping, not in the admin
    # Reference data: reloaded, not pruned; other records point at local governments.
    "reference.localgovernment": KEEP,
    "reference.foreignlocalgovernment": FULL,
    "reference.regionalassociation": FULL,
    # Offices: the booklet's directory. An office holds reports and staff: never deleted.
    "offices.office": KEEP,
    "offices.department": FULL,
    "offices.division": FULL,
    "offices.officemembership": KEEP,
    "offices.reporttype": KEEP,  # retired with is_active; reports point at it
    "offices.reporttypeofficerule": FULL,
    "offices.report": ("view", "change"),  # changed only by the review actions
    "offices.reportattachment": READ,
    "offices.reportevent": READ,
    "offices.reportreminder": READ,
    # The desk: asked by local governments and answered by offices on its pages, with history.
    "offices.assistancerequest": READ,
    "offices.requestattachment": READ,
    "offices.requestevent": READ,
    "offices.meeting": READ,
    # Secret calendar addresses: their holders revoke them; not in the admin.
    "offices.deskcalendarfeed": (),
    # Publications: published content without personal data; a series is PROTECTed.
    "offices.publicationseries": FULL,
    "offices.publication": FULL,
    "offices.publicationfile": FULL,
    # JET: people and their contracts are withdrawn or completed, never deleted.
    "jet.participant": KEEP,
    "jet.contractingorganisation": FULL,
    "jet.placement": KEEP,
    "jet.placementnotice": READ,
    "jet.reappointment": KEEP,
    "jet.seminar": FULL,
    "jet.seminarregistration": ("view", "change"),  # taken by participants; HQ records attendance
    "jet.calendarfeed": (),  # a participant's secret address: theirs alone
    # Counselling: consultations are confidential (jet.counselling.access), never in the admin.
    "jet.consultation": (),
    "jet.consultationmessage": (),
    "jet.consultationreading": (),
    "jet.prefecturaladvisor": KEEP,  # named by HQ; a post ends (is_active), with its history
    "jet.dutyshift": FULL,  # the duty rota HQ keeps
    "jet.selfhelppage": FULL,  # published help, edited by HQ
    "jet.counsellinghours": FULL,
    # Sister cities: affiliations end (status), requests expire or are rejected.
    "sistercities.affiliation": KEEP,
    "sistercities.affiliationproposal": READ,  # decided on the moderation page
    "sistercities.eventseries": FULL,
    "sistercities.eventseriesname": FULL,  # the series' names in the community languages
    "sistercities.exchangeevent": FULL,
    "sistercities.exchangeproject": FULL,
    "sistercities.projectimage": FULL,
    "sistercities.partnerrequest": ("view", "change"),  # submitted by the public form only
    "sistercities.requestimage": ("view", "change", "delete"),  # moderation removes an image
    "sistercities.inquiry": ("view", "change"),
    "sistercities.requestrevision": READ,  # proposed by officers, decided on the moderation page
    "sistercities.partnershipcontact": KEEP,
    "sistercities.partnershipsurvey": KEEP,  # holds the answers: closed, never deleted
    "sistercities.surveyinvitation": ("view", "change"),
    "sistercities.surveyanswer": READ,  # the local government's own answers
    "sistercities.surveyevent": READ,  # who opened, reminded and closed a survey
    # Cooperation: specialists are deactivated; dispatches and trainees keep their record.
    "cooperation.field": FULL,
    "cooperation.specialist": KEEP,
    "cooperation.specialistlanguage": KEEP,
    "cooperation.availability": KEEP,
    "cooperation.dispatchrequest": KEEP,
    "cooperation.dispatch": KEEP,
    "cooperation.programme": KEEP,
    "cooperation.hostoffer": READ,  # entered on the demand-survey page
    "cooperation.trainee": KEEP,
    "cooperation.hostassignment": READ,  # assigned on the trainee's page
    "cooperation.traineephase": READ,  # planned on the trainee's page
    "cooperation.checklistitem": FULL,
    # Passports and visas: HQ's cooperation staff only (cooperation.permissions).
    "cooperation.traveldocument": (),
    # Organisations: officers are deactivated (their membership ends), never deleted;
    # an organisation keeps its members' history. Requests are decided, not deleted.
    "organisations.organisation": KEEP,
    "organisations.membership": KEEP,
    "organisations.accountrequest": ("view", "change"),  # sent by the public form
    # Multicultural: money is decided and paid on the review pages, never deleted.
    "multicultural.grantcategory": FULL,
    "multicultural.grantcategoryname": FULL,
    "multicultural.grantprogramme": KEEP,
    "multicultural.requireddocument": FULL,  # edited with its programme in the admin
    "multicultural.grantapplication": ("view", "change"),  # submitted by grant officers
    "multicultural.attachment": READ,
    "multicultural.review": READ,
    "multicultural.disbursement": READ,
    "multicultural.livingtopic": FULL,
    "multicultural.livingtopicname": FULL,
    "multicultural.librarylanguage": FULL,
    "multicultural.librarylanguagename": FULL,
    "multicultural.livingdocument": FULL,
    "multicultural.documentversion": FULL,
    # Training: courses keep their applications; approvers are withdrawn, never deleted;
    # applications are answered on their pages by the services.
    "training.course": KEEP,
    "training.approver": KEEP,
    "training.application": READ,
    "training.programmeitem": FULL,  # published content: a seminar's programme
    "training.overseasapplication": READ,  # sent by the public form, decided on its page
    "training.participanttask": READ,  # planned at selection, marked done on its page
    "training.subsidyprogramme": KEEP,  # holds money: kept with its history
    "training.subsidyclaim": READ,  # submitted by officers, decided on its page
    "training.receipt": READ,
    "training.subsidypayment": READ,  # recorded on the claim's page, within the approval
}


def hq_permission_keys() -> set[tuple[str, str]]:
    """``(app_label, codename)`` of every permission HQ staff hold, from ``HQ_PERMISSIONS``."""
    keys = set()
    for label, actions in HQ_PERMISSIONS.items():
        app_label, model_name = label.split(".")
        keys.update((app_label, f"{action}_{model_name}") for action in actions)
    return keys
