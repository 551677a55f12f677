"""Least privilege in the admin: what each staff role may do there, and that no role grows.

The first table is data (pretix's test_permissions): every model admin the
portal registers, with what HQ staff and a superuser may view (v), add (a),
change (c) and delete (d) there. HQ's cooperation staff (who read passports)
may do what HQ staff may; office staff and participants have no admin at all.
A model registered without a row fails the walk, so a new admin ships with a
decision.

The second half tries every way up: POSTs to the user change and add forms,
the password form, the group admin and the history's revert, asserting the
accounts as stored afterwards.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from conftest import make_user
from cooperation.permissions import COOPERATION_STAFF

pytestmark = pytest.mark.django_db

# model admin -> (HQ staff, superuser): v(iew), a(dd), c(hange), d(elete)
EXPECTED = {
    "accounts.user": ("vac", "vacd"),  # HQ: only accounts below its own role
    "auth.group": ("", "vacd"),
    "axes.accessattempt": ("vd", "vcd"),  # HQ unlocks accounts
    "axes.accessfailurelog": ("v", "vcd"),
    "axes.accesslog": ("v", "vcd"),
    "cooperation.dispatch": ("vc", "vcd"),  # made by selecting a specialist
    "cooperation.dispatchrequest": ("vac", "vacd"),
    "cooperation.field": ("vacd", "vacd"),
    "cooperation.programme": ("vac", "vacd"),
    "cooperation.specialist": ("vac", "vac"),  # deactivated, never deleted
    "cooperation.trainee": ("vac", "vacd"),
    "django_celery_beat.clockedschedule": ("", "vacd"),
    "django_celery_beat.crontabschedule": ("", "vacd"),
    "django_celery_beat.intervalschedule": ("", "vacd"),
    "django_celery_beat.periodictask": ("", "vacd"),
    "django_celery_beat.solarschedule": ("", "vacd"),
    "jet.contractingorganisation": ("vacd", "vacd"),
    "jet.counsellinghours": ("vacd", "vacd"),
    "jet.dutyshift": ("vacd", "vacd"),
    "jet.prefecturaladvisor": ("vac", "vacd"),
    "jet.participant": ("vac", "vacd"),
    "jet.placement": ("vac", "vacd"),
    "jet.placementnotice": ("v", "vacd"),
    "jet.reappointment": ("vac", "vacd"),
    "jet.selfhelppage": ("vacd", "vacd"),
    "jet.seminar": ("vacd", "vacd"),
    "jet.seminarregistration": ("vc", "vc"),  # taken by participants; attendance by HQ
    "jobs.job": ("v", "vd"),
    "multicultural.disbursement": ("v", "vcd"),
    "multicultural.documentversion": ("vacd", "vacd"),
    "multicultural.grantapplication": ("vc", "vacd"),
    "multicultural.grantcategory": ("vacd", "vacd"),
    "multicultural.grantprogramme": ("vac", "vacd"),
    "multicultural.librarylanguage": ("vacd", "vacd"),
    "multicultural.livingdocument": ("vacd", "vacd"),
    "multicultural.livingtopic": ("vacd", "vacd"),
    "notifications.notification": ("v", "vd"),
    "offices.assistancerequest": ("v", "vcd"),  # asked and answered on the desk's pages
    "offices.office": ("vac", "vacd"),
    "organisations.accountrequest": ("vc", "vcd"),  # sent by the public form
    "organisations.membership": ("vac", "vac"),  # ended, never deleted
    "organisations.organisation": ("vac", "vacd"),
    "offices.officemembership": ("vac", "vacd"),
    "offices.publication": ("vacd", "vacd"),  # published and withdrawn by actions
    "offices.publicationseries": ("vacd", "vacd"),
    "offices.report": ("vc", "vcd"),  # accepted by an action; filed by offices
    "offices.reportattachment": ("v", "vcd"),
    "offices.reportreminder": ("v", "vcd"),
    "offices.reporttype": ("vac", "vacd"),
    "reference.foreignlocalgovernment": ("vacd", "vacd"),
    "reference.localgovernment": ("vac", "vac"),
    "reference.regionalassociation": ("vacd", "vacd"),
    "sistercities.affiliation": ("vac", "vacd"),
    "sistercities.eventseries": ("vacd", "vacd"),
    "sistercities.exchangeevent": ("vacd", "vacd"),
    "sistercities.exchangeproject": ("vacd", "vacd"),
    "sistercities.inquiry": ("vc", "vcd"),  # sent from a request's page
    "sistercities.partnerrequest": ("vc", "vcd"),  # the public form confirms the e-mail
    "sistercities.partnershipcontact": ("vac", "vacd"),
    "sistercities.partnershipsurvey": ("vac", "vacd"),
    "sistercities.surveyinvitation": ("vc", "vcd"),  # made by opening the survey
    "training.application": ("v", "v"),  # answered on its page, by the services
    "training.approver": ("vac", "vac"),  # withdrawn, never deleted
    "training.course": ("vac", "vacd"),
    "training.overseasapplication": ("v", "v"),  # the public form, then its page
    "training.participanttask": ("v", "v"),  # planned at selection
    "training.programmeitem": ("vacd", "vacd"),
    "training.receipt": ("v", "v"),
    "training.subsidyclaim": ("v", "v"),  # decided on its page, under the budget lock
    "training.subsidypayment": ("v", "v"),
    "training.subsidyprogramme": ("vac", "vac"),  # money: never deleted
}

STAFF_ROLES = ["hq", "hq_passport", "superuser", "office_staff", "participant"]


@pytest.fixture
def staff(cast):
    passport = make_user("passport.hq@example.org", role=roles.HQ_STAFF, is_staff=True)
    passport.groups.add(Group.objects.get(name=COOPERATION_STAFF))
    return {
        "hq": cast.hq,
        "hq_passport": passport,
        "superuser": cast.superuser,
        "office_staff": cast.office_a,
        "participant": cast.participant,
    }


def expected(label, role) -> str:
    hq, superuser = EXPECTED[label]
    return {"hq": hq, "hq_passport": hq, "superuser": superuser}.get(role, "")


def allowed(model_admin, request) -> str:
    checks = [
        ("v", model_admin.has_view_permission),
        ("a", model_admin.has_add_permission),
        ("c", model_admin.has_change_permission),
        ("d", model_admin.has_delete_permission),
    ]
    return "".join(letter for letter, check in checks if check(request))


def registered():
    return {
        model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()
    }


def test_every_registered_admin_has_a_row_and_every_row_an_admin():
    assert sorted(registered()) == sorted(EXPECTED)


def test_each_role_may_do_in_the_admin_what_the_table_says(staff):
    failures = []
    for role in STAFF_ROLES:
        request = RequestFactory().get("/admin/")
        request.user = User.objects.get(pk=staff[role].pk)
        for label, model_admin in sorted(registered().items()):
            got = allowed(model_admin, request)
            if got != expected(label, role):
                failures.append(
                    f"{role} at {label}: may {got!r}, expected {expected(label, role)!r}"
                )
        if admin.site.has_permission(request) != (role in {"hq", "hq_passport", "superuser"}):
            failures.append(f"{role}: admin access is {admin.site.has_permission(request)}")
    assert failures == []


def test_hq_reaches_exactly_the_add_pages_the_table_gives_it(client, staff):
    client.force_login(staff["hq"])
    failures = []
    for label in sorted(EXPECTED):
        app_label, model_name = label.split(".")
        status = client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code
        want = 200 if "a" in expected(label, "hq") else 403
        if status != want:
            failures.append(f"{label}: {status}, expected {want}")
    assert failures == []


def test_only_passport_staff_see_the_travel_documents_of_a_trainee(rf, staff):
    from cooperation.admin import TravelDocumentInline
    from cooperation.models import Trainee

    model_admin = registered()["cooperation.trainee"]
    for role, sees in [("hq", False), ("hq_passport", True), ("superuser", True)]:
        request = rf.get("/admin/")
        request.user = User.objects.get(pk=staff[role].pk)
        inlines = model_admin.get_inlines(request, Trainee())
        assert (TravelDocumentInline in inlines) is sees, role


def test_every_model_of_the_portals_apps_has_a_decision_for_hq():
    """roles.HQ_PERMISSIONS names every model HQ's apps hold: a new one needs a decision."""
    from clair_portal.accounts.signals import HQ_APP_LABELS

    models = {
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label in HQ_APP_LABELS and not model.__name__.startswith("Historical")
    }
    assert sorted(models) == sorted(roles.HQ_PERMISSIONS)


def test_hq_holds_exactly_the_permissions_of_the_table():
    hq = Group.objects.get(name=roles.HQ_STAFF)
    held = set(hq.permissions.values_list("content_type__app_label", "codename"))
    assert held == roles.hq_permission_keys()
    assert ("accounts", "change_user") in held  # for the accounts below HQ
    assert ("accounts", "delete_user") not in held
    assert ("cooperation", "view_passport") not in held
    assert not any(app == "auth" for app, _codename in held)


def test_a_permission_granted_by_hand_is_taken_back_at_the_next_migrate():
    from clair_portal.accounts.signals import ensure_roles

    hq = Group.objects.get(name=roles.HQ_STAFF)
    hq.permissions.add(Permission.objects.get(codename="delete_placement"))
    ensure_roles(sender=None)
    assert not hq.permissions.filter(codename="delete_placement").exists()


def test_whatever_hq_may_delete_takes_nothing_with_it_that_hq_may_not_delete():
    """The admin refuses a deletion that would cascade to rows the user may not delete."""
    problems = []
    for label, actions in roles.HQ_PERMISSIONS.items():
        if "delete" not in actions:
            continue
        for relation in apps.get_model(label)._meta.related_objects:
            if relation.many_to_many or relation.on_delete is not models.CASCADE:
                continue
            related = relation.related_model._meta
            if related.auto_created or related.label_lower.split(".")[1].startswith("historical"):
                continue
            if "delete" not in roles.HQ_PERMISSIONS.get(related.label_lower, ()):
                problems.append(f"{label} cascades to {related.label_lower}")
    assert problems == []


# --- No role reaches a role it does not hold ---------------------------------------


def user_form(user, **changes):
    """The user change form's POST as HQ's form shows it, with ``changes`` on top."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "is_active": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
        # Only a superuser's form has the dates as fields; HQ's shows them read only.
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    data.update(changes)
    return data


def group_pk(name):
    return Group.objects.get(name=name).pk


@pytest.mark.parametrize(
    "group",
    [roles.HQ_STAFF, COOPERATION_STAFF, roles.OFFICE_STAFF, roles.JET_PARTICIPANT],
)
@pytest.mark.parametrize("actor", ["hq", "hq_passport"])
def test_nobody_changes_their_own_account_not_even_to_add_a_group(client, staff, actor, group):
    user = staff[actor]
    before = set(user.groups.values_list("name", flat=True))
    client.force_login(user)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    groups = [*user.groups.values_list("pk", flat=True), group_pk(group)]
    response = client.post(url, user_form(user, groups=groups, is_superuser="on", is_staff="on"))
    assert response.status_code == 403
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == before
    assert not user.is_superuser


def test_hq_cannot_make_itself_superuser(client, cast):
    client.force_login(cast.hq)
    url = reverse("admin:accounts_user_change", args=[cast.hq.pk])
    response = client.post(url, user_form(cast.hq, is_superuser="on"))
    assert response.status_code == 403
    cast.hq.refresh_from_db()
    assert not cast.hq.is_superuser
    # The read-only page it may still see offers neither the flag nor the permissions.
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page


@pytest.mark.parametrize(
    ("actor", "group", "granted"),
    [
        ("hq", roles.OFFICE_STAFF, True),
        ("hq", roles.JET_PARTICIPANT, True),
        ("hq", roles.SPECIALIST, True),
        ("hq", roles.GRANT_APPLICANT, True),
        ("hq", roles.HQ_STAFF, False),  # beside its own
        ("hq", COOPERATION_STAFF, False),  # the passport-reading group
        ("hq_passport", COOPERATION_STAFF, False),  # held, but not below
        ("hq_passport", roles.HQ_STAFF, False),
        ("superuser", roles.HQ_STAFF, True),
        ("superuser", COOPERATION_STAFF, True),
    ],
)
def test_a_role_grants_only_roles_below_its_own(client, staff, actor, group, granted):
    target = staff["participant"]
    client.force_login(staff[actor])
    url = reverse("admin:accounts_user_change", args=[target.pk])
    groups = [group_pk(roles.JET_PARTICIPANT), group_pk(group)]
    response = client.post(url, user_form(target, groups=groups))
    target.refresh_from_db()
    names = set(target.groups.values_list("name", flat=True))
    if granted:
        assert response.status_code == 302
        assert group in names
    else:
        assert response.status_code == 200
        assert "not one of the available choices" in response.content.decode()
        assert names == {roles.JET_PARTICIPANT}


def test_hq_saves_an_account_below_it_without_superuser_flag_or_raw_permissions(client, cast):
    target = cast.participant
    client.force_login(cast.hq)
    url = reverse("admin:accounts_user_change", args=[target.pk])
    permission = Permission.objects.get(codename="change_user")
    response = client.post(
        url,
        user_form(
            target,
            full_name="Pat Renamed",
            is_superuser="on",
            is_staff="on",
            user_permissions=[permission.pk],
        ),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "Pat Renamed"
    assert not (target.is_superuser or target.is_staff)
    assert not target.user_permissions.exists()


@pytest.mark.parametrize(
    "whom", ["superuser", "hq_colleague", "passport_holder", "raw_permissions"]
)
def test_hq_cannot_change_an_account_at_or_above_its_own(client, staff, whom):
    if whom == "superuser":
        target = staff["superuser"]
    elif whom == "hq_colleague":
        target = make_user("colleague@example.org", role=roles.HQ_STAFF, is_staff=True)
    elif whom == "passport_holder":
        target = make_user("holder@example.org")
        target.groups.add(Group.objects.get(name=COOPERATION_STAFF))
    else:
        target = make_user("raw@example.org")
        target.user_permissions.add(Permission.objects.get(codename="view_passport"))
    client.force_login(staff["hq"])
    url = reverse("admin:accounts_user_change", args=[target.pk])
    # A new e-mail address would let a password reset take the account over.
    response = client.post(url, user_form(target, email="taken.over@example.org"))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.email != "taken.over@example.org"


@pytest.mark.parametrize("whom", ["superuser", "participant", "hq"])
def test_only_a_superuser_sets_someone_elses_password(client, staff, whom):
    target = staff[whom]
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    data = {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"}
    client.force_login(staff["hq"])
    assert client.get(url).status_code == 403
    assert client.post(url, {**data, "usable_password": "true"}).status_code == 403
    target.refresh_from_db()
    assert not target.check_password("a-new-long-passphrase")
    if whom != "superuser":
        client.force_login(staff["superuser"])
        response = client.post(url, {**data, "usable_password": "true"})
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.check_password("a-new-long-passphrase")


@pytest.mark.parametrize(
    ("group", "created"),
    [(roles.OFFICE_STAFF, True), (roles.HQ_STAFF, False), (COOPERATION_STAFF, False)],
)
def test_hq_adds_accounts_only_with_roles_below_its_own_and_without_a_password(
    client, cast, group, created
):
    client.force_login(cast.hq)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.org",
            "full_name": "New Person",
            "language": "ja",
            "groups": [group_pk(group)],
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
            "is_superuser": "on",
        },
    )
    user = User.objects.filter(email="new.person@example.org").first()
    if not created:
        assert response.status_code == 200
        assert user is None
        return
    assert response.status_code == 302
    assert set(user.groups.values_list("name", flat=True)) == {group}
    assert not user.is_superuser and not user.is_staff
    # Its owner sets the password through the reset e-mail; HQ never knows it.
    assert not user.has_usable_password()


def test_hq_may_not_edit_groups_or_their_permissions(client, cast):
    client.force_login(cast.hq)
    hq_group = Group.objects.get(name=roles.HQ_STAFF)
    before = set(hq_group.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[hq_group.pk])
    assert client.post(url, {"name": hq_group.name, "permissions": everything}).status_code == 403
    assert client.post(reverse("admin:auth_group_add"), {"name": "Mine"}).status_code == 403
    assert set(hq_group.permissions.values_list("pk", flat=True)) == before
    assert not Group.objects.filter(name="Mine").exists()


def test_no_past_version_is_restored_from_the_history(client, cast):
    """Restoring writes every field of the old version, past every check: refused to everyone."""
    victim = cast.superuser
    old_email = victim.email
    victim.email = "root.new@example.org"
    victim.save()
    version = victim.history.get(email=old_email)
    url = reverse("admin:accounts_user_simple_history", args=[victim.pk, version.history_id])
    for actor in (cast.hq, cast.superuser):
        client.force_login(actor)
        assert client.post(url, {"email": old_email}).status_code == 403
        victim.refresh_from_db()
        assert victim.email == "root.new@example.org"
    assert "Revert" not in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["office_staff", "participant"])
def test_people_without_admin_access_reach_no_user_form(client, staff, role):
    user = staff[role]
    client.force_login(user)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = client.post(
        url, user_form(user, is_superuser="on", groups=[group_pk(roles.HQ_STAFF)])
    )
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.groups.filter(name=roles.HQ_STAFF).exists()
