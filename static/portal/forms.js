// Forms that guide, as progressive enhancements of plain HTML forms (templates/_form.html):
// without JavaScript every field shows and every list is a plain select.
//
// - The error summary takes the focus when the page opens, and its links move the
//   focus to the field they name (scrolled so that its label shows).
// - A field marked data-shown-when="name=value" shows only while that answer is chosen.
// - A long single-choice list (data-picker) becomes a searchable picker
//   (accessible-autocomplete, loaded only on pages that need it).
// - A long list of checkboxes (data-filterable) gets a box that filters it as one types.
// - Filters in <details data-open-wide> stand open on wide screens, folded on a phone.
(function () {
  "use strict";
  var script = document.currentScript;

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) { return; }
      event.preventDefault();
      var field = input.closest(".field") || input;
      field.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  function currentValue(form, name) {
    var inputs = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { return input.value; }
      } else {
        return input.value;
      }
    }
    return "";
  }

  function revealDependants() {
    var dependants = document.querySelectorAll("[data-shown-when]");
    Array.prototype.forEach.call(dependants, function (field) {
      var form = field.closest("form");
      if (!form) { return; }
      var rule = field.getAttribute("data-shown-when");
      var at = rule.indexOf("=");
      var name = rule.slice(0, at);
      var wanted = rule.slice(at + 1);
      function update() {
        var shown = currentValue(form, name) === wanted;
        field.hidden = !shown;
        // A hidden field's inputs are not sent: the answer it depends on says it does not apply.
        Array.prototype.forEach.call(field.querySelectorAll("input, select, textarea"), function (el) {
          el.disabled = !shown;
        });
      }
      form.addEventListener("change", function (event) {
        if (event.target.name === name) { update(); }
      });
      update();
    });
  }

  function filterCheckboxes() {
    // The mark is on each checkbox (Django puts a widget's attributes on its inputs);
    // the list is the element that holds them all.
    var lists = [];
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filterable]"), function (input) {
      var list = input.closest("div[id]") || input.parentNode.parentNode;
      if (lists.indexOf(list) === -1) { lists.push(list); }
    });
    lists.forEach(function (list) {
      var fieldset = list.closest("fieldset");
      var legend = fieldset && fieldset.querySelector("legend");
      var box = document.createElement("input");
      box.type = "search";
      box.className = "choice-filter";
      if (list.id) { box.setAttribute("aria-controls", list.id); }
      box.setAttribute("aria-label", (script && script.dataset.filterLabel || "Filter the list") +
        (legend ? ": " + legend.textContent.trim() : ""));
      var count = document.createElement("p");
      count.className = "help";
      count.setAttribute("aria-live", "polite");
      list.parentNode.insertBefore(box, list);
      list.parentNode.insertBefore(count, list);
      list.classList.add("choice-list--filterable");
      box.addEventListener("input", function () {
        var wanted = box.value.trim().toLowerCase();
        var shown = 0;
        Array.prototype.forEach.call(list.querySelectorAll("label"), function (label) {
          var holder = label.parentNode === list ? label : label.parentNode;
          var input = label.querySelector("input");
          var match = !wanted || label.textContent.toLowerCase().indexOf(wanted) !== -1 ||
            (input && input.checked);
          holder.hidden = !match;
          if (match) { shown += 1; }
        });
        count.textContent = wanted ? (script && script.dataset.shownLabel || "{n} shown")
          .replace("{n}", String(shown)) : "";
      });
    });
  }

  function enhanceSelects() {
    var selects = document.querySelectorAll("select[data-picker]");
    if (!selects.length || !script) { return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = script.dataset.pickerCss;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = script.dataset.pickerJs;
    js.onload = function () {
      Array.prototype.forEach.call(selects, function (select) {
        window.accessibleAutocomplete.enhanceSelectElement({
          selectElement: select,
          // An unanswered list starts empty rather than showing its "---------" choice.
          defaultValue: select.value === "" ? "" : undefined,
          showAllValues: true,
          tNoResults: function () { return script.dataset.noResults || "No results found"; },
          tStatusQueryTooShort: function (n) {
            return (script.dataset.tooShort || "Type in {n} or more characters for results")
              .replace("{n}", String(n));
          },
          tStatusNoResults: function () { return script.dataset.noResults || "No results found"; },
          tStatusSelectedOption: function (option, length, index) {
            return (script.dataset.selected || "{option} {index} of {length} is highlighted")
              .replace("{option}", option).replace("{index}", String(index + 1))
              .replace("{length}", String(length));
          },
          tStatusResults: function (length, contentSelectedOption) {
            return (script.dataset.results || "{n} results are available. {selected}")
              .replace("{n}", String(length)).replace("{selected}", contentSelectedOption);
          },
          tAssistiveHint: function () {
            return script.dataset.hint ||
              "When autocomplete results are available use up and down arrows to review and enter to select.";
          }
        });
      });
    };
    document.head.appendChild(js);
  }

  // Filters in <details data-open-wide> fold away on a phone, so that results come first,
  // and stand open where there is room beside them.
  function openWhereWide() {
    if (!window.matchMedia("(min-width: 48rem)").matches) { return; }
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  function init() {
    focusSummary();
    openWhereWide();
    revealDependants();
    filterCheckboxes();
    enhanceSelects();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
