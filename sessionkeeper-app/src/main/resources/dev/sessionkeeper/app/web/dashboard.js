// The dashboard: polls /dashboard/stats every second for the figures and charts (drawn by Chart.js), and
// listens to /dashboard/events (server-sent events) for the live feed.
(function () {
  'use strict';
  var MAX_FEED = 60;
  var accent = '#4f46e5';
  var grid = '#e3e5ef';
  var muted = '#646a80';

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = muted;

  // autoSkip: false on the time axis, whose labels are sparse on purpose (one every 10 s).
  function axes(autoSkip) {
    return {
      x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: autoSkip } },
      y: { beginAtZero: true, grid: { color: grid }, ticks: { precision: 0 } }
    };
  }

  var rateLabels = [];
  for (var i = 60; i >= 1; i--) {
    rateLabels.push(i % 10 === 0 ? '-' + i + ' s' : (i === 1 ? 'now' : ''));
  }
  var rateChart = new Chart(document.getElementById('rate-chart'), {
    type: 'line',
    data: { labels: rateLabels, datasets: [{
      label: 'expirations/s', data: [], borderColor: accent, backgroundColor: 'rgba(79, 70, 229, .12)',
      fill: true, tension: .3, pointRadius: 0, borderWidth: 2
    }] },
    options: {
      animation: false, maintainAspectRatio: false, responsive: true,
      plugins: { legend: { display: false }, tooltip: { intersect: false, mode: 'index' } },
      scales: axes(false)
    }
  });
  var latenessChart = new Chart(document.getElementById('lateness-chart'), {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'expirations', data: [], backgroundColor: '#22d3ee', borderRadius: 6 }] },
    options: {
      animation: false, maintainAspectRatio: false, responsive: true,
      plugins: { legend: { display: false } },
      scales: axes(true)
    }
  });

  function setText(id, text) {
    document.getElementById(id).textContent = text;
  }

  function number(n) {
    return n === null || n === undefined ? '-' : Number(n).toLocaleString();
  }

  function refresh() {
    fetch('/dashboard/stats', { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) {
          return;
        }
        var series = s.perSecond;
        var last5 = series.slice(-5).reduce(function (a, b) { return a + b; }, 0) / 5;
        setText('live', number(s.live));
        setText('rate', last5.toFixed(1));
        setText('p99', s.worker.expired > 0 ? s.worker.p99 + ' ms' : '-');
        setText('expired', number(s.events.expired));
        rateChart.data.datasets[0].data = series;
        rateChart.update('none');
        latenessChart.data.labels = s.latenessLabels.map(function (l) { return l + ' ms'; });
        latenessChart.data.datasets[0].data = s.latenessCounts;
        latenessChart.update('none');
      })
      .catch(function () { /* the server is restarting or gone: the next poll tries again */ });
  }
  refresh();
  setInterval(refresh, 1000);

  var feed = document.getElementById('feed');
  var empty = document.getElementById('feed-empty');
  var state = document.getElementById('feed-state');

  function cell(tag, className, text) {
    var el = document.createElement(tag);
    el.className = className;
    el.textContent = text;
    return el;
  }

  function describe(e) {
    if (e.type === 'expired') {
      return e.latenessMs + ' ms late';
    }
    if (e.type === 'destroyed') {
      return e.reason || '';
    }
    if (e.type === 'rotated') {
      return '\u2192 ' + e.successor;
    }
    return '';
  }

  function show(e) {
    var li = document.createElement('li');
    li.className = 'event ' + e.type;
    li.appendChild(cell('span', 'type ' + e.type, e.type));
    li.appendChild(cell('span', 'id', e.id));
    li.appendChild(cell('span', 'who', e.principal || 'anonymous'));
    li.appendChild(cell('span', 'late', describe(e)));
    feed.insertBefore(li, feed.firstChild);
    while (feed.children.length > MAX_FEED) {
      feed.removeChild(feed.lastChild);
    }
    empty.hidden = true;
  }

  var source = new EventSource('/dashboard/events');
  source.addEventListener('open', function () {
    state.textContent = 'live';
    state.className = 'pill live';
  });
  source.addEventListener('error', function () {
    state.textContent = 'reconnecting';
    state.className = 'pill';
  });
  source.addEventListener('session', function (m) {
    show(JSON.parse(m.data));
  });
})();
