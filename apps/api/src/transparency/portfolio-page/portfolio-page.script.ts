import { SECTOR_CODES } from '@codev/domain/sector/sector-codes';

/**
 * The page's script, plain ES2020 for the browser (no build step, nothing from a CDN). It asks
 * the public GraphQL API anonymously (no credentials sent) and draws with the DOM only —
 * `textContent`, never `innerHTML` — so nothing a project's title says can run as code.
 * No template literals or backslashes inside: this is itself a template literal.
 */
export const PORTFOLIO_PAGE_SCRIPT = `'use strict';
(function () {
  var SECTORS = ${JSON.stringify(SECTOR_CODES)};
  var SVG = 'http://www.w3.org/2000/svg';
  var LEVELS = {
    NATIONAL: 'National government',
    REGIONAL: 'State or regional government',
    LOCAL: 'Local government',
    NGO: 'NGO',
    PERSON: 'Private individuals',
  };
  var programme = new URLSearchParams(location.search).get('programme') || null;

  function gql(query, variables) {
    return fetch('/graphql', {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (res) {
      return res.json().then(function (body) {
        if (body.errors && body.errors.length)
          throw new Error(body.errors.map(function (e) { return e.message; }).join('; '));
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return body.data;
      });
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  var words = function (code) {
    var s = String(code).toLowerCase().split('_').join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
  var sectorName = function (code) { return SECTORS[code] || words(code); };
  var publicName = function (o) { return o.kind === 'PERSON' ? 'Private individual' : o.name; };
  function money(amount, currency) {
    try {
      return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(Number(amount));
    } catch (e) {
      return Number(amount).toFixed(0) + ' ' + currency;
    }
  }
  var count = function (n) { return new Intl.NumberFormat('en-GB').format(n); };

  /** Horizontal bars: one row per group, the longest bar the largest value (and inner, when given, drawn over it). */
  function bars(rows, format, varies) {
    var width = 1000, labelW = 330, valueW = 230, rowH = 24;
    var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([0]));
    var chart = svg('svg', { class: 'chart', viewBox: '0 0 ' + width + ' ' + (rows.length * rowH + 4), role: 'img' });
    rows.forEach(function (r, i) {
      var y = i * rowH + 2;
      var span = width - labelW - valueW;
      var w = max > 0 ? Math.max(1, (r.value / max) * span) : 0;
      var label = svg('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end' }, r.label);
      if (varies) label.setAttribute('data-varies', '');
      chart.appendChild(label);
      chart.appendChild(svg('rect', { class: r.inner === undefined ? 'bar' : 'bar-committed', x: labelW, y: y + 3, width: w.toFixed(1), height: rowH - 8 }));
      if (r.inner !== undefined && max > 0 && r.inner > 0)
        chart.appendChild(svg('rect', { class: 'bar', x: labelW, y: y + 3, width: Math.max(1, (r.inner / max) * span).toFixed(1), height: rowH - 8 }));
      chart.appendChild(svg('text', { class: 'value', x: labelW + w + 6, y: y + 16 }, r.text || format(r.value)));
      var tip = svg('title', {}, r.label + ': ' + (r.text || format(r.value)));
      chart.lastChild.appendChild(tip);
    });
    return chart;
  }
  function panel(figure, title, chart) {
    figure.appendChild(el('div', { class: 'panel-title' }, [title]));
    figure.appendChild(chart);
  }
  function byCurrency(list) {
    var out = {};
    list.forEach(function (x) { (out[x.currency] = out[x.currency] || []).push(x); });
    return Object.keys(out).sort().map(function (c) { return { currency: c, items: out[c] }; });
  }
  var byLabel = function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; };
  var empty = function (figure) { figure.appendChild(el('p', { class: 'empty' }, ['Nothing yet.'])); };

  function drawYears(rows) {
    var figure = document.getElementById('by-year');
    if (!rows.length) return empty(figure);
    rows.sort(function (a, b) { return a.group.year - b.group.year; });
    panel(figure, 'Projects', bars(rows.map(function (r) {
      return { label: String(r.group.year), value: r.applications };
    }), count, true));
    var costs = [];
    rows.forEach(function (r) {
      r.totalAmount.forEach(function (m) { costs.push({ currency: m.currency, label: String(r.group.year), value: Number(m.amount) }); });
    });
    byCurrency(costs).forEach(function (c) {
      panel(figure, 'Cost, ' + c.currency, bars(c.items, function (v) { return money(v, c.currency); }, true));
    });
  }
  function drawSectors(rows) {
    var figure = document.getElementById('by-sector');
    var costs = [];
    rows.forEach(function (r) {
      r.totalAmount.forEach(function (m) { costs.push({ currency: m.currency, label: sectorName(r.group.sector), value: Number(m.amount) }); });
    });
    if (!costs.length) return empty(figure);
    byCurrency(costs).forEach(function (c) {
      panel(figure, c.currency, bars(c.items.sort(byLabel), function (v) { return money(v, c.currency); }));
    });
  }
  function drawLevels(rows) {
    var figure = document.getElementById('by-level');
    if (!rows.length) return empty(figure);
    byCurrency(rows.map(function (r) {
      var committed = Number(r.committed), paid = Number(r.disbursed);
      return { currency: r.currency, label: LEVELS[r.group.funderLevel] || words(r.group.funderLevel || 'other'), value: committed, inner: paid,
        text: money(committed, r.currency) + ' / ' + money(paid, r.currency) };
    })).forEach(function (c) {
      panel(figure, c.currency, bars(c.items.sort(byLabel), function (v) { return money(v, c.currency); }));
    });
  }

  function drawPlaces(rows, names) {
    var body = document.querySelector('#places tbody');
    rows.sort(function (a, b) {
      var x = (a.group.countryCode || '') + (a.group.subdivisionCode || ''), y = (b.group.countryCode || '') + (b.group.subdivisionCode || '');
      return x < y ? -1 : x > y ? 1 : 0;
    });
    rows.forEach(function (r) {
      var g = r.group;
      body.appendChild(el('tr', {}, [
        el('td', {}, [names[g.countryCode] || g.countryCode || '—']),
        el('td', {}, [g.subdivisionCode ? (names[g.subdivisionCode] || g.subdivisionCode) : '—']),
        el('td', { class: 'num' }, [count(r.applications)]),
        el('td', { class: 'num' }, [count(r.municipalities)]),
      ]));
    });
  }

  function funderList(a) {
    var byRole = {};
    a.parties.forEach(function (p) { byRole[p.role] = byRole[p.role] || p; });
    var total = Number(a.totalAmount);
    var list = el('ul', { class: 'funders' });
    a.fundingSplit.forEach(function (line) {
      var party = byRole[line.role];
      var share = total > 0 ? (Number(line.amount) / total) * 100 : 0;
      var who = party ? publicName(party.organisation) : words(line.role);
      var item = el('li', {}, [who + ' ', el('span', { class: 'sub' }, [
        '(' + words(line.role) + (line.coversRole ? ', covering ' + words(line.coversRole) : '') + ') ' +
        money(line.amount, a.currency) + ', ' + share.toFixed(share >= 10 || share === 0 ? 0 : 1) + '%',
      ])]);
      list.appendChild(item);
    });
    if (!a.fundingSplit.length) list.appendChild(el('li', { class: 'sub' }, ['No funding split yet']));
    return list;
  }
  function place(j) {
    var names = [];
    for (var n = j; n && n.code.indexOf('-') !== -1; n = n.parent) names.push(n.name);
    return names.join(', ') || j.name;
  }
  function drawProjects(apps) {
    var body = document.querySelector('#projects tbody');
    apps.sort(function (a, b) {
      var x = a.programmeKey + ' ' + a.title, y = b.programmeKey + ' ' + b.title;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    apps.forEach(function (a) {
      var stages = a.activeStages.length ? 'At: ' + a.activeStages.map(words).join(', ') : '';
      body.appendChild(el('tr', { class: 'project' }, [
        el('td', {}, [el('div', { class: 'title' }, [a.title]), el('div', { class: 'sub' }, [a.programmeKey + ' · ' + sectorName(a.sector)])]),
        el('td', {}, [place(a.projectJurisdiction)]),
        el('td', { class: 'num' }, [money(a.totalAmount, a.currency)]),
        el('td', {}, [funderList(a)]),
        el('td', {}, [el('span', { class: 'status status-' + a.status }, [words(a.status)]), el('div', { class: 'sub' }, [stages])]),
      ]));
    });
    if (!apps.length) body.appendChild(el('tr', {}, [el('td', { colspan: '5', class: 'empty' }, ['No projects yet.'])]));
  }

  function drawCalls(calls) {
    var box = document.querySelector('#calls .call-list');
    calls.sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : 0; });
    calls.forEach(function (c) {
      var published = c.status === 'PROVISIONAL' || c.status === 'RESOLVED';
      var section = el('div', { class: 'call', 'data-call': c.key }, [
        el('h3', {}, [c.name]),
        el('p', { class: 'sub' }, [(c.status === 'PROVISIONAL' ? 'Provisional resolution' : c.status === 'RESOLVED' ? 'Final resolution' : 'Results not published yet') +
          ' · budget ' + money(c.budget, c.currency)]),
      ]);
      if (published) {
        var ranked = c.applications.filter(function (a) { return a.rank !== null; })
          .sort(function (a, b) { return a.rank - b.rank; });
        var body = el('tbody');
        ranked.forEach(function (a) {
          body.appendChild(el('tr', {}, [
            el('td', { class: 'num' }, [String(a.rank)]),
            el('td', {}, [el('div', { class: 'title' }, [a.title]), el('div', { class: 'sub' }, [publicName(a.applicant)])]),
            el('td', {}, [el('span', { class: 'status status-' + a.status }, [words(a.status)])]),
            el('td', { class: 'num' }, [a.granted ? money(a.granted, a.currency) : '—']),
          ]));
        });
        section.appendChild(el('table', {}, [
          el('thead', {}, [el('tr', {}, [el('th', { class: 'num' }, ['Rank']), el('th', {}, ['Project']), el('th', {}, ['Outcome']), el('th', { class: 'num' }, ['Granted'])])]),
          body,
        ]));
      }
      box.appendChild(section);
    });
    if (!calls.length) box.appendChild(el('p', { class: 'empty' }, ['No calls yet.']));
  }

  var REPORTS = 'query Reports($year: PortfolioReportInput!, $sector: PortfolioReportInput!, $place: PortfolioReportInput!, $level: FundingReportInput!) {' +
    ' year: portfolioReport(input: $year) { group { year } applications totalAmount { amount currency } }' +
    ' sector: portfolioReport(input: $sector) { group { sector } totalAmount { amount currency } }' +
    ' place: portfolioReport(input: $place) { group { countryCode subdivisionCode } applications municipalities }' +
    ' level: fundingReport(input: $level) { group { funderLevel } currency committed disbursed }' +
    ' programmes(first: 100) { edges { node { key name } } } }';
  var PROJECTS = 'query Projects($programmeKey: String, $after: String) { applications(first: 50, programmeKey: $programmeKey, after: $after) {' +
    ' pageInfo { hasNextPage endCursor } edges { node { title programmeKey sector status activeStages totalAmount currency' +
    ' projectJurisdiction { code name parent { code name parent { code name } } }' +
    ' parties { role organisation { name kind } } fundingSplit { role amount coversRole } } } } }';
  var CALLS = 'query Calls($after: String) { calls(first: 20, after: $after) { pageInfo { hasNextPage endCursor } edges { node {' +
    ' key name status budget currency definition applications { rank title status granted currency applicant { name kind } } } } } }';

  /** Every page of a connection, up to a bound: a public page must stay light on the API. */
  function all(query, field, variables, pages) {
    var out = [];
    function next(after, left) {
      return gql(query, Object.assign({}, variables, { after: after })).then(function (data) {
        var conn = data[field];
        conn.edges.forEach(function (e) { out.push(e.node); });
        return conn.pageInfo.hasNextPage && left > 1 ? next(conn.pageInfo.endCursor, left - 1) : out;
      });
    }
    return next(null, pages);
  }

  function start() {
    var scope = { programmeKey: programme };
    return Promise.all([
      gql(REPORTS, {
        year: Object.assign({ groupBy: ['SUBMISSION_YEAR'] }, scope),
        sector: Object.assign({ groupBy: ['SECTOR'] }, scope),
        place: Object.assign({ groupBy: ['COUNTRY', 'SUBDIVISION'] }, scope),
        level: Object.assign({ groupBy: ['FUNDER_LEVEL'] }, scope),
      }),
      all(PROJECTS, 'applications', { programmeKey: programme }, 10),
      all(CALLS, 'calls', {}, 5),
    ]).then(function (results) {
      var reports = results[0], apps = results[1];
      var calls = results[2].filter(function (c) {
        return !programme || (c.definition && c.definition.programmeKey === programme);
      });
      var select = document.getElementById('programme');
      reports.programmes.edges.map(function (e) { return e.node; })
        .sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; })
        .forEach(function (p) {
          var option = el('option', { value: p.key }, [p.name]);
          if (p.key === programme) option.selected = true;
          select.appendChild(option);
        });
      select.addEventListener('change', function () {
        location.search = select.value ? '?programme=' + encodeURIComponent(select.value) : '';
      });
      var names = {};
      apps.forEach(function (a) {
        for (var j = a.projectJurisdiction; j; j = j.parent) names[j.code] = j.name;
      });
      drawYears(reports.year);
      drawSectors(reports.sector);
      drawLevels(reports.level);
      drawPlaces(reports.place, names);
      drawProjects(apps);
      drawCalls(calls);
      ['charts', 'places', 'projects', 'calls'].forEach(function (id) { document.getElementById(id).hidden = false; });
      document.getElementById('status').textContent = apps.length + ' projects' + (programme ? ' in ' + programme : '') + ', ' + calls.length + ' calls.';
      document.body.setAttribute('data-state', 'ready');
    });
  }

  start().catch(function (e) {
    document.getElementById('status').textContent = 'The portfolio could not be loaded: ' + (e && e.message ? e.message : String(e));
    document.body.setAttribute('data-state', 'error');
  });
})();
`;
