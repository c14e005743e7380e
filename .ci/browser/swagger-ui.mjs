// Drives the Swagger UI of a running service in Chromium, as a developer would (.ci/check-swagger-ui starts the service):
// the operations render; without a key "Try it out" → Execute answers 401; after Authorize with the demo reader key,
// GET /api/v1/indicators/{code} with INDUSTRIAL_OUTPUT answers 200 with the indicator's Vietnamese name; then, with the
// key logged out, the Authorize dialog's Bearer field takes a token (signed here, see token.mjs) and the same call
// answers 200 with it; then, authorized as the demo submitter of Sơn Dương, POST /api/v1/submissions with the text/csv
// body type and a CSV file chosen in the file picker answers 201 with the receipt, and GET
// /api/v1/reporting-status/template for Sơn Dương's report of the seeded six-monthly 2020 schedule answers 200 with the
// xlsx type and a "Download file" link that saves the workbook (SPEC "Spreadsheets": the Swagger UI can upload a file
// and download a template).
// Usage: BASE_URL=http://127.0.0.1:5080 OUT=.ci/out [JWT_KEY=private.pem JWT_ISSUER=… JWT_AUDIENCE=…] node .ci/browser/swagger-ui.mjs
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { mint } from './token.mjs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:5080';
const out = process.env.OUT ?? '.ci/out';
const key = process.env.API_KEY ?? 'ik_demoreader.development-only';
const submitterKey = process.env.SUBMITTER_KEY ?? 'ik_demosd.development-only';
const upload = '#operations-Submissions-submitValues';
const templateOperation = '#operations-Reporting_cycle-getReportTemplate';
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const expectedName = 'Giá trị sản xuất công nghiệp';
const operation = '#operations-Catalogue-getIndicator';

const step = (text) => console.log(`- ${text}`);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Playwright gives every launch a fresh temporary --user-data-dir; nothing outside 127.0.0.1 is reachable here.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  timeout: 60_000,
});

let page;
try {
  // A context is a fresh profile: no persisted authorization from another run.
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  step(`open ${base}/swagger`);
  const response = await page.goto(`${base}/swagger`, { waitUntil: 'domcontentloaded' });
  if (!response || response.status() !== 200) throw new Error(`/swagger answered ${response?.status()}`);
  await page.locator('.swagger-ui .info .title').waitFor();
  await page.locator('.opblock').first().waitFor();
  const count = await page.locator('.opblock').count();
  const title = (await page.locator('.swagger-ui .info .title').innerText()).trim();
  step(`rendered "${title.split('\n')[0]}" with ${count} operations`);
  const documented = await (await fetch(`${base}/swagger/v1/swagger.json`)).json();
  const expected = Object.values(documented.paths).flatMap((item) => Object.keys(item).filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))).length;
  if (count !== expected) throw new Error(`the document has ${expected} operations, the page shows ${count}`);
  const failed = page.locator('.swagger-ui .errors-wrapper');
  if (await failed.count()) throw new Error(`Swagger UI reports errors: ${await failed.innerText()}`);

  const execute = async (expectedStatus) => {
    const block = page.locator(operation);
    if (!(await block.locator('.opblock-body').count())) await block.locator('.opblock-summary').first().click();
    const tryOut = block.locator('button.try-out__btn');
    if ((await tryOut.count()) && (await tryOut.innerText()).trim() === 'Try it out') await tryOut.click();
    await block.locator('tr[data-param-name="code"] input').fill('INDUSTRIAL_OUTPUT');
    const clear = block.locator('button.btn-clear');
    if (await clear.count()) await clear.click();
    await block.locator('button.execute').click();
    const status = block.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor();
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.textContent?.trim().startsWith(want),
      [`${operation} .live-responses-table .response .response-col_status`, String(expectedStatus)],
      { timeout: 20_000 },
    ).catch(async () => {
      throw new Error(`expected status ${expectedStatus}, the page shows "${(await status.innerText()).trim()}"`);
    });
    return (await block.locator('.live-responses-table .response .response-col_description').first().innerText()).trim();
  };

  step('without authorizing: Try it out → Execute on GET /api/v1/indicators/{code}');
  const unauthorized = await execute(401);
  if (!unauthorized.includes('urn:indicators:problem:unauthorized')) throw new Error(`the 401 body is not the problem document: ${unauthorized.slice(0, 300)}`);
  step('answered 401 with the unauthorized problem');

  step('Authorize with the demo reader key');
  await page.locator('.auth-wrapper button.authorize').click();
  const modal = page.locator('.modal-ux');
  await modal.waitFor();
  const schemes = (await modal.locator('.auth-container h4').allInnerTexts()).map((t) => t.trim());
  step(`the Authorize dialog offers: ${schemes.join(' | ')}`);
  const apiKeyBox = modal.locator('.auth-container').filter({ hasText: 'X-Api-Key' });
  await apiKeyBox.locator('input[type="text"], input[type="password"]').first().fill(key);
  await apiKeyBox.locator('button.modal-btn.auth.authorize').click();
  await modal.locator('button.modal-btn.auth.btn-done, button.btn-done').first().click();
  await modal.waitFor({ state: 'detached' });
  step('authorized');

  step('Execute again with code = INDUSTRIAL_OUTPUT');
  const body = await execute(200);
  if (!body.includes(expectedName)) throw new Error(`the 200 body does not show "${expectedName}": ${body.slice(0, 400)}`);
  if (!body.includes('INDUSTRIAL_OUTPUT')) throw new Error('the 200 body does not show the code');
  step(`answered 200 showing "${expectedName}"`);

  const curl = (await page.locator(`${operation} .curl-command`).innerText().catch(() => '')).replace(/\s+/g, ' ');
  if (!curl.includes('X-Api-Key: ' + key)) throw new Error(`the request did not carry the key in X-Api-Key: ${curl}`);
  step('the request carried X-Api-Key');

  if (process.env.JWT_KEY) {
    if (!schemes.some((s) => s.startsWith('Bearer'))) throw new Error(`the Authorize dialog has no Bearer scheme: ${schemes.join(' | ')}`);
    const token = mint({ keyFile: process.env.JWT_KEY, issuer: process.env.JWT_ISSUER, audience: process.env.JWT_AUDIENCE });
    step('Authorize again: log the key out, paste a bearer token (reader of TQ) into the Bearer field');
    await page.locator('.auth-wrapper button.authorize').click();
    await modal.waitFor();
    await modal.locator('.auth-container').filter({ hasText: 'X-Api-Key' }).locator('button.modal-btn.auth', { hasText: 'Logout' }).click();
    const bearerBox = modal.locator('.auth-container').filter({ has: page.locator('h4', { hasText: 'Bearer' }) });
    await bearerBox.locator('input').first().fill(token);
    await bearerBox.locator('button.modal-btn.auth.authorize').click();
    await modal.locator('button.modal-btn.auth.btn-done, button.btn-done').first().click();
    await modal.waitFor({ state: 'detached' });
    const withToken = await execute(200);
    if (!withToken.includes(expectedName)) throw new Error(`the 200 body with the token does not show "${expectedName}": ${withToken.slice(0, 400)}`);
    const curlToken = (await page.locator(`${operation} .curl-command`).innerText().catch(() => '')).replace(/\s+/g, ' ');
    if (!curlToken.includes(`Authorization: Bearer ${token}`)) throw new Error(`the request did not carry the token: ${curlToken.slice(0, 300)}`);
    if (curlToken.includes('X-Api-Key')) throw new Error('the request carried the logged-out key as well');
    step('answered 200 with the bearer token in Authorization');
  }

  step('Authorize again, as the demo submitter of Sơn Dương');
  await page.locator('.auth-wrapper button.authorize').click();
  const again = page.locator('.modal-ux');
  await again.waitFor();
  // Log out of every scheme (the key, or the bearer token of the step before), then authorize the key field only.
  const logout = again.locator('button.modal-btn.auth', { hasText: 'Logout' });
  while (await logout.count()) await logout.first().click();
  const keyBox = again.locator('.auth-container').filter({ hasText: 'X-Api-Key' });
  await keyBox.locator('input[type="text"], input[type="password"]').first().fill(submitterKey);
  await keyBox.locator('button.modal-btn.auth.authorize').click();
  await again.locator('button.modal-btn.auth.btn-done, button.btn-done').first().click();
  await again.waitFor({ state: 'detached' });

  step('Try it out on POST /api/v1/submissions: body type text/csv, a CSV file chosen in the file picker');
  const block = page.locator(upload);
  await block.locator('.opblock-summary').first().click();
  const tryOut = block.locator('button.try-out__btn');
  if ((await tryOut.count()) && (await tryOut.innerText()).trim() === 'Try it out') await tryOut.click();
  const bodyType = block.locator('.opblock-section-request-body select').first();
  await bodyType.selectOption('text/csv');
  const csv = 'indicator;orgUnit;period;value;status;note\r\nINDUSTRIAL_OUTPUT;TQ-SD;2024-M05;1235,6;estimate;tải lên từ Swagger UI\r\n';
  await block.locator('input[type="file"]').setInputFiles({ name: 'bao-cao.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await block.locator('button.execute').click();
  const uploaded = block.locator('.live-responses-table .response .response-col_status').first();
  await uploaded.waitFor();
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent?.trim().startsWith('201'),
    `${upload} .live-responses-table .response .response-col_status`,
    { timeout: 20_000 },
  ).catch(async () => {
    const text = (await block.locator('.live-responses-table .response .response-col_description').first().innerText().catch(() => '')).slice(0, 400);
    throw new Error(`the upload answered "${(await uploaded.innerText()).trim()}", not 201: ${text}`);
  });
  const receipt = (await block.locator('.live-responses-table .response .response-col_description').first().innerText()).trim();
  if (!receipt.includes('"created": 1')) throw new Error(`the 201 receipt does not count 1 created value: ${receipt.slice(0, 300)}`);
  const uploadCurl = (await block.locator('.curl-command').innerText().catch(() => '')).replace(/\s+/g, ' ');
  if (!uploadCurl.includes('Content-Type: text/csv')) throw new Error(`the upload was not sent as text/csv: ${uploadCurl}`);
  step('answered 201 with the receipt (1 created), sent as text/csv');
  await block.scrollIntoViewIfNeeded();
  await block.locator('.responses-inner').first().screenshot({ path: path.join(out, 'swagger-ui-upload.png') });

  step('Try it out on GET /api/v1/reporting-status/template: Sơn Dương\'s report of the seeded six-monthly 2020 schedule');
  const template = page.locator(templateOperation);
  await template.locator('.opblock-summary').first().click();
  const tryTemplate = template.locator('button.try-out__btn');
  if ((await tryTemplate.count()) && (await tryTemplate.innerText()).trim() === 'Try it out') await tryTemplate.click();
  await template.locator('tr[data-param-name="schedule"] input').fill('SOCIO_ECONOMIC_HALF_YEAR');
  await template.locator('tr[data-param-name="period"] input').fill('2020-S1');
  await template.locator('tr[data-param-name="orgUnit"] input').fill('TQ-SD');
  // The response media type chosen in the Responses section is the Accept header: the xlsx, the first one listed.
  const accept = template.locator('.responses-wrapper select').first();
  if (await accept.count()) await accept.selectOption(xlsxType);
  await template.locator('button.execute').click();
  const templateStatus = template.locator('.live-responses-table .response .response-col_status').first();
  await templateStatus.waitFor();
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent?.trim().startsWith('200'),
    `${templateOperation} .live-responses-table .response .response-col_status`,
    { timeout: 20_000 },
  ).catch(async () => {
    const text = (await template.locator('.live-responses-table .response .response-col_description').first().innerText().catch(() => '')).slice(0, 400);
    throw new Error(`the template answered "${(await templateStatus.innerText()).trim()}", not 200: ${text}`);
  });
  const shownHeaders = (await template.locator('.live-responses-table .response .response-col_description').first().innerText()).replace(/\s+/g, ' ');
  if (!shownHeaders.includes(`content-type: ${xlsxType}`)) throw new Error(`the response headers do not show the xlsx type: ${shownHeaders.slice(0, 600)}`);
  const link = template.locator('.live-responses-table .response a[download]').first();
  await link.waitFor();
  const linkName = await link.getAttribute('download');
  if (linkName !== 'template-SOCIO_ECONOMIC_HALF_YEAR-2020-S1-TQ-SD.xlsx') throw new Error(`the download link names "${linkName}"`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const saved = await download.path();
  const bytes = fs.readFileSync(saved);
  if (bytes.length < 1000 || bytes.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') throw new Error(`the downloaded file is not an xlsx (zip): ${bytes.length} bytes`);
  step(`answered 200 (${xlsxType}); "Download file" saved ${download.suggestedFilename()} (${bytes.length} bytes, a zip package)`);
  await template.scrollIntoViewIfNeeded();
  await template.locator('.responses-inner').first().screenshot({ path: path.join(out, 'swagger-ui-template.png') });

  if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  await page.locator(operation).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(out, 'swagger-ui.png'), fullPage: true });
  const live = page.locator(`${operation} .responses-inner`).first();
  await live.screenshot({ path: path.join(out, 'swagger-ui-response.png') });
  step(`screenshots ${path.join(out, 'swagger-ui.png')} (the page), swagger-ui-response.png, swagger-ui-upload.png and swagger-ui-template.png (the answers)`);
  console.log('Swagger UI check passed');
} catch (e) {
  if (page) await page.screenshot({ path: path.join(out, 'swagger-ui-failure.png'), fullPage: true }).catch(() => {});
  console.error(`Swagger UI check FAILED: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
