/*
 * The storage helpers Material's script expects before the page is drawn, loaded from the head of
 * every page (partials/javascripts/base.html): __md_scope, the address the site's saved choices are
 * kept under (its root, or mkdocs.yml's extra.scope); __md_get and __md_set, which read and write
 * them as JSON in localStorage under that address; __md_hash, a string's 32-bit hash.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var named = script && script.getAttribute("data-scope");
  // This file is assets/archive/scope.js: the site's root is two folders up from it.
  window.__md_scope = named ? new URL(named, location) : new URL("../../", script ? script.src : location);

  // Over code points, each by its first UTF-16 unit, as Material's own.
  window.__md_hash = function (text) {
    var hash = 0;
    for (var point of text) hash = (hash << 5) - hash + point.charCodeAt(0);
    return hash;
  };

  window.__md_get = function (key, storage, scope) {
    storage = storage === undefined ? localStorage : storage;
    scope = scope === undefined ? window.__md_scope : scope;
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  };

  window.__md_set = function (key, value, storage, scope) {
    storage = storage === undefined ? localStorage : storage;
    scope = scope === undefined ? window.__md_scope : scope;
    try {
      storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
    } catch {
      // storage full or refused (a private window): the choice lasts for this page only
    }
  };
})();
