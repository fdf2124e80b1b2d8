// relief: the little script the forms use. Every form works without it;
// it only saves a round trip when adding or removing a household member and
// hides the fields a chosen document or option does not need.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Rows are named members.N.field; after a removal they are renumbered so
  // that the indices the server reports errors at match what is on screen.
  function renumber(container) {
    var rows = container.querySelectorAll("[data-row]");
    rows.forEach(function (row, index) {
      row.querySelectorAll("[name],[id],[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) {
            el.setAttribute(attr, value.replace(/members([.-])\d+([.-])/, "members$1" + index + "$2"));
          }
        });
      });
      var number = row.querySelector("[data-row-number]");
      if (number) { number.textContent = String(index + 1); }
    });
  }

  function syncDocument(row) {
    var select = row.querySelector("select[name$=\"document.type\"]");
    if (!select) { return; }
    row.querySelectorAll("[data-for-document]").forEach(function (el) {
      var kinds = el.getAttribute("data-for-document").split(" ");
      el.hidden = kinds.indexOf(select.value) < 0;
    });
  }

  function syncToggles(scope) {
    scope.querySelectorAll("[data-toggle]").forEach(function (box) {
      var target = document.getElementById(box.getAttribute("data-toggle"));
      if (target) { target.hidden = !box.checked; }
    });
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      var container = document.getElementById(add.getAttribute("data-add-row"));
      var template = document.getElementById(add.getAttribute("data-template"));
      var index = container.querySelectorAll("[data-row]").length;
      var html = template.innerHTML.replace(/__i__/g, String(index)).replace(/__n__/g, String(index + 1));
      container.insertAdjacentHTML("beforeend", html);
      var row = container.lastElementChild;
      syncDocument(row);
      var first = row.querySelector("input");
      if (first) { first.focus(); }
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) {
      event.preventDefault();
      var rowToRemove = remove.closest("[data-row]");
      var parent = rowToRemove.parentElement;
      rowToRemove.remove();
      renumber(parent);
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[name$=\"document.type\"]")) {
      syncDocument(event.target.closest("[data-row]"));
    }
    if (event.target.matches("[data-toggle]")) {
      syncToggles(document);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-row]").forEach(syncDocument);
    syncToggles(document);
  });
})();
