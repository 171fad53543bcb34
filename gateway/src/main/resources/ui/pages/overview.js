import {h, table, badge} from '../dom.js';
import {api} from '../api.js';
import {barChart, lineChart} from '../chart.js';

const IN_FLIGHT = ['PENDING', 'DISPATCHING', 'WAITING_RESULT', 'RESULT_RECEIVED', 'DELIVERING', 'FAILED'];

function card(label, n, testid) {
  return h('div', {class: 'card', 'data-testid': testid}, h('span', {class: 'n'}, n), h('span', {class: 'l'}, label));
}

export async function render(el) {
  const o = await api('/api/overview');
  el.append(h('h1', {}, 'Overview'), h('p', {class: 'muted'}, 'As of ', o.generatedAt.replace('T', ' ').replace('Z', ' UTC')));

  el.append(h('h2', {id: 'alerts-h'}, 'Alerts'));
  el.append(h('ul', {class: 'alerts', 'aria-labelledby': 'alerts-h', 'data-testid': 'alerts'},
    o.alerts.length === 0 ? h('li', {class: 'none'}, 'Nothing needs a person now.')
      : o.alerts.map((a) => h('li', {'data-alert': a.kind}, h('strong', {}, a.kind.replaceAll('_', ' ').toLowerCase()), ': ',
        a.text, ' ', h('a', {href: a.page}, 'show')))));

  el.append(h('h2', {}, 'Studies by stage'), h('div', {class: 'cards'},
    card('assembling (instances may still come)', o.studies.assembling, 'studies-assembling'),
    card('complete, awaiting routing', o.studies.awaitingRouting, 'studies-awaitingRouting'),
    card('complete', o.studies.complete, 'studies-complete'),
    card('at an algorithm or delivering (jobs)', IN_FLIGHT.reduce((n, s) => n + o.jobs[s], 0), 'jobs-in-flight')));

  el.append(h('h2', {}, 'Jobs by state'), h('div', {class: 'cards'},
    Object.entries(o.jobs).map(([state, n]) => card(state, n, 'jobs-' + state))));

  if (o.deliveries) {
    el.append(h('h2', {}, 'Deliveries by state'), h('div', {class: 'cards'},
      Object.entries(o.deliveries).map(([state, n]) => card(state, n, 'deliveries-' + state))));
  }

  const breakers = Object.entries(o.breakers);
  el.append(h('h2', {}, 'Circuit breakers'), table(null, ['Algorithm', 'State'],
    breakers.map(([alg, state]) => [alg, badge(state, state === 'CLOSED' ? 'good' : 'bad')]), {'data-testid': 'breakers'}));

  const spool = o.spool;
  el.append(h('h2', {}, 'Spool'), h('p', {'data-testid': 'spool'},
    `${mib(spool.freeBytes)} MiB free of ${mib(spool.totalBytes)} MiB`,
    spool.minFreeBytes > 0 ? `; new instances are refused below ${mib(spool.minFreeBytes)} MiB` : ''));

  const hours = o.hourly.map((x) => x.hour);
  el.append(h('h2', {}, `Results over the last ${hours.length} hours`), h('div', {class: 'grid2'},
    barChart('Results received per hour', hours, o.hourly.map((x) => x.results), 'results'),
    lineChart('Time from routing to result', hours, [
      {name: 'median', cls: 'p50', values: o.hourly.map((x) => x.latencyP50Seconds)},
      {name: '90th percentile', cls: 'p90', values: o.hourly.map((x) => x.latencyP90Seconds)}], 's')));
  el.append(h('details', {}, h('summary', {}, 'The same figures as a table'),
    table(null, ['Hour (UTC)', '#Results', '#Median s', '#90th percentile s'], o.hourly.map((x) =>
      [x.hour.slice(0, 16).replace('T', ' '), x.results, fmt(x.latencyP50Seconds), fmt(x.latencyP90Seconds)]))));
}

function mib(bytes) {
  return bytes < 0 ? '?' : Math.round(bytes / (1024 * 1024)).toLocaleString('en');
}

function fmt(v) {
  return v === null || v === undefined ? '' : v.toFixed(1);
}
