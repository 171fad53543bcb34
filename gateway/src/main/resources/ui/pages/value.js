import {h, table, when} from '../dom.js';
import {api} from '../api.js';

// The value figures of each algorithm (GET /api/value?algorithm=ID&...), split as the API splits them:
// a period, a site, a mode, a route. The filter lives in the page's address (#/algorithms?last=7d&site=..),
// so a link shows the same split; a quick period ("last 7 days") is counted back from when the page opens.

const HOUR = 3600 * 1000;
const PERIODS = [['', 'all time'], ['24h', 'last 24 h', 24 * HOUR], ['7d', 'last 7 days', 7 * 24 * HOUR],
  ['30d', 'last 30 days', 30 * 24 * HOUR], ['days', 'the days below']];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filter as the address holds it (unknown values are passed on: the API says what is wrong). */
function filterOf(params) {
  const f = {};
  for (const key of ['last', 'from', 'to', 'site', 'mode', 'route']) f[key] = params.get(key) || '';
  if (!f.last && (f.from || f.to)) f.last = 'days';
  return f;
}

/** The /api/value query of a filter, the period made absolute: a quick one ends now, a day range includes its last day. */
function apiQuery(f, now) {
  const q = new URLSearchParams();
  const quick = PERIODS.find(([key, , ms]) => key === f.last && ms);
  if (quick) {
    q.set('from', new Date(now - quick[2]).toISOString());
    q.set('to', new Date(now).toISOString());
  } else if (f.last === 'days') {
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', DAY.test(f.to) ? nextDay(f.to) : f.to);
  }
  for (const key of ['site', 'mode', 'route']) if (f[key]) q.set(key, f[key]);
  return q;
}

function nextDay(day) {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The figures with their filter: volume, the flag rate, and from radiologists' feedback the agreement
 * rate, PPV and NPV; then against the ground truth posted for the studies, sensitivity, specificity,
 * PPV and NPV; each rate with its Wilson 95 % interval and the n it rests on, so a rate from three
 * studies does not read like one from three thousand.
 */
export async function valueSection(algorithms, routes) {
  const f = filterOf(new URLSearchParams(location.hash.split('?')[1] || ''));
  const q = apiQuery(f, Date.now());
  const [sites, figures] = await Promise.all([api('/api/sites').catch(() => ['unassigned']),
    Promise.all(algorithms.map((a) => api('/api/value?' + new URLSearchParams([['algorithm', a.id], ...q]))
      .catch((e) => ({error: e.message}))))]);
  const refused = figures.find((v) => v.error);
  return h('section', {'aria-labelledby': 'value-heading'},
    h('h2', {id: 'value-heading'}, 'Value'),
    filterForm(f, sites, routes),
    refused ? h('p', {class: 'error', role: 'alert', 'data-testid': 'value-refused'}, 'The API refused: ' + refused.error) : null,
    h('p', {class: 'muted', 'data-testid': 'value-filter'}, describe(f, q) + '. Rates with their Wilson 95 % interval and the n '
      + 'they rest on; agreement, PPV and NPV count the newest feedback on each result (a partly on a positive counts as a '
      + 'true positive). Give feedback on a result in its study\'s timeline.'),
    table(null, ['Algorithm', '#Dispatched', '#Results', '#Quarantined', '#Positives', 'Flag rate', '#Feedback',
      'Agreement', 'PPV', 'NPV'], algorithms.map((a, i) => row(a, figures[i])),
    {'data-testid': 'value', 'data-query': q.toString()}),
    h('h3', {id: 'truth-heading'}, 'Against ground truth'),
    h('p', {class: 'muted'}, 'Each job\'s newest result on a study whose ground truth was posted (POST /api/value/ground-truth), '
      + 'matched on the finding\'s code at the study level, with the same filter: true and false positives and negatives, and '
      + 'from them sensitivity, specificity, PPV and NPV, each with its Wilson 95 % interval and n.'),
    table(null, ['Algorithm', '#Compared', '#TP', '#FP', '#FN', '#TN', 'Sensitivity', 'Specificity', 'PPV', 'NPV'],
      algorithms.map((a, i) => truthRow(a, figures[i])), {'data-testid': 'value-truth', 'aria-labelledby': 'truth-heading'}));
}

function filterForm(f, sites, routes) {
  const message = h('p', {class: 'error', role: 'alert', id: 'v-error'});
  const period = select('v-period', 'last', PERIODS.map(([key, text]) => [key, text]), f.last);
  const from = h('input', {id: 'v-from', name: 'from', type: 'date', value: DAY.test(f.from) ? f.from : ''});
  const to = h('input', {id: 'v-to', name: 'to', type: 'date', value: DAY.test(f.to) ? f.to : ''});
  const site = select('v-site', 'site', [['', 'every site'], ...sites.map((s) => [s, s])], f.site);
  const mode = select('v-mode', 'mode', [['', 'clinical and shadow'], ['clinical', 'clinical'], ['shadow', 'shadow']], f.mode);
  const route = select('v-route', 'route', [['', 'every route'], ...routes.map((r) => [r.name, r.name])], f.route);
  const days = () => { from.disabled = to.disabled = period.value !== 'days'; };
  period.addEventListener('change', days);
  days();
  return h('form', {class: 'search', 'aria-label': 'Value figures filter', 'data-testid': 'value-form', onsubmit: (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (period.value) next.set('last', period.value);
    if (period.value === 'days') {
      if (!from.value && !to.value) return refuse(message, from, 'Give a first day, a last day or both.');
      if (from.value && to.value && from.value > to.value) return refuse(message, from, 'The first day is after the last.');
      if (from.value) next.set('from', from.value);
      if (to.value) next.set('to', to.value);
    }
    for (const [key, input] of [['site', site], ['mode', mode], ['route', route]]) if (input.value) next.set(key, input.value);
    location.hash = '#/algorithms' + (next.toString() ? '?' + next : '');
  }},
  h('label', {for: 'v-period'}, 'Period', period),
  h('label', {for: 'v-from'}, 'First day (UTC)', from),
  h('label', {for: 'v-to'}, 'Last day (UTC, included)', to),
  h('label', {for: 'v-site'}, 'Site', site),
  h('label', {for: 'v-mode'}, 'Mode', mode),
  h('label', {for: 'v-route'}, 'Route', route),
  h('button', {type: 'submit'}, 'Show figures'), message);
}

function refuse(message, input, text) {
  message.textContent = text;
  input.focus();
}

/** A select with the chosen value among its options, even one the lists lack (a link from another configuration). */
function select(id, name, options, chosen) {
  const all = chosen && !options.some(([v]) => v === chosen) ? [...options, [chosen, chosen]] : options;
  return h('select', {id, name}, all.map(([value, text]) => h('option', {value, selected: value === chosen}, text)));
}

function describe(f, q) {
  const quick = PERIODS.find(([key, , ms]) => key === f.last && ms);
  const period = quick ? `${quick[1]} (${when(q.get('from'))} to ${when(q.get('to'))})`
    : q.get('from') || q.get('to') ? `from ${q.get('from') || 'the beginning'} to before ${q.get('to') || 'now'} (UTC)` : 'All time';
  const parts = [period[0].toUpperCase() + period.slice(1)];
  parts.push(f.site ? `site ${f.site}` : 'every site');
  parts.push(f.mode ? `${f.mode} mode` : 'clinical and shadow');
  parts.push(f.route ? `route ${f.route}` : 'every route');
  return parts.join(', ');
}

function row(a, v) {
  if (v.error) return [a.id, h('span', {class: 'muted'}, 'not available'), '', '', '', '', '', '', '', ''];
  const f = v.feedback;
  return [h('span', {'data-value-algorithm': a.id}, a.id), v.volumes.dispatched, v.volumes.resultsReceivedInPeriod,
    v.volumes.quarantined, v.volumes.positives, rate(v.flagRate, 'flag-' + a.id), f.given,
    rate(f.agreementRate, 'agreement-' + a.id), rate(f.ppv, 'ppv-' + a.id), rate(f.npv, 'npv-' + a.id)];
}

/** The algorithm's results against ground truth: the four cells, and the rates they give. */
function truthRow(a, v) {
  if (v.error) return [a.id, h('span', {class: 'muted'}, 'not available'), '', '', '', '', '', '', '', ''];
  const g = v.groundTruth;
  return [h('span', {'data-truth-algorithm': a.id}, a.id), g.compared, g.truePositives, g.falsePositives,
    g.falseNegatives, g.trueNegatives, rate(g.sensitivity, 'sensitivity-' + a.id), rate(g.specificity, 'specificity-' + a.id),
    rate(g.ppv, 'truth-ppv-' + a.id), rate(g.npv, 'truth-npv-' + a.id)];
}

/** "75.0 % (30.1–95.4 %), n 4", or "— (n 0)" while nothing was counted. */
export function rate(w, testid) {
  const n = h('span', {class: 'muted'}, `n ${w.n}`);
  if (w.value === null || w.value === undefined) return h('span', {'data-testid': testid}, '— ', n);
  return h('span', {'data-testid': testid, title: `${w.successes} of ${w.n}`},
    `${pct(w.value)} (${pct(w.low, false)}–${pct(w.high)}), `, n);
}

function pct(x, unit = true) {
  return (x * 100).toFixed(1) + (unit ? ' %' : '');
}
