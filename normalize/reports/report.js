(function () {
  "use strict";
  var filter = document.getElementById("filter");
  var toggle = document.getElementById("toggle");
  var records = Array.prototype.slice.call(document.querySelectorAll("#records details.record"));
  if (filter) {
    filter.addEventListener("input", function () {
      var wanted = filter.value.trim().toLowerCase();
      records.forEach(function (record) {
        record.hidden = wanted !== "" && record.getAttribute("data-search").indexOf(wanted) < 0;
      });
    });
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = toggle.textContent === "open all";
      records.forEach(function (record) { record.open = open; });
      toggle.textContent = open ? "close all" : "open all";
    });
  }
  // A link to a record of the sample opens it.
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.documentElement.setAttribute("data-script", "ran");
})();
