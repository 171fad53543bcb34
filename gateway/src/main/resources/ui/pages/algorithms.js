import {h, table, badge} from '../dom.js';
import {api} from '../api.js';
import {valueSection} from './value.js';

/** The catalogue with each product's certification, approved version, intended use, modes and health. */
export async function render(el) {
  const [algorithms, routes, overview, dead, quarantined] = await Promise.all([api('/api/algorithms'),
    api('/api/routes'), api('/api/overview'), api('/api/jobs?state=DEAD_LETTER&limit=1000'),
    api('/api/results?status=QUARANTINED&limit=1000')]);
  el.append(h('h1', {}, 'Algorithms'));
  el.append(table(null, ['Algorithm', 'Product', 'CE class', 'Certificate', 'Approved version', 'Intended use',
    'Routes and modes', 'Health'], algorithms.map((a) => {
    const modes = routes.filter((r) => r.algorithms.includes(a.id)).map((r) => `${r.name}: ${r.mode}`);
    const breaker = overview.breakers[a.id] || 'CLOSED';
    const deadCount = dead.filter((j) => j.algorithm === a.id).length;
    const quarantinedCount = quarantined.filter((r) => r.algorithm === a.id).length;
    return [h('span', {'data-algorithm': a.id}, a.id), `${a.vendor} ${a.product}`, a.ceClass ?? a.regulatoryStatus,
      [a.certificateId ?? '', a.notifiedBody ? h('div', {class: 'muted'}, a.notifiedBody) : ''],
      a.approvedVersion, intendedUse(a.intendedUse), modes.length ? modes.join(', ') : h('span', {class: 'muted'}, 'no route'),
      h('span', {'data-testid': 'health-' + a.id}, badge('breaker ' + breaker.toLowerCase(), breaker === 'CLOSED' ? 'good' : 'bad'),
        deadCount ? [' ', badge(`${deadCount} dead letter(s)`, 'bad')] : '',
        quarantinedCount ? [' ', badge(`${quarantinedCount} quarantined`, 'bad')] : '')];
  }), {'data-testid': 'algorithms'}));
  el.append(await valueSection(algorithms, routes));

  el.append(h('h2', {}, 'Quarantined results'), h('p', {class: 'muted'},
    'Results whose reported version differs from the approved one: kept, never written back. Replay the job once the catalogue is right.'),
  table(null, ['Algorithm', 'Study', 'Reported version', 'Approved', 'Received'], quarantined.map((r) => [r.algorithm,
    h('a', {href: '#/studies/' + encodeURIComponent(r.studyInstanceUid)}, r.studyInstanceUid), r.reportedVersion ?? '',
    r.approvedVersion ?? '', r.receivedAt]), {'data-testid': 'quarantined'}));
}

function intendedUse(u) {
  if (!u) return '';
  const parts = [];
  if (u.modalities && u.modalities.length) parts.push(u.modalities.join('/'));
  if (u.bodyParts && u.bodyParts.length) parts.push(u.bodyParts.join('/'));
  if (u.viewPositions && u.viewPositions.length) parts.push('views ' + u.viewPositions.join('/'));
  if (u.minAgeYears !== null && u.minAgeYears !== undefined || u.maxAgeYears !== null && u.maxAgeYears !== undefined) {
    parts.push(`age ${u.minAgeYears ?? 0}–${u.maxAgeYears ?? '∞'}`);
  }
  return parts.join(', ');
}
