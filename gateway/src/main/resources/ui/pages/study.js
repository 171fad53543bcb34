import {h, table, badge, when, stateBadge} from '../dom.js';
import {api, may} from '../api.js';
import {feedbackForm} from './feedback.js';

/**
 * One study's timeline, every step in time order: received, completed (and what completed it),
 * routed (each decision with every reason), each job's transitions (dispatched, waiting, result...),
 * results with their findings, and deliveries and audit events when the API gives them.
 */
export async function render(el, uid) {
  const s = await api('/api/studies/' + encodeURIComponent(uid));
  el.append(h('p', {}, h('a', {href: '#/studies'}, '← all studies')),
    h('h1', {}, 'Study ', h('span', {'data-testid': 'study-uid'}, s.studyInstanceUid)));
  el.append(identity(s));
  el.append(h('h2', {}, 'Series'), table(null, ['Series', 'Modality', 'Body part', 'Description', '#Instances'],
    s.series.map((x) => [x.seriesInstanceUid, x.modality ?? '', x.bodyPartExamined ?? '', x.seriesDescription ?? '', x.instanceCount])));

  const actions = h('div', {class: 'row'});
  if (s.completion && s.completion.state === 'ASSEMBLING' && may('operator')) {
    actions.append(h('button', {type: 'button', onclick: async () => {
      await api(`/api/studies/${encodeURIComponent(uid)}/complete`, {method: 'POST'});
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }}, 'Complete now'));
  }
  el.append(actions);

  el.append(h('h2', {}, 'Timeline'), h('ol', {class: 'timeline', 'data-testid': 'timeline'},
    events(s).sort((a, b) => (a.at || '').localeCompare(b.at || '')).map((e) =>
      h('li', {'data-kind': e.kind}, h('time', {datetime: e.at || ''}, when(e.at)), e.body))));
}

function identity(s) {
  if (s.identityHidden) {
    return h('p', {class: 'muted', 'data-testid': 'identity'}, 'Patient identity is hidden for your role. Age ',
      s.patientAge ?? '?', ', sex ', s.patientSex ?? '?', '.');
  }
  return h('dl', {'data-testid': 'identity'},
    h('dt', {}, 'Patient'), h('dd', {}, `${s.patientName ?? ''} (ID ${s.patientId ?? '?'}, born ${s.patientBirthDate ?? '?'}, `
      + `${s.patientSex ?? '?'}, ${s.patientAge ?? '?'})`),
    h('dt', {}, 'Accession number'), h('dd', {}, s.accessionNumber ?? '—'),
    h('dt', {}, 'Description'), h('dd', {}, s.studyDescription ?? '—'));
}

function events(s) {
  const out = [];
  const received = s.series.flatMap((x) => x.instances.map((i) => i.receivedAt)).sort();
  out.push({kind: 'received', at: received[0], body: [h('strong', {}, 'Received'),
    ` ${s.instanceCount} instance(s) in ${s.series.length} series`,
    received.length > 1 ? `, the last at ${when(received[received.length - 1])}` : '']});
  const c = s.completion;
  if (c && c.state === 'COMPLETE') {
    out.push({kind: 'completed', at: c.completedAt, body: [h('strong', {}, 'Completed'),
      ` by ${c.trigger} (generation ${c.generation})`, c.routed ? '' : '; not routed yet']});
  } else if (c) {
    out.push({kind: 'assembling', at: c.lastReceivedAt, body: [h('strong', {}, 'Assembling'),
      c.idleDeadline ? `: completes when idle, at ${when(c.idleDeadline)}` : '']});
  }
  for (const d of s.routingDecisions || []) {
    out.push({kind: 'routed', at: d.decidedAt, body: [h('strong', {}, 'Routed'), ` ${d.route} → ${d.algorithm}: `,
      badge(d.outcome, d.outcome === 'SEND' ? 'good' : null), ` mode ${d.mode}`, d.why ? ` — ${d.why}` : '',
      h('details', {}, h('summary', {}, `${d.reasons.length} reason(s)`), h('ul', {class: 'reasons'},
        d.reasons.map((r) => h('li', {class: r.passed ? 'pass' : 'fail'}, `[${r.stage}] ${r.text}`))))]});
  }
  for (const j of s.jobs || []) {
    for (const e of j.events || []) {
      out.push({kind: 'job', at: e.at, body: [h('strong', {}, j.algorithm), ': ', e.from ? `${e.from} → ` : '',
        stateBadge(e.to), e.detail ? ` — ${e.detail}` : '', e.node ? h('span', {class: 'muted'}, ` (${e.node})`) : '']});
    }
  }
  for (const r of s.results || []) {
    out.push({kind: 'result', at: r.receivedAt, body: [h('strong', {}, 'Result'), ` from ${r.algorithm} `,
      `(${r.reportedName ?? ''} ${r.reportedVersion ?? ''}): `, badge(r.status, r.status === 'QUARANTINED' ? 'bad' : 'good'),
      ' verdict ', badge(r.verdict, r.verdict === 'positive' ? 'warn' : null),
      r.result && r.result.suggestedPriority ? ` priority ${r.result.suggestedPriority}` : '',
      findings(r), feedbackForm(r)]});
  }
  for (const d of s.deliveries || []) {
    out.push({kind: 'delivery', at: d.finishedAt || d.updatedAt || d.createdAt, body: [h('strong', {}, 'Delivery'),
      ` to ${d.sink} (${(d.mode || '').toLowerCase()}): `, stateBadge(d.state), d.lastError ? ` — ${d.lastError}` : '']});
  }
  for (const a of s.audit || []) {
    out.push({kind: 'audit', at: a.at || a.occurredAt, body: [h('strong', {}, 'Audit'), ` ${a.action || a.type || ''} `,
      a.recipient || a.to || '', a.detail ? ` — ${a.detail}` : '']});
  }
  return out;
}

export function findings(r) {
  const list = (r.result && r.result.findings) || [];
  if (list.length === 0) return '';
  return h('ul', {class: 'reasons', 'data-testid': 'findings'}, list.map((f) => h('li', {},
    `${f.code ? f.code.meaning : 'finding'} (${f.presence ?? '?'})`,
    f.probability !== null && f.probability !== undefined ? `, probability ${f.probability}` : '',
    (f.measurements || []).map((m) => `, ${m.concept && m.concept.meaning ? m.concept.meaning + ' ' : ''}${m.value} ${m.unit}`).join(''),
    f.bodySite ? `, at ${f.bodySite.meaning}` : '')));
}
