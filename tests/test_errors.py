"""One domain-error base for every app, and one way for views and the admin to show it."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clair_portal.errors import DomainError, show_refusals
from clair_portal.jobs.services import JobError
from clair_portal.tabular.reading import TableError
from cooperation.services import CooperationError
from jet.services import JetError
from multicultural.services import GrantError, LibraryError
from offices.services import ReportError
from sistercities.partnering import PartneringError
from sistercities.services import AffiliationError


@pytest.mark.parametrize(
    "error_class",
    [
        AffiliationError,
        CooperationError,
        GrantError,
        JetError,
        JobError,
        LibraryError,
        PartneringError,
        ReportError,
        TableError,  # a file an import refuses, the survey contacts' included
    ],
)
def test_every_apps_refusal_is_a_domain_error_with_its_message(error_class):
    error = error_class(_("This report has already been accepted."))
    assert isinstance(error, DomainError)
    assert error.message == "This report has already been accepted."
    with translation.override("ja"):
        assert str(error) == "この報告はすでに受理されています。"


class AmountForm(forms.Form):
    amount = forms.IntegerField()


def page_request(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_naming_a_field_becomes_that_fields_error(rf):
    form = AmountForm({"amount": "5"})
    assert form.is_valid()
    with show_refusals(page_request(rf), form=form) as outcome:
        raise GrantError("Enter at most ¥1,000.", field="amount")
    assert outcome.refused
    assert form.errors == {"amount": ["Enter at most ¥1,000."]}


def test_a_refusal_naming_no_field_of_the_form_is_the_forms_own_error(rf):
    form = AmountForm({"amount": "5"})
    assert form.is_valid()
    with show_refusals(page_request(rf), form=form):
        raise GrantError("This programme has closed.", field="closing_date")
    assert form.non_field_errors() == ["This programme has closed."]


def test_without_a_form_the_refusal_is_a_page_message_and_the_rest_is_skipped(rf):
    request = page_request(rf)
    done = []
    with show_refusals(request) as outcome:
        raise ReportError("Only a draft can be changed.")
        done.append("success message")  # noqa: B018  (never reached: the service refused)
    assert outcome.refused and done == []
    assert [str(m) for m in get_messages(request)] == ["Only a draft can be changed."]


def test_an_admin_action_names_the_object_refused(rf):
    request = page_request(rf)
    for name in ("London", "Paris"):
        with show_refusals(request, about=name):
            if name == "Paris":
                raise JetError("Already decided.")
    assert [str(m) for m in get_messages(request)] == ["Paris: Already decided."]


def test_an_agreed_call_runs_the_whole_block(rf):
    with show_refusals(page_request(rf)) as outcome:
        result = "saved"
    assert result == "saved" and not outcome.refused


def test_other_errors_are_not_swallowed(rf):
    with pytest.raises(KeyError), show_refusals(page_request(rf)):
        raise KeyError("a bug, not a refusal")
