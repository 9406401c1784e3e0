// Accepting a quote (orders16): choosing a province fetches its communes by sending the form
// with its "Show its communes" button, as a person without JavaScript would.
document.querySelectorAll("button[data-communes]").forEach(function (button) {
  var form = button.form;
  var province = form && form.querySelector("select[name$='province']");
  if (!province) return;
  province.addEventListener("change", function () { button.click(); });
});
