"""Workflow fields, and the admin as one more door to the services that own them.

A workflow field is one only a service writes: a state, someone's answer, the
dates and sums a transition owns, the time something was sent. Each app's
services check their rules (who may, in which state, under which lock) before
they write one; a generic edit form would skip all of that. So the admin shows
these fields read only, its add forms and actions call the services, and a
test (tests/test_admin_workflow.py) fails if any admin form, for any role, can
write one.

A model's workflow fields are those named in its ``WORKFLOW_FIELDS``, and any
field called ``state`` or ``status`` unless the model names it in
``NOT_WORKFLOW_FIELDS`` with a comment saying why it is plain data (a
specialist's ``status`` says whether they are a serving or retired official;
no service moves it).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from clair_portal.errors import DomainError

STATE_NAMES = ("state", "status")


def workflow_fields(model) -> set[str]:
    """The names of ``model``'s fields that only its services write."""
    names = {field.name for field in model._meta.get_fields()}
    declared = set(getattr(model, "WORKFLOW_FIELDS", ()))
    exempt = set(getattr(model, "NOT_WORKFLOW_FIELDS", ()))
    unknown = (declared | exempt) - names
    if unknown:
        raise LookupError(f"{model._meta.label} declares unknown workflow fields {sorted(unknown)}")
    return declared | ({name for name in STATE_NAMES if name in names} - exempt)


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's history pages, to read: a past version is never restored.

    Restoring saves every field of the old version, workflow fields included
    (a placement back to draft, an answered reappointment back to pending, an
    account back to an old e-mail address), past every service and every
    permission but the model's change permission; and the library's revert
    view saves on POST even where it hides its button. So the button is
    hidden and the POST refused, for everyone.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class WorkflowAdminMixin:
    """For a model admin or inline: the model's workflow fields are read only, for everyone.

    Where a service creates or changes the object, name its form:
    ``service_add_form`` / ``service_change_form`` (each a :class:`ServiceForm`).
    Its fields are then the service's inputs rather than read only, the signed-in
    user is handed to it, and the admin saves nothing itself: the service saved
    the object during validation.
    """

    service_add_form = None
    service_change_form = None

    def service_form(self, obj):
        return self.service_add_form if obj is None else self.service_change_form

    def get_form(self, request, obj=None, **kwargs):
        if self.service_form(obj) is not None:
            kwargs["form"] = self.service_form(obj)
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, ServiceForm):
            form.user = request.user  # modelform_factory made this class for this request
        return form

    def get_fields(self, request, obj=None):
        if obj is None and self.service_add_form is not None:
            return list(self.service_add_form.base_fields)
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        names = workflow_fields(self.model) - set(readonly)
        service_form = self.service_form(obj)
        if service_form is not None:
            names -= set(service_form.base_fields)
        parent = getattr(self, "parent_model", None)
        if parent is not None:  # an inline: its link to the parent is never a column
            names -= {
                field.name for field in self.model._meta.fields if field.related_model is parent
            }
        return readonly + sorted(names)

    def save_model(self, request, obj, form, change):
        if isinstance(form, ServiceForm):
            return
        super().save_model(request, obj, form, change)


class ServiceForm(forms.ModelForm):
    """An admin form whose saving is a call to the service that owns the change.

    The service is called as the last step of validation, once the fields and
    the model's own checks have passed, in a savepoint: a refusal (a
    ``DomainError``) becomes the form's error, on the field it names if the
    form has it, nothing is written and everything typed is shown again. The object
    the service returns is what the admin then logs; ``save()`` writes nothing
    more. Use it only in a model admin without inline formsets
    (``WorkflowAdminMixin`` saves nothing else), so that nothing validated after
    the service can refuse the page and leave the service's work behind.
    """

    user = None  # the signed-in user, set by WorkflowAdminMixin.get_form

    def call_service(self):
        """Do the change from ``self.cleaned_data``; return the object as the service left it."""
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.call_service()
        except DomainError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)

    def save(self, commit=True):
        return self.instance

    def save_m2m(self):
        """Nothing left to save: the service saved the object and its relations."""
