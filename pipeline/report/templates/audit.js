(function () {
  "use strict";
  var selects = {
    rule: document.getElementById("loc-quy-tac"),
    severity: document.getElementById("loc-muc-do"),
    document: document.getElementById("loc-tai-lieu")
  };
  if (!selects.rule) {
    return; // no findings, no filters
  }
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".document-group"));
  var count = document.getElementById("so-dang-hien");
  var noMatch = document.getElementById("khong-khop");

  function matches(finding) {
    var rule = selects.rule.value, severity = selects.severity.value;
    var doc = selects.document.value;
    return (!rule || finding.getAttribute("data-rule") === rule) &&
      (!severity || finding.getAttribute("data-severity") === severity) &&
      (!doc || finding.getAttribute("data-docs").split(" ").indexOf(doc) >= 0);
  }

  function apply() {
    var visible = 0;
    findings.forEach(function (finding) {
      var show = matches(finding);
      finding.hidden = !show;
      if (show) {
        visible += 1;
      }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector(".finding:not([hidden])");
    });
    count.textContent = String(visible);
    noMatch.hidden = visible > 0;
  }

  Object.keys(selects).forEach(function (name) {
    selects[name].addEventListener("change", apply);
  });
  document.getElementById("bo-loc").addEventListener("reset", function () {
    window.setTimeout(apply, 0); // after the form has reset the selects
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (button) {
    button.addEventListener("click", function () {
      selects[button.getAttribute("data-filter")].value = button.getAttribute("data-value");
      apply();
      document.getElementById("bo-loc").scrollIntoView();
    });
  });
  apply(); // a reloaded page keeps the previous choices in the selects
}());
