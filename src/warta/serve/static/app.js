// warta explorer: the little JavaScript there is. The pages work without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // facet checkboxes apply at once
  document.querySelectorAll("input.auto-submit").forEach(function (box) {
    box.addEventListener("change", function () { box.form.submit(); });
  });
  var apply = document.querySelector("#facet-form button.apply");
  if (apply && document.querySelector("input.auto-submit")) { apply.hidden = false; }
  // "/" focuses the search box
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.key === "/" && !(t instanceof HTMLInputElement) && !(t instanceof HTMLTextAreaElement)) {
      var box = document.getElementById("top-q");
      if (box) { ev.preventDefault(); box.focus(); }
    }
  });
});
