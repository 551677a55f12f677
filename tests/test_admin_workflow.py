"""No admin form, for any staff role, can write a workflow field (clair_portal.workflow).

The walk finds every model's workflow fields (declared in ``WORKFLOW_FIELDS``,
or a field called ``state`` or ``status`` that the model does not declare
plain data) and builds every registered admin's add and change form, and its
inlines' forms, as HQ staff, HQ's cooperation staff and a superuser. A form
that is a ``ServiceForm`` writes nothing itself: its save is the service's
call, which checks the rules; such an admin must save nothing else either.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Group
from django.test import RequestFactory

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.workflow import ServiceForm, WorkflowAdminMixin, workflow_fields
from conftest import make_user
from cooperation.permissions import COOPERATION_STAFF

pytestmark = pytest.mark.django_db


def writable(form_class) -> set[str]:
    return set() if issubclass(form_class, ServiceForm) else set(form_class.base_fields)


def problems(site, users) -> list[str]:
    """Every (role, admin, add or change form) that can write a workflow field."""
    found = []
    for model, model_admin in sorted(site._registry.items(), key=lambda i: i[0]._meta.label):
        for role, user in users.items():
            request = RequestFactory().get("/admin/")
            request.user = user
            for obj in (None, model()):
                kind = "add" if obj is None else "change"
                if obj is None and not model_admin.has_add_permission(request):
                    continue
                if obj is not None and not model_admin.has_view_or_change_permission(request):
                    continue
                form = model_admin.get_form(request, obj, change=obj is not None)
                if issubclass(form, ServiceForm) and not isinstance(
                    model_admin, WorkflowAdminMixin
                ):
                    found.append(f"{model._meta.label}: a ServiceForm in an admin that saves")
                leaks = writable(form) & workflow_fields(model)
                if leaks:
                    found.append(f"{role} {kind} {model._meta.label}: {sorted(leaks)}")
                for inline in model_admin.get_inline_instances(request, obj):
                    formset = inline.get_formset(request, obj)
                    # The link to the parent is set from the parent, never from the form.
                    leaks = writable(formset.form) & workflow_fields(inline.model) - {
                        formset.fk.name
                    }
                    if leaks:
                        found.append(
                            f"{role} {kind} {model._meta.label} inline "
                            f"{inline.model._meta.label}: {sorted(leaks)}"
                        )
    return found


@pytest.fixture
def staff(cast):
    passport = make_user("passport.hq@example.org", role=roles.HQ_STAFF, is_staff=True)
    passport.groups.add(Group.objects.get(name=COOPERATION_STAFF))
    users = {"hq": cast.hq, "hq_passport": passport, "superuser": cast.superuser}
    return {role: User.objects.get(pk=user.pk) for role, user in users.items()}


def test_no_admin_form_writes_a_workflow_field_for_any_staff_role(staff):
    assert problems(admin.site, staff) == []


def test_the_walk_finds_a_workflow_field_a_plain_admin_would_write(staff):
    from jet.models import Placement, Reappointment

    site = AdminSite(name="sneaky")
    site.register(Placement)  # a stock ModelAdmin: every editable field on the form
    site.register(Reappointment)
    found = problems(site, {"superuser": staff["superuser"]})
    assert "superuser add jet.Placement: ['state']" in found
    assert (
        "superuser change jet.Reappointment: ['next_placement', 'organisation_decided_at', "
        "'organisation_decided_by', 'organisation_decision', 'organisation_decision_source', "
        "'participant_decided_at', 'participant_decision']" in found
    )


def test_every_workflow_declaration_names_fields_its_model_has():
    for model in apps.get_models():
        workflow_fields(model)  # raises LookupError naming the model and the unknown names
