import {h, table, when} from '../dom.js';
import {api, may} from '../api.js';

/** Jobs that gave up, with the error in the vendor's own words; an operator replays them. */
export async function render(el) {
  const jobs = await api('/api/jobs?state=DEAD_LETTER&limit=1000');
  const operator = may('operator');
  el.append(h('h1', {}, 'Dead letters'), h('p', {class: 'muted', 'data-testid': 'dead-count'},
    `${jobs.length} job(s) used up their attempts or cannot be retried.`
    + (operator ? ' Retry puts one back in the queue with its attempts reset.' : ' Retrying needs the operator role.')));
  el.append(table(null, ['Study', 'Algorithm', 'Route', '#Attempts', 'Error', 'Since', 'Action'], jobs.map((j) => [
    h('a', {href: '#/studies/' + encodeURIComponent(j.studyInstanceUid)}, j.studyInstanceUid), j.algorithm, j.route,
    j.attempts, h('span', {'data-testid': 'error-' + j.id}, j.lastError ?? ''), when(j.updatedAt),
    operator ? h('button', {type: 'button', 'data-job': j.id, 'aria-label': `Retry ${j.algorithm} for study ${j.studyInstanceUid}`,
      onclick: async (event) => {
        const button = event.target;
        button.disabled = true;
        try {
          const job = await api(`/api/jobs/${encodeURIComponent(j.id)}/retry`, {method: 'POST'});
          button.replaceWith(h('span', {'data-retried': j.id}, `queued again (${job.state})`));
        } catch (e) {
          button.replaceWith(h('span', {class: 'error', role: 'alert'}, 'Retry refused: ' + e.message));
        }
      }}, 'Retry') : '']), {'data-testid': 'dead-letters'}));

  let files = null;
  try {
    files = await api('/api/quarantine');
  } catch (e) {
    files = null;
  }
  if (files) {
    el.append(h('h2', {}, 'Quarantined files'), table(null, ['Reason', 'Description', 'Study', 'Kept since', '#Bytes'],
      files.map((f) => [f.reason, f.description, f.studyInstanceUid ?? '', when(f.quarantinedAt), f.byteCount]),
      {'data-testid': 'quarantine'}));
  }
}
