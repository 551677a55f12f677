"""The one kind of error a service raises to refuse something, and one way to show it.

Every app's refusal (``ReportError``, ``GrantError``, ``JetError``...) derives from
:class:`DomainError`: it carries a translated message for the person who asked, and
optionally the form field at fault. Views and admin actions run the service inside
:func:`show_refusals`, which turns a refusal into a form error or a page message
and lets everything else through::

    with show_refusals(request):
        services.accept_report(request.user, report_id, comment)
        messages.success(request, _("The report has been accepted."))
    return redirect("offices:report-detail", report_id=report_id)

The code after the call inside the block runs only when the service agreed.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.utils.text import format_lazy


class DomainError(Exception):
    """A refusal the person may be told about.

    ``message`` is a translated string, lazy or not (a lazy one comes out in the
    language active where it is shown); ``field`` names the form field at fault,
    if one is.
    """

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


@dataclass
class Outcome:
    """What :func:`show_refusals` saw: the refusal, if there was one."""

    error: DomainError | None = None

    @property
    def refused(self) -> bool:
        return self.error is not None


@contextmanager
def show_refusals(request, *, form=None, field: str | None = None, about=None):
    """Run the block; if it raises a :class:`DomainError`, show it and carry on after it.

    - With ``form``, the message becomes the form's error, on the error's field
      (or ``field``) when the form has one, else on the form as a whole.
    - Without, it is a page message (``django.contrib.messages``, which the admin
      shows too); ``about`` prefixes it with the object it concerns, for an admin
      action over many objects.

    Yields an :class:`Outcome` whose ``refused`` tells the caller, e.g. to answer 400.
    """
    outcome = Outcome()
    try:
        yield outcome
    except DomainError as error:
        outcome.error = error
        if form is not None:
            name = error.field or field
            form.add_error(name if name in form.fields else None, error.message)
        elif about is not None:
            messages.error(request, format_lazy("{}: {}", about, error.message))
        else:
            messages.error(request, error.message)
