"""Every form rendered through _form.html guides the same way (issue 18, item 3)."""

from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from django_countries.fields import CountryField
from lxml import html as lxml_html


class Request(forms.Form):
    side = forms.ChoiceField(
        label="Who asks",
        choices=[("japan", "Japan"), ("abroad", "Abroad")],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label="Name", help_text="As written officially.")
    country = CountryField(blank=True).formfield(label="Country", required=False)
    fields = forms.MultipleChoiceField(
        label="Fields", choices=[("a", "Art"), ("b", "Business")],
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    population = forms.IntegerField(label="Population", required=False)
    agree = forms.BooleanField(label="I agree", required=False)

    fieldsets = [("About you", ["name", "population"]), ("The exchange", ["fields"])]
    shown_when = {"country": ("side", "abroad")}
    searchable = ("country", "fields")


def render(form) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<div>{render_to_string('_form.html', {'form': form})}</div>")


def test_optional_fields_say_so_and_required_ones_carry_no_mark():
    tree = render(Request())
    labels = {label.get("for"): label.text_content().strip() for label in tree.iter("label")}
    assert labels["id_name"] == "Name"
    assert labels["id_population"] == "Population (optional)"
    assert labels["id_agree"] == "I agree"  # an unticked box is an answer, not a gap
    # shown only for an answer that makes it needed: not marked optional
    assert labels["id_country"] == "Country"
    legends = [legend.text_content().strip() for legend in tree.iter("legend")]
    assert "Who asks" in legends and "Fields (optional)" in legends


def test_related_fields_sit_in_fieldsets_and_choice_groups_have_a_legend():
    tree = render(Request())
    groups = {
        fs.find("legend").text_content().strip(): [i.get("name") for i in fs.iter("input")]
        for fs in tree.find_class("field-group")
    }
    assert groups == {"About you": ["name", "population"], "The exchange": ["fields", "fields"]}
    choices = tree.find_class("field__choices")
    assert [c.find("legend").text_content().strip() for c in choices][0] == "Who asks"


def test_an_error_summary_links_to_each_field_and_each_input_is_described_by_its_error():
    form = Request(data={"side": "abroad", "name": "", "country": "XX"})
    tree = render(form)
    summary = tree.find_class("error-summary")[0]
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1"
    links = {a.get("href"): a.text_content() for a in summary.iter("a")}
    assert set(links) == {"#id_name", "#id_country"}
    assert links["#id_name"].startswith("Name: ")
    name = tree.get_element_by_id("id_name")
    assert name.get("aria-describedby") == "id_name_helptext id_name_error"
    assert name.get("aria-invalid") == "true"
    assert (
        tree.get_element_by_id("id_name_error")
        .text_content()
        .strip()
        .endswith("This field is required.")
    )
    # a radio group's link goes to its first input
    assert "#id_side_0" in {a.get("href") for a in render(Request(data={})).iter("a")}


def test_no_summary_on_a_form_without_errors():
    assert not render(Request()).find_class("error-summary")


def test_dependent_fields_and_long_lists_are_marked_for_the_script():
    tree = render(Request())
    country = tree.get_element_by_id("id_country")
    assert country.get("data-picker") == ""
    assert country.getparent().get("data-shown-when") == "side=abroad"
    assert tree.xpath("//*[@data-filterable]")

    # a form that does not ask for them gets neither
    class Plain(Request):
        searchable = ()
        shown_when = {}

    plain = render(Plain())
    assert not plain.xpath("//*[@data-picker or @data-filterable or @data-shown-when]")


def test_the_summary_and_marks_are_in_japanese_on_japanese_pages():
    with translation.override("ja"):
        tree = render(Request(data={}))
    text = tree.text_content()
    assert "入力内容に問題があります" in text and "（任意）" in text and "エラー：" in text


def test_a_summary_row_shows_the_answer_escaped_and_a_change_link_naming_the_question():
    from django.template import engines

    source = (
        '{% load formkit %}<dl class="summary-list">'
        '{% summaryrow label="Title" change="/edit/#id_title" %}{{ answer }}{% endsummaryrow %}'
        '{% summaryrow label="Fixed" %}kept{% endsummaryrow %}</dl>'
    )
    with translation.override("ja"):
        out = engines["django"].from_string(source).render({"answer": "<b>Tea & talk</b>"})
    page = lxml_html.fragment_fromstring(out)
    first, second = page.xpath('div[@class="summary-list__row"]')
    assert first.xpath("dt")[0].text == "Title"
    assert "&lt;b&gt;Tea &amp; talk&lt;/b&gt;" in out  # the answer is escaped, once
    (link,) = first.xpath('dd[@class="summary-list__action"]/a')
    assert link.get("href") == "/edit/#id_title"
    assert link.text_content() == "変更 Title"  # screen readers hear which answer
    assert not second.xpath('dd[@class="summary-list__action"]')  # no link where nothing can change
