// What every browser walk of the web UI shares (ui, review and oidc .test.mjs): Debian's chromium driven by
// playwright-core, a check that prints "ok NAME" or "FAIL NAME: why", the API called as the walk's user,
// waiting for a page, keyboard order, axe-core's WCAG 2.1 A/AA rules, screenshots, and the exit code
// (1 when any check failed) that the Java test reads.
//
// env: VARDE_URL (the gateway), VARDE_OUT (screenshots), VARDE_CHROMIUM (default /usr/bin/chromium)
import {chromium} from 'playwright-core';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';

export const base = process.env.VARDE_URL;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let failures = 0;
let passed = 0;
export function check(name, condition, why) {
  if (condition) {
    passed++;
    console.log(`ok ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name}: ${why}`);
  }
}

/** Runs the walk in a fresh headless chromium, counts a throw as a failure, prints the tally and exits. */
export async function walk(body) {
  // playwright-core gives the browser a new, empty profile folder of its own (--user-data-dir) and removes it after
  const browser = await chromium.launch({
    executablePath: process.env.VARDE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await body(browser);
  } catch (e) {
    failures++;
    console.log(`FAIL the walk through stopped: ${e.stack || e}`);
  } finally {
    await browser.close();
  }
  console.log(failures === 0 ? `all ${passed} checks passed` : `${failures} check(s) failed, ${passed} passed`);
  process.exit(failures === 0 ? 0 : 1);
}

/** The API as a user with this token: {status, body}. */
export async function api(path, token, options = {}) {
  const response = await fetch(base + path, {method: options.method || 'GET',
    headers: {Authorization: 'Bearer ' + token, 'Content-Type': 'application/json'},
    body: options.body ? JSON.stringify(options.body) : undefined});
  return {status: response.status, body: await response.json().catch(() => null)};
}

export async function ready(page, name) {
  await page.waitForSelector(`[data-page="${name}"][data-ready="true"]`, {timeout: 30000});
}

/** Marks the page shown as old, so that ready() waits for the next one (the same page with another filter too). */
export async function unready(page) {
  await page.evaluate(() => document.querySelectorAll('[data-page]').forEach((el) => delete el.dataset.ready));
}

export async function go(page, hash, name) {
  await unready(page);
  await page.goto(base + '/' + hash);
  await ready(page, name);
}

const errors = new WeakMap();

/** The script errors a page of loggedIn() has had since it opened. */
export function scriptErrors(page) {
  return errors.get(page);
}

/** A new page in its own context, logged in with a pasted token, on the overview. */
export async function loggedIn(browser, token, height = 900) {
  const context = await browser.newContext({viewport: {width: 1280, height}});
  const page = await context.newPage();
  errors.set(page, []);
  page.on('pageerror', (e) => errors.get(page).push(String(e)));
  await page.goto(base + '/');
  await ready(page, 'login');
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await ready(page, 'overview');
  return page;
}

export async function shot(page, name) {
  await page.screenshot({path: join(process.env.VARDE_OUT, name + '.png'), fullPage: true});
}

/** axe-core's WCAG 2.1 A/AA rules (contrast among them) on the page as it stands. */
export async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(`${name}: axe-core finds no serious or critical WCAG 2.1 AA violation (${result.passes.length} rules pass)`, bad.length === 0,
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`).join(' | '));
}

/** Tabs from where a user who just opened the page starts (before its first element) while reached() says go on. */
async function tabFromTheTop(page, presses, reached) {
  await page.evaluate(() => {
    const start = document.createElement('span');
    start.id = 'tab-start';
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
  });
  try {
    for (let i = 1; i <= presses; i++) {
      await page.keyboard.press('Tab');
      if (await reached(i)) return i;
    }
    return -1;
  } finally {
    await page.evaluate(() => document.getElementById('tab-start').remove());
  }
}

/** What Tab reaches from the top of the page, in order (as "tag#id:text"). */
export async function tabOrder(page, presses) {
  const order = [];
  await tabFromTheTop(page, presses, async () => {
    order.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}:${(el.textContent || el.name || '').trim().slice(0, 40)}` : '';
    }));
    return false;
  });
  return order;
}

/** How many Tabs from the top of the page until the element matching selector has the focus, or -1. */
export async function tabsTo(page, selector, max) {
  return tabFromTheTop(page, max, () => page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector));
}
