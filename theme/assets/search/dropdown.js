/*
 * The header's search box: results as the reader types, the arrow keys to choose one, Enter to open
 * it or, with none chosen, the search page with every result. "/" or "s" anywhere opens the box.
 */
(function (archive) {
  "use strict";

  var index = archive.index, results = archive.results;

  // The list's last option: the same query on the search page, with filters and sorting.
  function allResultsItem(base, query, total) {
    var item = results.element("li", "md-search-result__item archive-search__all");
    item.setAttribute("role", "none");
    var link = results.element(
      "a", "md-search-result__link",
      (total === 1 ? "The result" : "All " + total + " results") + " on the search page, by year, tag and person"
    );
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.tabIndex = -1;
    link.href = results.searchPageUrl(base, { q: query.trim().slice(0, index.LIMITS.chars) });
    item.appendChild(link);
    return item;
  }

  function mount(root) {
    var base = results.baseOf(root);
    var input = root.querySelector("[data-archive-search-input]");
    var list = root.querySelector("[data-archive-search-results]");
    var meta = root.querySelector("[data-archive-search-meta]");
    var form = input.form;
    var toggle = document.getElementById("__search");
    var sequence = 0, selected = -1;
    input.maxLength = index.LIMITS.chars;

    function open(value) {
      if (toggle) toggle.checked = value;
      if (value) input.focus(); else input.blur();
    }

    function select(at) {
      var items = list.children;
      if (!items.length) { selected = -1; return; }
      selected = (at + items.length) % items.length;
      for (var i = 0; i < items.length; i++) {
        items[i].firstChild.setAttribute("aria-selected", i === selected ? "true" : "false");
        items[i].classList.toggle("archive-search__selected", i === selected);
      }
      items[selected].scrollIntoView({ block: "nearest" });
    }

    function showNone(found) {
      meta.textContent = "No stories match";
      if (!found || !found.suggestion) return;
      var button = results.element("button", "archive-search__suggestion", found.suggestion);
      button.type = "button";
      button.addEventListener("click", function () { input.value = found.suggestion; run(); input.focus(); });
      meta.appendChild(document.createTextNode(". Did you mean "));
      meta.appendChild(button);
      meta.appendChild(document.createTextNode("?"));
    }

    function run() {
      var query = input.value, mine = ++sequence;
      if (!query.trim()) {
        list.textContent = "";
        list.setAttribute("aria-busy", "false");
        meta.textContent = "Type to search the archive";
        return;
      }
      index.search(base, query).then(function (found) {
        if (mine !== sequence) return;  // a newer query has been typed since
        list.textContent = "";
        selected = -1;
        (found ? found.entities : []).forEach(function (record) {
          list.appendChild(results.entityItem(base, record, found.words));
        });
        if (!found || !found.total) {
          list.setAttribute("aria-busy", "false");
          showNone(found);
          return;
        }
        meta.textContent = found.total === 1 ? "1 story" :
          found.total > found.top.length ? found.total + " stories, newest and closest first; showing " + found.top.length :
          found.total + " stories";
        // Every result's shard is requested at once; each result shows as soon as it and those above
        // it are there, so the first one never waits for the tenth.
        list.setAttribute("aria-busy", "true");
        var shown = Promise.resolve();
        found.top.forEach(function (result) {
          var doc = index.documentOf(base, result[0]);
          shown = shown.then(function () { return doc; }).then(function (record) {
            if (mine === sequence) list.appendChild(results.storyItem(base, record, found.words));
          });
        });
        return shown.then(function () {
          if (mine !== sequence) return;
          list.appendChild(allResultsItem(base, query, found.total));
          list.setAttribute("aria-busy", "false");
        });
      }).catch(function (error) {
        if (mine !== sequence) return;
        list.setAttribute("aria-busy", "false");
        meta.textContent = results.failure(error);
      });
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", function () {
      if (toggle) toggle.checked = true;
      index.ready(base).catch(function () {});  // the small manifest, while the reader starts typing
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }, 0); });
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    // Focus that leaves the search for the page closes the search, whose overlay would cover it.
    root.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (toggle && toggle.checked && next && !root.contains(next)) toggle.checked = false;
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        select(selected + (event.key === "ArrowDown" ? 1 : -1));
        event.preventDefault();
      } else if (event.key === "Enter") {
        // A result chosen with the arrow keys opens; otherwise every result, on the search page.
        var item = selected < 0 ? null : list.children[selected];
        var query = input.value.trim().slice(0, index.LIMITS.chars);
        if (item) window.location.href = item.querySelector("a").href;
        else if (query) window.location.href = results.searchPageUrl(base, { q: query });
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

  archive.dropdown = { mount: mount };
  var root = typeof document !== "undefined" && document.querySelector("[data-archive-search]");
  if (root) mount(root);
})(globalThis.archive = globalThis.archive || {});
