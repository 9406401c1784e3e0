// Checkout (issue 16): with JavaScript, the communes follow the chosen province at once, read
// from the API's communes endpoint; without it, the form's "show the communes" step does it.
(function () {
  "use strict";
  var province = document.getElementById("id_province");
  var commune = document.getElementById("id_commune");
  if (!province || !commune || !window.fetch) { return; }
  document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
  var base = commune.getAttribute("data-communes");
  province.addEventListener("change", function () {
    var first = commune.options[0];
    commune.replaceChildren(first);
    if (!province.value) { return; }
    fetch(base + encodeURIComponent(province.value) + "/communes/", {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.json() : []; }).then(function (rows) {
      rows.sort(function (a, b) { return a.name.localeCompare(b.name, "vi"); });
      rows.forEach(function (row) {
        var option = document.createElement("option");
        option.value = row.code;
        option.textContent = row.name;
        commune.appendChild(option);
      });
    });
  });
})();
