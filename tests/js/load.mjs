// The archive's search scripts, loaded in Node as the theme loads them in a page (in order, as
// classic scripts sharing globalThis.archive), with an index on disk in place of <script> tags.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const ASSETS = new URL("../../theme/assets/search/", import.meta.url);

export function loadScripts() {
  for (const name of ["fold.js", "index.js", "results.js"]) require(new URL(name, ASSETS).pathname);
  return globalThis.archive;
}

// A loader that runs the index's scripts from a folder, as the browser would from file://.
export function folderLoader(folder) {
  return (url) =>
    new Promise((resolve, reject) => {
      let text;
      try {
        text = readFileSync(path.join(folder, url));
      } catch {
        reject(new Error("missing"));
        return;
      }
      vm.runInThisContext(text.toString("utf-8"), { filename: url });
      resolve();
    });
}

// A loader over scripts held in memory: { path: text }.
export function memoryLoader(files) {
  return (url) => (Object.hasOwn(files, url) ? Promise.resolve(vm.runInThisContext(files[url])) : Promise.reject(new Error("missing")));
}
