// The API documentation page: Swagger UI over the portal's own OpenAPI schema.
// validatorUrl null: no badge fetched from another site (the CSP allows only this one).
window.addEventListener("DOMContentLoaded", () => {
  const node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: node.dataset.schema,
    domNode: node,
    validatorUrl: null,
    deepLinking: false,  // its path links sit inside the summary button, which axe refuses
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    syntaxHighlight: false,  // its colours fall short of AA contrast on the dark panel
    supportedSubmitMethods: ["get", "head"],
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});

// Swagger UI draws a parameter's value list and the examples lists of parameters and
// answers without a label; each is named after its parameter or answer code, so that a screen reader says what it chooses.
window.addEventListener("DOMContentLoaded", () => {
  const node = document.getElementById("swagger-ui");
  if (!node) return;
  const name = () => {
    for (const select of node.querySelectorAll("select:not([aria-label])")) {
      const examples = select.classList.contains("examples-select-element");
      const row = select.closest("tr[data-param-name], tr[data-code]");
      if (!row) continue;
      const subject = row.dataset.paramName || `response ${row.dataset.code}`;
      select.setAttribute("aria-label", examples ? `${subject}: examples` : subject);
    }
  };
  new MutationObserver(name).observe(node, { childList: true, subtree: true });
});
