import {h} from '../dom.js';
import {api, session, ApiError} from '../api.js';
import {loginOption, startLogin, takeFailure} from './oidc.js';

/** Paste a token (./varde token create, or POST /api/tokens); it is checked with GET /api/whoami. */
export function render(main, done) {
  const error = h('p', {class: 'error', role: 'alert', id: 'login-error'});
  const input = h('input', {id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help login-error'});
  const form = h('form', {class: 'login', 'data-page': 'login', onsubmit: async (event) => {
    event.preventDefault();
    session.set(input.value.trim());
    try {
      session.caller = await api('/api/whoami');
      if (!location.hash || location.hash === '#/' || location.hash === '#/login') location.hash = '#/overview';
      done();
    } catch (e) {
      session.clear();
      error.textContent = e instanceof ApiError && e.status === 401
        ? 'This token was not accepted.' : 'Log-in failed: ' + e.message;
    }
  }},
  h('h1', {}, 'Log in to Varde'),
  h('label', {for: 'token'}, 'API token', input),
  h('p', {id: 'token-help', class: 'muted'},
    'A token from ./varde token create (or an OpenID Connect access token). It is kept in this tab only, ',
    'and sent with every request; your role decides what you see and may do.'),
  h('div', {class: 'row'}, h('button', {type: 'submit'}, 'Log in')),
  error);
  main.replaceChildren(form);
  error.textContent = takeFailure() || '';
  input.focus();
  // the hospital's provider, when the gateway offers a log-in by redirect (http.oidc.login)
  loginOption().then((p) => {
    if (p) {
      form.insertBefore(h('div', {class: 'row sso'}, h('button', {type: 'button', id: 'oidc-login', onclick: () => startLogin()},
        'Log in with your hospital account'), h('span', {class: 'muted'}, 'or paste a token:')), form.querySelector('label'));
    }
    form.dataset.ready = 'true';
  });
}
