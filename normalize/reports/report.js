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
  // The inventory: rows kept that hold the text typed and have the status chosen.
  var inventoryFilter = document.getElementById("inventory-filter");
  var inventoryStatus = document.getElementById("inventory-status");
  var inventoryShown = document.getElementById("inventory-shown");
  var inventory = Array.prototype.slice.call(document.querySelectorAll("#inventory tr[data-status]"));
  function filterInventory() {
    var wanted = inventoryFilter.value.trim().toLowerCase();
    var status = inventoryStatus.value;
    var shown = 0;
    inventory.forEach(function (row) {
      var keep = (wanted === "" || row.getAttribute("data-search").indexOf(wanted) >= 0) &&
                 (status === "" || row.getAttribute("data-status") === status);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    inventoryShown.textContent = shown + " of " + inventory.length + " shown";
  }
  if (inventoryFilter && inventoryStatus) {
    inventoryFilter.addEventListener("input", filterInventory);
    inventoryStatus.addEventListener("change", filterInventory);
    filterInventory();
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
