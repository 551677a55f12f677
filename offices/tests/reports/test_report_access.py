"""Every page of office reports × every role, from the app's access matrix.

Each case builds its own world (London's reports), so a POST by one role
cannot change what the next one sees. Beyond the status code, a refused POST
must leave the report as it was.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from clair_portal.testing.access import LOGIN, ROLES
from offices.models import Report
from offices.tests import access

pytestmark = pytest.mark.django_db

CASES = [(name, role) for name in sorted(access.MATRIX) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_report_pages_answer_each_role_as_the_matrix_says(client, cast, name, role):
    world = {key: obj.pk for key, obj in access.objects(cast).items()}
    row = access.MATRIX[name]
    with translation.override("en"):
        url = reverse(name, kwargs={k: v.format(**world) for k, v in row.kwargs.items()})
    before = {r.pk: (r.state, r.updated_at) for r in Report.objects.all()}
    user = cast.by_role(role)
    if user is not None:
        client.force_login(user)
    response = getattr(client, row.method)(url, row.data)
    expected = row.outcomes[role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == expected, response.content[:500]
    if row.method == "post" and expected != 302:
        # A refused change changes nothing.
        assert {r.pk: (r.state, r.updated_at) for r in Report.objects.all()} == before


def test_other_office_cannot_reach_a_london_report_by_any_door(client, cast):
    world = access.objects(cast)
    report, attachment, draft = world["report"], world["attachment"], world["draft"]
    client.force_login(cast.office_b)
    urls = [
        reverse("offices:report-detail", args=[report.pk]),
        reverse("offices:report-history", args=[report.pk]),
        reverse("offices:report-attachment", args=[report.pk, attachment.pk]),
        reverse("offices:report-edit", args=[draft.pk]),
        reverse("offices:report-detail", args=[draft.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Mixing a visible report id with someone else's attachment id is no way in either.
    paris = cast.office_b
    from offices.tests.reports.factories import filed_report

    own = filed_report(paris, "2026-01-01", attachments=1)
    url = reverse("offices:report-attachment", args=[own.pk, attachment.pk])
    assert client.get(url).status_code == 404
    assert client.post(reverse("offices:report-submit", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.state == Report.State.DRAFT
    body = client.get(reverse("offices:report-dashboard")).content.decode()
    assert "London" not in body
