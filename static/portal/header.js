// The header's two enhancements; without JavaScript the menu stays open and the
// language form keeps its button.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function init() {
    // The language changes as soon as it is chosen.
    var form = document.querySelector(".language-switcher");
    if (form) {
      var select = form.querySelector("select");
      var button = form.querySelector(".language-switcher__button");
      if (button) { button.hidden = true; }
      if (select) {
        select.addEventListener("change", function () { form.submit(); });
      }
    }

    // On narrow screens the sections fold behind a menu button.
    var toggle = document.querySelector(".menu-button");
    var menu = document.getElementById("site-menu");
    if (toggle && menu) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", open ? "false" : "true");
        menu.classList.toggle("is-open", !open);
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.classList.contains("is-open")) {
          toggle.setAttribute("aria-expanded", "false");
          menu.classList.remove("is-open");
          toggle.focus();
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
