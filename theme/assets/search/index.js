/*
 * The offline search index, and queries against it.
 *
 * The generator writes the index as small scripts under search/ (generator/pages/search_format.py):
 * browsers run <script src> from file:// pages, where fetch() and workers are refused. Each script
 * calls back into window.archiveSearch. The manifest is read first: it gives the format's version
 * (an index of another version is refused, with a message saying so), the field names of each kind
 * of record (one decoder reads records by name) and the path of every kind of file.
 *
 * Term postings are flat integer lists in document order (newest first): each value is
 * (document id delta * 8 + field weight).
 */
(function (archive) {
  "use strict";

  var FORMAT_VERSION = 3;  // the version of generator/pages/search_format.py this script reads
  var MANIFEST = "search/manifest.js";
  // What a query may be, at most: longer input is cut before any work (a query is typed, not pasted).
  var LIMITS = { chars: 200, words: 12, excluded: 6, phrases: 4 };
  var MAX_RESULTS = 10;  // in the header's list
  var MAX_ENTITIES = 3;  // people, tags and authors shown above the stories

  var fold = archive.fold;

  function SearchError(message) {
    this.name = "SearchError";
    this.message = message;
  }
  SearchError.prototype = Object.create(Error.prototype);

  function own(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }

  // ---- loading -------------------------------------------------------------------------

  var state = null;

  function reset() {
    state = {
      manifest: null, versionError: null, terms: new Map(), docs: new Map(), entityHeads: null,
      entities: new Map(), facetMeta: null, facets: new Map(), facetNames: { tag: new Map(), person: new Map() },
      pairs: new Map(), commonTerms: new Set(), pairSplit: new Set(), loading: new Map()
    };
  }
  reset();

  // What the index's scripts call. Shard keys and table keys come from the index: kept in Maps.
  globalThis.archiveSearch = {
    manifest: function (m) {
      if (!m || m.version !== FORMAT_VERSION) {
        state.versionError = "The search index was written by another version of the archive (format " +
          (m && m.version) + "; this page reads format " + FORMAT_VERSION + "): build the site again.";
        return;
      }
      state.manifest = m;
      m.splitSet = new Set(m.split);
      m.shardSet = new Set(m.shards);
    },
    terms: function (key, terms) { state.terms.set(key, terms); },
    docs: function (n, docs) { state.docs.set(n, docs); },
    entityHeads: function (heads) { state.entityHeads = new Set(heads); },
    entities: function (head, terms) { state.entities.set(head, terms); },
    facetMeta: function (meta) { state.facetMeta = meta; },
    facets: function (n, rows) { state.facets.set(n, rows); },
    facetNames: function (kind, block, entries) {
      if (own(state.facetNames, kind)) state.facetNames[kind].set(block, entries);
    },
    pairs: function (key, pairs) { state.pairs.set(key, pairs); },
    pairMeta: function (meta) { state.commonTerms = new Set(meta.common); state.pairSplit = new Set(meta.split); },
    tokens: fold.tokens  // the folding rules, so that a test can hold them to the indexer's
  };

  // Loads a script of the index once; tests put another loader in place (useLoader).
  var loadScript = function (url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("missing")); };
      document.head.appendChild(script);
    });
  };

  function load(base, path) {
    if (!state.loading.has(path)) {
      state.loading.set(path, loadScript(base + path).catch(function () {
        state.loading.delete(path);
        throw new SearchError("A file of the search index could not be loaded (" + path + "): build the site again.");
      }));
    }
    return state.loading.get(path);
  }

  // The manifest, checked: every other file is found through it.
  function ready(base) {
    return load(base, MANIFEST).then(function () {
      if (state.versionError) throw new SearchError(state.versionError);
      if (!state.manifest) throw new SearchError("The search index's manifest is damaged: build the site again.");
      return state.manifest;
    });
  }

  // A file of the index, by its kind and parts (a key is written in hexadecimal).
  function pathOf(kind, parts) {
    var template = state.manifest.paths[kind];
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      var value = parts[name];
      return name === "key" ? fold.hex(value) : String(value);
    });
  }

  function loadFile(base, kind, parts) {
    return ready(base).then(function () { return load(base, pathOf(kind, parts || {})); });
  }

  // A record (an array, as it travels) as an object with its fields' names, from the manifest.
  function decode(kind, values) {
    var names = state.manifest.fields[kind], record = {};
    for (var i = 0; i < names.length; i++) record[names[i]] = values[i];
    return record;
  }

  // ---- queries ---------------------------------------------------------------------------

  function shardKey(term) {
    var head = term.slice(0, 2);
    return state.manifest.splitSet.has(head) && term.length > 2 ? term.slice(0, 3) : head;
  }

  // doc id -> the best weight of the word (or, as a prefix, of the words it begins) in that story.
  function matchesOf(base, word, prefix) {
    var key = shardKey(word);
    if (!state.manifest.shardSet.has(key)) return Promise.resolve(new Map());
    return loadFile(base, "terms", { key: key }).then(function () {
      var shard = state.terms.get(key) || {}, scores = new Map();
      Object.keys(shard).forEach(function (term) {
        if (term === word || (prefix && term.lastIndexOf(word, 0) === 0)) {
          var doc = 0, postings = shard[term];
          for (var i = 0; i < postings.length; i++) {
            doc += postings[i] >> 3;
            var weight = postings[i] & 7;
            if (term !== word) weight -= 0.5;  // an exact word outranks a word it merely begins
            if (!(scores.get(doc) >= weight)) scores.set(doc, weight);
          }
        }
      });
      return scores;
    });
  }

  // People, tags and authors whose names or aliases hold every word of the query (the last one may
  // be the start of a word, as for stories). Each word loads one small shard.
  function entitiesOf(base, words) {
    var last = words.length - 1;
    return loadFile(base, "entityHeads").then(function () {
      return Promise.all(words.map(function (word, i) {
        var head = word.slice(0, 2);
        if (!state.entityHeads.has(head)) return Promise.resolve(new Map());
        return loadFile(base, "entities", { key: head }).then(function () {
          var found = new Map(), terms = state.entities.get(head) || {};
          Object.keys(terms).forEach(function (term) {
            if (term === word || (i === last && word.length >= 3 && term.lastIndexOf(word, 0) === 0)) {
              terms[term].forEach(function (values) {
                var record = decode("entity", values);
                found.set(record.url, record);
              });
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
      matched.sort(function (a, b) {
        return b.stories - a.stories || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      });
      return matched.slice(0, MAX_ENTITIES);
    });
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

  // A query's words, the words it excludes (`-Shoigu` leaves out the stories that name him) and its
  // quoted phrases (`"Kim Jong Un"`: those words side by side), within LIMITS. A quote still open
  // while the reader types counts as closed at the end.
  var CHUNK_RE = /"([^"]*)"?|(\S+)/g;

  function parseQuery(query) {
    var words = [], excluded = [], phrases = [], lastIsPrefix = true, match;
    var text = String(query).slice(0, LIMITS.chars);
    CHUNK_RE.lastIndex = 0;
    while ((match = CHUNK_RE.exec(text)) && words.length < LIMITS.words) {
      if (match[1] !== undefined) {
        var phrase = fold.tokens(match[1]).slice(0, LIMITS.words - words.length);
        words.push.apply(words, phrase);
        if (phrase.length > 1 && phrases.length < LIMITS.phrases) phrases.push(phrase);
        lastIsPrefix = false;  // a quoted word is whole
      } else if (match[2].length > 1 && match[2][0] === "-") {
        if (excluded.length < LIMITS.excluded) excluded.push.apply(excluded, fold.tokens(match[2].slice(1)));
      } else {
        var found = fold.tokens(match[2]).slice(0, LIMITS.words - words.length);
        words.push.apply(words, found);
        if (found.length) lastIsPrefix = true;
      }
    }
    return { words: words, excluded: excluded.slice(0, LIMITS.excluded), phrases: phrases, lastIsPrefix: lastIsPrefix };
  }

  // The stories holding two words side by side, from the pair index (generator/pages/search_phrases.py).
  function storiesWithPair(base, first, second) {
    var head = Array.from(first).slice(0, 2).join("");
    var key = state.pairSplit.has(head) ? head + " " + Array.from(second)[0] : head;
    return loadFile(base, "pairs", { key: key }).then(function () {
      var postings = (state.pairs.get(key) || {})[first + " " + second] || [], docs = new Set(), doc = 0;
      for (var i = 0; i < postings.length; i++) { doc += postings[i]; docs.add(doc); }
      return docs;
    }, function () { return new Set(); });  // no file: no pair starts with those letters
  }

  // The stories holding every phrase: each has every pair of neighbouring words of it, except
  // pairs of two words nearly every story has, which the index leaves out.
  function phraseFilter(base, phrases) {
    if (!phrases.length) return Promise.resolve(null);
    return loadFile(base, "pairMeta").then(function () {
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
    var shard = state.terms.get(shardKey(word)) || {}, best = null;
    Object.keys(shard).forEach(function (term) {
      var d = distance(word, term);
      if (d > 0 && d <= 2 && (!best || d < best.d || (d === best.d && shard[term].length > shard[best.term].length))) {
        best = { term: term, d: d };
      }
    });
    return best ? best.term : null;
  }

  // Every story matching the query, best first, with the people, tags and authors it names.
  function search(base, query) {
    var parsed = parseQuery(query), words = parsed.words;
    if (!words.length) return Promise.resolve(null);
    return ready(base).then(function () {
      var entities = entitiesOf(base, words);  // looked up meanwhile
      var last = words.length - 1;
      return Promise.all(words.map(function (word, i) {
        return matchesOf(base, word, parsed.lastIsPrefix && i === last && word.length >= 3);
      }).concat(parsed.excluded.map(function (word) { return matchesOf(base, word, false); }))
        .concat([phraseFilter(base, parsed.phrases), entities]));
    }).then(function (all) {
      var perWord = all.slice(0, words.length);
      var excluded = all.slice(words.length, words.length + parsed.excluded.length);
      var phrased = all[all.length - 2], entities = all[all.length - 1];
      var ranked = rank(perWord).filter(function (result) {
        if (phrased && !phrased.has(result[0])) return false;
        return !excluded.some(function (scores) { return scores.has(result[0]); });
      });
      var suggestion = null;
      if (!ranked.length) {  // a word with no match at all is most likely misspelt
        var fixed = words.map(function (word, i) { return perWord[i].size ? word : (nearestTerm(word) || word); });
        if (fixed.join(" ") !== words.join(" ")) suggestion = fixed.join(" ");
      }
      return { words: words, total: ranked.length, top: ranked.slice(0, MAX_RESULTS), all: ranked,
               entities: entities, suggestion: suggestion };
    });
  }

  // Every story, newest first: what the search page narrows when it is given no words.
  function everything(base) {
    return ready(base).then(function (manifest) {
      var all = [];
      for (var doc = 0; doc < manifest.count; doc++) all.push([doc, 0]);
      return { words: [], all: all, total: all.length, entities: [], suggestion: null };
    });
  }

  // A result's record (title, date, people, summary, snippet, thumbnail), from its document shard.
  function documentOf(base, id) {
    var per = state.manifest.docsPerShard, shard = Math.floor(id / per);
    return loadFile(base, "documents", { shard: shard }).then(function () {
      return decode("document", state.docs.get(shard)[id % per]);
    });
  }

  // ---- facets: the search page narrows results by year, month, tag and person ------------

  function facetMeta(base) {
    return loadFile(base, "facetMeta").then(function () { return state.facetMeta; });
  }

  // Tags and people of the given stories: one facet file per perShard stories.
  function loadFacets(base, docs) {
    var per = state.facetMeta.perShard, wanted = new Set();
    docs.forEach(function (doc) { wanted.add(Math.floor(doc / per)); });
    return Promise.all(Array.from(wanted, function (n) { return loadFile(base, "facets", { shard: n }); }));
  }

  // Tag and person names, a file of namesPerFile per block of ids (sorted): the block of an id is the
  // last whose first id is not after it; a number n is entry n % per of block n / per.
  function blockOfId(kind, id) {
    var firsts = state.facetMeta.firstIds[kind] || [], low = 0, high = firsts.length - 1;
    if (!firsts.length || id < firsts[0]) return -1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (firsts[middle] <= id) low = middle; else high = middle - 1;
    }
    return low;
  }

  function loadNames(base, kind, blocks) {
    var wanted = new Set();
    blocks.forEach(function (block) { if (block >= 0) wanted.add(block); });
    return Promise.all(Array.from(wanted, function (block) {
      return loadFile(base, "facetNames", { kind: kind, block: block });
    }));
  }

  function numberOfId(kind, id) {
    var block = blockOfId(kind, id), entries = state.facetNames[kind].get(block) || [];
    for (var i = 0; i < entries.length; i++) {
      if (decode("name", entries[i]).id === id) return block * state.facetMeta.namesPerFile + i;
    }
    return -1;  // no such tag or person: the filter keeps nothing
  }

  // A tag's or person's {id, name}, by its number.
  function entryOfNumber(kind, n) {
    var per = state.facetMeta.namesPerFile;
    return decode("name", state.facetNames[kind].get(Math.floor(n / per))[n % per]);
  }

  // A story's {tags, people}, as numbers.
  function facetRow(doc) {
    var per = state.facetMeta.perShard;
    return decode("facet", state.facets.get(Math.floor(doc / per))[doc % per]);
  }

  // Stories are numbered newest first, so each month is a run of ids: find the run holding doc.
  function monthOf(doc) {
    var months = state.facetMeta.months, low = 0, high = months.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (decode("month", months[middle]).first <= doc) low = middle; else high = middle - 1;
    }
    return decode("month", months[low]).month;
  }

  archive.index = {
    LIMITS: LIMITS, FORMAT_VERSION: FORMAT_VERSION, SearchError: SearchError, own: own,
    ready: ready, search: search, everything: everything, documentOf: documentOf, parseQuery: parseQuery,
    facetMeta: facetMeta, loadFacets: loadFacets, blockOfId: blockOfId, loadNames: loadNames,
    numberOfId: numberOfId, entryOfNumber: entryOfNumber, facetRow: facetRow, monthOf: monthOf,
    useLoader: function (loader) { loadScript = loader; reset(); }
  };
})(globalThis.archive = globalThis.archive || {});
