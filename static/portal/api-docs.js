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
