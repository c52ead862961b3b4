// Drives Debian's chromium through the web UI of a running `headwater serve` (started by run.sh
// over a store ingested from examples/): search, a document's highlights, a claim's graph.
// Screenshots go to $ARTIFACTS. Any failed check, page error, console error or CSP violation
// exits 1.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const BASE = process.env.HEADWATER_URL;
const ARTIFACTS = process.env.ARTIFACTS || "target/browser-artifacts";
const EXECUTABLE = process.env.CHROMIUM || "/usr/bin/chromium";
const WORD = process.env.SEARCH_WORD || "spillway";

if (!BASE) {
  console.error("HEADWATER_URL is not set (run tests/browser/run.sh)");
  process.exit(2);
}
fs.mkdirSync(ARTIFACTS, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}

const browser = await chromium.launch({
  executablePath: EXECUTABLE,
  headless: true,
  // The sandbox needs user namespaces, which containers and root shells often lack.
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy/i.test(m.text())) {
      problems.push(`console ${m.type()}: ${m.text()} (${m.location().url || page.url()})`);
    }
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));

  // 1. Search for a word of the example articles.
  await page.goto(`${BASE}/`);
  await page.fill("input[name=q]", WORD);
  await Promise.all([page.waitForURL(/\?q=/), page.click("form.search button")]);
  const hits = await page.locator("ol.hits > li").count();
  check(hits > 0, `search "${WORD}": ${hits} results`);
  const marked = await page.locator("ol.hits mark").count();
  check(marked > 0, `search results highlight the word (${marked} marks)`);
  await page.screenshot({ path: path.join(ARTIFACTS, "search.png"), fullPage: true });

  // 2. Open a document from the results; its statements are highlighted.
  const docLink = page.locator('ol.hits a[href^="/doc/"]').first();
  check((await docLink.count()) > 0, "a result links to a document");
  await Promise.all([page.waitForURL(/\/doc\//), docLink.click()]);
  const counts = {};
  for (const cls of ["src", "cue", "content"]) {
    counts[cls] = await page.locator(`article.text span.${cls}`).count();
    check(counts[cls] > 0, `document has ${counts[cls]} .${cls} highlights`);
  }
  const colors = await page.evaluate(() =>
    ["src", "cue", "content"].map((c) => {
      const e = document.querySelector(`article.text span.${c}`);
      return e ? getComputedStyle(e).backgroundColor : null;
    }),
  );
  check(new Set(colors).size === 3 && !colors.includes(null), `source, cue, content in distinct colours ${JSON.stringify(colors)}`);
  const tip = await page.locator("article.text span.src[title]").first().getAttribute("title");
  check(
    !!tip && ["source:", "entity:", "chain:", "citations:"].every((k) => tip.includes(k)),
    "a source highlight's hover names kind, entity, chain and citations",
  );
  const removed = page.locator("details.removed");
  if ((await removed.count()) > 0) {
    const open = await removed.first().evaluate((d) => d.open);
    check(!open, "removed boilerplate is collapsed");
  }
  const scripts = await page.evaluate(() => document.scripts.length);
  check(scripts === 0, "the document page runs no scripts");
  await page.locator("article.text span.src").first().hover();
  await page.screenshot({ path: path.join(ARTIFACTS, "document.png"), fullPage: true });

  // 3. Open the claim repeated most often; its provenance graph renders.
  await page.goto(`${BASE}/claims`);
  const claimLink = page.locator('a[href^="/claim/"]').first();
  check((await claimLink.count()) > 0, "the claims page lists claims");
  await Promise.all([page.waitForURL(/\/claim\//), claimLink.click()]);
  await page.waitForFunction(() => window.cy && window.cy.nodes().length > 0, null, { timeout: 15000 });
  // Let the renderer paint a frame before reading the canvas.
  await page.waitForTimeout(500);
  const graph = await page.evaluate(() => {
    const cy = window.cy;
    const types = {};
    cy.nodes().forEach((n) => {
      types[n.data("type")] = (types[n.data("type")] || 0) + 1;
    });
    let painted = 0;
    document.querySelectorAll("#graph canvas").forEach((c) => {
      if (!c.width || !c.height) return;
      const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted += 1;
    });
    return {
      nodes: cy.nodes().length,
      edges: cy.edges().length,
      roots: cy.nodes(".root").length,
      types,
      painted,
      legend: document.querySelectorAll("#graph-legend .legend-item").length,
    };
  });
  console.log(`     graph: ${JSON.stringify(graph)}`);
  check(graph.nodes > 0 && graph.edges > 0, `graph has ${graph.nodes} nodes and ${graph.edges} edges`);
  check(graph.painted > 0, `graph canvas is not empty (${graph.painted} painted pixels)`);
  check(graph.roots > 0, `root sources are marked (${graph.roots})`);
  check(
    ["document", "attribution", "source"].every((t) => graph.types[t] > 0),
    "documents, statements and sources are drawn",
  );
  check(graph.legend >= 5, "the legend lists node types and the root mark");
  // Clicking a node fills the details panel with its text.
  await page.evaluate(() => window.cy.nodes(".root").first().emit("tap"));
  const detail = (await page.locator("#graph-detail").textContent()) || "";
  check(detail.includes("root source"), "clicking a root shows its details");
  await page.screenshot({ path: path.join(ARTIFACTS, "claim.png"), fullPage: true });
  await page.locator("#graph").screenshot({ path: path.join(ARTIFACTS, "claim-graph.png") });
} catch (e) {
  check(false, `browser session: ${e && e.stack ? e.stack : e}`);
} finally {
  await browser.close();
}

for (const p of problems) check(false, p);
console.log(`screenshots in ${path.resolve(ARTIFACTS)}`);
if (failures > 0) {
  console.error(`browser test: ${failures} check(s) failed`);
  process.exit(1);
}
console.log("browser test: all checks passed");
