// Small progressive enhancements; every page works without them.
// Buttons with data-confirm ask before submitting their form.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
// Buttons with data-print print the page (inline handlers are refused by the CSP).
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) {
    window.print();
  }
});
// On a phone the menu folds behind a button, so that a page starts with
// its content; without this script the menu simply stays open.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".menu-toggle");
  if (!toggle) {
    return;
  }
  var header = toggle.closest("header");
  header.classList.add("folding");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("open", open);
  });
});
// A select marked data-follows="NAME" picks, when a radio NAME changes,
// its first option offering that radio's data-service (a referral to
// courses goes to an organisation that gives them).
document.addEventListener("change", function (event) {
  var radio = event.target;
  if (radio.type !== "radio" || !radio.dataset.service) {
    return;
  }
  document.querySelectorAll('select[data-follows="' + radio.name + '"]').forEach(function (select) {
    var match = select.querySelector('option[data-service="' + radio.dataset.service + '"]');
    if (match) {
      select.value = match.value;
    }
  });
});
