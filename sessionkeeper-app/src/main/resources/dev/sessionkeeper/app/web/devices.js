// Counts down each device's session to its deadline. The deadlines come from Redis's clock; the server's time
// in data-server-now corrects for a browser clock that runs ahead or behind. When this device's own session
// runs out, the page reloads: the server then finds no session and says so.
(function () {
  'use strict';
  var list = document.querySelector('.devices');
  if (!list) {
    return;
  }
  var offset = Number(list.dataset.serverNow) - Date.now();
  var rows = Array.prototype.slice.call(list.querySelectorAll('.device[data-expires]'));
  var spans = rows.map(function (row) {
    return Math.max(1000, Number(row.dataset.expires) - (Date.now() + offset));
  });
  var reloading = false;

  function format(ms) {
    var s = Math.ceil(ms / 1000);
    if (s < 60) {
      return s + ' s';
    }
    var m = Math.floor(s / 60);
    var rest = s % 60;
    return m + ' min ' + (rest < 10 ? '0' : '') + rest + ' s';
  }

  function tick() {
    var now = Date.now() + offset;
    rows.forEach(function (row, i) {
      var left = Number(row.dataset.expires) - now;
      var cell = row.querySelector('.countdown');
      var bar = row.querySelector('.meter span');
      if (left <= 0) {
        cell.textContent = 'expired';
        cell.className = 'countdown over';
        row.classList.add('expired');
        if (bar) {
          bar.style.width = '0%';
        }
        if (row.hasAttribute('data-current') && !reloading) {
          reloading = true;
          // A moment after the deadline, so that the session is surely gone when the server looks.
          setTimeout(function () { window.location.reload(); }, 1200);
        }
        return;
      }
      cell.textContent = format(left);
      cell.className = left < 10000 ? 'countdown soon' : 'countdown';
      if (bar) {
        bar.style.width = Math.min(100, 100 * left / spans[i]).toFixed(1) + '%';
      }
    });
  }

  tick();
  setInterval(tick, 250);
})();
