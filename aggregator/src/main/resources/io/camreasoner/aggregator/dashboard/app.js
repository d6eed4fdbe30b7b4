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
      s.curves = [];
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

    // one thumbnail per shot (its first frame), at the shot's start, above the timeline
    var thumbs = el('div', 'thumbs-row');
    shots.forEach(function (shot) {
      if (!shot.thumbnail) return;
      var img = el('img', 'shot-thumb');
      img.alt = 'shot ' + (shot.index + 1);
      img.title = 'shot ' + (shot.index + 1) + ' · ' + fmtSec(shot.startFrame / fps);
      img.setAttribute('data-shot', shot.index);
      img.src = '/api/streams/' + encodeURIComponent(stream.id) + '/shots/' + shot.index +
        '/thumbnail.jpg?session=' + encodeURIComponent(stream.session || 0) +
        '&producer=' + encodeURIComponent(stream.producer || '');
      img.style.left = pct(shot.startFrame);
      img.style.maxWidth = ((shot.endFrame - shot.startFrame) / span * 100) + '%';
      thumbs.appendChild(img);
    });
    if (thumbs.childNodes.length) card.appendChild(thumbs);

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
        if (seg.steadiness) {
          d.setAttribute('data-steadiness', seg.steadiness);
          if (seg.steadiness !== 'steady') d.classList.add('shaky');
        }
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
    if (stream.curves && stream.curves.length) {
      card.appendChild(curvesOf(stream.curves, start, span, fps));
    }
    if (flash) {
      card.classList.remove('flash');
      void card.offsetWidth;
      card.classList.add('flash');
    }
    updateStats();
  }

  // Motion curves under the timeline: one plot per quantity, a polyline per curve with a point at
  // the middle of each window that measured it (plain SVG, stretched to the timeline's width).
  var PLOTS = [
    {title: 'pan / tilt / roll °/s', curves: [['pan', 'panDegPerSec', '#3d7ef0'],
      ['tilt', 'tiltDegPerSec', '#1fa99a'], ['roll', 'rollDegPerSec', '#9166e8']], zero: 0},
    {title: 'zoom ×/s', curves: [['zoom', 'zoomPerSec', '#e09a1a']], zero: 1},
    {title: 'translation frame-widths/s', curves: [['translation', 'translationSpeed', '#e2485c']], zero: 0},
    {title: 'movers', curves: [['movers', 'moverShare', '#9aa4b8']], zero: 0, min: 0, max: 1}
  ];
  var SVG = 'http://www.w3.org/2000/svg';
  var PLOT_W = 1000, PLOT_H = 48;

  function curvesOf(points, start, span, fps) {
    var box = el('div', 'curves');
    PLOTS.forEach(function (plot) {
      var lo = plot.min !== undefined ? plot.min : plot.zero, hi = plot.max !== undefined ? plot.max : plot.zero;
      var any = false;
      plot.curves.forEach(function (c) {
        points.forEach(function (p) {
          var v = p[c[1]];
          if (typeof v === 'number') { lo = Math.min(lo, v); hi = Math.max(hi, v); any = true; }
        });
      });
      if (!any) return;
      if (hi - lo < 1e-9) { hi = lo + 1; }
      var row = el('div', 'curve-row');
      row.appendChild(el('span', 'curve-title', plot.title + ' (' + round(lo) + '…' + round(hi) + ')'));
      var svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('viewBox', '0 0 ' + PLOT_W + ' ' + PLOT_H);
      svg.setAttribute('preserveAspectRatio', 'none');
      svg.setAttribute('class', 'curve-plot');
      var y = function (v) { return (PLOT_H - 2 - (v - lo) / (hi - lo) * (PLOT_H - 4)).toFixed(2); };
      var base = document.createElementNS(SVG, 'line');
      base.setAttribute('x1', 0); base.setAttribute('x2', PLOT_W);
      base.setAttribute('y1', y(plot.zero)); base.setAttribute('y2', y(plot.zero));
      base.setAttribute('class', 'curve-zero');
      svg.appendChild(base);
      plot.curves.forEach(function (c) {
        var xy = [];
        points.forEach(function (p) {
          var v = p[c[1]];
          if (typeof v !== 'number') return;
          var x = (((p.startSec + p.endSec) / 2) * fps - start) / span * PLOT_W;
          xy.push(x.toFixed(2) + ',' + y(v));
        });
        if (!xy.length) return;
        var line = document.createElementNS(SVG, 'polyline');
        line.setAttribute('points', xy.join(' '));
        line.setAttribute('data-curve', c[0]);
        line.setAttribute('stroke', c[2]);
        line.setAttribute('class', 'curve-line');
        var t = document.createElementNS(SVG, 'title');
        t.textContent = c[0];
        line.appendChild(t);
        svg.appendChild(line);
      });
      row.appendChild(svg);
      box.appendChild(row);
    });
    return box;
  }

  function round(v) { return Math.round(v * 100) / 100; }

  // The curves of the timeline a stream shows, fetched at most once a second while it changes.
  function loadCurves(stream) {
    var q = '?session=' + encodeURIComponent(stream.session || 0) +
      '&producer=' + encodeURIComponent(stream.producer || '');
    return getJson('/api/streams/' + encodeURIComponent(stream.id) + '/curves' + q).then(function (body) {
      var t = body.timelines[0];
      stream.curves = t ? t.curves : [];
      render(stream, false);
    }).catch(function () { /* shown on the next update */ });
  }
  function scheduleCurves(stream) {
    if (stream.curvesPending) return;
    stream.curvesPending = true;
    setTimeout(function () {
      stream.curvesPending = false;
      loadCurves(stream);
    }, 1000);
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
      ' · frames ' + seg.startFrame + '–' + (seg.endFrame - 1) + ' · ' + seg.windowCount + ' windows' +
      (seg.steadiness ? ' · camera ' + seg.steadiness : '');
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
          if (streams[s.streamId]) {
            render(streams[s.streamId], false);
            return loadCurves(streams[s.streamId]);
          }
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
      var stream = upsert(shot);
      render(stream, true);
      scheduleCurves(stream);
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
