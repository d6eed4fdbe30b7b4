// CamReasoner live dashboard: loads every stream's timeline from the query API, then follows
// server-sent timeline updates (/api/events). No build step, no external resources.
(function () {
  'use strict';

  // Colour per label: one hue per family, the two directions a lighter and a deeper shade.
  var FAMILIES = [
    ['static', ['static'], ['#9aa4b8']],
    ['pan', ['pan-left', 'pan-right'], ['#7fb2ff', '#3d7ef0']],
    ['tilt', ['tilt-up', 'tilt-down'], ['#6fe0d0', '#1fa99a']],
    ['roll', ['roll-cw', 'roll-ccw'], ['#c9a7ff', '#9166e8']],
    ['zoom', ['zoom-in', 'zoom-out'], ['#ffd166', '#e09a1a']],
    ['dolly', ['dolly-in', 'dolly-out'], ['#ff8f8f', '#e2485c']],
    ['truck', ['truck-left', 'truck-right'], ['#9be38b', '#4cb548']],
    ['pedestal', ['pedestal-up', 'pedestal-down'], ['#ffa8dc', '#e0599f']]
  ];
  var COLOR = {};
  FAMILIES.forEach(function (f) { f[1].forEach(function (l, i) { COLOR[l] = f[2][i]; }); });
  var UNKNOWN = '#59607a';

  var streams = {}; // id -> {id, source, session, producer, shots: {index: shot}}
  var selected = null; // {stream, shot, seg}
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function colorOf(labels) {
    if (!labels || !labels.length) return UNKNOWN;
    if (labels.length === 1) return COLOR[labels[0]] || UNKNOWN;
    var step = 100 / labels.length, stops = [];
    labels.forEach(function (l, i) {
      var c = COLOR[l] || UNKNOWN;
      stops.push(c + ' ' + (i * step) + '%', c + ' ' + ((i + 1) * step) + '%');
    });
    return 'linear-gradient(180deg,' + stops.join(',') + ')';
  }

  function buildLegend() {
    var legend = $('legend');
    FAMILIES.forEach(function (f) {
      var fam = el('div', 'family');
      fam.appendChild(el('b', null, f[0]));
      f[1].forEach(function (l) {
        var s = el('span', 'swatch');
        var i = el('i');
        i.style.background = COLOR[l];
        s.appendChild(i);
        s.appendChild(document.createTextNode(f[1].length > 1 ? l.split('-').slice(1).join('-') : l));
        fam.appendChild(s);
      });
      legend.appendChild(fam);
    });
  }

  function fmtSec(s) {
    if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + 's';
    var m = Math.floor(s / 60), r = Math.round(s - m * 60);
    return m + ':' + (r < 10 ? '0' : '') + r;
  }

  function shotsOf(stream) {
    return Object.keys(stream.shots).map(function (k) { return stream.shots[k]; })
      .sort(function (a, b) { return a.index - b.index; });
  }

  function streamStatus(shots) {
    var last = shots.filter(function (s) { return s.lastShot; })[0];
    if (last && last.streamError) return {cls: 'error', text: 'error', error: last.streamError};
    if (last && last.status === 'closed') return {cls: 'ended', text: 'ended'};
    if (shots.some(function (s) { return s.status === 'open'; })) return {cls: 'live', text: 'live'};
    return {cls: 'ended', text: 'idle'};
  }

  // What a segment says in one line: its labels, the reason of a gap, or its own answer (a shot
  // too short to judge).
  function segText(seg) {
    if (seg.gap) return 'gap: ' + seg.gap;
    return seg.labels.join(' + ') || seg.answer || 'unknown';
  }

  // A stream shows one timeline: its latest ingest session (a restarted live stream starts a new
  // one) and, within it, the producer seen first. A snapshot from the query API never replaces a
  // fresher shot already pushed by SSE.
  function upsert(shot, fromSnapshot) {
    var s = streams[shot.streamId];
    if (!s) s = streams[shot.streamId] = {id: shot.streamId, source: shot.source, shots: {}};
    var session = shot.session || 0, producer = shot.producer || '';
    if (s.session === undefined || session > s.session) {
      s.session = session;
      s.producer = producer;
      s.shots = {};
    } else if (session < s.session || producer !== s.producer) {
      return s;
    }
    s.source = shot.source || s.source;
    var known = s.shots[shot.index];
    if (fromSnapshot && known && (known.windowCount > shot.windowCount ||
        (known.windowCount === shot.windowCount && known.status === 'closed'))) {
      return s;
    }
    s.shots[shot.index] = shot;
    return s;
  }

  function render(stream, flash) {
    var card = document.querySelector('.stream[data-stream="' + CSS.escape(stream.id) + '"]');
    if (!card) {
      card = el('article', 'stream');
      card.setAttribute('data-stream', stream.id);
      insertSorted(card, stream.id);
    }
    card.innerHTML = '';
    var shots = shotsOf(stream);
    var status = streamStatus(shots);
    var start = shots.length ? shots[0].startFrame : 0;
    var end = shots.reduce(function (m, s) { return Math.max(m, s.endFrame); }, start + 1);
    var fps = (shots.filter(function (s) { return s.fps > 0; })[0] || {fps: 25}).fps;
    var span = Math.max(1, end - start);
    var pct = function (f) { return ((f - start) / span * 100) + '%'; };
    var segCount = shots.reduce(function (n, s) { return n + s.segments.length; }, 0);

    var head = el('div', 'stream-head');
    var title = el('div', 'stream-title');
    title.appendChild(el('h2', null, stream.id));
    title.appendChild(el('span', 'badge ' + status.cls, status.text));
    title.appendChild(el('span', 'source', stream.source || ''));
    head.appendChild(title);
    var openShot = shots.filter(function (s) { return s.status === 'open'; }).pop();
    var current = openShot && openShot.segments[openShot.segments.length - 1];
    if (current) {
      var now = el('span', 'now');
      now.appendChild(document.createTextNode('now '));
      current.labels.forEach(function (l) {
        var c = el('span', 'chip', l);
        c.style.background = COLOR[l] || UNKNOWN;
        now.appendChild(c);
      });
      title.appendChild(now);
    }
    var meta = el('div', 'stream-meta');
    meta.innerHTML = '<b>' + shots.length + '</b> shot' + (shots.length === 1 ? '' : 's') +
      ' · <b>' + segCount + '</b> segments · <b>' + fmtSec((end - start) / fps) + '</b>';
    head.appendChild(meta);
    card.appendChild(head);
    if (status.error) card.appendChild(el('div', 'error-line', '⚠ ' + status.error));

    var track = el('div', 'track');
    var shotsRow = el('div', 'shots-row');
    shots.forEach(function (shot) {
      if (shot.index > 0 || shot.startFrame > start) {
        var cut = el('div', 'cut');
        cut.style.left = pct(shot.startFrame);
        track.appendChild(cut);
      }
      var sl = el('div', 'shot-label', 'shot ' + (shot.index + 1) + (shot.status === 'open' ? ' · open' : ''));
      sl.style.left = pct(shot.startFrame);
      shotsRow.appendChild(sl);
      shot.segments.forEach(function (seg, i) {
        var d = el('div', 'segment' + (seg.confidence < 0.5 ? ' low' : ''));
        d.style.left = pct(seg.startFrame);
        d.style.width = ((seg.endFrame - seg.startFrame) / span * 100) + '%';
        d.style.background = colorOf(seg.labels);
        d.setAttribute('data-stream', stream.id);
        d.setAttribute('data-shot', shot.index);
        d.setAttribute('data-labels', seg.labels.join(' '));
        if (seg.gap) d.classList.add('gap');
        d.appendChild(el('span', null, segText(seg)));
        if (selected && selected.stream === stream.id && selected.shot === shot.index &&
            selected.start === seg.startFrame) {
          d.classList.add('selected');
          showDetail(stream, shot, seg, d);
        }
        d.addEventListener('mouseenter', function (ev) { showTooltip(ev, shot, seg); });
        d.addEventListener('mousemove', moveTooltip);
        d.addEventListener('mouseleave', hideTooltip);
        d.addEventListener('click', function () {
          document.querySelectorAll('.segment.selected').forEach(function (x) { x.classList.remove('selected'); });
          d.classList.add('selected');
          selected = {stream: stream.id, shot: shot.index, start: seg.startFrame};
          showDetail(stream, shot, seg, d);
        });
        track.appendChild(d);
      });
      if (shot.status === 'open') {
        var edge = el('div', 'shot-open');
        edge.style.left = 'calc(' + pct(shot.endFrame) + ' - 3px)';
        track.appendChild(edge);
      }
    });
    card.appendChild(track);
    card.appendChild(shotsRow);

    var axis = el('div', 'axis');
    var secs = span / fps, steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
    var step = steps.filter(function (s) { return secs / s <= 10; })[0] || 3600;
    for (var t = Math.ceil(start / fps / step) * step; t <= end / fps + 1e-9; t += step) {
      var tick = el('span', null, fmtSec(t));
      tick.style.left = pct(t * fps);
      axis.appendChild(tick);
    }
    card.appendChild(axis);
    if (flash) {
      card.classList.remove('flash');
      void card.offsetWidth;
      card.classList.add('flash');
    }
    updateStats();
  }

  function insertSorted(card, id) {
    var container = $('streams');
    var after = null;
    container.querySelectorAll('.stream').forEach(function (c) {
      if (!after && c.getAttribute('data-stream') > id) after = c;
    });
    container.insertBefore(card, after);
    $('empty').style.display = 'none';
  }

  function updateStats() {
    var ids = Object.keys(streams);
    var live = 0, shotCount = 0;
    ids.forEach(function (id) {
      var shots = shotsOf(streams[id]);
      shotCount += shots.length;
      if (streamStatus(shots).cls === 'live') live++;
    });
    $('stat-streams').innerHTML = '<b>' + ids.length + '</b> streams';
    $('stat-live').innerHTML = '<b>' + live + '</b> live';
    $('stat-shots').innerHTML = '<b>' + shotCount + '</b> shots';
  }

  function describe(shot, seg) {
    var fps = shot.fps || 25;
    return 'shot ' + (shot.index + 1) + ' · ' + fmtSec(seg.startFrame / fps) + '–' + fmtSec(seg.endFrame / fps) +
      ' · frames ' + seg.startFrame + '–' + (seg.endFrame - 1) + ' · ' + seg.windowCount + ' windows';
  }

  function showTooltip(ev, shot, seg) {
    var t = $('tooltip');
    t.innerHTML = '';
    t.appendChild(el('div', 't-labels', segText(seg)));
    t.appendChild(el('div', null, describe(shot, seg) + ' · confidence ' + Math.round(seg.confidence * 100) + '%'));
    if (seg.observation) t.appendChild(el('div', 't-obs', seg.observation));
    t.classList.remove('hidden');
    moveTooltip(ev);
  }
  function moveTooltip(ev) {
    var t = $('tooltip');
    var x = Math.min(ev.clientX + 14, window.innerWidth - t.offsetWidth - 8);
    t.style.left = x + 'px';
    t.style.top = (ev.clientY + 16) + 'px';
  }
  function hideTooltip() { $('tooltip').classList.add('hidden'); }

  function showDetail(stream, shot, seg) {
    var chips = $('detail-labels');
    chips.innerHTML = '';
    (seg.labels.length ? seg.labels : [seg.gap ? 'gap' : (seg.answer || 'unknown')]).forEach(function (l) {
      var c = el('span', 'chip', l);
      c.style.background = COLOR[l] || UNKNOWN;
      chips.appendChild(c);
    });
    $('detail-where').textContent = stream.id + ' · ' + describe(shot, seg);
    $('detail-conf').textContent = Math.round(seg.confidence * 100) + '%';
    $('detail-bar').style.width = Math.round(seg.confidence * 100) + '%';
    $('detail-observation').textContent = seg.observation || '—';
    $('detail-thinking').textContent = seg.thinking || '—';
    $('detail-answer').textContent = seg.gap ? 'gap: ' + seg.gap : (seg.answer || '—');
    $('detail').classList.remove('hidden');
  }

  function setConnection(online, text) {
    var c = $('connection');
    c.className = 'connection ' + (online ? 'online' : 'offline');
    c.querySelector('span').textContent = text;
  }

  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ' answered ' + r.status);
      return r.json();
    });
  }

  function loadAll() {
    return getJson('/api/streams').then(function (list) {
      return Promise.all(list.map(function (s) {
        return getJson('/api/streams/' + encodeURIComponent(s.streamId)).then(function (body) {
          body.shots.forEach(function (shot) { upsert(shot, true); });
          if (streams[s.streamId]) render(streams[s.streamId], false);
        }).catch(function () { /* stream may be moving between instances; SSE will bring it */ });
      }));
    });
  }

  function connect() {
    var es = new EventSource('/api/events');
    var lost = false;
    es.onopen = function () {
      setConnection(true, 'live');
      if (lost) loadAll(); // catch up on updates missed while disconnected
      lost = false;
    };
    es.onerror = function () { lost = true; setConnection(false, 'reconnecting…'); };
    es.addEventListener('timeline', function (ev) {
      var shot = JSON.parse(ev.data);
      render(upsert(shot), true);
      document.body.setAttribute('data-updates', String(1 + Number(document.body.getAttribute('data-updates') || 0)));
    });
  }

  $('detail-close').addEventListener('click', function () {
    $('detail').classList.add('hidden');
    selected = null;
    document.querySelectorAll('.segment.selected').forEach(function (x) { x.classList.remove('selected'); });
  });

  buildLegend();
  connect();
  loadAll().then(function () { document.body.setAttribute('data-loaded', 'true'); },
                 function () { document.body.setAttribute('data-loaded', 'error'); });
})();
