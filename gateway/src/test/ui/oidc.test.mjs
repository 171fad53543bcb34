// The web UI's log-in by redirect, in Debian's chromium: the button sends the browser to the OpenID
// Connect provider (a real one on loopback, TestOidcProvider), the user signs in there, the browser
// comes back with a code, the UI has the gateway exchange it and is logged in with the role the
// provider's claim maps to. Run by OidcLoginTest; prints "ok NAME" / "FAIL NAME: why" (walk.mjs).
//
// env: VARDE_URL, VARDE_PROVIDER (its issuer), VARDE_OUT (screenshots), VARDE_CHROMIUM
import {base, check, ready, shot, walk} from './walk.mjs';

const providerUrl = process.env.VARDE_PROVIDER;

async function signIn(page, user, password, hash = '') {
  await page.goto(base + '/' + hash);
  await ready(page, 'login');
  await page.click('#oidc-login');
  await page.waitForURL((u) => u.toString().startsWith(providerUrl + '/authorize'), {timeout: 30000});
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#signin');
}

/** Everything the page keeps in Web Storage, as text: a token must not be in it. */
const stored = (page) => page.evaluate(() => JSON.stringify({local: {...localStorage}, session: {...sessionStorage}}));

await walk(async (browser) => {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const exchanges = [];
  const logouts = [];
  page.on('request', (r) => { if (r.url().startsWith(providerUrl + '/logout')) logouts.push(r.url()); });
  page.on('request', (r) => { if (r.url().startsWith(base + '/api/login/oidc/token')) exchanges.push(r.postDataJSON()); });

  await page.goto(base + '/');
  await ready(page, 'login');
  check('login: the page offers the hospital\'s log-in beside the token field',
    await page.locator('#oidc-login').isVisible() && await page.locator('#token').isVisible(), 'no button');
  await page.click('#oidc-login');
  await page.waitForURL((u) => u.toString().startsWith(providerUrl + '/authorize'), {timeout: 30000});
  const asked = new URL(page.url()).searchParams;
  check('redirect: the provider is asked for a code with PKCE S256 and state, and never sees a verifier',
    asked.get('response_type') === 'code' && asked.get('code_challenge_method') === 'S256'
    && /^[A-Za-z0-9_-]{43}$/.test(asked.get('code_challenge')) && asked.get('state') && !page.url().includes('verifier')
    && asked.get('redirect_uri') === base + '/' && asked.get('client_id') === 'varde-ui', page.url());
  await page.fill('#username', 'dr.lund');
  await page.fill('#password', 'wrong');
  await page.click('#signin');
  await page.waitForSelector('#message:has-text("Wrong")');
  await shot(page, '09-oidc-provider');
  await page.fill('#username', 'dr.lund');
  await page.fill('#password', 'lund-pw');
  await page.click('#signin');
  await ready(page, 'overview');
  check('callback: back at the gateway, logged in as the provider\'s user with the mapped role',
    (await page.textContent('[data-testid=caller]')) === 'dr.lund (operator)', await page.textContent('[data-testid=caller]'));
  check('callback: the code is taken out of the address bar', !page.url().includes('code=') && page.url().endsWith('#/overview'), page.url());
  check('callback: the page sent the verifier it made to the gateway, once',
    exchanges.length === 1 && /^[A-Za-z0-9_-]{43,128}$/.test(exchanges[0].codeVerifier) && exchanges[0].redirectUri === base + '/',
    JSON.stringify(exchanges));
  const storage = await stored(page);
  check('token: not in localStorage or sessionStorage (kept in memory), nor the verifier after the round trip',
    !/eyJ[A-Za-z0-9_-]+\./.test(storage) && !storage.includes('varde.oidc') && !storage.includes('varde.token'), storage);
  await page.goto(base + '/#/studies');
  await ready(page, 'studies');
  check('the API answers the UI with the provider\'s token (studies page)', await page.locator('[data-testid=studies]').count() === 1, 'no studies table');
  await shot(page, '10-oidc-logged-in');

  await page.reload();
  await ready(page, 'login');
  check('reload: the in-memory token is gone, the log-in page is back', await page.locator('#oidc-login').isVisible(), 'not the log-in page');

  await signIn(page, 'dr.lund', 'lund-pw', '#/studies');
  await ready(page, 'studies');
  check('log-in again lands on the page it started from', page.url().endsWith('#/studies'), page.url());
  await page.click('button:has-text("Log out")');
  await page.waitForURL((u) => u.toString().startsWith(base), {timeout: 30000});
  await ready(page, 'login');
  check('log-out: through the provider\'s end-session endpoint with the ID token as hint, back at the log-in page',
    logouts.length === 1 && new URL(logouts[0]).searchParams.get('post_logout_redirect_uri') === base + '/'
    && new URL(logouts[0]).searchParams.has('id_token_hint') && await page.locator('#oidc-login').isVisible(), JSON.stringify(logouts));

  await signIn(page, 'ms.ask', 'ask-pw');
  await ready(page, 'overview');
  check('a user in the viewers group is a viewer', (await page.textContent('[data-testid=caller]')) === 'ms.ask (viewer)',
    await page.textContent('[data-testid=caller]'));
  await page.click('button:has-text("Log out")');
  await ready(page, 'login');

  await signIn(page, 'mr.none', 'none-pw');
  await ready(page, 'login');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0, null, {timeout: 30000});
  check('a user whose groups map to no role is refused with the reason', (await page.textContent('#login-error')).includes('not valid here'),
    await page.textContent('#login-error'));
  check('no script error', pageErrors.length === 0, pageErrors.join(' | '));
  await context.close();
});
