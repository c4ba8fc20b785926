// Keyboard edits on the align page: on a focused pair row, j joins it with the next, s splits,
// u unlinks, Alt+ArrowUp/ArrowDown move its target. Each key presses the row's button, so the
// keys do exactly what the buttons do (and the page works without this file).
(function () {
  var keys = { j: "join", s: "split", u: "unlink" };
  var focusRow = null;
  document.addEventListener("keydown", function (ev) {
    var row = ev.target.closest && ev.target.closest("tr[data-bead]");
    if (!row || ev.target !== row) return;
    var op = keys[ev.key];
    if (ev.altKey && ev.key === "ArrowUp") op = "up";
    if (ev.altKey && ev.key === "ArrowDown") op = "down";
    if (!op && !ev.altKey && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
      var next = ev.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
      if (next) { next.focus(); ev.preventDefault(); }
      return;
    }
    if (!op) return;
    var button = row.querySelector('button[value="' + op + '"]');
    if (!button) return;
    ev.preventDefault();
    focusRow = row.getAttribute("data-bead");
    button.click();
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (focusRow === null) return;
    var row = document.querySelector('tr[data-bead="' + focusRow + '"]');
    if (row) row.focus();
    focusRow = null;
  });
})();
