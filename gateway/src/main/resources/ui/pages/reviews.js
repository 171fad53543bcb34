import {h, badge, when} from '../dom.js';
import {api, session} from '../api.js';
import {findings} from './study.js';

// The review gate (issue 12), for the reviewer role: results held until a reviewer approves (with the
// policy's priority or their own), rejects with a reason, or defers; GET and POST /api/reviews. The
// reviewer who decided may undo it until it is handed to delivery (an approval or a rejection is handed
// on at once, so in practice a deferral); the server checks both again.

const PRIORITIES = [
  ['', 'as the policy proposes'], ['routine', 'routine'], ['urgent', 'urgent'], ['asap', 'asap'], ['stat', 'stat'],
  ['none', 'no priority change'],
];

export async function render(el) {
  const waiting = await api('/api/reviews?state=waiting&limit=1000');
  el.append(h('h1', {}, 'Reviews'), h('p', {class: 'muted', 'data-testid': 'review-count'},
    `${waiting.length} result(s) wait for a reviewer, oldest first. Nothing of them reaches PACS or RIS until approved;`
    + ' an approval signs the SR as verified by you, a rejection (with its reason) delivers nothing.'));
  if (waiting.length === 0) el.append(h('p', {'data-testid': 'no-reviews'}, 'Nothing is waiting.'));
  for (const r of waiting) el.append(review(r));
}

function review(r) {
  const s = r.study;
  const title = s ? `${s.patientName || 'unnamed'} (${s.patientId || 'no ID'}), ${s.studyDescription || s.modality || 'study'}`
    : `Study ${r.studyInstanceUid}`;
  const headingId = 'review-h-' + r.id;
  return h('section', {class: 'card', 'data-review': r.id, 'aria-labelledby': headingId},
    h('h2', {id: headingId}, title, ' ', badge(r.state, r.state === 'DEFERRED' ? 'warn' : null),
      r.overdue ? [' ', badge('overdue', 'bad')] : null),
    identity(r),
    h('h3', {}, `${r.algorithm}: ${r.verdict ?? 'no verdict'}`),
    findings(r) || h('p', {class: 'muted'}, 'No findings.'),
    vendorReports(r),
    decision(r));
}

function identity(r) {
  const s = r.study || {};
  const rows = [
    ['Patient', s.patientName], ['Patient ID', s.patientId], ['Birth date', s.patientBirthDate], ['Sex', s.patientSex],
    ['Accession', s.accessionNumber], ['Modality', s.modality], ['Instances', s.instances],
    ['Study UID', r.studyInstanceUid], ['Algorithm', `${r.algorithm} (${r.reportedName ?? '?'} ${r.reportedVersion ?? ''})`],
    ['Route', r.route], ['Held since', when(r.createdAt)], ['Alert at', when(r.alertAt)],
  ];
  if (r.state === 'DEFERRED') rows.push(['Deferred by', `${r.reviewer}${r.reason ? ': ' + r.reason : ''}`]);
  return h('dl', {class: 'facts', 'data-testid': 'identity-' + r.id},
    rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
}

function vendorReports(r) {
  if (!r.vendorReport || r.vendorReport.length === 0) return h('p', {class: 'muted'}, 'The vendor sent no SR.');
  return r.vendorReport.map((report) => h('details', {},
    h('summary', {}, `The vendor's SR as text (${report.sopInstanceUid})`),
    // a focusable region: a keyboard user can scroll it (axe: scrollable-region-focusable)
    h('pre', {tabindex: 0, 'data-testid': 'vendor-sr-' + r.id, 'aria-label': "The vendor's SR"},
      report.text ?? report.error ?? '')));
}

/** Whether the caller may undo r's decision: theirs, and not yet handed to delivery (the server's rule too). */
function undoable(r) {
  return r.reviewer === session.caller.name && !r.handedOverAt && ['DEFERRED', 'APPROVED', 'REJECTED'].includes(r.state);
}

/** Undo r's decision: the review is waiting again and shown afresh, or the refusal is said in place. */
function undoButton(r, message) {
  return h('button', {type: 'button', class: 'secondary', 'data-undo': r.id, onclick: async (event) => {
    event.target.disabled = true;
    message.textContent = '';
    try {
      const again = await api(`/api/reviews/${encodeURIComponent(r.id)}`, {method: 'POST', body: {decision: 'undo'}});
      const fresh = review(again);
      document.querySelector(`[data-review="${CSS.escape(r.id)}"]`).replaceWith(fresh);
      fresh.querySelector('select').focus();
    } catch (e) {
      event.target.disabled = false;
      message.textContent = `The gateway refused the undo: ${e.message}`;
    }
  }}, r.state === 'DEFERRED' ? 'Undo my deferral' : 'Undo');
}

/** Approve (with an optional priority), reject (reason required) or defer, in one labelled group. */
function decision(r) {
  const priorityId = 'priority-' + r.id;
  const reasonId = 'reason-' + r.id;
  const priority = h('select', {id: priorityId, name: 'priority'},
    PRIORITIES.map(([value, text]) => h('option', {value}, text)));
  const reason = h('input', {id: reasonId, name: 'reason', maxlength: 2000, size: 40});
  const message = h('p', {class: 'error', role: 'alert', 'data-error': r.id});
  const group = h('fieldset', {'data-decide': r.id},
    h('legend', {}, 'Your decision'),
    h('div', {class: 'row'},
      h('label', {for: priorityId}, 'Priority on approval', priority),
      h('button', {type: 'button', 'data-approve': r.id, onclick: () => send('approve')}, 'Approve')),
    h('div', {class: 'row'},
      h('label', {for: reasonId}, 'Reason (required to reject)', reason),
      h('button', {type: 'button', class: 'danger', 'data-reject': r.id, onclick: () => send('reject')}, 'Reject'),
      h('button', {type: 'button', class: 'secondary', 'data-defer': r.id, onclick: () => send('defer')}, 'Defer'),
      undoable(r) ? undoButton(r, message) : null),
    message);

  async function send(word) {
    message.textContent = '';
    const body = {decision: word};
    if (reason.value.trim()) body.reason = reason.value.trim();
    if (word === 'approve' && priority.value) body.priority = priority.value;
    if (word === 'reject' && !body.reason) {
      message.textContent = 'A rejection needs a reason.';
      reason.focus();
      return;
    }
    for (const b of group.querySelectorAll('button')) b.disabled = true;
    try {
      const done = await api(`/api/reviews/${encodeURIComponent(r.id)}`, {method: 'POST', body});
      const said = h('p', {class: 'error', role: 'alert'});
      const undo = undoable(done) ? undoButton(done, said) : null;
      group.replaceWith(h('div', {},
        h('p', {role: 'status', 'data-decided': r.id, 'data-state': done.state},
          `${done.state.toLowerCase()} by ${done.reviewer}` + (done.reason ? `: ${done.reason}` : '')
          + (done.priority ? `, priority ${done.priority}` : '')
          + (done.handedOverAt ? '; handed to delivery, it can no longer be undone' : '')),
        undo, said));
      if (undo) undo.focus();
    } catch (e) {
      for (const b of group.querySelectorAll('button')) b.disabled = false;
      message.textContent = `The gateway refused: ${e.message}`;
    }
  }
  return group;
}
