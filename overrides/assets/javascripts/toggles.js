/* Kenniscentrum MVO: Material's drawer and search are opened by two hidden checkboxes (overrides/base.html). A browser
 * restores a checkbox's state when a page is loaded again from history (Back, reload), which would show the page with
 * the drawer or the search already open. Material prevented that with autocomplete="off", which is invalid on a
 * checkbox (the Nu Html Checker reports it), so this deferred script closes them once the page has been parsed, before
 * anyone could have opened them. The "change" event tells Material's bundle, which watches the toggles. */
(function () {
  "use strict";
  ["__drawer", "__search"].forEach(function (id) {
    var toggle = document.getElementById(id);
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  });
})();
