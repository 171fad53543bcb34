// Clicks through every page of Varde's web UI in Debian's chromium (driven by playwright-core), compares
// what each page shows with the API's own answer, checks keyboard access and axe-core's rules
// (contrast included), and saves a screenshot of each page. Run by OperatorSurfaceTest; prints "ok NAME"
// or "FAIL NAME: why" per check and exits 1 when any failed (walk.mjs).
//
// env: VARDE_URL, VARDE_UPLOAD_DIR (DICOM files for the route tester), VARDE_ADMIN_TOKEN, VARDE_VIEWER_TOKEN, VARDE_OUT (screenshots), VARDE_CHROMIUM (default /usr/bin/chromium)
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {basename, join} from 'node:path';
import {accessible, api, base, check, go, loggedIn, ready, shot, tabOrder, unready, walk} from './walk.mjs';

const adminToken = process.env.VARDE_ADMIN_TOKEN;
const viewerToken = process.env.VARDE_VIEWER_TOKEN;

async function texts(page, selector) {
  return page.locator(selector).allTextContents();
}

/** Each algorithm's value row against GET /api/value with the query the page used (data-query); the API's answers. */
async function valueFiguresAreTheApis(page, algorithms, filter) {
  const query = await page.getAttribute('[data-testid=value]', 'data-query');
  const answers = {};
  for (const a of algorithms) {
    const v = (await api('/api/value?algorithm=' + encodeURIComponent(a.id) + (query ? '&' + query : ''), adminToken)).body;
    answers[a.id] = v;
    const cells = await page.locator('[data-testid=value] tbody tr').filter({has: page.locator(`[data-value-algorithm="${a.id}"]`)})
      .locator('td').allTextContents();
    const fmt = (w) => w.value === null ? `— n ${w.n}` : `${(w.value * 100).toFixed(1)} % (${(w.low * 100).toFixed(1)}–${(w.high * 100).toFixed(1)} %), n ${w.n}`;
    const expected = [a.id, String(v.volumes.dispatched), String(v.volumes.resultsReceivedInPeriod), String(v.volumes.quarantined),
      String(v.volumes.positives), fmt(v.flagRate), String(v.feedback.given), fmt(v.feedback.agreementRate), fmt(v.feedback.ppv),
      fmt(v.feedback.npv)];
    check(`algorithms (${filter}): ${a.id}'s value figures are the API's`, JSON.stringify(cells) === JSON.stringify(expected),
      `page ${JSON.stringify(cells)} api ${JSON.stringify(expected)}`);
    const g = v.groundTruth;
    const truthCells = await page.locator('[data-testid=value-truth] tbody tr')
      .filter({has: page.locator(`[data-truth-algorithm="${a.id}"]`)}).locator('td').allTextContents();
    const truthExpected = [a.id, ...[g.compared, g.truePositives, g.falsePositives, g.falseNegatives, g.trueNegatives].map(String),
      fmt(g.sensitivity), fmt(g.specificity), fmt(g.ppv), fmt(g.npv)];
    check(`algorithms (${filter}): ${a.id}'s figures against ground truth are the API's`,
      JSON.stringify(truthCells) === JSON.stringify(truthExpected), `page ${JSON.stringify(truthCells)} api ${JSON.stringify(truthExpected)}`);
  }
  return answers;
}

await walk(async (browser) => {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  const foreign = [];
  const pageErrors = [];
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const apiWithoutToken = [];
  page.on('request', (r) => {
    // the log-in's own endpoints are open (the browser holds no token yet); every other call needs one
    if (r.url().startsWith(base + '/api/') && !r.url().startsWith(base + '/api/login/')
      && !(r.headers()['authorization'] || '').startsWith('Bearer ')) apiWithoutToken.push(r.url());
  });

  // --- login
  await page.goto(base + '/');
  await ready(page, 'login');
  check('login: the page asks for a token before anything else', await page.locator('#token').isVisible(), 'no token field');
  await shot(page, '01-login');
  await accessible(page, 'login');
  await page.fill('#token', 'not-a-token');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0, null, {timeout: 30000});
  check('login: a wrong token is refused with a message', (await page.textContent('#login-error')).includes('not accepted'),
    await page.textContent('#login-error'));
  await page.fill('#token', adminToken);
  await page.click('button[type=submit]');
  await ready(page, 'overview');
  check('login: the admin token opens the overview and names the caller',
    (await page.textContent('[data-testid=caller]')).includes('(admin)'), await page.textContent('[data-testid=caller]'));

  // --- overview, against GET /api/overview
  const overview = (await api('/api/overview', adminToken)).body;
  for (const [state, n] of Object.entries(overview.jobs)) {
    const shown = await page.textContent(`[data-testid="jobs-${state}"] .n`);
    check(`overview: jobs ${state} shows ${n} as the API counts`, Number(shown) === n, `page shows ${shown}`);
  }
  for (const [state, n] of Object.entries(overview.deliveries || {})) {
    const shown = await page.textContent(`[data-testid="deliveries-${state}"] .n`);
    check(`overview: deliveries ${state} shows ${n} as the API counts`, Number(shown) === n, `page shows ${shown}`);
  }
  for (const stage of ['assembling', 'awaitingRouting', 'complete']) {
    const shown = await page.textContent(`[data-testid="studies-${stage}"] .n`);
    check(`overview: studies ${stage} shows ${overview.studies[stage]}`, Number(shown) === overview.studies[stage], `page shows ${shown}`);
  }
  const alertKinds = await page.locator('[data-alert]').evaluateAll((els) => els.map((e) => e.dataset.alert));
  check('overview: the alerts are the API\'s', JSON.stringify(alertKinds) === JSON.stringify(overview.alerts.map((a) => a.kind)),
    `page ${alertKinds} api ${overview.alerts.map((a) => a.kind)}`);
  check('overview: a dead letter and a quarantined result are raised as alerts',
    alertKinds.includes('DEAD_LETTERS') && alertKinds.includes('QUARANTINED_RESULTS'), `alerts ${alertKinds}`);
  check('overview: the charts are drawn', await page.locator('figure.chart svg').count() === 2, 'no two charts');
  const bars = await page.locator('figure.chart rect.bar').count();
  check('overview: one bar per hour the API lists', bars === overview.hourly.length, `${bars} bars, ${overview.hourly.length} hours`);
  await shot(page, '02-overview');
  await accessible(page, 'overview');

  const order = await tabOrder(page, 9);
  const navNames = ['Overview', 'Studies', 'Algorithms', 'Routes', 'Dead letters'];
  check('keyboard: Tab reaches the skip link first', order[0].startsWith('a:Skip to content'), order.join(' | '));
  check('keyboard: Tab then reaches every page link in order and the log-out button',
    navNames.every((n, i) => order[1 + i] === 'a:' + n) && order[6] === 'button:Log out', order.join(' | '));
  const toStudies = await tabOrder(page, 3);
  check('keyboard: the third Tab from the top is the Studies link', toStudies[2] === 'a:Studies', toStudies.join(' | '));
  await page.keyboard.press('Enter');
  await ready(page, 'studies');
  check('keyboard: Enter on the focused Studies link opens the page', page.url().endsWith('#/studies'), page.url());

  // --- studies, against GET /api/studies
  const studies = (await api('/api/studies', adminToken)).body;
  const uids = await page.locator('[data-testid=studies] a[data-uid]').evaluateAll((as) => as.map((a) => a.dataset.uid));
  check(`studies: the list shows the API's ${studies.length} studies in its order`,
    JSON.stringify(uids) === JSON.stringify(studies.map((s) => s.studyInstanceUid)), `page ${uids}`);
  const rowOf = studies[0];
  const firstRow = await texts(page, '[data-testid=studies] tbody tr:first-child td');
  check('studies: an operator sees patient ID and accession', firstRow[1] === rowOf.patientId && firstRow[2] === rowOf.accessionNumber,
    `row ${firstRow}`);
  await shot(page, '03-studies');
  await accessible(page, 'studies');
  const studyOrder = await tabOrder(page, 17);
  check('keyboard: Tab reaches each search field and the Search button',
    ['input#q-accession', 'input#q-patientId', 'input#q-modality', 'input#q-receivedOn'].every((id) => studyOrder.some((t) => t.startsWith(id)))
    && studyOrder.some((t) => t === 'button:Search'), studyOrder.join(' | '));

  await page.fill('#q-modality', 'CT');
  await page.click('form.search button[type=submit]');
  await page.waitForURL(/modality=CT/);
  await ready(page, 'studies');
  const ctApi = (await api('/api/studies?modality=CT', adminToken)).body;
  const ctPage = await page.locator('[data-testid=studies] a[data-uid]').evaluateAll((as) => as.map((a) => a.dataset.uid));
  check(`studies: search by modality CT shows the API's ${ctApi.length}`, ctApi.length > 0 && ctApi.length < studies.length
    && JSON.stringify(ctPage) === JSON.stringify(ctApi.map((s) => s.studyInstanceUid)), `page ${ctPage}`);
  const byPatient = studies.find((s) => s.patientId);
  await go(page, `#/studies?patientId=${encodeURIComponent(byPatient.patientId)}`, 'studies');
  const patientApi = (await api('/api/studies?patientId=' + encodeURIComponent(byPatient.patientId), adminToken)).body;
  const patientPage = await page.locator('[data-testid=studies] a[data-uid]').evaluateAll((as) => as.map((a) => a.dataset.uid));
  check('studies: search by patient ID shows what the API finds', patientApi.length >= 1
    && JSON.stringify(patientPage) === JSON.stringify(patientApi.map((s) => s.studyInstanceUid)), `page ${patientPage}`);

  // --- one study's timeline, against GET /api/studies/{uid}
  const results = (await api('/api/results?status=RECEIVED', adminToken)).body;
  const withResult = results[0].studyInstanceUid;
  await page.goto(base + '/#/studies');
  await ready(page, 'studies');
  await page.click(`a[data-uid="${withResult}"]`);
  await ready(page, 'studies');
  await page.waitForSelector('[data-testid=timeline]');
  const study = (await api('/api/studies/' + withResult, adminToken)).body;
  const kinds = await page.locator('[data-testid=timeline] > li').evaluateAll((li) => li.map((l) => l.dataset.kind));
  const jobEvents = study.jobs.reduce((n, j) => n + j.events.length, 0);
  check('study: the timeline has received, completed, every decision, every job event and every result',
    kinds.filter((k) => k === 'received').length === 1 && kinds.filter((k) => k === 'completed').length === 1
    && kinds.filter((k) => k === 'routed').length === study.routingDecisions.length
    && kinds.filter((k) => k === 'job').length === jobEvents
    && kinds.filter((k) => k === 'result').length === study.results.length, `kinds ${kinds}`);
  const completedText = await page.textContent('[data-kind=completed]');
  check('study: completion says what completed it', completedText.includes(study.completion.trigger), completedText);
  const finding = study.results.find((r) => r.status === 'RECEIVED').result.findings[0];
  const findingsText = (await texts(page, '[data-testid=findings]')).join(' ');
  const measurement = finding.measurements[0];
  check('study: the finding, its measurement and body site are shown as the API has them',
    findingsText.includes(finding.code.meaning) && findingsText.includes(`${measurement.value} ${measurement.unit}`)
    && findingsText.includes(finding.bodySite.meaning), findingsText);
  const routed = await texts(page, '[data-kind=routed]');
  check('study: every decision is shown with its outcome', study.routingDecisions.every((d) =>
    routed.some((t) => t.includes(d.algorithm) && t.includes(d.outcome))), routed.join(' | '));
  check('study: an operator sees the patient', (await page.textContent('[data-testid=identity]')).includes(study.patientId), 'no patient ID');
  // a radiologist's feedback on the result, by keyboard-reachable form: POST /api/results/{id}/feedback
  const received = study.results.find((r) => r.status === 'RECEIVED');
  const feedbackForm = page.locator(`[data-feedback-form="${received.id}"]`);
  check('study: an operator is offered feedback on the received result', await feedbackForm.count() === 1, 'no feedback form');
  await page.locator('details.feedback summary').first().click();
  await shot(page, '04-study');
  await accessible(page, 'study');
  await feedbackForm.locator('input[value=partly]').check();
  await feedbackForm.locator('input[name=correctFinding]').fill('nodule 9 mm, right upper lobe');
  await feedbackForm.locator('textarea[name=comment]').fill('size under-read by 0.5 mm');
  await feedbackForm.locator('button[type=submit]').click();
  await page.waitForSelector(`[data-feedback-given="${received.id}"]`, {timeout: 30000});
  check('study: the feedback is recorded as partly, by the caller', (await page.textContent(`[data-feedback-given="${received.id}"]`))
    .includes('partly (by ui-admin)'), await page.textContent(`[data-feedback-given="${received.id}"]`));
  const valueAfter = (await api('/api/value?algorithm=' + encodeURIComponent(received.algorithm), adminToken)).body;
  check('study: the API counts the feedback in the value figures (given 1, partly 1)',
    valueAfter.feedback.given === 1 && valueAfter.feedback.partly === 1, JSON.stringify(valueAfter.feedback));

  // the received result's study is known to carry a nodule (its vendor reports one): its ground truth, as the generator writes it
  const truthPosted = await api('/api/value/ground-truth', adminToken, {method: 'POST', body: {format: 'varde-ground-truth/1',
    studyInstanceUid: withResult, kind: 'ct-thorax', finding: 'nodule', presence: 'present'}});
  check('value: the ground truth of the study with a result is accepted', truthPosted.status === 201, JSON.stringify(truthPosted));

  // --- algorithms, against GET /api/algorithms
  await go(page, '#/algorithms', 'algorithms');
  const algorithms = (await api('/api/algorithms', adminToken)).body;
  const shownIds = await page.locator('[data-algorithm]').evaluateAll((els) => els.map((e) => e.dataset.algorithm));
  check('algorithms: the catalogue the API has', JSON.stringify(shownIds) === JSON.stringify(algorithms.map((a) => a.id)), `page ${shownIds}`);
  const rows = await page.locator('[data-testid=algorithms] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));
  check('algorithms: each row shows CE class, certificate and approved version', algorithms.every((a, i) =>
    rows[i].includes(a.ceClass) && rows[i].includes(a.certificateId) && rows[i].includes(a.approvedVersion)), rows.join(' | '));
  const quarantined = (await api('/api/results?status=QUARANTINED', adminToken)).body;
  const qAlg = quarantined[0].algorithm;
  check(`algorithms: ${qAlg}'s health shows its quarantined result`, (await page.textContent(`[data-testid="health-${qAlg}"]`)).includes('quarantined'),
    await page.textContent(`[data-testid="health-${qAlg}"]`));
  check('algorithms: the quarantined results table lists the API\'s', await page.locator('[data-testid=quarantined] tbody tr').count() === quarantined.length,
    'row count differs');
  // the value figures, one row per algorithm, as GET /api/value?algorithm= has them (all time: no filter yet)
  check('algorithms: the value figures are all time until a filter is set',
    await page.getAttribute('[data-testid=value]', 'data-query') === '', await page.getAttribute('[data-testid=value]', 'data-query'));
  const allTime = await valueFiguresAreTheApis(page, algorithms, 'all time');
  const judged = (await api('/api/value?algorithm=' + encodeURIComponent(received.algorithm), adminToken)).body;
  check(`algorithms: ${received.algorithm} shows the feedback given (agreement 0 of 1, its Wilson interval)`,
    judged.feedback.agreementRate.n === 1 && (await page.textContent(`[data-testid="agreement-${received.algorithm}"]`))
      .startsWith('0.0 % (0.0–79.3 %)'), await page.textContent(`[data-testid="agreement-${received.algorithm}"]`));
  const sensitivity = await page.textContent(`[data-testid="sensitivity-${received.algorithm}"]`);
  check(`algorithms: ${received.algorithm}'s nodule on a study known to carry one is a true positive (sensitivity 1 of 1)`,
    judged.groundTruth.truePositives === 1 && judged.groundTruth.compared === 1 && sensitivity.startsWith('100.0 % (')
      && sensitivity.endsWith('n 1'), sensitivity + ' ' + JSON.stringify(judged.groundTruth));
  await shot(page, '05-algorithms');
  await accessible(page, 'algorithms');

  // --- the value figures' filter: period, site, mode and route, by keyboard; the address keeps it
  const filterOrder = await tabOrder(page, 16);
  const controls = ['select#v-period', 'select#v-site', 'select#v-mode', 'select#v-route', 'button:Show figures'];
  const at = controls.map((c) => filterOrder.findIndex((t) => t.startsWith(c)));
  check('value filter: Tab reaches period, site, mode, route and Show figures in order (the days only when chosen)',
    at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1])) && !filterOrder.some((t) => t.startsWith('input#v-from')),
    filterOrder.join(' | '));
  const sites = (await api('/api/sites', adminToken)).body;
  const siteOptions = await page.locator('#v-site option').evaluateAll((os) => os.map((o) => o.value));
  check('value filter: the sites to choose are the API\'s (configured, then unassigned)',
    JSON.stringify(siteOptions) === JSON.stringify(['', ...sites]) && sites.includes('north'), `page ${siteOptions} api ${sites}`);
  await page.selectOption('#v-period', '24h');
  await page.selectOption('#v-site', 'north');
  await page.selectOption('#v-mode', 'clinical');
  await page.selectOption('#v-route', 'ct-thorax');
  await page.focus('#v-route');
  await unready(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/algorithms\?last=24h&site=north&mode=clinical&route=ct-thorax$/);
  await ready(page, 'algorithms');
  const q24 = new URLSearchParams(await page.getAttribute('[data-testid=value]', 'data-query'));
  const span = Date.parse(q24.get('to')) - Date.parse(q24.get('from'));
  check('value filter: last 24 h asks the API for the 24 hours up to now, with the site, mode and route chosen',
    span === 24 * 3600 * 1000 && Math.abs(Date.now() - Date.parse(q24.get('to'))) < 120000
    && q24.get('site') === 'north' && q24.get('mode') === 'clinical' && q24.get('route') === 'ct-thorax', q24.toString());
  const north = await valueFiguresAreTheApis(page, algorithms, 'last 24 h, north, clinical, ct-thorax');
  check('value filter: the CT went to lung-nodules at north, clinically, today', north['lung-nodules'].volumes.dispatched >= 1,
    JSON.stringify(north['lung-nodules'].volumes.dispatched));
  check('value filter: the page says which figures these are',
    (await page.textContent('[data-testid=value-filter]')).startsWith('Last 24 h (') && (await page.textContent('[data-testid=value-filter]'))
      .includes('site north, clinical mode, route ct-thorax'), await page.textContent('[data-testid=value-filter]'));
  await shot(page, '05b-value-filtered');
  await accessible(page, 'value filtered');

  // a shared link opens the same split, its choices shown in the form
  await go(page, '#/algorithms?last=7d&site=south', 'algorithms');
  check('value filter: a link\'s filter is shown in the form', await page.inputValue('#v-period') === '7d'
    && await page.inputValue('#v-site') === 'south' && await page.inputValue('#v-mode') === '', 'form differs');
  const south = await valueFiguresAreTheApis(page, algorithms, 'last 7 days, south');
  check('value filter: nothing came from south', Object.values(south).every((v) => v.volumes.dispatched === 0),
    JSON.stringify(Object.values(south).map((v) => [v.algorithm, v.volumes.dispatched])));
  await go(page, '#/algorithms?mode=shadow', 'algorithms');
  const shadow = await valueFiguresAreTheApis(page, algorithms, 'shadow');
  // the shadow route (chest X-ray) considered emphysema and its intended use (CT) refused it: nothing dispatched
  check('value filter: shadow mode shows the shadow route\'s figures only (the CT\'s dispatches are not among them)',
    allTime['lung-nodules'].volumes.dispatched >= 1 && shadow['lung-nodules'].volumes.dispatched === 0
    && shadow['emphysema'].volumes.routing.considered >= 1 && shadow['emphysema'].volumes.dispatched === 0,
    JSON.stringify(Object.values(shadow).map((v) => [v.algorithm, v.volumes.dispatched, v.volumes.routing])));
  // chosen days: the last one included (the API's to is exclusive: the day after)
  const today = new Date().toISOString().slice(0, 10);
  await page.selectOption('#v-period', 'days');
  await page.fill('#v-from', today);
  await page.fill('#v-to', today);
  await unready(page);
  await page.click('[data-testid=value-form] button[type=submit]');
  await page.waitForURL(/last=days&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&mode=shadow$/);
  await ready(page, 'algorithms');
  const qDays = new URLSearchParams(await page.getAttribute('[data-testid=value]', 'data-query'));
  const tomorrow = new Date(Date.parse(today + 'T00:00:00Z') + 24 * 3600 * 1000).toISOString().slice(0, 10);
  check('value filter: chosen days ask from the first day to before the day after the last',
    qDays.get('from') === today && qDays.get('to') === tomorrow && qDays.get('mode') === 'shadow', qDays.toString());
  await valueFiguresAreTheApis(page, algorithms, 'today, shadow');
  const before = page.url();
  await page.fill('#v-from', tomorrow);
  await page.click('[data-testid=value-form] button[type=submit]');
  await page.waitForFunction(() => document.getElementById('v-error').textContent.length > 0, null, {timeout: 10000});
  check('value filter: a first day after the last is refused in place, the focus on it, nothing asked',
    page.url() === before && await page.evaluate(() => document.activeElement.id === 'v-from'), page.url());
  await go(page, '#/algorithms?from=yesterday', 'algorithms');
  check('value filter: a link with a period the API cannot read shows the API\'s reason',
    (await page.textContent('[data-testid=value-refused]')).includes('from must be an instant'), 'no reason shown');

  // --- routes and the tester, against GET /api/routes and POST /api/routes/explain
  await go(page, '#/routes', 'routes');
  const routes = (await api('/api/routes', adminToken)).body;
  const routeNames = await page.locator('[data-testid=routes] tbody tr td:first-child').allTextContents();
  check('routes: the rules the API has', JSON.stringify(routeNames) === JSON.stringify(routes.map((r) => r.name)), `page ${routeNames}`);
  await page.selectOption('#tester-study', withResult);
  await page.click('form button[type=submit]:has-text("Explain")');
  await page.waitForSelector('[data-testid=explanation][data-ready=true]', {timeout: 30000});
  const explained = (await api('/api/routes/explain', adminToken, {method: 'POST', body: {studyInstanceUid: withResult}})).body;
  const outcomes = await page.locator('[data-testid=decisions] tbody tr td:nth-child(3)').allTextContents();
  check('routes: the tester gives the decisions routes explain gives', JSON.stringify(outcomes)
    === JSON.stringify(explained.decisions.map((d) => d.outcome)), `page ${outcomes} api ${explained.decisions.map((d) => d.outcome)}`);
  // the tester with uploaded files: generated DICOM files (and one that is not) through the file input
  const uploadDir = process.env.VARDE_UPLOAD_DIR;
  const uploads = readdirSync(uploadDir, {recursive: true}).map((f) => join(uploadDir, f)).filter((f) => statSync(f).isFile()).sort();
  await page.setInputFiles('#tester-files', uploads);
  await page.click('form[data-upload-form] button[type=submit]');
  await page.waitForSelector('[data-testid=upload-explanation][data-ready=true]', {timeout: 60000});
  const form = new FormData();
  for (const f of uploads) form.append('file', new Blob([readFileSync(f)]), basename(f));
  const uploaded = await (await fetch(base + '/api/routes/explain/files', {method: 'POST', body: form,
    headers: {Authorization: 'Bearer ' + adminToken}})).json();
  const uploadedStudies = await page.locator('[data-testid=upload-explanation] section[data-study]').evaluateAll((els) => els.map((e) => e.dataset.study));
  check('routes: the uploaded files are explained per study as the API explains them',
    uploaded.studies.length === 1 && JSON.stringify(uploadedStudies) === JSON.stringify(uploaded.studies.map((x) => x.studyInstanceUid)),
    `page ${uploadedStudies} api ${JSON.stringify(uploaded.studies.map((x) => x.studyInstanceUid))}`);
  const uploadOutcomes = await page.locator('[data-testid=upload-explanation] [data-testid=decisions] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent, tr.children[2].textContent]));
  check('routes: each uploaded study\'s decisions are the API\'s (route, algorithm, outcome)',
    JSON.stringify(uploadOutcomes) === JSON.stringify(uploaded.studies[0].decisions.map((d) => [d.route, d.algorithm, d.outcome]))
    && uploadOutcomes.some((o) => o[2] === 'SEND'), `page ${JSON.stringify(uploadOutcomes)}`);
  check('routes: the file that is not DICOM is named as skipped',
    (await page.textContent('[data-testid=skipped]')).includes('not-dicom.txt'), await page.textContent('[data-testid=skipped]'));
  const journaled = await api('/api/studies/' + uploaded.studies[0].studyInstanceUid, adminToken);
  check('routes: the uploaded study is not kept (404)', journaled.status === 404, `status ${journaled.status}`);
  await shot(page, '06-routes');
  await accessible(page, 'routes');
  // an admin switches the shadow route off: written to the routes file, applied by a reload
  await page.selectOption('#mode-chest-xray-evaluation', 'off');
  await page.click('[data-mode-form="chest-xray-evaluation"] button[type=submit]');
  await page.waitForSelector('[data-switched="chest-xray-evaluation"], [data-refused="chest-xray-evaluation"]', {timeout: 30000});
  const switched = (await api('/api/routes', adminToken)).body.find((r) => r.name === 'chest-xray-evaluation');
  check('routes: an admin switches a route off and the gateway runs it so', switched.mode === 'off'
    && await page.locator('[data-switched="chest-xray-evaluation"]').count() === 1, `mode ${switched.mode}`);
  const explainedAfter = (await api('/api/routes/explain', adminToken, {method: 'POST', body: {studyInstanceUid: withResult}})).body;
  check('routes: the route tester now says ROUTE_OFF or a miss for it', explainedAfter.decisions
    .filter((d) => d.route === 'chest-xray-evaluation').every((d) => d.outcome === 'ROUTE_OFF' || d.outcome === 'RULE_MISS'),
    JSON.stringify(explainedAfter.decisions.map((d) => [d.route, d.outcome])));

  // --- dead letters, against GET /api/jobs?state=DEAD_LETTER, and a retry
  await go(page, '#/dead-letters', 'dead-letters');
  const dead = (await api('/api/jobs?state=DEAD_LETTER&limit=1000', adminToken)).body;
  check(`dead letters: the API's ${dead.length} job(s)`, dead.length > 0
    && await page.locator('[data-testid=dead-letters] tbody tr').count() === dead.length, 'row count differs');
  check('dead letters: each shows the error in the API\'s words', (await Promise.all(dead.map(async (j) =>
    (await page.textContent(`[data-testid="error-${j.id}"]`)) === j.lastError))).every(Boolean), 'an error differs');
  await shot(page, '07-dead-letters');
  await accessible(page, 'dead-letters');
  const target = dead[0];
  await page.click(`button[data-job="${target.id}"]`);
  await page.waitForSelector(`[data-retried="${target.id}"]`, {timeout: 30000});
  const after = (await api('/api/jobs/' + target.id, adminToken)).body;
  check('dead letters: Retry replays the job (DEAD_LETTER to PENDING, replayed, in its history)',
    after.events.some((e) => e.from === 'DEAD_LETTER' && e.to === 'PENDING' && (e.detail || '').includes('replayed')),
    JSON.stringify(after.events.slice(-2)));

  // replayed, it fails again (nobody listens there) and is a dead letter again: now discard it, with a reason
  let again = null;
  for (let i = 0; i < 60 && !(again && again.state === 'DEAD_LETTER'); i++) {
    await new Promise((r) => setTimeout(r, 1000));
    again = (await api('/api/jobs/' + target.id, adminToken)).body;
  }
  check('dead letters: the replayed job failed again (nobody listens) and is back', again.state === 'DEAD_LETTER', again.state);
  await go(page, '#/overview', 'overview');
  await go(page, '#/dead-letters', 'dead-letters');
  await page.click(`button[data-discard="${target.id}"]`);
  check('dead letters: Discard asks for a reason and puts the focus there',
    await page.evaluate((id) => document.activeElement.id === 'reason-' + id, target.id), 'focus elsewhere');
  await page.keyboard.type('vendor endpoint retired');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-discarded="${target.id}"]`, {timeout: 30000});
  const discarded = (await api('/api/jobs/' + target.id, adminToken)).body;
  const lastEvent = discarded.events[discarded.events.length - 1];
  check('dead letters: Discard ends the job as DISCARDED, the reason and who in its history',
    discarded.state === 'DISCARDED' && lastEvent.detail === 'discarded by token ui-admin: vendor endpoint retired',
    JSON.stringify(lastEvent));
  await go(page, '#/overview', 'overview');
  check('overview: the discarded job is counted as the API counts it',
    Number(await page.textContent('[data-testid="jobs-DISCARDED"] .n')) === 1, 'not 1');

  // the admin's and operator's actions are audit events naming the caller (appended just after the answer: polled)
  let audit = [];
  for (let i = 0; i < 20; i++) {
    let answer = await api('/api/audit?limit=1000', adminToken);
    if (answer.status !== 200) answer = await api('/api/audit', adminToken);
    audit = answer.body || [];
    if (audit.some((e) => e.action === 'DEAD_LETTER_DISCARD')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  check('audit: the mode switch is an audit event naming the admin', audit.some((e) => e.action === 'ROUTE_MODE_CHANGED'
    && e.outcome === 'SUCCESS' && e.actor === 'ui-admin'), JSON.stringify(audit.filter((e) => e.action === 'ROUTE_MODE_CHANGED')));
  check('audit: the retry and the discard are audit events of the job', ['JOB_RETRY', 'DEAD_LETTER_DISCARD'].every((a) =>
    audit.some((e) => e.action === a && e.jobId === target.id && e.actor === 'ui-admin')),
    JSON.stringify(audit.filter((e) => e.jobId === target.id).map((e) => [e.action, e.actor])));

  check('the UI fetched nothing from elsewhere', foreign.length === 0, foreign.join(', '));
  check('every API call the UI made carried a token', apiWithoutToken.length === 0, apiWithoutToken.join(', '));
  check('no script error on any page', pageErrors.length === 0, pageErrors.join(' | '));

  // --- a viewer: identity hidden, no actions
  const viewer = await loggedIn(browser, viewerToken);
  await go(viewer, '#/studies', 'studies');
  const viewerRow = await texts(viewer, '[data-testid=studies] tbody tr:first-child td');
  check('viewer: no patient ID or accession in the study list', viewerRow[1] === '—' && viewerRow[2] === '—', `row ${viewerRow}`);
  check('viewer: the identity search fields are disabled', await viewer.locator('#q-patientId').isDisabled()
    && await viewer.locator('#q-accession').isDisabled(), 'enabled');
  const refused = await api('/api/studies?patientId=' + encodeURIComponent(byPatient.patientId), viewerToken);
  check('viewer: the API refuses a search by patient ID (403)', refused.status === 403, `status ${refused.status}`);
  await shot(viewer, '08-viewer-studies');
  await go(viewer, '#/studies/' + withResult, 'studies');
  await viewer.waitForSelector('[data-testid=identity]');
  const hidden = await viewer.textContent('[data-testid=identity]');
  check('viewer: a study hides the patient', hidden.includes('hidden') && !hidden.includes(study.patientId), hidden);
  check('viewer: no feedback form on a result', await viewer.locator('[data-feedback-form]').count() === 0, 'a feedback form is shown');
  const viewerFeedback = await api(`/api/results/${received.id}/feedback`, viewerToken, {method: 'POST', body: {agreement: 'agree'}});
  check('viewer: the API refuses feedback (403)', viewerFeedback.status === 403, `status ${viewerFeedback.status}`);
  await go(viewer, '#/algorithms', 'algorithms');
  check('viewer: the value figures are shown', await viewer.locator('[data-testid=value] [data-value-algorithm]').count() > 0, 'no value rows');
  await go(viewer, '#/routes', 'routes');
  check('viewer: no mode switch on routes', await viewer.locator('[data-mode-form]').count() === 0, 'a mode switch is shown');
  const viewerSwitch = await api('/api/routes/chest-xray-evaluation/mode', viewerToken, {method: 'POST', body: {mode: 'clinical'}});
  check('viewer: the API refuses a mode switch (403)', viewerSwitch.status === 403, `status ${viewerSwitch.status}`);
  await go(viewer, '#/dead-letters', 'dead-letters');
  check('viewer: no Retry button on dead letters', await viewer.locator('button[data-job]').count() === 0, 'a Retry button is shown');
  await viewer.context().close();
  await context.close();
});
