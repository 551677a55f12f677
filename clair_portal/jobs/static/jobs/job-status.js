// Keeps a job's page current while the report is produced: polls the job's
// JSON status and updates the state and progress bar, then reloads the page
// once the job has finished so the download link (or the error) shows.
// Loaded as a file, never inline, so the portal's CSP needs no unsafe-inline.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;
  var panel = document.querySelector("[data-job-status-url]");
  if (!panel) {
    return;
  }
  var url = panel.getAttribute("data-job-status-url");
  var state = panel.querySelector("[data-job-state]");
  var progress = panel.querySelector("progress");
  var count = panel.querySelector("[data-job-count]");

  function show(status) {
    if (status.finished) {
      window.location.reload();
      return false;
    }
    state.textContent = status.state_label;
    if (count) {
      count.textContent = status.progress_label;
    }
    if (progress && status.rows_total) {
      progress.max = status.rows_total;
      progress.value = status.rows_done;
      progress.textContent = Math.floor((100 * status.rows_done) / status.rows_total) + "%";
    }
    return true;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        if (show(status)) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        // A network hiccup: try again later; the reload link still works.
        window.setTimeout(poll, INTERVAL_MS * 3);
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
