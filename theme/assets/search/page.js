/*
 * The search page (search.html): every result, narrowed by year, month, tag and person, sorted,
 * twenty to a page. Every state is an address (?q=, tag, person, year, month, sort, page), so a
 * search can be bookmarked and shared; filter, chip and page links are followed in place, and Back
 * shows the search before.
 */
(function (archive) {
  "use strict";

  var PAGE_SIZE = 20;
  var FACET_SHOWN = 12;  // tags and people listed per filter; the rest are reached by the query
  var SORTS = { relevance: "most relevant first", newest: "newest first", oldest: "oldest first" };
  var index = archive.index, results = archive.results, own = index.own, element = results.element;
  var LIMITS = index.LIMITS;

  // The page's state, read from its address: every value bounded, every lookup an own property. The
  // links the page makes start from these bounded values, never from the address as it came.
  function readState() {
    var given = new URLSearchParams(window.location.search);
    var q = (given.get("q") || "").slice(0, LIMITS.chars).trim();
    var sort = given.get("sort");
    var short = function (values) { return values.slice(0, LIMITS.words).map(function (v) { return v.slice(0, 100); }); };
    var view = {
      q: q,
      sort: sort !== null && own(SORTS, sort) ? sort : (q ? "relevance" : "newest"),
      page: Math.min(100000, Math.max(1, parseInt(given.get("page"), 10) || 1)),
      tags: short(given.getAll("tag")),
      people: short(given.getAll("person")),
      year: /^\d{4}$/.test(given.get("year") || "") ? given.get("year") : "",
      month: /^\d{4}-\d{2}$/.test(given.get("month") || "") ? given.get("month") : ""
    };
    var params = new URLSearchParams();
    if (view.q) params.set("q", view.q);
    view.tags.forEach(function (id) { params.append("tag", id); });
    view.people.forEach(function (id) { params.append("person", id); });
    if (view.year) params.set("year", view.year);
    if (view.month) params.set("month", view.month);
    if (given.get("sort") !== null && own(SORTS, given.get("sort"))) params.set("sort", view.sort);
    if (view.page > 1) params.set("page", String(view.page));
    view.params = params;
    return view;
  }

  // This page's address with some parameters changed; any change but paging starts at page 1.
  function pageLink(params, changes) {
    var next = new URLSearchParams(params.toString());
    if (!own(changes, "page")) next.delete("page");
    Object.keys(changes).forEach(function (key) {
      var value = changes[key];
      if (value === null) next.delete(key);
      else if (Array.isArray(value)) { next.delete(key); value.forEach(function (v) { next.append(key, v); }); }
      else next.set(key, value);
    });
    var text = next.toString();
    return "search.html" + (text ? "?" + text : "");
  }

  function mount(root) {
    root.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='search.html']") : null;
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      window.history.pushState(null, "", link.href);
      render(root, true);
    });
    window.addEventListener("popstate", function () { render(root, true); });
    // The filters: folded on a narrow screen (the first result on the first screen), open on a wide one.
    var filters = root.querySelector("[data-results-filters]");
    if (filters && window.matchMedia) {
      var wide = window.matchMedia("(min-width: 600px)");
      filters.open = wide.matches;
      wide.addEventListener("change", function () { filters.open = wide.matches; });
    }
    render(root, false);
  }

  var sequence = 0;

  // `followed`: the reader followed a link of the page's own; focus then goes to the new count.
  function render(root, followed) {
    var base = results.baseOf(root);
    var view = readState(), mine = ++sequence;
    root.removeAttribute("data-done");
    var form = root.querySelector("form");
    form.elements.q.value = view.q;
    form.elements.q.maxLength = LIMITS.chars;
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

    (view.q ? index.search(base, view.q) : index.everything(base)).then(function (found) {
      found = found || { words: [], all: [], total: 0, entities: [], suggestion: null };
      // A year or month needs no data per story (months are runs of ids): narrowed first, only the
      // stories left need their tags and people, so a year of a large archive loads a year's.
      return index.facetMeta(base).then(function (facetMeta) {
        var inTime = found.all.filter(function (result) {
          var month = index.monthOf(result[0]);
          return (!view.year || month.slice(0, 4) === view.year) && (!view.month || month === view.month);
        });
        // Results all over a large archive, nothing chosen yet: years first (they cost nothing),
        // rather than every story's tags and people.
        var files = new Set();
        inTime.forEach(function (result) { files.add(Math.floor(result[0] / facetMeta.perShard)); });
        var chosen = view.year || view.month || view.tags.length || view.people.length;
        var wide = !chosen && files.size > facetMeta.filesAtOnce;
        return Promise.all([
          wide ? null : index.loadFacets(base, inTime.map(function (result) { return result[0]; })),
          index.loadNames(base, "tag", view.tags.map(function (id) { return index.blockOfId("tag", id); })),
          index.loadNames(base, "person", view.people.map(function (id) { return index.blockOfId("person", id); }))
        ]).then(function () { return { found: found, inTime: inTime, wide: wide, facetMeta: facetMeta }; });
      });
    }).then(function (narrowed) {
      var found = narrowed.found, facetMeta = narrowed.facetMeta;
      var wantTags = view.tags.map(function (id) { return index.numberOfId("tag", id); });
      var wantPeople = view.people.map(function (id) { return index.numberOfId("person", id); });
      var kept = narrowed.inTime.filter(function (result) {
        if (!wantTags.length && !wantPeople.length) return true;
        var row = index.facetRow(result[0]);
        for (var i = 0; i < wantTags.length; i++) if (row.tags.indexOf(wantTags[i]) < 0) return false;
        for (i = 0; i < wantPeople.length; i++) if (row.people.indexOf(wantPeople[i]) < 0) return false;
        return true;
      });
      if (view.sort === "newest") kept.sort(function (a, b) { return a[0] - b[0]; });
      else if (view.sort === "oldest") kept.sort(function (a, b) { return b[0] - a[0]; });
      var counts = countFacets(kept, narrowed.wide);
      var pageCount = Math.max(1, Math.ceil(kept.length / PAGE_SIZE));
      var number = Math.min(view.page, pageCount);
      var shown = kept.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE);
      var names = Promise.all([
        index.loadNames(base, "tag", counts.topTags.map(function (n) { return Math.floor(n / facetMeta.namesPerFile); })),
        index.loadNames(base, "person", counts.topPeople.map(function (n) { return Math.floor(n / facetMeta.namesPerFile); }))
      ]);
      var docs = Promise.all(shown.map(function (result) { return index.documentOf(base, result[0]); }));
      return Promise.all([names, docs]).then(function (loaded) {
        if (mine !== sequence) return;  // the reader has moved on to another search
        renderFacets(counts);
        renderEntities(found);
        renderMeta(found, kept.length);
        renderPages(number, pageCount);
        list.textContent = "";
        loaded[1].forEach(function (doc) { list.appendChild(results.storyCard(base, doc, found.words)); });
        list.setAttribute("aria-busy", "false");
        root.setAttribute("data-done", "");
        // The link followed was replaced: a keyboard reader goes on from the new count, not the page's top.
        if (followed && document.activeElement === document.body) {
          meta.tabIndex = -1;
          meta.focus({ preventScroll: true });
        }
      });
    }).catch(function (error) {
      if (mine !== sequence) return;
      list.setAttribute("aria-busy", "false");
      meta.textContent = results.failure(error);
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
      view.tags.forEach(function (id) { chips.push(["tag", nameOf("tag", id), view.tags.filter(function (t) { return t !== id; })]); });
      view.people.forEach(function (id) { chips.push(["person", nameOf("person", id), view.people.filter(function (p) { return p !== id; })]); });
      if (view.year) chips.push(["year", view.year, null]);
      if (view.month) chips.push(["month", results.longDate(view.month + "-01").replace(/^1 /, ""), null]);
      if (!chips.length) return;
      var box = element("span", "archive-results__chips");
      box.appendChild(document.createTextNode(" Filters: "));
      chips.forEach(function (chip) {
        var change = {};
        change[chip[0]] = chip[2] && chip[2].length ? chip[2] : null;
        var link = element("a", "archive-results__chip", chip[1] + " ×");
        link.href = pageLink(view.params, change);
        link.setAttribute("aria-label", "Remove the filter " + chip[1]);
        box.appendChild(link);
      });
      meta.appendChild(box);
    }

    function nameOf(kind, id) {
      var n = index.numberOfId(kind, id);
      return n < 0 ? id : index.entryOfNumber(kind, n).name;
    }

    function renderEntities(found) {
      entitiesBox.textContent = "";
      if (view.page > 1) return;
      found.entities.forEach(function (record) { entitiesBox.appendChild(results.entityItem(base, record, found.words, true)); });
    }

    // Counts over the results as filtered: each option narrows them further.
    function countFacets(kept, wide) {
      var years = new Map(), tags = new Map(), people = new Map();
      var add = function (map, key) { map.set(key, (map.get(key) || 0) + 1); };
      kept.forEach(function (result) {
        add(years, index.monthOf(result[0]).slice(0, 4));
        if (wide) return;
        var row = index.facetRow(result[0]);
        row.tags.forEach(function (n) { add(tags, n); });
        row.people.forEach(function (n) { add(people, n); });
      });
      return { years: years, tags: tags, people: people, topTags: top(tags), topPeople: top(people), wide: wide };
    }

    function top(counts) {
      return Array.from(counts.keys()).sort(function (a, b) { return counts.get(b) - counts.get(a) || a - b; }).slice(0, FACET_SHOWN);
    }

    function renderFacets(counts) {
      facetsBox.textContent = "";
      group("Year", Array.from(counts.years.keys()).sort().reverse().map(function (year) {
        return [year, counts.years.get(year), pageLink(view.params, { year: year }), view.year === year];
      }));
      if (counts.wide) {
        facetsBox.appendChild(element("p", "archive-results__hint", "Choose a year to narrow by tag and person."));
        return;
      }
      group("Tag", counts.topTags.map(function (n) {
        var entry = index.entryOfNumber("tag", n), on = view.tags.indexOf(entry.id) >= 0;
        return [entry.name, counts.tags.get(n), pageLink(view.params, { tag: on ? view.tags : view.tags.concat([entry.id]) }), on];
      }));
      group("Person", counts.topPeople.map(function (n) {
        var entry = index.entryOfNumber("person", n), on = view.people.indexOf(entry.id) >= 0;
        return [entry.name, counts.people.get(n), pageLink(view.params, { person: on ? view.people : view.people.concat([entry.id]) }), on];
      }));
    }

    function group(title, options) {
      if (!options.length) return;
      var section = element("section", "archive-results__facet");
      section.appendChild(element("h2", "", title));
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

  archive.page = { mount: mount, readState: readState, pageLink: pageLink };
  var root = typeof document !== "undefined" && document.querySelector("[data-archive-search-page]");
  if (root) mount(root);
})(globalThis.archive = globalThis.archive || {});
