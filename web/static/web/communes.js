/* The commune list follows the province (seller center forms): the API's communes endpoint
   fills the list when the province changes, so the "show the communes" step is not needed.
   Without JavaScript the form's button does the same with a round trip. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-communes]").forEach(function (province) {
    var commune = document.getElementById(province.getAttribute("data-communes"));
    if (!commune) { return; }
    var step = province.form && province.form.querySelector(".step-communes");
    if (step) { step.hidden = true; }
    province.addEventListener("change", function () {
      commune.length = 1; /* keep the empty choice */
      if (!province.value) { return; }
      fetch("/api/v1/regions/provinces/" + encodeURIComponent(province.value) + "/communes/", {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (rows) {
        rows.sort(function (a, b) { return a.name.localeCompare(b.name, "vi"); });
        rows.forEach(function (row) { commune.add(new Option(row.name, row.code)); });
      }).catch(function () { if (step) { step.hidden = false; } });
    });
  });
})();
