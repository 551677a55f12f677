"""What ``_form.html`` needs to render any form the same guiding way.

The GOV.UK Design System's patterns: an error summary linking to each field,
"(optional)" on the fields that are, related fields in fieldsets, radio and
checkbox groups as fieldsets with a legend, each input described by its hint
and its error, and fields shown only after the answer they depend on.

A form may declare

- ``fieldsets = [(legend, ["field", ...]), ...]``: fields grouped under a
  legend, in the order given; fields in no group come first, on their own;
- ``shown_when = {"field": ("other_field", "value"), ...}``: a field revealed
  (by ``static/portal/forms.js``) only when another field has that value;
- ``searchable = ("field", ...)``: long lists made easier to choose from: a
  single choice becomes a searchable picker, a list of checkboxes gets a box
  that filters it as one types.

Before anything that cannot be undone, a page shows the answers to check, each
with a link to change it: ``{% summaryrow %}`` rows in ``<dl class="summary-list">``.
"""

from dataclasses import dataclass

from django import forms, template
from django.template.base import token_kwargs
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@dataclass
class Group:
    legend: str | None
    fields: list


@register.filter
def field_groups(form) -> list[Group]:
    """The visible fields in their fieldsets (``form.fieldsets``), loose ones first."""
    visible = {f.name: f for f in form.visible_fields()}
    declared = getattr(form, "fieldsets", None) or []
    grouped = {name for _legend, names in declared for name in names}
    groups = []
    loose = [f for name, f in visible.items() if name not in grouped]
    if loose:
        groups.append(Group(None, loose))
    for legend, names in declared:
        fields = [visible[name] for name in names if name in visible]
        if fields:
            groups.append(Group(legend, fields))
    return groups


def _is_single_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_checkbox(field) -> bool:
    return _is_single_checkbox(field)


@register.filter
def is_optional(field) -> bool:
    """Marked "(optional)": not required, not a lone checkbox (unticked is an answer), and
    not revealed by an earlier answer (it shows because that answer makes it needed)."""
    return (
        not field.field.required
        and not _is_single_checkbox(field)
        and field.name not in getattr(field.form, "shown_when", {})
    )


@register.filter
def error_target(field) -> str:
    """The id the error summary links to: the input, or a group's first input."""
    return field.id_for_label or f"{field.auto_id}_0"


@register.filter
def described(field):
    """The field's widget, described by its hint and its error message."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.name in getattr(field.form, "searchable", ()):
        widget = field.field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            attrs["data-filterable"] = ""
        elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
            attrs["data-picker"] = ""
    return field.as_widget(attrs=attrs)


@register.filter
def shown_when(field) -> str:
    """``name=value`` of the answer this field depends on, or ""."""
    condition = getattr(field.form, "shown_when", {}).get(field.name)
    if not condition:
        return ""
    other, value = condition
    return f"{field.form.add_prefix(other)}={value}"


@dataclass
class Answer:
    label: str
    text: str
    change: str


@register.filter
def answers(form, change_url: str = "") -> list[Group]:
    """The form's answers as a person reads them, grouped as the form is, for checking.

    Each answer's text is the label of the option chosen (the object, for a
    model choice), options joined by commas; empty when nothing was given. A
    field revealed by an earlier answer is left out when that answer does not
    reveal it; files and the honeypot are left out (the page lists files itself).
    ``change_url`` leads back to the form, at the field.
    """
    conditions = getattr(form, "shown_when", {})
    groups = []
    for group in field_groups(form):
        rows = []
        for bound in group.fields:
            if getattr(bound.field, "honeypot", False) or isinstance(bound.field, forms.FileField):
                continue
            if bound.name in conditions:
                other, value = conditions[bound.name]
                if str(form[other].value()) != str(value):
                    continue
            anchor = f"{change_url}#{error_target(bound)}" if change_url else ""
            rows.append(Answer(str(bound.label), _answer_text(bound), anchor))
        if rows:
            groups.append(Group(group.legend, rows))
    return groups


def _answer_text(bound) -> str:
    field, value = bound.field, bound.value()
    if value in (None, "") or value == [] or value == ():
        return ""
    if isinstance(field, forms.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(choice) for choice in field.clean(value))
    if isinstance(field, forms.ModelChoiceField):
        return str(field.to_python(value) or "")
    if hasattr(field, "choices"):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, (list, tuple)):  # an optgroup
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        chosen = value if isinstance(value, (list, tuple)) else [value]
        return ", ".join(str(labels.get(str(v), v)) for v in chosen)
    return str(value)


class SummaryRowNode(template.Node):
    """One row of a check-your-answers list: the question, the answer, a link to change it."""

    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        options = {key: value.resolve(context) for key, value in self.options.items()}
        answer = self.nodelist.render(context)  # autoescaped by the template it came from
        return context.template.engine.get_template("_summary_row.html").render(
            template.Context(
                {
                    "label": options.get("label", ""),
                    "change": options.get("change", ""),
                    "answer": mark_safe(answer.strip()),  # noqa: S308 - rendered above, escaped
                },
                autoescape=context.autoescape,
            )
        )


@register.tag("summaryrow")
def summary_row(parser, token):
    """``{% summaryrow label=_("Title") change=url %}{{ answer }}{% endsummaryrow %}``.

    Rows go inside ``<dl class="summary-list">``; ``change`` (optional) is where
    the answer is changed, and its link names the question for screen readers.
    """
    bits = token.split_contents()[1:]
    options = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError("summaryrow takes only label= and change=")
    nodelist = parser.parse(("endsummaryrow",))
    parser.delete_first_token()
    return SummaryRowNode(nodelist, options)
