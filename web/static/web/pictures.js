/* Product pictures (seller center): large photos from a phone camera are made smaller in the
   browser (a canvas, JPEG) before they are sent, and the upload shows its progress (XHR upload
   events). The server checks every file as it would any other; without JavaScript the form is
   a plain multipart POST. */
(function () {
  "use strict";
  var maxSide = 2000;

  function shrink(file) {
    return new Promise(function (resolve) {
      if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) {
        resolve(file); return;
      }
      createImageBitmap(file).then(function (bitmap) {
        var scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
        if (scale === 1) { resolve(file); return; }
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (!blob) { resolve(file); return; }
          resolve(new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }));
        }, "image/jpeg", 0.85);
      }).catch(function () { resolve(file); });
    });
  }

  function show(html, url) {
    /* The page the server answered with (the gallery with its new pictures and the success
       line, or the refusal beside the field), in place of this one. */
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("main");
    var here = document.querySelector("main");
    if (!fresh || !here) { window.location.assign(url || window.location.href); return; }
    here.replaceWith(fresh);
    if (url && url !== window.location.href) { window.history.replaceState(null, "", url); }
    init();
  }

  function init() {
  var form = document.querySelector("form.picture-upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = form.querySelector("input[type=file]");
  var bar = form.querySelector(".upload-progress");
  maxSide = parseInt(form.getAttribute("data-max-side"), 10) || maxSide;
  form.addEventListener("submit", function (event) {
    if (!input.files || !input.files.length) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    Promise.all(Array.prototype.map.call(input.files, shrink)).then(function (files) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      files.forEach(function (file) { data.append(input.name, file, file.name); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      bar.hidden = false;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      xhr.addEventListener("load", function () {
        show(xhr.responseText, xhr.responseURL);
      });
      xhr.addEventListener("error", function () { button.disabled = false; bar.hidden = true; });
      xhr.send(data);
    });
  });
  }

  init();
})();
