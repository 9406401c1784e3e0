/* Suggestions in the header's search box as someone types, from the API's suggest endpoint.
   Progressive enhancement: without this script the box is a plain GET form. */
(function () {
  var input = document.getElementById("site-q");
  if (!input || !window.fetch) return;
  var list = document.createElement("datalist");
  list.id = "site-q-suggestions";
  document.body.appendChild(list);
  input.setAttribute("list", list.id);
  var timer = null, last = "";
  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (q.length < 2 || q === last) return;
    timer = setTimeout(function () {
      last = q;
      fetch("/api/v1/search/suggest/?q=" + encodeURIComponent(q) + "&limit=8", {headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (data) {
          list.textContent = "";
          (data.results || []).forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.label;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
