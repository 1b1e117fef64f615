/*
 * The archive's offline search.
 *
 * The generator writes the index as small script files under search/: a manifest,
 * term shards (keyed by a term's first two or three letters) and document shards.
 * They are loaded with <script> tags, which browsers allow from file:// pages where
 * fetch() and workers are refused. Each shard calls back into window.archiveSearch.
 *
 * Postings are flat integer lists, one per term, in document order (newest first):
 * each value is (document id delta * 8 + field weight).
 */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var MAX_ENTITIES = 3;  // people, tags and authors shown above the stories
  var KIND_NAMES = { person: "Person", tag: "Tag", author: "Author" };
  var SNIPPET_BEFORE = 60;
  var SNIPPET_LENGTH = 220;

  // The folding specification is written in generator/text.py; this implements the same
  // (tests/fixtures/folding-cases.json holds both to it). Accents are removed; every other
  // mark (Indic vowel signs and virama, Thai marks, kana voicing) stays in its word.
  var EXTRA_FOLDS = {
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ħ": "h", "ı": "i",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d",
    "’": "'", "‘": "'", "ʼ": "'", "ß": "ss", "ς": "σ"
  };
  var EXTRA_RE = new RegExp("[" + Object.keys(EXTRA_FOLDS).join("") + "]", "g");
  var ACCENT_RE = new RegExp("[" +
    "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f" +  // Latin, Greek, Cyrillic, general
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7" +  // Hebrew points
    "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed" +  // Arabic
    "]", "g");
  var TOKEN_RE = /[\p{L}\p{N}\p{M}]+/gu;
  var IDEOGRAPH_RE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

  function fold(text) {
    return text.replace(EXTRA_RE, function (c) { return EXTRA_FOLDS[c]; })
      .normalize("NFKD").replace(ACCENT_RE, "").normalize("NFC").toLowerCase()
      .replace(EXTRA_RE, function (c) { return EXTRA_FOLDS[c]; });
  }

  function splitIdeographs(word) {
    var parts = [], current = "";
    for (var i = 0; i < word.length; i++) {
      var c = word[i];
      if (IDEOGRAPH_RE.test(c)) {
        if (current) { parts.push(current); current = ""; }
        parts.push(c);
      } else {
        current += c;
      }
    }
    if (current) parts.push(current);
    return parts;
  }

  function tokens(text) {
    var found = [];
    (fold(text).match(TOKEN_RE) || []).forEach(function (word) {
      if (IDEOGRAPH_RE.test(word)) found.push.apply(found, splitIdeographs(word));
      else found.push(word);
    });
    return found;
  }

  function hex(text) {
    return Array.from(new TextEncoder().encode(text), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  // ---- loading the index -------------------------------------------------

  var state = { manifest: null, split: null, shards: null, terms: {}, docs: {}, entityHeads: null, entities: {} };
  var loading = {};

  window.archiveSearch = {
    manifest: function (m) {
      state.manifest = m;
      state.split = new Set(m.split);
      state.shards = new Set(m.shards);
    },
    terms: function (key, terms) { state.terms[key] = terms; },
    docs: function (n, docs) { state.docs[n] = docs; },
    entityHeads: function (heads) { state.entityHeads = new Set(heads); },
    entities: function (head, terms) { state.entities[head] = terms; },
    tokens: tokens  // the folding rules, so that a test can hold them to the indexer's
  };

  function load(base, path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = base + path;
        script.async = true;
        script.onload = function () { resolve(); };
        script.onerror = function () { delete loading[path]; reject(new Error("cannot load " + path)); };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  function shardKey(term) {
    var head = term.slice(0, 2);
    return state.split.has(head) && term.length > 2 ? term.slice(0, 3) : head;
  }

  // ---- querying ----------------------------------------------------------

  function matchesOf(base, word, prefix) {
    var key = shardKey(word);
    if (!state.shards.has(key)) return Promise.resolve(new Map());
    return load(base, "search/t/" + hex(key) + ".js").then(function () {
      var shard = state.terms[key], scores = new Map();
      Object.keys(shard).forEach(function (term) {
        if (term === word || (prefix && term.lastIndexOf(word, 0) === 0)) {
          var doc = 0, postings = shard[term];
          for (var i = 0; i < postings.length; i++) {
            doc += postings[i] >> 3;
            var weight = postings[i] & 7;
            // An exact word outranks a word it merely begins.
            if (term !== word) weight -= 0.5;
            if (!(scores.get(doc) >= weight)) scores.set(doc, weight);
          }
        }
      });
      return scores;
    });
  }

  // People, tags and authors whose names or aliases hold every word of the query (the last
  // one may be the start of a word, as for stories). Each word loads one small shard.
  function entitiesOf(base, words) {
    var last = words.length - 1;
    return load(base, "search/e/heads.js").then(function () {
      return Promise.all(words.map(function (word, i) {
        var head = word.slice(0, 2);
        if (!state.entityHeads.has(head)) return Promise.resolve(new Map());
        return load(base, "search/e/" + hex(head) + ".js").then(function () {
          var found = new Map(), terms = state.entities[head];
          Object.keys(terms).forEach(function (term) {
            if (term === word || (i === last && word.length >= 3 && term.lastIndexOf(word, 0) === 0)) {
              terms[term].forEach(function (record) { found.set(record[1], record); });
            }
          });
          return found;
        });
      }));
    }).then(function (perWord) {
      perWord.sort(function (a, b) { return a.size - b.size; });
      var matched = [];
      perWord[0].forEach(function (record, url) {
        if (perWord.every(function (m) { return m.has(url); })) matched.push(record);
      });
      // The most covered first; then by name, so the same query always lists them alike.
      matched.sort(function (a, b) { return b[3] - a[3] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
      return matched.slice(0, MAX_ENTITIES);
    }).catch(function () { return []; });
  }

  function rank(perWord) {
    perWord.sort(function (a, b) { return a.size - b.size; });
    var results = [];
    perWord[0].forEach(function (score, doc) {
      var total = score;
      for (var i = 1; i < perWord.length; i++) {
        var s = perWord[i].get(doc);
        if (s === undefined) return;
        total += s;
      }
      results.push([doc, total]);
    });
    // Higher score first; on a tie the lower id, which is the newer story.
    results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return results;
  }

  // A query's words, and the words it excludes: `-Shoigu` leaves out the stories that name him.
  function parseQuery(query) {
    var words = [], excluded = [];
    query.split(/\s+/).forEach(function (chunk) {
      if (chunk.length > 1 && chunk[0] === "-") excluded.push.apply(excluded, tokens(chunk.slice(1)));
      else words.push.apply(words, tokens(chunk));
    });
    return { words: words, excluded: excluded };
  }

  // Edit distance, for a did-you-mean when a word matches nothing.
  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var diagonal = row[0];
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var above = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length];
  }

  // The index's own term nearest to a word that found nothing: from the shard the word would be in
  // (same first letters), at most two edits away, the most used on a tie.
  function nearestTerm(word) {
    var shard = state.terms[shardKey(word)] || {}, best = null;
    Object.keys(shard).forEach(function (term) {
      var d = distance(word, term);
      if (d > 0 && d <= 2 && (!best || d < best.d || (d === best.d && shard[term].length > shard[best.term].length))) {
        best = { term: term, d: d };
      }
    });
    return best ? best.term : null;
  }

  function search(base, query) {
    var parsed = parseQuery(query), words = parsed.words;
    if (!words.length) return Promise.resolve(null);
    return load(base, "search/manifest.js").then(function () {
      var last = words.length - 1;
      return Promise.all(words.map(function (word, i) {
        return matchesOf(base, word, i === last && word.length >= 3);
      }).concat(parsed.excluded.map(function (word) { return matchesOf(base, word, false); })));
    }).then(function (all) {
      var perWord = all.slice(0, words.length), excluded = all.slice(words.length);
      var ranked = rank(perWord).filter(function (result) {
        return !excluded.some(function (scores) { return scores.has(result[0]); });
      });
      var suggestion = null;
      if (!ranked.length) {  // a word with no match at all is most likely misspelt
        var fixed = words.map(function (word, i) { return perWord[i].size ? word : (nearestTerm(word) || word); });
        if (fixed.join(" ") !== words.join(" ")) suggestion = fixed.join(" ");
      }
      return entitiesOf(base, words).then(function (entities) {
        return { words: words, total: ranked.length, top: ranked.slice(0, MAX_RESULTS), entities: entities,
                 suggestion: suggestion };
      });
    });
  }

  // A result's display data: title, date, people, summary and snippet, from its document shard.
  function documentOf(base, id) {
    var per = state.manifest.docsPerShard, shard = Math.floor(id / per);
    return load(base, "search/d/" + shard + ".js").then(function () { return state.docs[shard][id % per]; });
  }

  // ---- showing results ---------------------------------------------------

  function wordMatches(word, words) {
    var folded = fold(word), last = words.length - 1;
    return words.some(function (w, i) {
      return folded === w || (i === last && w.length >= 3 && folded.lastIndexOf(w, 0) === 0);
    });
  }

  // Text with the query's words wrapped in <mark>, built as DOM nodes (never as HTML).
  function highlighted(text, words) {
    var fragment = document.createDocumentFragment(), at = 0, match;
    TOKEN_RE.lastIndex = 0;
    while ((match = TOKEN_RE.exec(text))) {
      if (!wordMatches(match[0], words)) continue;
      fragment.appendChild(document.createTextNode(text.slice(at, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      fragment.appendChild(mark);
      at = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function snippet(doc, words) {
    var texts = [doc[4], doc[5]];
    for (var t = 0; t < texts.length; t++) {
      var text = texts[t] || "", match;
      TOKEN_RE.lastIndex = 0;
      while ((match = TOKEN_RE.exec(text))) {
        if (!wordMatches(match[0], words)) continue;
        var start = Math.max(0, match.index - SNIPPET_BEFORE);
        if (start > 0) start = text.indexOf(" ", start) + 1 || start;
        var cut = text.slice(start, start + SNIPPET_LENGTH);
        return (start > 0 ? "…" : "") + cut + (start + SNIPPET_LENGTH < text.length ? "…" : "");
      }
    }
    var fallback = doc[4] || doc[5] || "";
    return fallback.length > SNIPPET_LENGTH ? fallback.slice(0, SNIPPET_LENGTH) + "…" : fallback;
  }

  // One result: a list item whose link is the option (an option may not hold a link), with
  // an article inside. Every text goes in as DOM text, never as HTML.
  function resultShell(base, href, extraClass, titleText, words) {
    var item = document.createElement("li");
    item.className = "md-search-result__item" + extraClass;
    item.setAttribute("role", "none");
    var link = document.createElement("a");
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.className = "md-search-result__link";
    link.href = base + href;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.appendChild(highlighted(titleText, words));
    article.appendChild(title);
    link.appendChild(article);
    item.appendChild(link);
    return { item: item, article: article };
  }

  function paragraph(className, child) {
    var p = document.createElement("p");
    if (className) p.className = className;
    p.appendChild(child);
    return p;
  }

  function resultItem(base, doc, words) {
    // The story page marks the query's words when it opens (see highlightOnArrival).
    var shell = resultShell(base, doc[0] + "?h=" + encodeURIComponent(words.join(" ")), "", doc[1], words);
    var time = document.createElement("time");
    time.dateTime = doc[2];
    time.textContent = doc[2];
    var meta = paragraph("archive-search__meta", time);
    if (doc[3].length) meta.appendChild(highlighted(" · " + doc[3].join(", "), words));
    shell.article.appendChild(meta);
    shell.article.appendChild(paragraph("", highlighted(snippet(doc, words), words)));
    return shell.item;
  }

  // A person's, tag's or author's page as a result: its name, what it is, how many stories.
  function entityItem(base, record, words) {
    var shell = resultShell(base, record[1], " archive-search__entity", record[2], words);
    var count = record[3] + (record[3] === 1 ? " story" : " stories");
    shell.article.appendChild(paragraph("archive-search__meta", document.createTextNode(KIND_NAMES[record[0]] + " · " + count)));
    if (record[4]) shell.article.appendChild(paragraph("", document.createTextNode(record[4])));
    return shell.item;
  }

  // ---- wiring ------------------------------------------------------------

  function mount(root) {
    var base = root.getAttribute("data-base") || ".";
    if (base.slice(-1) !== "/") base += "/";
    var input = root.querySelector("[data-archive-search-input]");
    var list = root.querySelector("[data-archive-search-results]");
    var meta = root.querySelector("[data-archive-search-meta]");
    var form = input.form;
    var toggle = document.getElementById("__search");
    var sequence = 0, selected = -1;

    function open(value) {
      if (toggle) toggle.checked = value;
      if (value) input.focus(); else input.blur();
    }

    function select(index) {
      var items = list.children;
      if (!items.length) { selected = -1; return; }
      selected = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) {
        items[i].firstChild.setAttribute("aria-selected", i === selected ? "true" : "false");
        items[i].classList.toggle("archive-search__selected", i === selected);
      }
      items[selected].scrollIntoView({ block: "nearest" });
    }

    function run() {
      var query = input.value, mine = ++sequence;
      if (!query.trim()) {
        list.textContent = "";
        list.setAttribute("aria-busy", "false");
        meta.textContent = "Type to search the archive";
        return;
      }
      search(base, query).then(function (found) {
        if (mine !== sequence) return; // a newer query has been typed since
        list.textContent = "";
        selected = -1;
        (found ? found.entities : []).forEach(function (record) {
          list.appendChild(entityItem(base, record, found.words));
        });
        if (!found || !found.total) {
          list.setAttribute("aria-busy", "false");
          meta.textContent = "No stories match";
          if (found && found.suggestion) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "archive-search__suggestion";
            button.textContent = found.suggestion;
            button.addEventListener("click", function () { input.value = found.suggestion; run(); input.focus(); });
            meta.appendChild(document.createTextNode(". Did you mean "));
            meta.appendChild(button);
            meta.appendChild(document.createTextNode("?"));
          }
          return;
        }
        meta.textContent = found.total === 1 ? "1 story" :
          found.total > found.top.length ? found.total + " stories, newest and closest first; showing " + found.top.length :
          found.total + " stories";
        // Every result's shard is requested at once; each result shows as soon as it and
        // those above it are there, so the first one never waits for the twentieth.
        list.setAttribute("aria-busy", "true");
        var shown = Promise.resolve();
        found.top.forEach(function (result) {
          var doc = documentOf(base, result[0]);
          shown = shown.then(function () { return doc; }).then(function (d) {
            if (mine === sequence) list.appendChild(resultItem(base, d, found.words));
          });
        });
        return shown.then(function () {
          if (mine === sequence) list.setAttribute("aria-busy", "false");
        });
      }).catch(function () {
        if (mine === sequence) {
          list.setAttribute("aria-busy", "false");
          meta.textContent = "The search index could not be loaded";
        }
      });
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () {
      if (toggle) toggle.checked = true;
      // The small manifest loads while the reader starts typing: one wait fewer for the first result.
      load(base, "search/manifest.js").catch(function () {});
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }, 0); });
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        select(selected + (event.key === "ArrowDown" ? 1 : -1));
        event.preventDefault();
      } else if (event.key === "Enter") {
        var item = list.children[selected < 0 ? 0 : selected];
        if (item) window.location.href = item.querySelector("a").href;
        event.preventDefault();
      } else if (event.key === "Escape") {
        open(false);
        event.preventDefault();
      }
    });

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/" || event.key === "s" || event.key === "S") {
        event.preventDefault();
        event.stopPropagation();
        open(true);
      }
    }, true);

    if (input.value) run();
  }

  // ---- arriving from a result ------------------------------------------------

  // A story opened from a search result (?h=words) marks those words in the article and scrolls
  // to the first. Text nodes are split around each match: nothing is ever parsed as HTML.
  function highlightOnArrival() {
    var query;
    try { query = new URLSearchParams(window.location.search).get("h"); } catch (e) { return; }
    var words = query ? tokens(query) : [];
    var article = document.querySelector("article.md-content__inner");
    if (!words.length || !article) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode;
        return parent && !/^(SCRIPT|STYLE|MARK)$/.test(parent.nodeName) && !parent.closest(".headerlink")
          ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var fragment = highlighted(node.nodeValue, words);
      var marks = fragment.querySelectorAll("mark");
      if (!marks.length) return;
      Array.prototype.forEach.call(marks, function (mark) { mark.className = "archive-highlight"; });
      if (!first) first = marks[0];
      node.parentNode.replaceChild(fragment, node);
    });
    if (first) first.scrollIntoView({ block: "center" });
  }

  var root = document.querySelector("[data-archive-search]");
  if (root) mount(root);
  highlightOnArrival();
  window.archiveSearch.tokens = tokens;
})();
