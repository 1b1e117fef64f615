// Queries against an index the generator wrote (ARCHIVE_SEARCH_INDEX, set by tests/test_search_js.py),
// and what the script refuses: an index of another format, a missing file, input past its limits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { folderLoader, loadScripts, memoryLoader } from "./load.mjs";

const archive = loadScripts();
const { index } = archive;
const folder = process.env.ARCHIVE_SEARCH_INDEX;
const base = "";

test("a query is bounded before any work is done", () => {
  const parsed = index.parseQuery('"' + "word ".repeat(200000) + '"');
  assert.equal(parsed.words.length, index.LIMITS.words);
  assert.ok(parsed.phrases.every((phrase) => phrase.length <= index.LIMITS.words));
  const many = index.parseQuery("-a ".repeat(100) + "b");
  assert.ok(many.excluded.length <= index.LIMITS.excluded);
  assert.deepEqual(index.parseQuery("Kim -Shoigu \"Jong Un\"").phrases, [["jong", "un"]]);
});

test("names that are properties of every object are only names", () => {
  assert.equal(index.own({ relevance: 1 }, "constructor"), false);
  assert.equal(index.own({ relevance: 1 }, "relevance"), true);
});

test("an index of another format is refused, saying so", async () => {
  index.useLoader(memoryLoader({ "search/manifest.js": 'archiveSearch.manifest({"version": 1, "count": 1});' }));
  await assert.rejects(index.search(base, "putin"),
    new RegExp(`written by another version of the archive \\(format 1; this page reads format ${index.FORMAT_VERSION}\\)`));
});

test("a missing file of the index is named", async () => {
  index.useLoader(memoryLoader({}));
  await assert.rejects(index.search(base, "putin"), /could not be loaded \(search\/manifest\.js\): build the site again/);
});

test("the generator's index answers by field name", { skip: !folder && "ARCHIVE_SEARCH_INDEX is not set" }, async () => {
  index.useLoader(folderLoader(folder));
  const found = await index.search(base, "vostochny");
  assert.ok(found.total >= 1);
  const doc = await index.documentOf(base, found.top[0][0]);
  assert.equal(doc.url, "stories/2023/putin-kim-summit-vostochny.html");
  assert.equal(doc.title, "Putin and Kim meet at the Vostochny Cosmodrome");
  assert.equal(doc.date, "2023-09-13");
  assert.ok(doc.people.includes("Vladimir Putin"));
  const people = await index.search(base, "peskov");
  assert.equal(people.entities[0].url, "people/dmitry-peskov.html");
  assert.equal(people.entities[0].kind, "person");
  const phrase = await index.search(base, '"Vostochny Cosmodrome"');
  const reversed = await index.search(base, '"Cosmodrome Vostochny"');
  assert.ok(phrase.total >= 1 && reversed.total === 0);
  const excluded = await index.search(base, "putin -shoigu");
  const all = await index.search(base, "putin");
  assert.ok(excluded.total < all.total);
  const typo = await index.search(base, "peskof");
  assert.equal(typo.suggestion, "peskov");
});

test("facet rows, names and month runs are read by field name", { skip: !folder && "ARCHIVE_SEARCH_INDEX is not set" }, async () => {
  index.useLoader(folderLoader(folder));
  const found = await index.search(base, "vostochny");
  const id = found.top[0][0];
  await index.facetMeta(base);
  await index.loadFacets(base, [id]);
  const row = index.facetRow(id);
  assert.ok(row.tags.length >= 1 && row.people.length >= 1);
  await index.loadNames(base, "person", [index.blockOfId("person", "vladimir-putin")]);
  const number = index.numberOfId("person", "vladimir-putin");
  assert.ok(number >= 0 && row.people.includes(number));
  assert.deepEqual(index.entryOfNumber("person", number), { id: "vladimir-putin", name: "Vladimir Putin" });
  assert.equal(index.numberOfId("person", "nobody-at-all"), -1);
  assert.equal(index.monthOf(id), "2023-09");
});
