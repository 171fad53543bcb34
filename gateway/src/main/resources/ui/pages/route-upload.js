import {h} from '../dom.js';
import {api} from '../api.js';

// the server reads no more of a file than this (its header ends long before); sending only this much
// keeps a CT of 500 slices a few megabytes instead of hundreds
const HEAD_BYTES = 1024 * 1024;

/**
 * The route tester for files not received yet: pick DICOM files (or a folder's worth), and see what the
 * router would decide for each study in them (POST /api/routes/explain/files, a dry run: the gateway
 * reads the headers and keeps nothing).
 */
export function uploadTester(explanation) {
  const input = h('input', {id: 'tester-files', name: 'files', type: 'file', multiple: true, required: true,
    'aria-describedby': 'tester-files-help'});
  const out = h('div', {'data-testid': 'upload-explanation', 'aria-live': 'polite'});
  const form = h('form', {class: 'row', 'data-upload-form': '', onsubmit: async (event) => {
    event.preventDefault();
    const body = new FormData();
    for (const file of input.files) body.append('file', file.slice(0, HEAD_BYTES), file.name);
    out.replaceChildren(h('p', {class: 'muted'}, `reading ${input.files.length} file(s)…`));
    delete out.dataset.ready;
    try {
      const answer = await api('/api/routes/explain/files', {method: 'POST', body});
      out.replaceChildren(...answer.studies.map((s) => h('section', {'data-study': s.studyInstanceUid ?? ''}, explanation(s))),
        skipped(answer.skipped));
    } catch (e) {
      out.replaceChildren(h('p', {class: 'error', role: 'alert'}, 'The API answered: ' + e.message));
    }
    out.dataset.ready = 'true';
  }},
  h('label', {for: 'tester-files'}, 'DICOM files', input),
  h('button', {type: 'submit'}, 'Explain files'));
  return h('section', {'aria-labelledby': 'upload-heading'}, h('h3', {id: 'upload-heading'}, 'Or upload DICOM files'),
    h('p', {id: 'tester-files-help', class: 'muted'}, 'Only the headers are read (the first MiB of each file), nothing is ',
      'stored or sent on; files of several studies are explained per study.'), form, out);
}

function skipped(list) {
  if (!list || list.length === 0) return null;
  return h('div', {'data-testid': 'skipped'}, h('p', {}, `${list.length} file(s) skipped:`),
    h('ul', {}, list.map((s) => h('li', {}, `${s.file}: ${s.why}`))));
}
