// The reviewer's page of Varde's web UI (issue 12) in Debian's chromium (driven by playwright-core): a
// reviewer logs in, sees the held results with the study's identity, the findings and the vendor's SR
// as text, approves one with a priority of their own and rejects one with a reason; each decision is
// checked against the API (state, reviewer, priority, reason; the rejection in the value figures).
// A deferral is undone by the reviewer who made it (another reviewer is offered no undo and refused by the
// API), and an approval, handed to delivery at once, offers none. Keyboard reach and axe-core's WCAG 2.1 AA
// rules are checked, and a screenshot saved. Run by
// ReviewPageBrowserTest; prints "ok NAME" or "FAIL NAME: why" per check and exits 1 when any failed (walk.mjs).
//
// env: VARDE_URL, VARDE_REVIEWER_TOKEN, VARDE_OTHER_REVIEWER_TOKEN, VARDE_OPERATOR_TOKEN, VARDE_OUT (screenshots), VARDE_CHROMIUM
import {accessible, api, base, check, loggedIn, ready, scriptErrors, shot, tabsTo, walk} from './walk.mjs';

const reviewerToken = process.env.VARDE_REVIEWER_TOKEN;
const operatorToken = process.env.VARDE_OPERATOR_TOKEN;
const otherReviewerToken = process.env.VARDE_OTHER_REVIEWER_TOKEN;

await walk(async (browser) => {
  const page = await loggedIn(browser, reviewerToken, 1000);
  const navLinks = await page.locator('#nav a').allTextContents();
  check('reviewer: the Reviews page is in the navigation', navLinks.includes('Reviews'), navLinks.join(', '));

  // keyboard: from the top of the page, Tab reaches the Reviews link and Enter opens it
  const toLink = await tabsTo(page, '#nav a[href="#/reviews"]', 12);
  check('keyboard: Tab reaches the Reviews link', toLink > 0, 'never focused');
  await page.keyboard.press('Enter');
  await ready(page, 'reviews');
  check('keyboard: Enter on it opens the review page', page.url().endsWith('#/reviews'), page.url());

  const pending = (await api('/api/reviews?state=waiting', reviewerToken)).body;
  const shown = await page.locator('[data-review]').evaluateAll((els) => els.map((e) => e.dataset.review));
  check(`reviews: the API's ${pending.length} waiting results, oldest first`, pending.length >= 2
    && JSON.stringify(shown) === JSON.stringify(pending.map((r) => r.id)), `page ${shown} api ${pending.map((r) => r.id)}`);
  const [first, second] = pending;
  const facts = await page.textContent(`[data-testid="identity-${first.id}"]`);
  check('reviews: a reviewer sees the study\'s identity (patient, ID, accession, study UID)',
    facts.includes(first.study.patientName) && facts.includes(first.study.patientId)
    && facts.includes(first.study.accessionNumber) && facts.includes(first.studyInstanceUid), facts);
  const findingsText = await page.locator(`[data-review="${first.id}"] [data-testid=findings]`).textContent();
  const finding = first.result.findings[0];
  check('reviews: the findings are shown as the API has them', findingsText.includes(finding.code.meaning)
    && finding.measurements.every((m) => findingsText.includes(`${m.value} ${m.unit}`)), findingsText);
  await page.click(`[data-review="${first.id}"] summary`);
  const sr = await page.textContent(`[data-testid="vendor-sr-${first.id}"]`);
  check('reviews: the vendor\'s SR is shown as text', first.vendorReport.length === 1 && sr === first.vendorReport[0].text
    && sr.includes('Document:'), sr.slice(0, 200));
  await shot(page, '09-reviews');
  await accessible(page, 'reviews');

  // keyboard: the first review's decision controls are reachable in order
  const toApprove = await tabsTo(page, `button[data-approve="${first.id}"]`, 40);
  const toPriority = await tabsTo(page, `#priority-${first.id}`, 40);
  const toReject = await tabsTo(page, `button[data-reject="${first.id}"]`, 40);
  check('keyboard: Tab reaches the priority, Approve and Reject of the first result, in that order',
    toPriority > 0 && toApprove > toPriority && toReject > toApprove, `priority ${toPriority}, approve ${toApprove}, reject ${toReject}`);

  // defer the first, then undo the deferral by keyboard: waiting again, the undo in its history
  await page.fill(`#reason-${first.id}`, 'waiting for the prior CT');
  await page.click(`button[data-defer="${first.id}"]`);
  await page.waitForSelector(`[data-decided="${first.id}"][data-state=DEFERRED]`, {timeout: 30000});
  check('defer: the API has it DEFERRED by the reviewer', (await api('/api/reviews/' + first.id, reviewerToken)).body.reviewer
    === 'ui-reviewer', 'another reviewer');
  check('undo: the reviewer who deferred is offered Undo, with the focus on it',
    await page.evaluate((id) => document.activeElement.dataset.undo === id, first.id), 'focus elsewhere');
  // another reviewer sees the deferral but no Undo, and the API refuses theirs
  const other = await loggedIn(browser, otherReviewerToken, 1000);
  await other.goto(base + '/#/reviews');
  await ready(other, 'reviews');
  check('undo: another reviewer sees who deferred it and no Undo',
    (await other.textContent(`[data-testid="identity-${first.id}"]`)).includes('ui-reviewer: waiting for the prior CT')
    && await other.locator(`[data-undo="${first.id}"]`).count() === 0
    && await other.locator(`button[data-approve="${first.id}"]`).count() === 1, 'an Undo, or no decision controls');
  const othersUndo = await api('/api/reviews/' + first.id, otherReviewerToken, {method: 'POST', body: {decision: 'undo'}});
  check('undo: the API refuses another reviewer\'s undo (409)', othersUndo.status === 409
    && othersUndo.body.error.includes('only ui-reviewer may undo'), `${othersUndo.status} ${JSON.stringify(othersUndo.body)}`);
  await other.context().close();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-decide="${first.id}"]`, {timeout: 30000});
  const undone = (await api('/api/reviews/' + first.id, reviewerToken)).body;
  const lastEvent = undone.history[undone.history.length - 1];
  check('undo: the API has it PENDING again, no reviewer, "undone by ui-reviewer" in its history', undone.state === 'PENDING'
    && undone.reviewer === null && lastEvent.from === 'DEFERRED' && lastEvent.to === 'PENDING'
    && lastEvent.detail === 'undone by ui-reviewer', JSON.stringify(lastEvent));
  check('undo: the page shows it waiting, its decision controls back and the focus in them',
    (await page.textContent(`[data-review="${first.id}"] h2`)).includes('PENDING')
    && await page.evaluate((id) => document.activeElement.id === 'priority-' + id, first.id), 'not shown afresh');

  // approve the first with a priority of the reviewer's own, by keyboard
  await page.focus(`#priority-${first.id}`);
  await page.selectOption(`#priority-${first.id}`, 'stat');
  await page.focus(`button[data-approve="${first.id}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-decided="${first.id}"]`, {timeout: 30000});
  const approved = (await api('/api/reviews/' + first.id, reviewerToken)).body;
  check('approve: the API has it APPROVED by the reviewer with priority stat', approved.state === 'APPROVED'
    && approved.reviewer === 'ui-reviewer' && approved.priority === 'stat', JSON.stringify(approved).slice(0, 300));
  check('approve: the page says so', (await page.textContent(`[data-decided="${first.id}"]`)).includes('approved by ui-reviewer'),
    await page.textContent(`[data-decided="${first.id}"]`));
  check('approve: handed to delivery at once, so no Undo is offered and the API refuses one (409)',
    approved.handedOverAt !== null && await page.locator(`[data-undo="${first.id}"]`).count() === 0
    && (await api('/api/reviews/' + first.id, reviewerToken, {method: 'POST', body: {decision: 'undo'}})).status === 409,
    `handed over ${approved.handedOverAt}`);

  // reject the second: without a reason the page asks for one and sends nothing
  await page.click(`button[data-reject="${second.id}"]`);
  check('reject: without a reason the page asks for one and keeps the focus there',
    (await page.textContent(`[data-error="${second.id}"]`)).includes('needs a reason')
    && await page.evaluate((id) => document.activeElement.id === 'reason-' + id, second.id), 'no message or focus elsewhere');
  check('reject: nothing was sent', (await api('/api/reviews/' + second.id, reviewerToken)).body.state === 'PENDING', 'not PENDING');
  await page.keyboard.type('the nodule is a vessel');
  await page.click(`button[data-reject="${second.id}"]`);
  await page.waitForSelector(`[data-decided="${second.id}"]`, {timeout: 30000});
  const rejected = (await api('/api/reviews/' + second.id, reviewerToken)).body;
  check('reject: the API has it REJECTED by the reviewer with the reason', rejected.state === 'REJECTED'
    && rejected.reviewer === 'ui-reviewer' && rejected.reason === 'the nodule is a vessel', JSON.stringify(rejected).slice(0, 300));
  const value = (await api('/api/value?algorithm=lung-nodules', reviewerToken)).body;
  check('reject: the value figures count it as a disagreement', value.feedback.disagree === 1 && value.feedback.given === 1,
    JSON.stringify(value.feedback));
  await shot(page, '10-reviews-decided');
  await accessible(page, 'reviews after deciding');

  // reloaded, neither is waiting any more
  await page.goto(base + '/#/overview');
  await ready(page, 'overview');
  await page.goto(base + '/#/reviews');
  await ready(page, 'reviews');
  const left = await page.locator('[data-review]').evaluateAll((els) => els.map((e) => e.dataset.review));
  check('reviews: decided results leave the list', !left.includes(first.id) && !left.includes(second.id), `left ${left}`);
  check('no script error on the review page', scriptErrors(page).length === 0, scriptErrors(page).join(' | '));

  // an operator has no Reviews link and the API refuses them
  const operator = await loggedIn(browser, operatorToken);
  check('operator: no Reviews link', !(await operator.locator('#nav a').allTextContents()).includes('Reviews'), 'shown');
  check('operator: the API refuses the review list (403)', (await api('/api/reviews', operatorToken)).status === 403, 'not 403');
  await operator.context().close();
  await page.context().close();
});
