import {h, table, badge} from '../dom.js';
import {api, may} from '../api.js';
import {uploadTester} from './route-upload.js';

/** The routes as configured, and a tester: pick a received study, see what the router would decide and why. */
export async function render(el) {
  const [routes, studies] = await Promise.all([api('/api/routes'), api('/api/studies')]);
  const admin = may('admin');
  el.append(h('h1', {}, 'Routes'), admin ? h('p', {class: 'muted'},
    'Switching a mode writes it to the routes file and reloads the configuration; a change the gateway refuses is undone.') : null,
  table(null, ['Route', 'Match', 'Series filter', 'Algorithms', 'Mode', 'Completion'],
    routes.map((r) => [r.name, r.match ?? 'any study', r.series ?? 'all series', r.algorithms.join(', '),
      [badge(r.mode, r.mode === 'clinical' ? 'good' : r.mode === 'off' ? null : 'warn'), admin ? modeSwitch(r) : ''],
      completion(r.completion)]),
    {'data-testid': 'routes'}));

  const select = h('select', {id: 'tester-study', name: 'study'}, studies.map((s) =>
    h('option', {value: s.studyInstanceUid}, `${s.modality ?? '?'} ${s.studyInstanceUid}`)));
  const out = h('div', {'data-testid': 'explanation', 'aria-live': 'polite'});
  el.append(h('h2', {}, 'Route tester'), h('p', {class: 'muted'},
    'A dry run with the routes in force (as ./varde routes explain): nothing is recorded or sent.'),
  h('form', {class: 'row', onsubmit: async (event) => {
    event.preventDefault();
    out.replaceChildren(h('p', {class: 'muted'}, 'asking…'));
    try {
      const answer = await api('/api/routes/explain', {method: 'POST', body: {studyInstanceUid: select.value}});
      out.replaceChildren(explanation(answer));
    } catch (e) {
      out.replaceChildren(h('p', {class: 'error', role: 'alert'}, 'The API answered: ' + e.message));
    }
    out.dataset.ready = 'true';
  }}, h('label', {for: 'tester-study'}, 'Received study', select), h('button', {type: 'submit'}, 'Explain')), out,
  uploadTester(explanation));
}

/** Admin only: off / shadow / clinical, written back to the routes file by the server (or refused with its reason). */
function modeSwitch(r) {
  const id = 'mode-' + r.name;
  const select = h('select', {id, name: 'mode'}, ['off', 'shadow', 'clinical'].map((m) =>
    h('option', {value: m, selected: m === r.mode}, m)));
  const said = h('span', {role: 'status'});
  return h('form', {class: 'row', 'data-mode-form': r.name, onsubmit: async (event) => {
    event.preventDefault();
    try {
      const answer = await api(`/api/routes/${encodeURIComponent(r.name)}/mode`, {method: 'POST', body: {mode: select.value}});
      said.replaceChildren(h('span', {'data-switched': r.name}, `now ${answer.mode}`));
    } catch (e) {
      said.replaceChildren(h('span', {class: 'error', 'data-refused': r.name}, 'Refused: ' + e.message));
    }
  }}, h('label', {for: id}, 'Mode of ' + r.name, select), h('button', {type: 'submit', class: 'secondary'}, 'Switch'), said);
}

function completion(c) {
  const parts = [];
  if (c.idleSeconds) parts.push(`idle ${c.idleSeconds} s`);
  if (c.expectedSeries) parts.push(`expects ${c.expectedSeries}`);
  if (c.acceptUpdates) parts.push('accepts updates');
  return parts.join('; ') || 'defaults';
}

function explanation(answer) {
  return h('div', {}, h('p', {}, `Study ${answer.studyInstanceUid}: ${answer.decisions.length} decision(s).`),
    table(null, ['Route', 'Algorithm', 'Outcome', 'Why', 'Every check'], answer.decisions.map((d) => [d.route, d.algorithm,
      badge(d.outcome, d.outcome === 'SEND' ? 'good' : null), d.why ?? '',
      h('ul', {class: 'reasons'}, d.reasons.map((r) => h('li', {class: r.passed ? 'pass' : 'fail'}, `[${r.stage}] ${r.text}`)))]),
    {'data-testid': 'decisions'}));
}
