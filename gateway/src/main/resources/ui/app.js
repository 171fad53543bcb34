// The web UI's entry: log in with a token, then a page per hash route (#/overview, #/studies/UID, ...).
import {h, status} from './dom.js';
import {api, session, ApiError} from './api.js';
import * as login from './pages/login.js';
import {finishLogin, logoutAtProvider} from './pages/oidc.js';
import * as overview from './pages/overview.js';
import * as studies from './pages/studies.js';
import * as study from './pages/study.js';
import * as algorithms from './pages/algorithms.js';
import * as routes from './pages/routes.js';
import * as deadLetters from './pages/dead-letters.js';
import * as reviews from './pages/reviews.js';

const PAGES = [
  {path: 'overview', title: 'Overview', page: overview},
  {path: 'studies', title: 'Studies', page: studies},
  {path: 'algorithms', title: 'Algorithms', page: algorithms},
  {path: 'routes', title: 'Routes', page: routes},
  {path: 'dead-letters', title: 'Dead letters', page: deadLetters},
  {path: 'reviews', title: 'Reviews', page: reviews, role: 'reviewer'},
];

function route() {
  const [path, ...rest] = (location.hash.replace(/^#\/?/, '').split('?')[0] || 'overview').split('/');
  if (path === 'studies' && rest.length > 0) return {entry: {path: 'studies', title: 'Study', page: study}, arg: decodeURIComponent(rest.join('/'))};
  return {entry: PAGES.find((p) => p.path === path) || PAGES[0], arg: null};
}

function nav(current) {
  const el = document.getElementById('nav');
  // a page with a role is shown to that role alone (reviews: no operator or admin decides for a reviewer)
  const mine = PAGES.filter((p) => !p.role || (session.caller && session.caller.role === p.role));
  el.replaceChildren(...(session.caller ? mine.map((p) => h('a', {href: '#/' + p.path,
    'aria-current': p.path === current ? 'page' : null}, p.title)) : []));
  const who = document.getElementById('who');
  who.replaceChildren(...(session.caller ? [
    h('span', {'data-testid': 'caller'}, `${session.caller.name} (${session.caller.role})`),
    h('button', {class: 'secondary', type: 'button', onclick: logout}, 'Log out')] : []));
}

function logout() {
  const caller = session.caller;
  session.clear();
  session.caller = null;
  if (logoutAtProvider(caller)) return;
  location.hash = '#/overview';
  render();
}

let rendering = 0;
async function render() {
  const main = document.getElementById('main');
  const mine = ++rendering;
  if (!session.caller && session.token()) {
    try {
      session.caller = await api('/api/whoami');
    } catch (e) {
      session.clear();
    }
  }
  if (!session.caller) {
    nav(null);
    document.title = 'Varde: log in';
    login.render(main, () => render());
    return;
  }
  const {entry, arg} = route();
  nav(entry.path);
  document.title = 'Varde: ' + entry.title;
  const content = h('div', {'data-page': entry.path});
  main.replaceChildren(content);
  status('loading…');
  try {
    await entry.page.render(content, arg);
    if (mine === rendering) status('');
  } catch (e) {
    if (mine !== rendering) return;
    status('');
    content.append(h('p', {class: 'error', role: 'alert'},
      e instanceof ApiError ? `The API answered ${e.status}: ${e.message}` : String(e)));
  }
  if (mine === rendering) main.focus();
  content.dataset.ready = 'true';
}

window.addEventListener('hashchange', render);
window.addEventListener('varde:logout', () => { session.caller = null; render(); });
// back from the OpenID Connect provider with a code (or an error), else an ordinary start
finishLogin().finally(render);
