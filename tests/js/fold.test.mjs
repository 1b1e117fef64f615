// The query folds words as the indexer does: every case of tests/fixtures/folding-cases.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadScripts } from "./load.mjs";

const archive = loadScripts();
const cases = JSON.parse(readFileSync(new URL("../fixtures/folding-cases.json", import.meta.url), "utf-8"));

for (const { script, text, terms } of cases) {
  test(`folds ${script} as the indexer does`, () => {
    assert.deepEqual(archive.fold.tokens(text), terms);
  });
}

test("a shard's key is its UTF-8 bytes in hexadecimal", () => {
  assert.equal(archive.fold.hex("pe"), "7065");
  assert.equal(archive.fold.hex("пе"), "d0bfd0b5");
});
