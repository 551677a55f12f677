"""The header, as HQ (who is shown the most sections) and as anyone on a phone (issue 18):
one row at 1280 px in both languages; behind a menu button at 390 px, which the keyboard
opens and Escape closes."""

import pytest
from django.contrib.auth.models import Group

from clair_portal.accounts import roles
from conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where each part of the header sits, as the browser laid it out.
LAYOUT = """() => {
  const top = el => Math.round(el.getBoundingClientRect().top);
  const header = document.querySelector('.site-header');
  return {
    height: Math.round(header.getBoundingClientRect().height),
    rows: [...new Set([...document.querySelectorAll(
      '.site-name, .site-nav > ul > li, .account-menu summary, .log-in, #language-select'
    )].map(el => top(el)))],
    items: document.querySelectorAll('.site-nav > ul > li').length,
  };
}"""


@pytest.fixture
def hq(reference_data):
    user = make_user("hq.header@example.org", role=roles.HQ_STAFF, is_staff=True)
    # With every group HQ's divisions hold besides (cooperation staff, counsellors...),
    # as HQ's demo login is also cooperation staff: the widest header there is.
    user.groups.add(*Group.objects.exclude(name__in=roles.RANK))
    return user


@pytest.mark.parametrize("language", ["en", "ja"])
def test_hqs_header_fits_one_row_at_1280_px(visitor, hq, language):
    visitor.log_in(hq, language)
    visitor.visit(f"/{language}/", label=f"home {language}")
    layout = visitor.page.evaluate(LAYOUT)
    assert layout["items"] >= 5  # HQ is shown its many sections...
    spread = max(layout["rows"]) - min(layout["rows"])
    assert spread <= 12, layout  # ...on one row, not wrapped onto a second
    assert layout["height"] <= 72, layout


def test_on_a_phone_the_sections_fold_behind_a_menu_button(visitor, reference_data):
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.visit("/en/", label="home on a phone")
    button = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    assert button.is_visible() and not nav.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and nav.is_visible()
    visitor.check("menu open on a phone")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not nav.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")
