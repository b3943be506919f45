// Starts Swagger UI on the spec URL the page names. A separate file, so the
// page's Content-Security-Policy can forbid inline scripts.
window.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: el.getAttribute("data-spec-url"),
    domNode: el,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    showExtensions: true,
    showCommonExtensions: true,
  });
});
