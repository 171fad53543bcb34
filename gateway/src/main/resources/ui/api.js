// Every call to the API carries the user's token: a pasted one is kept in sessionStorage (gone when the
// tab closes); one from the OpenID Connect log-in only in memory (gone on reload: log in again).
const KEY = 'varde.token';
let inMemory = null;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  token: () => inMemory ?? sessionStorage.getItem(KEY),
  set: (token) => sessionStorage.setItem(KEY, token),
  keep: (token) => { inMemory = token; },
  clear: () => { inMemory = null; sessionStorage.removeItem(KEY); },
  caller: null,
};

export async function api(path, options = {}) {
  const headers = {Accept: 'application/json'};
  // no token yet (the log-in's own open calls): no Authorization header rather than an empty one
  if (session.token()) headers.Authorization = 'Bearer ' + session.token();
  // a FormData body (files) goes as multipart/form-data, its boundary set by the browser
  const form = options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method || 'GET',
    headers,
    body: options.body === undefined ? undefined : form ? options.body : JSON.stringify(options.body),
    cache: 'no-store',
  });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = {error: text}; }
  if (!response.ok) {
    if (response.status === 401 && session.caller !== null) {
      // a token revoked or expired while logged in: back to the log-in page
      session.clear();
      window.dispatchEvent(new Event('varde:logout'));
    }
    throw new ApiError(response.status, (body && body.error) || ('HTTP ' + response.status));
  }
  return body;
}

/**
 * Whether the logged-in caller's role includes the one given, in the chain viewer < operator < admin.
 * A role outside the chain (reviewer) gets no operator or admin action: the server refuses them too.
 */
export function may(role) {
  const order = ['viewer', 'operator', 'admin'];
  return session.caller !== null && order.indexOf(session.caller.role) >= order.indexOf(role);
}
