import {h} from '../dom.js';
import {api, may} from '../api.js';

let forms = 0;

/**
 * A radiologist's word on one result (POST /api/results/{id}/feedback, operator role): agree,
 * disagree or partly, the correct finding when the algorithm missed or misnamed it, a comment. The
 * value figures count the newest word per result; every one is kept and audited.
 */
export function feedbackForm(result) {
  if (!may('operator') || result.status !== 'RECEIVED') return null;
  const n = ++forms;
  const said = h('p', {role: 'status'});
  const choices = ['agree', 'disagree', 'partly'].map((word) => {
    const id = `fb-${n}-${word}`;
    return h('label', {for: id, class: 'choice'}, h('input', {type: 'radio', id, name: `agreement-${n}`, value: word,
      required: true}), word);
  });
  const finding = h('input', {id: `fb-${n}-finding`, name: 'correctFinding', maxlength: 400});
  const comment = h('textarea', {id: `fb-${n}-comment`, name: 'comment', maxlength: 2000, rows: 2});
  const form = h('form', {class: 'feedback', 'data-feedback-form': result.id, onsubmit: async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[type=radio]:checked');
    const body = {agreement: chosen.value};
    if (finding.value.trim()) body.correctFinding = finding.value.trim();
    if (comment.value.trim()) body.comment = comment.value.trim();
    try {
      const given = await api(`/api/results/${encodeURIComponent(result.id)}/feedback`, {method: 'POST', body});
      said.replaceChildren(h('span', {'data-feedback-given': result.id},
        `Recorded: ${given.agreement.toLowerCase()} (by ${given.givenBy}).`));
    } catch (e) {
      said.replaceChildren(h('span', {class: 'error'}, 'Refused: ' + e.message));
    }
  }},
  h('fieldset', {}, h('legend', {}, `Your reading of this ${result.verdict ?? ''} result`), h('div', {class: 'row'}, choices)),
  h('div', {class: 'row'}, h('label', {for: finding.id}, 'Correct finding (optional)', finding),
    h('label', {for: comment.id, class: 'wide'}, 'Comment (optional)', comment)),
  h('button', {type: 'submit', class: 'secondary'}, 'Send feedback'), said);
  return h('details', {class: 'feedback'}, h('summary', {}, 'Feedback'), form);
}
