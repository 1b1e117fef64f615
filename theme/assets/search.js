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

  var MAX_RESULTS = 10;  // in the header's list; the search page shows every result, twenty to a page
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

  var state = { manifest: null, split: null, shards: null, terms: {}, docs: {}, entityHeads: null, entities: {},
                facetMeta: null, facets: {}, facetNames: { tag: {}, person: {} }, pairs: {},
                commonTerms: new Set(), pairSplit: new Set() };
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
    facetMeta: function (meta) { state.facetMeta = meta; },
    facets: function (n, rows) { state.facets[n] = rows; },
    facetNames: function (kind, block, entries) { state.facetNames[kind][block] = entries; },
    pairs: function (key, pairs) { state.pairs[key] = pairs; },
    pairMeta: function (meta) { state.commonTerms = new Set(meta.common); state.pairSplit = new Set(meta.split); },
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

  // A query's words, the words it excludes (`-Shoigu` leaves out the stories that name him) and
  // its quoted phrases (`"Kim Jong Un"`: those words side by side). A quote still open while the
  // reader types counts as closed at the end.
  var CHUNK_RE = /"([^"]*)"?|(\S+)/g;

  function parseQuery(query) {
    var words = [], excluded = [], phrases = [], lastIsPrefix = true, match;
    CHUNK_RE.lastIndex = 0;
    while ((match = CHUNK_RE.exec(query))) {
      if (match[1] !== undefined) {
        var phrase = tokens(match[1]);
        words.push.apply(words, phrase);
        if (phrase.length > 1) phrases.push(phrase);
        lastIsPrefix = false;  // a quoted word is whole
      } else if (match[2].length > 1 && match[2][0] === "-") {
        excluded.push.apply(excluded, tokens(match[2].slice(1)));
      } else {
        var found = tokens(match[2]);
        words.push.apply(words, found);
        if (found.length) lastIsPrefix = true;
      }
    }
    return { words: words, excluded: excluded, phrases: phrases, lastIsPrefix: lastIsPrefix };
  }

  // The stories holding two words side by side, from the pair index (generator/pages/search_phrases.py).
  function storiesWithPair(base, first, second) {
    var head = Array.from(first).slice(0, 2).join("");
    var key = state.pairSplit.has(head) ? head + " " + Array.from(second)[0] : head;
    return load(base, "search/p/" + hex(key) + ".js").then(function () {
      var postings = (state.pairs[key] || {})[first + " " + second] || [], docs = new Set(), doc = 0;
      for (var i = 0; i < postings.length; i++) { doc += postings[i]; docs.add(doc); }
      return docs;
    }, function () { return new Set(); });  // no file: no pair starts with those letters
  }

  // The stories holding every phrase: each has every pair of neighbouring words of it, except
  // pairs of two words nearly every story has, which the index leaves out.
  function phraseFilter(base, phrases) {
    if (!phrases.length) return Promise.resolve(null);
    return load(base, "search/p/meta.js").then(function () {
      var lookups = [];
      phrases.forEach(function (phrase) {
        for (var i = 0; i + 1 < phrase.length; i++) {
          if (state.commonTerms.has(phrase[i]) && state.commonTerms.has(phrase[i + 1])) continue;
          lookups.push(storiesWithPair(base, phrase[i], phrase[i + 1]));
        }
      });
      return Promise.all(lookups);
    }).then(function (sets) {
      if (!sets.length) return null;
      sets.sort(function (a, b) { return a.size - b.size; });
      var kept = new Set();
      sets[0].forEach(function (doc) { if (sets.every(function (set) { return set.has(doc); })) kept.add(doc); });
      return kept;
    });
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
    var entities = entitiesOf(base, words);  // people, tags and authors, looked up meanwhile
    return load(base, "search/manifest.js").then(function () {
      var last = words.length - 1;
      return Promise.all(words.map(function (word, i) {
        return matchesOf(base, word, parsed.lastIsPrefix && i === last && word.length >= 3);
      }).concat(parsed.excluded.map(function (word) { return matchesOf(base, word, false); }))
        .concat([phraseFilter(base, parsed.phrases)]));
    }).then(function (all) {
      var perWord = all.slice(0, words.length), excluded = all.slice(words.length, all.length - 1);
      var phrased = all[all.length - 1];
      var ranked = rank(perWord).filter(function (result) {
        if (phrased && !phrased.has(result[0])) return false;
        return !excluded.some(function (scores) { return scores.has(result[0]); });
      });
      var suggestion = null;
      if (!ranked.length) {  // a word with no match at all is most likely misspelt
        var fixed = words.map(function (word, i) { return perWord[i].size ? word : (nearestTerm(word) || word); });
        if (fixed.join(" ") !== words.join(" ")) suggestion = fixed.join(" ");
      }
      return entities.then(function (found) {
        return { words: words, total: ranked.length, top: ranked.slice(0, MAX_RESULTS), all: ranked,
                 entities: found, suggestion: suggestion };
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
  function resultShell(base, href, extraClass, titleText, words, inPage) {
    var item = document.createElement("li");
    item.className = "md-search-result__item" + extraClass;
    var link = document.createElement("a");
    if (!inPage) {  // the header's list is a listbox driven by the arrow keys; the page's are plain lists
      item.setAttribute("role", "none");
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      link.tabIndex = -1;
    }
    link.className = "md-search-result__link";
    link.href = base + href;
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

  function resultItem(base, doc, words, inPage) {
    // The story page marks the query's words when it opens (see highlightOnArrival).
    var href = doc[0] + (words.length ? "?h=" + encodeURIComponent(words.join(" ")) : "");
    var shell = resultShell(base, href, "", doc[1], words, inPage);
    if (doc[6]) {  // the lead image's thumbnail: decorative, the title says what the story is
      var thumb = document.createElement("img");
      thumb.className = "archive-search__thumb";
      thumb.src = base + doc[6][0];
      thumb.width = doc[6][1];
      thumb.height = doc[6][2];
      thumb.alt = "";
      thumb.loading = "lazy";
      shell.article.insertBefore(thumb, shell.article.firstChild);
    }
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
  function entityItem(base, record, words, inPage) {
    var shell = resultShell(base, record[1], " archive-search__entity", record[2], words, inPage);
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
          if (mine !== sequence) return;
          list.appendChild(allResultsItem(base, query, found.total));
          list.setAttribute("aria-busy", "false");
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
        // A result chosen with the arrow keys opens; otherwise every result, on the search page.
        var item = selected < 0 ? null : list.children[selected];
        if (item) window.location.href = item.querySelector("a").href;
        else if (input.value.trim()) window.location.href = searchPageUrl(base, { q: input.value.trim() });
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

  function searchPageUrl(base, params) {
    var query = new URLSearchParams();
    Object.keys(params).forEach(function (key) { if (params[key]) query.set(key, params[key]); });
    return base + "search.html?" + query.toString();
  }

  // The header list's last option: the same query on the search page, with filters and sorting.
  function allResultsItem(base, query, total) {
    var item = document.createElement("li");
    item.className = "md-search-result__item archive-search__all";
    item.setAttribute("role", "none");
    var link = document.createElement("a");
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.tabIndex = -1;
    link.className = "md-search-result__link";
    link.href = searchPageUrl(base, { q: query.trim() });
    link.textContent = (total === 1 ? "The result" : "All " + total + " results") + " on the search page, by year, tag and person";
    item.appendChild(link);
    return item;
  }

  // ---- the search page -----------------------------------------------------------

  var PAGE_SIZE = 20;
  var FACET_SHOWN = 12;  // tags and people listed per filter; the rest are reached by the query
  var SORTS = { relevance: "most relevant first", newest: "newest first", oldest: "oldest first" };

  // Tags and people of the given stories: one facet file per FACET_DOCS_PER_SHARD stories.
  function loadFacets(base, docs) {
    return load(base, "search/f/meta.js").then(function () {
      var per = state.facetMeta.perShard, wanted = {};
      docs.forEach(function (doc) { wanted[Math.floor(doc / per)] = true; });
      return Promise.all(Object.keys(wanted).map(function (n) { return load(base, "search/f/" + n + ".js"); }));
    });
  }

  // Tag and person names, a file of namesPerFile per block of ids (sorted): the block of an id is
  // the last whose first id is not after it; a number n is entry n % per of block n / per.
  function blockOfId(kind, id) {
    var firsts = state.facetMeta.firstIds[kind], low = 0, high = firsts.length - 1;
    if (!firsts.length || id < firsts[0]) return -1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (firsts[middle] <= id) low = middle; else high = middle - 1;
    }
    return low;
  }

  function loadNames(base, kind, blocks) {
    var wanted = {};
    blocks.forEach(function (block) { if (block >= 0) wanted[block] = true; });
    return Promise.all(Object.keys(wanted).map(function (block) {
      return load(base, "search/f/" + kind + "-" + block + ".js");
    }));
  }

  function numberOfId(kind, id) {
    var block = blockOfId(kind, id), entries = state.facetNames[kind][block] || [];
    for (var i = 0; i < entries.length; i++) if (entries[i][0] === id) return block * state.facetMeta.namesPerFile + i;
    return -1;  // no such tag or person: the filter keeps nothing
  }

  function entryOfNumber(kind, n) {
    var per = state.facetMeta.namesPerFile;
    return state.facetNames[kind][Math.floor(n / per)][n % per];  // [id, name]
  }

  function facetRow(doc) {
    var per = state.facetMeta.perShard;
    return state.facets[Math.floor(doc / per)][doc % per];
  }

  // Stories are numbered newest first, so each month is a run of ids: find the run holding doc.
  function monthOf(doc) {
    var months = state.facetMeta.months, low = 0, high = months.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (months[middle][1] <= doc) low = middle; else high = middle - 1;
    }
    return months[low][0];
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var q = (params.get("q") || "").trim();
    var sort = params.get("sort");
    return {
      params: params,
      q: q,
      sort: SORTS[sort] ? sort : (q ? "relevance" : "newest"),
      page: Math.max(1, parseInt(params.get("page"), 10) || 1),
      tags: params.getAll("tag"),
      people: params.getAll("person"),
      year: params.get("year") || "",
      month: params.get("month") || ""
    };
  }

  // This page's address with some parameters changed; any change but paging starts at page 1.
  function pageLink(params, changes) {
    var next = new URLSearchParams(params.toString());
    if (!("page" in changes)) next.delete("page");
    Object.keys(changes).forEach(function (key) {
      var value = changes[key];
      if (value === null) next.delete(key);
      else if (Array.isArray(value)) { next.delete(key); value.forEach(function (v) { next.append(key, v); }); }
      else next.set(key, value);
    });
    var text = next.toString();
    return "search.html" + (text ? "?" + text : "");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Filters, chips, pages and did-you-mean are links to this page: followed in place (the address
  // changes, history keeps it, nothing is loaded again), and Back shows the search before.
  function mountPage(root) {
    root.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='search.html']") : null;
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      window.history.pushState(null, "", link.href);
      renderPage(root);
    });
    window.addEventListener("popstate", function () { renderPage(root); });
    renderPage(root);
  }

  var pageSequence = 0;

  function renderPage(root) {
    var base = root.getAttribute("data-base") || ".";
    if (base.slice(-1) !== "/") base += "/";
    var view = readState(), mine = ++pageSequence;
    root.removeAttribute("data-done");
    var form = root.querySelector("form");
    form.elements.q.value = view.q;
    form.elements.sort.value = view.sort;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=hidden]"), function (old) { old.remove(); });
    // A new query keeps the filters chosen; they are listed, each with a link that removes it.
    [["tag", view.tags], ["person", view.people], ["year", [view.year]], ["month", [view.month]]].forEach(function (pair) {
      pair[1].forEach(function (value) {
        if (!value) return;
        var hidden = element("input");
        hidden.type = "hidden";
        hidden.name = pair[0];
        hidden.value = value;
        form.appendChild(hidden);
      });
    });
    var meta = root.querySelector("[data-results-meta]");
    var facetsBox = root.querySelector("[data-results-facets]");
    var entitiesBox = root.querySelector("[data-results-entities]");
    var list = root.querySelector("[data-results-list]");
    var pages = root.querySelector("[data-results-pages]");
    list.setAttribute("aria-busy", "true");
    meta.textContent = "Searching…";
    load(base, "search/f/meta.js").catch(function () {});  // needed next: fetched while the words are looked up
    load(base, "search/manifest.js").then(function () {
      if (view.q) return search(base, view.q);
      // No words: every story, to narrow by year, tag and person (a chart's bar links here).
      var every = [];
      for (var doc = 0; doc < state.manifest.count; doc++) every.push([doc, 0]);
      return { words: [], all: every, total: every.length, entities: [], suggestion: null };
    }).then(function (found) {
      found = found || { words: [], all: [], total: 0, entities: [], suggestion: null };
      // A year or month needs no data per story (months are runs of ids): narrowed first, only
      // the stories left need their tags and people, so a year of a large archive loads a year's.
      return load(base, "search/f/meta.js").then(function () {
        var inTime = found.all.filter(function (result) {
          var month = monthOf(result[0]);
          return (!view.year || month.slice(0, 4) === view.year) && (!view.month || month === view.month);
        });
        // Results all over a large archive, nothing chosen yet: years first (they cost nothing),
        // rather than every story's tags and people.
        var files = {}, per = state.facetMeta.perShard;
        inTime.forEach(function (result) { files[Math.floor(result[0] / per)] = true; });
        var chosen = view.year || view.month || view.tags.length || view.people.length;
        var wide = !chosen && Object.keys(files).length > state.facetMeta.filesAtOnce;
        return Promise.all([
          wide ? null : loadFacets(base, inTime.map(function (result) { return result[0]; })),
          loadNames(base, "tag", view.tags.map(function (id) { return blockOfId("tag", id); })),
          loadNames(base, "person", view.people.map(function (id) { return blockOfId("person", id); }))
        ]).then(function () { return { found: found, inTime: inTime, wide: wide }; });
      });
    }).then(function (narrowed) {
      var found = narrowed.found;
      var wantTags = view.tags.map(function (id) { return numberOfId("tag", id); });
      var wantPeople = view.people.map(function (id) { return numberOfId("person", id); });
      var kept = narrowed.inTime.filter(function (result) {
        if (!wantTags.length && !wantPeople.length) return true;
        var row = facetRow(result[0]);
        for (var i = 0; i < wantTags.length; i++) if (row[0].indexOf(wantTags[i]) < 0) return false;
        for (i = 0; i < wantPeople.length; i++) if (row[1].indexOf(wantPeople[i]) < 0) return false;
        return true;
      });
      if (view.sort === "newest") kept.sort(function (a, b) { return a[0] - b[0]; });
      else if (view.sort === "oldest") kept.sort(function (a, b) { return b[0] - a[0]; });
      var counts = countFacets(kept, narrowed.wide);
      var pageCount = Math.max(1, Math.ceil(kept.length / PAGE_SIZE));
      var number = Math.min(view.page, pageCount);
      var shown = kept.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE);
      var names = Promise.all([
        loadNames(base, "tag", counts.topTags.map(function (n) { return Math.floor(n / state.facetMeta.namesPerFile); })),
        loadNames(base, "person", counts.topPeople.map(function (n) { return Math.floor(n / state.facetMeta.namesPerFile); }))
      ]);
      var docs = Promise.all(shown.map(function (result) { return documentOf(base, result[0]); }));
      return Promise.all([names, docs]).then(function (loaded) {
        if (mine !== pageSequence) return null;  // the reader has moved on to another search
        renderFacets(counts);
        renderEntities(found);
        renderMeta(found, kept.length);
        renderPages(number, pageCount);
        return loaded[1];
      }).then(function (docs) {
        if (!docs) return;
        list.textContent = "";
        docs.forEach(function (doc) { list.appendChild(resultItem(base, doc, found.words, true)); });
        list.setAttribute("aria-busy", "false");
        root.setAttribute("data-done", "");
        // The link followed was replaced: a keyboard reader goes on from the new count, not the page's top.
        if (document.activeElement === document.body) {
          meta.tabIndex = -1;
          meta.focus({ preventScroll: true });
        }
      });
    }).catch(function () {
      if (mine !== pageSequence) return;
      list.setAttribute("aria-busy", "false");
      meta.textContent = "The search index could not be loaded.";
      root.setAttribute("data-done", "");
    });

    function renderMeta(found, count) {
      meta.textContent = "";
      var what = count === 1 ? "1 story" : count + " stories";
      meta.appendChild(document.createTextNode(what + (view.q ? " for “" + view.q + "”" : "") + ", " + SORTS[view.sort] + "."));
      if (!count && found.suggestion) {
        var link = element("a", "archive-search__suggestion", found.suggestion);
        link.href = pageLink(view.params, { q: found.suggestion });
        meta.appendChild(document.createTextNode(" Did you mean "));
        meta.appendChild(link);
        meta.appendChild(document.createTextNode("?"));
      }
      var chips = [];
      view.tags.forEach(function (id) { chips.push(["tag", id, nameOf("tag", id), view.tags.filter(function (t) { return t !== id; })]); });
      view.people.forEach(function (id) { chips.push(["person", id, nameOf("person", id), view.people.filter(function (p) { return p !== id; })]); });
      if (view.year) chips.push(["year", view.year, view.year, null]);
      if (view.month) chips.push(["month", view.month, view.month, null]);
      if (!chips.length) return;
      var box = element("span", "archive-results__chips");
      box.appendChild(document.createTextNode(" Filters: "));
      chips.forEach(function (chip) {
        var change = {};
        change[chip[0]] = chip[3] && chip[3].length ? chip[3] : null;
        var link = element("a", "archive-results__chip", chip[2] + " ×");
        link.href = pageLink(view.params, change);
        link.setAttribute("aria-label", "Remove the filter " + chip[2]);
        box.appendChild(link);
      });
      meta.appendChild(box);
    }

    function nameOf(kind, id) {
      var n = numberOfId(kind, id);
      return n < 0 ? id : entryOfNumber(kind, n)[1];
    }

    function renderEntities(found) {
      entitiesBox.textContent = "";
      if (view.page > 1) return;
      found.entities.forEach(function (record) { entitiesBox.appendChild(entityItem(base, record, found.words, true)); });
    }

    // Counts over the results as filtered: each option narrows them further.
    function countFacets(kept, wide) {
      var years = {}, tags = {}, people = {};
      kept.forEach(function (result) {
        var year = monthOf(result[0]).slice(0, 4);
        years[year] = (years[year] || 0) + 1;
        if (wide) return;
        var row = facetRow(result[0]);
        row[0].forEach(function (n) { tags[n] = (tags[n] || 0) + 1; });
        row[1].forEach(function (n) { people[n] = (people[n] || 0) + 1; });
      });
      return { years: years, tags: tags, people: people, topTags: top(tags), topPeople: top(people), wide: wide };
    }

    function renderFacets(counts) {
      facetsBox.textContent = "";
      group("Year", Object.keys(counts.years).sort().reverse().map(function (year) {
        return [year, counts.years[year], pageLink(view.params, { year: year }), view.year === year];
      }));
      if (counts.wide) {
        facetsBox.appendChild(element("p", "archive-results__hint", "Choose a year to narrow by tag and person."));
        return;
      }
      group("Tag", counts.topTags.map(function (n) {
        var entry = entryOfNumber("tag", n), on = view.tags.indexOf(entry[0]) >= 0;
        return [entry[1], counts.tags[n], pageLink(view.params, { tag: on ? view.tags : view.tags.concat([entry[0]]) }), on];
      }));
      group("Person", counts.topPeople.map(function (n) {
        var entry = entryOfNumber("person", n), on = view.people.indexOf(entry[0]) >= 0;
        return [entry[1], counts.people[n], pageLink(view.params, { person: on ? view.people : view.people.concat([entry[0]]) }), on];
      }));
    }

    function top(counts) {
      return Object.keys(counts).map(Number)
        .sort(function (a, b) { return counts[b] - counts[a] || a - b; }).slice(0, FACET_SHOWN);
    }

    function group(title, options) {
      if (!options.length) return;
      var section = element("section", "archive-results__facet");
      var heading = element("h2", "", title);
      section.appendChild(heading);
      var ul = element("ul");
      options.forEach(function (option) {
        var li = element("li"), link = element("a", "", option[0]);
        link.href = option[2];
        if (option[3]) link.setAttribute("aria-current", "true");
        li.appendChild(link);
        li.appendChild(element("span", "archive-results__count", String(option[1])));
        ul.appendChild(li);
      });
      section.appendChild(ul);
      facetsBox.appendChild(section);
    }

    function renderPages(number, count) {
      pages.textContent = "";
      if (count < 2) return;
      if (number > 1) pages.appendChild(pageAnchor("← Previous", number - 1));
      pages.appendChild(element("span", "", " Page " + number + " of " + count + " "));
      if (number < count) pages.appendChild(pageAnchor("Next →", number + 1));
    }

    function pageAnchor(text, number) {
      var link = element("a", "", text);
      link.href = pageLink(view.params, { page: String(number) });
      return link;
    }
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
  var resultsPage = document.querySelector("[data-archive-search-page]");
  if (resultsPage) mountPage(resultsPage);
  highlightOnArrival();
  window.archiveSearch.tokens = tokens;
})();
