// Log-in by redirect to the hospital's OpenID Connect provider: the authorization code flow with PKCE
// (RFC 6749 4.1, RFC 7636) as a public client. The page makes the code verifier, sends the browser to
// the provider with its S256 challenge, and on the way back has the gateway exchange the code
// (POST /api/login/oidc/token: the page's CSP allows fetches to its own origin only). The access
// token is kept in memory, never in localStorage; only the verifier and state wait in sessionStorage
// for the round trip, and are removed when the browser is back.
import {api, session} from '../api.js';

const PENDING = 'varde.oidc.pending';
let provider;
let idToken = null;
let failure = null;

/** The provider's log-in as GET /api/login/oidc describes it, or null when the gateway offers none. */
export async function loginOption() {
  if (provider === undefined) {
    try {
      provider = await api('/api/login/oidc');
    } catch (e) {
      provider = null;
    }
  }
  return provider;
}

/** Why the last log-in by redirect failed, once (for the log-in page), or null. */
export function takeFailure() {
  const f = failure;
  failure = null;
  return f;
}

export async function startLogin() {
  const p = await loginOption();
  const verifier = random(48);
  const state = random(24);
  sessionStorage.setItem(PENDING, JSON.stringify({state, verifier, hash: location.hash || '#/overview'}));
  const query = new URLSearchParams({response_type: 'code', client_id: p.clientId, redirect_uri: redirectUri(),
    scope: p.scope, state, nonce: random(24), code_challenge: await challenge(verifier), code_challenge_method: 'S256'});
  location.assign(p.authorizationEndpoint + (p.authorizationEndpoint.includes('?') ? '&' : '?') + query);
}

/**
 * On the way back from the provider (?code=…&state=… or ?error=…): exchange the code, keep the token
 * in memory, and take the code out of the address bar. Returns true when a log-in completed.
 */
export async function finishLogin() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', '/' + ((pending && pending.hash) || '#/overview'));
  if (params.has('error')) {
    failure = 'The identity provider said: ' + params.get('error') + (params.get('error_description') ? ` (${params.get('error_description')})` : '');
    return false;
  }
  if (!pending || pending.state !== params.get('state')) {
    failure = 'This log-in was not started here (its state does not match): log in again.';
    return false;
  }
  try {
    const answer = await api('/api/login/oidc/token', {method: 'POST',
      body: {code: params.get('code'), codeVerifier: pending.verifier, redirectUri: redirectUri()}});
    session.keep(answer.accessToken);
    idToken = answer.idToken;
    await loginOption(); // where to log out, later
    return true;
  } catch (e) {
    failure = 'Log-in failed: ' + e.message;
    return false;
  }
}

/** After the UI's own log-out: end the provider's session too, when it has an end-session endpoint. */
export function logoutAtProvider(caller) {
  if (!caller || caller.source !== 'oidc' || !provider || !provider.endSessionEndpoint) return false;
  const query = new URLSearchParams({client_id: provider.clientId, post_logout_redirect_uri: redirectUri()});
  if (idToken) query.set('id_token_hint', idToken);
  idToken = null;
  location.assign(provider.endSessionEndpoint + (provider.endSessionEndpoint.includes('?') ? '&' : '?') + query);
  return true;
}

function redirectUri() {
  return location.origin + '/';
}

function random(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challenge(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
