/*
 * A story opened from a search result (?h=words) marks those words in the article and scrolls to the
 * first. Text nodes are split around each match: nothing is ever parsed as HTML. The words are
 * bounded as a query is, so an address of a megabyte costs nothing.
 */
(function (archive) {
  "use strict";

  function markWords(query) {
    var limits = archive.index.LIMITS;
    var words = archive.fold.tokens(String(query || "").slice(0, limits.chars)).slice(0, limits.words);
    var article = document.querySelector("article.md-content__inner");
    if (!words.length || !article) return 0;
    // The story's own words: its headline, summary, body and corrections, not the lists around them
    // (chips, related stories, the folded citation). A page of another kind: its whole article.
    var parts = article.querySelectorAll(".story-head h1, .story-head__dek, .story-body, .story-corrections");
    var roots = parts.length ? Array.prototype.slice.call(parts) : [article];
    var nodes = [], first = null, count = 0;
    roots.forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          var parent = node.parentNode;
          return parent && !/^(SCRIPT|STYLE|MARK)$/.test(parent.nodeName) && !parent.closest(".headerlink")
            ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
        }
      });
      while (walker.nextNode()) nodes.push(walker.currentNode);
    });
    nodes.forEach(function (node) {
      var fragment = archive.results.highlighted(node.nodeValue, words);
      var marks = fragment.querySelectorAll("mark");
      if (!marks.length) return;
      Array.prototype.forEach.call(marks, function (mark) { mark.className = "archive-highlight"; });
      count += marks.length;
      if (!first) first = marks[0];
      node.parentNode.replaceChild(fragment, node);
    });
    if (first) first.scrollIntoView({ block: "center" });
    return count;
  }

  // The value of ?h= from the address, read no further than a query may be long: an address of a
  // megabyte is not decoded, only its first few kilobytes looked at.
  function wordsParameter(search) {
    var match = /[?&]h=([^&]*)/.exec(search.slice(0, 8192));
    if (!match) return "";
    var raw = match[1].slice(0, archive.index.LIMITS.chars * 3).replace(/%[0-9a-fA-F]?$/, "");
    try {
      return decodeURIComponent(raw.replace(/\+/g, " "));
    } catch {
      return "";  // not an address a search result writes
    }
  }

  archive.highlight = { markWords: markWords, wordsParameter: wordsParameter };
  if (typeof window !== "undefined" && window.location) {
    var query = wordsParameter(window.location.search);
    if (query) markWords(query);
  }
})(globalThis.archive = globalThis.archive || {});
