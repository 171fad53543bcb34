// Small SVG charts: bars for counts per hour, lines for latency percentiles. No library, no network.
import {h} from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const W = 600, H = 180, PAD = 30;

function axis(hours, max, unit) {
  const parts = [s('line', {x1: PAD, y1: H - PAD, x2: W - 5, y2: H - PAD, stroke: '#7a8490'}),
    s('text', {x: 2, y: 12}, `${round(max)} ${unit}`), s('text', {x: 2, y: H - PAD}, '0')];
  hours.forEach((hour, i) => {
    if (i % 2 === 0) parts.push(s('text', {x: x(i, hours.length), y: H - 10}, hour.slice(11, 16)));
  });
  return parts;
}

function x(i, n) { return PAD + (i + 0.2) * ((W - PAD - 5) / n); }
function y(v, max) { return H - PAD - (max === 0 ? 0 : (v / max) * (H - PAD - 15)); }
function round(v) { return v >= 10 ? Math.round(v) : Math.round(v * 10) / 10; }

/** Results per hour as bars; the numbers are also in a table for screen readers. */
export function barChart(title, hours, values, unit) {
  const max = Math.max(1, ...values);
  const w = ((W - PAD - 5) / hours.length) * 0.6;
  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title},
    ...axis(hours, max, unit),
    ...values.map((v, i) => s('rect', {class: 'bar', x: x(i, hours.length), y: y(v, max), width: w,
      height: H - PAD - y(v, max)}, s('title', {}, `${hours[i].slice(11, 16)}: ${v} ${unit}`))));
  return h('figure', {class: 'chart'}, h('figcaption', {}, title), svg);
}

/** Latency percentiles per hour as two lines (p50 solid, p90 dashed); hours without data are gaps. */
export function lineChart(title, hours, series, unit) {
  const all = series.flatMap((sr) => sr.values.filter((v) => v !== null));
  const max = Math.max(1, ...all);
  const paths = series.map((sr) => {
    let d = '';
    let pen = false;
    sr.values.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i, hours.length) + 5},${y(v, max)} `;
      pen = true;
    });
    return s('path', {class: sr.cls, d: d.trim() || 'M0,0'});
  });
  const dots = series.flatMap((sr) => sr.values.map((v, i) => v === null ? null
    : s('circle', {cx: x(i, hours.length) + 5, cy: y(v, max), r: 3, class: sr.cls},
      s('title', {}, `${sr.name} ${hours[i].slice(11, 16)}: ${round(v)} ${unit}`))).filter(Boolean));
  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title}, ...axis(hours, max, unit), ...paths, ...dots);
  return h('figure', {class: 'chart'}, h('figcaption', {}, title + ' (' + series.map((sr) => sr.name).join(', ') + ')'), svg);
}
