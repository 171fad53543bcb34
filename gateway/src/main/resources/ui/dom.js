// The UI's whole component layer: elements are built with h(), text always goes in as text nodes
// (never innerHTML), so a study description or a vendor's error message cannot become markup.

/** h('td', {class: 'num'}, 'text', child, [more children]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A table: headers as strings (a leading '#' marks a numeric column), rows as arrays of cells. */
export function table(caption, headers, rows, attrs = {}) {
  const numeric = headers.map((t) => t.startsWith('#'));
  return h('table', attrs,
    caption ? h('caption', {class: 'muted', style: null}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((t, i) => h('th', {scope: 'col', class: numeric[i] ? 'num' : null},
      numeric[i] ? t.slice(1) : t)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', {colspan: headers.length, class: 'muted'}, 'none'))
      : rows.map((cells) => h('tr', {}, cells.map((c, i) => h('td', {class: numeric[i] ? 'num' : null}, c))))));
}

export function badge(text, kind) {
  return h('span', {class: 'badge' + (kind ? ' ' + kind : '')}, text);
}

/** Times as the API gives them (ISO-8601 UTC), shown in UTC without the fraction. */
export function when(iso) {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC');
}

export function status(text) {
  document.getElementById('status').textContent = text || '';
}

const JOB_KINDS = {DONE: 'good', RESULT_RECEIVED: 'good', DEAD_LETTER: 'bad', QUARANTINED: 'bad', FAILED: 'warn'};
export function stateBadge(state) {
  return badge(state, JOB_KINDS[state]);
}
