// Shows the times the server wrote in UTC (<time class="clock" data-epoch="...">) in the browser's own time zone.
(function () {
  'use strict';
  document.querySelectorAll('time.clock[data-epoch]').forEach(function (el) {
    if (el.closest('.countdown')) {
      return; // devices.js turns these into countdowns
    }
    el.textContent = new Date(Number(el.dataset.epoch)).toLocaleTimeString();
  });
})();
