import {h, table, when} from '../dom.js';
import {api, session} from '../api.js';

const FIELDS = [['accession', 'Accession number', 'text'], ['patientId', 'Patient ID', 'text'],
  ['modality', 'Modality', 'text'], ['receivedOn', 'Received on (UTC)', 'date']];

/** The study list with its search; identity filters only for roles that see identity. */
export async function render(el) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  // as the server decides it (GET /api/whoami): operators, admins and reviewers see identity
  const identity = session.caller.seesIdentity === true;
  const inputs = {};
  const form = h('form', {class: 'search', role: 'search', onsubmit: (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    for (const [name, input] of Object.entries(inputs)) if (input.value.trim()) q.set(name, input.value.trim());
    location.hash = '#/studies' + (q.toString() ? '?' + q : '');
  }}, FIELDS.map(([name, label, type]) => {
    const hidden = !identity && (name === 'accession' || name === 'patientId');
    inputs[name] = h('input', {id: 'q-' + name, name, type, value: params.get(name) || '', disabled: hidden,
      title: hidden ? 'needs a role that sees patient identity' : null, maxlength: 64});
    return h('label', {for: 'q-' + name}, label + (hidden ? ' (not for your role)' : ''), inputs[name]);
  }), h('button', {type: 'submit'}, 'Search'));
  el.append(h('h1', {}, 'Studies'), form);
  const q = new URLSearchParams();
  for (const [name] of FIELDS) if (params.get(name) && !inputs[name].disabled) q.set(name, params.get(name));
  const list = await api('/api/studies' + (q.toString() ? '?' + q : ''));
  el.append(h('p', {class: 'muted', 'data-testid': 'study-count'}, `${list.length} ${list.length === 1 ? 'study' : 'studies'}`
    + (identity ? '' : '; patient identity is hidden for your role')),
  table(null, ['Study', 'Patient ID', 'Accession', 'Modality', '#Series', '#Instances', 'First received'],
    list.map((s) => [h('a', {href: '#/studies/' + encodeURIComponent(s.studyInstanceUid), 'data-uid': s.studyInstanceUid},
      s.studyInstanceUid), s.patientId ?? '—', s.accessionNumber ?? '—', s.modality ?? '', s.seriesCount,
    s.instanceCount, when(s.firstReceived)]), {'data-testid': 'studies'}));
}
