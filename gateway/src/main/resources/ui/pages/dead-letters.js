import {h, table, when} from '../dom.js';
import {api, may} from '../api.js';

/** Jobs that gave up, with the error in the vendor's own words; an operator replays or discards them. */
export async function render(el) {
  const jobs = await api('/api/jobs?state=DEAD_LETTER&limit=1000');
  const operator = may('operator');
  el.append(h('h1', {}, 'Dead letters'), h('p', {class: 'muted', 'data-testid': 'dead-count'},
    `${jobs.length} job(s) used up their attempts or cannot be retried.`
    + (operator ? ' Retry puts one back in the queue with its attempts reset; Discard gives it up for good, with a reason'
      + ' its history keeps.' : ' Retrying and discarding need the operator role.')));
  el.append(table(null, ['Study', 'Algorithm', 'Route', '#Attempts', 'Error', 'Since', 'Action'], jobs.map((j) => [
    h('a', {href: '#/studies/' + encodeURIComponent(j.studyInstanceUid)}, j.studyInstanceUid), j.algorithm, j.route,
    j.attempts, h('span', {'data-testid': 'error-' + j.id}, j.lastError ?? ''), when(j.updatedAt),
    operator ? actions(j) : '']), {'data-testid': 'dead-letters'}));
  await deliveries(el, operator);
  await quarantinedFiles(el);
}

/** Result deliveries (PACS, RIS) that gave up; an operator sends them again (GET/POST /api/deliveries). */
async function deliveries(el, operator) {
  let dead;
  try {
    dead = await api('/api/deliveries?state=DEAD_LETTER&limit=1000');
  } catch (e) {
    return; // a gateway without the delivery stage
  }
  el.append(h('h2', {}, 'Deliveries that gave up'), table(null, ['Study', 'Algorithm', 'Sink', 'Mode', '#Attempts', 'Error', 'Action'],
    dead.map((d) => [h('a', {href: '#/studies/' + encodeURIComponent(d.studyInstanceUid)}, d.studyInstanceUid), d.algorithm,
      d.sink, d.mode.toLowerCase(), d.attempts, d.lastError ?? '',
      operator ? h('button', {type: 'button', 'data-delivery': d.id, 'aria-label': `Retry delivery to ${d.sink} for study ${d.studyInstanceUid}`,
        onclick: async (event) => {
          const button = event.target;
          button.disabled = true;
          try {
            const again = await api(`/api/deliveries/${encodeURIComponent(d.id)}/retry`, {method: 'POST'});
            button.replaceWith(h('span', {}, `queued again (${again.state})`));
          } catch (e) {
            button.replaceWith(h('span', {class: 'error', role: 'alert'}, 'Retry refused: ' + e.message));
          }
        }}, 'Retry') : '']), {'data-testid': 'delivery-dead-letters'}));
}

/** Retry, or discard with a reason (asked in place, so it is reachable and labelled for keyboard and screen reader). */
function actions(j) {
  const cell = h('div', {class: 'row'});
  const retry = h('button', {type: 'button', 'data-job': j.id, 'aria-label': `Retry ${j.algorithm} for study ${j.studyInstanceUid}`,
      onclick: async (event) => {
        const button = event.target;
        button.disabled = true;
        try {
          const job = await api(`/api/jobs/${encodeURIComponent(j.id)}/retry`, {method: 'POST'});
          button.replaceWith(h('span', {'data-retried': j.id}, `queued again (${job.state})`));
        } catch (e) {
          button.replaceWith(h('span', {class: 'error', role: 'alert'}, 'Retry refused: ' + e.message));
        }
      }}, 'Retry');
  const reasonId = 'reason-' + j.id;
  const reason = h('input', {id: reasonId, name: 'reason', maxlength: 500, required: true});
  const form = h('form', {class: 'row', hidden: true, 'data-discard-form': j.id, onsubmit: async (event) => {
    event.preventDefault();
    try {
      const job = await api(`/api/jobs/${encodeURIComponent(j.id)}/discard`, {method: 'POST', body: {reason: reason.value}});
      cell.replaceChildren(h('span', {'data-discarded': j.id}, `discarded (${job.state})`));
    } catch (e) {
      form.append(h('span', {class: 'error', role: 'alert'}, 'Discard refused: ' + e.message));
    }
  }}, h('label', {for: reasonId}, 'Reason for discarding', reason),
  h('button', {type: 'submit', class: 'danger'}, 'Discard'));
  const open = h('button', {type: 'button', class: 'secondary', 'data-discard': j.id,
    'aria-label': `Discard ${j.algorithm} for study ${j.studyInstanceUid}`, onclick: () => {
      form.hidden = false;
      open.hidden = true;
      reason.focus();
    }}, 'Discard…');
  cell.append(retry, open, form);
  return cell;
}

async function quarantinedFiles(el) {
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
