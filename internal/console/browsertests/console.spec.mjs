// Drives Debian's Chromium through the operator console and the hosted
// connect page on a running demo (console_browser_test.go starts it and
// passes its address). Exits non-zero on the first failed check or on any
// console error of a page.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const env = (k) => { const v = process.env[k]; if (!v) throw new Error(`${k} is not set`); return v; };
const BASE = env("CONSOLE_BASE_URL"), USER = env("CONSOLE_ADMIN"), PASSWORD = env("CONSOLE_PASSWORD");
const FIRST = env("CONSOLE_FIRST_USER"), SECOND = env("CONSOLE_SECOND_USER"), CHROMIUM = env("WEARHOUSE_TEST_CHROMIUM"), SHOTS = env("CONSOLE_SCREENSHOTS");
mkdirSync(SHOTS, { recursive: true });

const problems = [];
function check(cond, msg) { if (!cond) throw new Error("check failed: " + msg); }
function watch(page, name) {
  page.on("console", (m) => { if (m.type() === "error") problems.push(`${name}: console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on("response", (r) => { if (r.url().startsWith(BASE) && r.status() >= 400) problems.push(`${name}: ${r.status()} from ${r.url()}`); });
}
// shot saves a full-page screenshot; a freshly shown API key is masked
// so no key-shaped string lands in the docs.
async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + ".png"), fullPage: true, mask: [page.locator("#new-key-value"), page.locator("#new-secret-value")] });
}
function step(msg) { console.log("step: " + msg); }

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  watch(page, "console");

  step("sign in, landing on the first user's page as `wearhouse demo` prints it");
  await page.goto(`${BASE}/console/users/${FIRST}`);
  check(page.url().includes("/console/login"), "an anonymous visit goes to the sign-in page, got " + page.url());
  await shot(page, "login");
  await page.fill('input[name="username"]', USER);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`**/console/users/${FIRST}`), page.click('button[type="submit"]')]);

  step("the user's charts drew data");
  await page.waitForSelector('#charts[data-drawn="true"]', { timeout: 30000 });
  for (const id of ["sleep", "hr-day", "hr-30", "activity", "recovery", "body"]) {
    const box = page.locator(`[data-chart="${id}"]`);
    const points = Number(await box.getAttribute("data-points"));
    check(points > 0, `chart ${id} drew ${points} points (error: ${await box.getAttribute("data-error")})`);
    check(await box.locator("canvas").count() === 1, `chart ${id} has a canvas`);
  }
  const hr30 = Number(await page.locator('[data-chart="hr-30"]').getAttribute("data-points"));
  check(hr30 > 288, `30 days at 5 minutes has more than a day of points, got ${hr30}`);
  check(await page.locator("#sources tbody tr").count() > 0, "which source won each metric is listed");
  check(await page.locator("#connections tbody tr[data-provider]").count() === 3, "three connections");
  step("live sync: the stream replays the backfill's runs with per-data-type counts, then shows a new run");
  await page.waitForSelector('#live-sync[data-connected="true"]');
  await page.waitForSelector("#live-runs tbody tr[data-run] li[data-type]");
  const seen = await page.locator("#live-runs tbody tr[data-run]").evaluateAll((rs) => rs.map((r) => r.dataset.run));
  await page.click('#connections tr[data-provider="whoop"] button.sync-now');
  const fresh = page.locator("#live-runs tbody tr[data-run]").filter({ hasNotText: "backfill" });
  await page.waitForFunction((old) => [...document.querySelectorAll("#live-runs tbody tr[data-run]")]
    .some((r) => !old.includes(r.dataset.run) && r.dataset.stage === "completed" && r.querySelector("li[data-type]")), seen, { timeout: 30000 });
  check(await fresh.count() > 0, "the manual run is listed beside the backfill's");
  await shot(page, "user");

  for (const [path, name, sel] of [["/console/", "overview", '#deliveries[data-loaded="true"]'], ["/console/users", "users", "#users tbody tr"],
    ["/console/providers", "providers", "#provider-oura"]]) {
    step("open " + path);
    await page.goto(BASE + path);
    await page.waitForSelector(sel);
    await shot(page, name);
  }
  check(Number(await page.goto(BASE + "/console/").then(() => page.textContent("#users-total"))) >= 2, "the overview counts the users");
  await page.waitForSelector('#deliveries[data-loaded="true"]');
  check(/^1 endpoint: 1 enabled/.test(await page.textContent("#wh-endpoints")), "the overview counts the demo's webhook endpoint: " + await page.textContent("#wh-endpoints"));

  step("users: search and filter");
  await page.goto(`${BASE}/console/users`);
  await page.fill('input[name="q"]', "demo2");
  await Promise.all([page.waitForURL("**/console/users?**"), page.click('#user-filters button')]);
  check(await page.locator("#users tbody tr").count() === 1, "search finds one user");

  step("sync runs refresh from the API");
  await page.goto(`${BASE}/console/syncs`);
  await page.waitForSelector("body[data-polled]");
  check(await page.locator("#sync-runs tbody tr").count() > 0, "sync runs listed");
  check(await page.locator("#sync-counts tbody tr").count() > 0, "per-type counts listed");
  await shot(page, "syncs");

  step("priorities: edit and save through the API");
  await page.goto(`${BASE}/console/priorities`);
  await page.waitForSelector("#prio-providers tbody tr");
  const input = page.locator('#prio-providers input[data-name="withings"]');
  await input.fill("7");
  await page.click("#save-priorities");
  await page.waitForSelector("#prio-saved:not([hidden])");
  await page.reload();
  await page.waitForSelector("#prio-providers tbody tr");
  check(await page.locator('#prio-providers input[data-name="withings"]').inputValue() === "7", "the priority was stored");
  await shot(page, "priorities");

  step("API keys: create (shown once), it works");
  await page.goto(`${BASE}/console/api-keys`);
  await page.waitForSelector("#keys tbody tr[data-key]");
  await page.fill("#key-name", "browser-test");
  await page.click('#create-key button[type="submit"]');
  await page.waitForSelector("#new-key:not([hidden])");
  const key = (await page.textContent("#new-key-value")).trim();
  check(/^wh_[0-9A-Za-z]{40}$/.test(key), "a key is shown: " + key);
  const asKey = () => fetch(`${BASE}/api/v1/users`, { headers: { "X-Open-Wearables-API-Key": key } }).then((r) => r.status);
  check(await asKey() === 200, "the new key is accepted by the API");
  await shot(page, "api-keys");
  const row = (k) => page.locator(`#keys tbody tr[data-prefix="${k.slice(0, 11)}"]`);
  step("rotate it: a successor shown once, the old key working through its grace period");
  await page.locator("#new-key").evaluate((e) => { e.hidden = true; });
  await row(key).locator("button.rotate").click();
  await page.waitForSelector(`#keys tbody tr[data-prefix="${key.slice(0, 11)}"][data-status="expiring"]`);
  await page.waitForSelector("#new-key:not([hidden])");
  const next = (await page.textContent("#new-key-value")).trim();
  check(next !== key && /^wh_[0-9A-Za-z]{40}$/.test(next), "a new key is shown");
  const as = (k) => fetch(`${BASE}/api/v1/users`, { headers: { "X-Open-Wearables-API-Key": k } }).then((r) => r.status);
  check(await as(key) === 200 && await as(next) === 200, "both keys work during the grace period");
  step("revoke the successor: the API refuses it at once");
  await row(next).locator("button.revoke").click();
  await page.waitForSelector(`#keys tbody tr[data-prefix="${next.slice(0, 11)}"][data-status="revoked"]`);
  check(await as(next) === 401, "the revoked key is refused by the API");

  step("webhooks: create an endpoint with a filter, its secret shown once");
  await page.goto(`${BASE}/console/webhooks`);
  await page.waitForSelector("body[data-endpoints]");
  await page.waitForSelector('#endpoint-types input[value="sleep.created"]', { state: "attached" });
  await page.click("#endpoint-types-box > summary");
  // The API's own users route answers this endpoint 401 with a detail:
  // a failed attempt with a status, a latency and a response excerpt.
  await page.fill("#endpoint-url", `${BASE}/api/v1/users`);
  await page.fill("#endpoint-description", "browser-test");
  await page.check('#endpoint-types input[value="sleep.created"]');
  await page.click('#create-endpoint button[type="submit"]');
  await page.waitForSelector("#new-secret:not([hidden])");
  const secret = (await page.textContent("#new-secret-value")).trim();
  check(/^whsec_/.test(secret), "a signing secret is shown: " + secret);
  const ep = page.locator("#endpoints tbody tr[data-endpoint]", { hasText: "browser-test" });
  check((await ep.textContent()).includes("sleep.created"), "the endpoint lists its filter");
  await page.waitForSelector("#endpoint-detail:not([hidden])");
  step("send a test event: its message and failed attempt (status, latency, response) appear");
  await ep.locator("button.test").click();
  await page.waitForSelector("#messages tbody tr[data-message]");
  const attempt = page.locator('#attempts tbody tr[data-code="401"]').first();
  await attempt.waitFor({ timeout: 30000 });
  check(/^\d+ ms$/.test(await attempt.locator("td.latency").textContent()), "an attempt's latency is shown");
  check((await attempt.locator("td.excerpt").textContent()).includes("detail"), "an attempt's response excerpt is shown");
  await page.locator("#messages tbody tr[data-message]").first().click();
  await page.waitForFunction(() => document.getElementById("attempts-of").textContent.includes("message "));
  await shot(page, "webhooks");
  step("resend: recover failed messages and replay changes through the API");
  await page.click("#recover");
  await page.waitForFunction(() => /queued again/.test(document.getElementById("resend-result").textContent));
  await page.click("#replay");
  await page.waitForFunction(() => /delivered again/.test(document.getElementById("resend-result").textContent));
  step("disable, enable, rotate the secret, delete");
  await ep.locator("button.toggle").click();
  await page.waitForSelector('#endpoints tbody tr[data-disabled="true"]');
  check((await ep.textContent()).includes("disabled"), "the endpoint shows disabled");
  await ep.locator("button.toggle").click();
  await page.waitForFunction(() => !document.querySelector('#endpoints tbody tr[data-disabled="true"]'));
  await page.locator("#new-secret").evaluate((e) => { e.hidden = true; });
  await ep.locator("button.rotate").click();
  await page.waitForSelector("#new-secret:not([hidden])");
  const rotated = (await page.textContent("#new-secret-value")).trim();
  check(/^whsec_/.test(rotated) && rotated !== secret, "a new secret is shown");
  const del = ep.locator("button.delete");
  await del.click();
  check((await del.textContent()).includes("again"), "the first click asks again");
  await del.click();
  await page.waitForFunction(() => ![...document.querySelectorAll("#endpoints tbody tr")].some((r) => r.textContent.includes("browser-test")));
  check(await page.locator("#endpoint-detail").isHidden(), "the deleted endpoint's messages are gone from the page");

  step("disconnect a provider from a user's page (two clicks)");
  await page.goto(`${BASE}/console/users/${SECOND}`);
  await page.waitForSelector('#charts[data-drawn="true"]');
  const disconnect = page.locator('#connections tr[data-provider="withings"] button.disconnect');
  await disconnect.click();
  check((await disconnect.textContent()).includes("again"), "the first click asks again");
  await Promise.all([page.waitForEvent("load"), disconnect.click()]);
  await page.waitForSelector('#charts[data-drawn="true"]');
  const withings = page.locator('#connections tr[data-provider="withings"]');
  check((await withings.locator(".pill").textContent()) === "revoked", "the connection is revoked");
  check(await withings.locator("button.disconnect").count() === 0, "no disconnect button on a revoked connection");
  check(await withings.locator("button.reconnect").count() === 1, "a reconnect link is offered");

  step("connect link from the user's page, through the OAuth flow, to the result page");
  await page.goto(`${BASE}/console/users/${FIRST}`);
  await page.waitForSelector('#charts[data-drawn="true"]');
  await page.click('#connections tr[data-provider="oura"] button.reconnect');
  await page.waitForSelector("#link-out:not([hidden])");
  const link = await page.getAttribute("#link-url", "href");
  check(link.startsWith(`${BASE}/connect/`), "a hosted connect link: " + link);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const p2 = await phone.newPage();
  watch(p2, "connect");
  await p2.goto(link);
  check(await p2.locator("#connect-oura").count() === 1, "a button for Oura");
  check(await p2.locator("#connect-whoop").count() === 0, "a link made for Oura offers Oura only");
  await shot(p2, "connect");
  await Promise.all([p2.waitForURL("**/connect/done?**"), p2.click("#connect-oura")]);
  check(await p2.getAttribute("#connect-result", "data-ok") === "true", "the result page says connected: " + await p2.textContent("#connect-result"));
  await shot(p2, "connect-result");
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("ok: every check passed");
