import {h, table} from '../dom.js';
import {api} from '../api.js';

/**
 * The value figures of each algorithm (GET /api/value?algorithm=ID, all time): volume, the flag rate,
 * and from radiologists' feedback the agreement rate, PPV and NPV, each with its Wilson 95 % interval
 * and the n it rests on, so a rate from three studies does not read like one from three thousand.
 */
export async function valueSection(algorithms) {
  const figures = await Promise.all(algorithms.map((a) =>
    api('/api/value?algorithm=' + encodeURIComponent(a.id)).catch(() => null)));
  return h('section', {'aria-labelledby': 'value-heading'},
    h('h2', {id: 'value-heading'}, 'Value'),
    h('p', {class: 'muted'}, 'All time, every site and mode. Rates with their Wilson 95 % interval and the n they rest on; '
      + 'agreement, PPV and NPV count the newest feedback on each result (a partly on a positive counts as a true positive). '
      + 'Give feedback on a result in its study\'s timeline.'),
    table(null, ['Algorithm', '#Dispatched', '#Results', '#Quarantined', '#Positives', 'Flag rate', '#Feedback',
      'Agreement', 'PPV', 'NPV'], algorithms.map((a, i) => row(a, figures[i])), {'data-testid': 'value'}));
}

function row(a, v) {
  if (!v) return [a.id, h('span', {class: 'muted'}, 'not available'), '', '', '', '', '', '', '', ''];
  const f = v.feedback;
  return [h('span', {'data-value-algorithm': a.id}, a.id), v.volumes.dispatched, v.volumes.resultsReceivedInPeriod,
    v.volumes.quarantined, v.volumes.positives, rate(v.flagRate, 'flag-' + a.id), f.given,
    rate(f.agreementRate, 'agreement-' + a.id), rate(f.ppv, 'ppv-' + a.id), rate(f.npv, 'npv-' + a.id)];
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
