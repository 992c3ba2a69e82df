// What a reader of the report sees, in headless chromium (called by test_report.sh with the
// folder holding the reports and the records they were made from). Fails on the first
// difference, with what it saw.
"use strict";
const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

const dir = path.resolve(process.argv[2]);
const readJsonl = f => fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map(l => JSON.parse(l));

// Per visible quote id, the text of its highlighted pieces, joined.
async function highlights(page) {
  return page.$$eval("#articles mark.q[data-q]", ms => {
    const out = {};
    for (const m of ms) out[m.dataset.q] = (out[m.dataset.q] || "") + m.textContent;
    return out;
  });
}

async function open(browser, name) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const errors = [];
  page.on("pageerror", e => errors.push(String(e)));
  page.on("request", r => { if (!r.url().startsWith("file:")) errors.push("network request: " + r.url()); });
  const t0 = Date.now();
  await page.goto("file://" + path.join(dir, name));
  await page.waitForSelector("#articles article");
  return { page, errors, ms: Date.now() - t0 };
}

async function checkAll(browser, name, recs) {
  const { page, errors, ms } = await open(browser, name);
  const byId = new Map(recs.map(r => [r.quote_id, r]));
  const docs = await page.$$eval("#articles article", as => as.map(a => a.dataset.doc));
  const shownRecs = recs.filter(r => docs.includes(r.doc_id));
  const marks = await highlights(page);
  // As many highlighted quotes as records of the articles shown, each over the record's text.
  assert.equal(Object.keys(marks).length, shownRecs.length, `${name}: highlights vs records`);
  for (const [id, text] of Object.entries(marks)) assert.equal(text, byId.get(id).text, `${name}: text of ${id}`);
  // Every quote with a speaker is followed by a link to it.
  const links = await page.$$eval("#articles sup.who[data-speaker]", s => s.length);
  assert.equal(links, shownRecs.filter(r => r.speaker).length, `${name}: speaker links`);
  assert.deepEqual(errors, [], `${name}: page errors`);
  console.log(`${name}: loaded in ${ms} ms; ${docs.length} articles shown, ${Object.keys(marks).length} highlighted quotes = records, texts equal`);
  return page;
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] });
  try {
    // The sample corpus: every record highlighted; a click on a speaker filters.
    const corpus = readJsonl(path.join(dir, "corpus.jsonl"));
    const page = await checkAll(browser, "corpus.html", corpus);
    const women = corpus.filter(r => r.speaker_gender === "female").length;
    const men = corpus.filter(r => r.speaker_gender === "male").length;
    assert.match(await page.textContent("#summary"), new RegExp(`quotes of women ${women}, of men ${men}`));
    const all = await page.$$eval("#articles article", as => as.length);
    assert.equal(all, fs.readdirSync("corpus").filter(f => f.endsWith(".txt")).length, "every article shown");
    const speaker = "Linda Okafor";
    await page.click(`#speakers tr[data-speaker="${speaker}"]`);
    const docs = await page.$$eval("#articles article", as => as.map(a => a.dataset.doc));
    const want = [...new Set(corpus.filter(r => r.speaker === speaker).map(r => r.doc_id))];
    assert.deepEqual(docs.sort(), want.sort(), "articles after the click");
    const chosen = await page.$$eval("#articles mark.q.chosen", ms => [...new Set(ms.map(m => m.dataset.q))]);
    assert.deepEqual(chosen.sort(), corpus.filter(r => r.speaker === speaker).map(r => r.quote_id).sort(), "her quotes marked");
    assert.match(await page.textContent("#filter-note"), /Articles quoting Linda Okafor: 3/);
    await page.screenshot({ path: path.join(dir, "corpus-filtered.png"), fullPage: false });
    console.log(`corpus.html: click on ${speaker} shows her ${docs.length} articles and marks her ${chosen.length} quotes`);
    // A click on a quote marks its cue and speaker mention.
    const q = corpus.find(r => r.speaker === speaker && r.cue && r.speaker_mention);
    await page.click(`mark.q[data-q="${q.quote_id}"]`);
    const linked = await page.$$eval(".linked", es => es.map(e => e.className + ":" + e.textContent));
    assert.deepEqual(linked.sort(), [`cue linked:${q.cue}`, `mention linked:${q.speaker_mention}`].sort(), "linked cue and mention");
    // Show all: every article back.
    await page.click("#clear");
    assert.equal(await page.$$eval("#articles article", as => as.length), all);
    console.log("corpus.html: a click on a quote marks its cue and mention; Show all brings back every article");

    if (fs.existsSync(path.join(dir, "seed.html"))) {
      const seed = await checkAll(browser, "seed.html", readJsonl(path.join(dir, "seed.jsonl")));
      await seed.screenshot({ path: path.join(dir, "seed.png"), fullPage: true });
      console.log("seed.html: screenshot in seed.png");
    }

    // 10,000 quotes: a page at a time, quick to load, pages and filters work.
    const big = readJsonl(path.join(dir, "big.jsonl"));
    const bp = await checkAll(browser, "big.html", big);
    assert.match(await bp.textContent("#summary"), new RegExp(`${big.length} quotes`));
    await bp.click("#next");
    const t0 = Date.now();
    await checkPage(bp, big, "big.html page 2");
    await bp.click(`#speakers tr[data-speaker="Linda Okafor"]`);
    const n = await bp.$$eval("#articles article", as => as.length);
    assert.equal(n, 20, "first page of the filtered articles");
    console.log(`big.html: ${big.length} records; page 2 and a speaker filter render in ${Date.now() - t0} ms`);
  } finally {
    await browser.close();
  }
  console.log("report test: ok");
})().catch(e => { console.error(e); process.exit(1); });

async function checkPage(page, recs, what) {
  const docs = await page.$$eval("#articles article", as => as.map(a => a.dataset.doc));
  const marks = await highlights(page);
  assert.equal(Object.keys(marks).length, recs.filter(r => docs.includes(r.doc_id)).length, what);
}
