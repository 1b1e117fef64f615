/*
 * Results as the header's list and the search page show them: a story (title, date, people, the
 * words around a match, its thumbnail) or a person, tag or author. Every text goes in as DOM text,
 * never as HTML; the query's words are marked with <mark> elements built the same way.
 */
(function (archive) {
  "use strict";

  var SNIPPET_BEFORE = 60;
  var SNIPPET_LENGTH = 220;
  var KIND_NAMES = { person: "Person", tag: "Tag", author: "Author" };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  var fold = archive.fold, own = archive.index.own;

  // "2024-06-19" as every page of the archive writes it: "19 June 2024".
  function longDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    if (!parts) return iso || "";
    return Number(parts[3]) + " " + MONTHS[Number(parts[2]) - 1] + " " + Number(parts[1]);
  }

  function wordMatches(word, words) {
    var folded = fold.fold(word), last = words.length - 1;
    return words.some(function (w, i) {
      return folded === w || (i === last && w.length >= 3 && folded.lastIndexOf(w, 0) === 0);
    });
  }

  // Text with the query's words wrapped in <mark>, built as DOM nodes (never as HTML).
  function highlighted(text, words) {
    var fragment = document.createDocumentFragment(), at = 0, match, re = fold.TOKEN_RE;
    re.lastIndex = 0;
    while ((match = re.exec(text))) {
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

  // The words around the first match in the summary or the body's start; else the start itself.
  function snippet(doc, words) {
    var texts = [doc.summary, doc.snippet], re = fold.TOKEN_RE;
    for (var t = 0; t < texts.length; t++) {
      var text = texts[t] || "", match;
      re.lastIndex = 0;
      while ((match = re.exec(text))) {
        if (!wordMatches(match[0], words)) continue;
        var start = Math.max(0, match.index - SNIPPET_BEFORE);
        if (start > 0) start = text.indexOf(" ", start) + 1 || start;
        var cut = text.slice(start, start + SNIPPET_LENGTH);
        return (start > 0 ? "…" : "") + cut + (start + SNIPPET_LENGTH < text.length ? "…" : "");
      }
    }
    var fallback = doc.summary || doc.snippet || "";
    return fallback.length > SNIPPET_LENGTH ? fallback.slice(0, SNIPPET_LENGTH) + "…" : fallback;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // One result: a list item whose link is the option (an option may not hold a link), with an
  // article inside. The header's list is a listbox driven by the arrow keys; the page's, plain lists.
  function shell(base, href, extraClass, titleText, words, inPage) {
    var item = element("li", "md-search-result__item" + extraClass);
    var link = element("a", "md-search-result__link");
    if (!inPage) {
      item.setAttribute("role", "none");
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      link.tabIndex = -1;
    }
    link.href = base + href;
    var article = element("article", "md-search-result__article md-typeset");
    var title = element("h1");
    title.appendChild(highlighted(titleText, words));
    article.appendChild(title);
    link.appendChild(article);
    item.appendChild(link);
    return { item: item, article: article };
  }

  function paragraph(className, child) {
    var p = element("p", className);
    p.appendChild(child);
    return p;
  }

  // A story's page, asked to mark the query's words when it opens (highlight.js).
  function storyHref(doc, words) {
    return doc.url + (words.length ? "?h=" + encodeURIComponent(words.join(" ")) : "");
  }

  // "13 September 2023 · Vladimir Putin, Kim Jong-un", the query's words marked.
  function dateAndPeople(doc, words, className) {
    var time = element("time", "", longDate(doc.date));
    time.dateTime = doc.date;
    var meta = paragraph(className, time);
    if (doc.people.length) meta.appendChild(highlighted(" · " + doc.people.join(", "), words));
    return meta;
  }

  // A story's thumbnail, decorative: the title beside it says what the story is.
  function picture(base, doc, className) {
    var thumb = element("img", className);
    thumb.src = base + doc.thumbnail[0];
    thumb.width = doc.thumbnail[1];
    thumb.height = doc.thumbnail[2];
    thumb.alt = "";
    thumb.loading = "lazy";
    return thumb;
  }

  // A story in the header's list.
  function storyItem(base, doc, words) {
    var result = shell(base, storyHref(doc, words), "", doc.title, words, false);
    if (doc.thumbnail) result.article.insertBefore(picture(base, doc, "archive-search__thumb"), result.article.firstChild);
    result.article.appendChild(dateAndPeople(doc, words, "archive-search__meta"));
    result.article.appendChild(paragraph("", highlighted(snippet(doc, words), words)));
    return result.item;
  }

  // A story on the search page: the card every listing of the site shows (the shape of
  // generator/pages/templates/_card.html.j2), with the words around the match as its dek.
  function storyCard(base, doc, words) {
    var href = base + storyHref(doc, words);
    var item = element("li", doc.thumbnail ? "pictured" : "");
    if (doc.thumbnail) {  // decorative, and out of the tab order: the title is the link
      var thumbLink = element("a", "thumb");
      thumbLink.href = href;
      thumbLink.tabIndex = -1;
      thumbLink.setAttribute("aria-hidden", "true");
      thumbLink.appendChild(picture(base, doc, ""));
      item.appendChild(thumbLink);
    }
    var title = element("h3");
    var link = element("a");
    link.href = href;
    link.appendChild(highlighted(doc.title, words));
    title.appendChild(link);
    item.appendChild(title);
    item.appendChild(paragraph("dek", highlighted(snippet(doc, words), words)));
    item.appendChild(dateAndPeople(doc, words, "meta"));
    return item;
  }

  // A person's, tag's or author's page as a result: its name, what it is, how many stories.
  function entityItem(base, record, words, inPage) {
    var result = shell(base, record.url, " archive-search__entity", record.name, words, inPage);
    var kind = own(KIND_NAMES, record.kind) ? KIND_NAMES[record.kind] : "";
    var count = record.stories + (record.stories === 1 ? " story" : " stories");
    result.article.appendChild(paragraph("archive-search__meta", document.createTextNode(kind + " · " + count)));
    if (record.description) result.article.appendChild(paragraph("", document.createTextNode(record.description)));
    return result.item;
  }

  // The search page's address with these parameters.
  function searchPageUrl(base, params) {
    var query = new URLSearchParams();
    Object.keys(params).forEach(function (key) { if (params[key]) query.set(key, params[key]); });
    return base + "search.html?" + query.toString();
  }

  // What a failure says to the reader: the index's own words, or what went wrong.
  function failure(error) {
    if (error instanceof archive.index.SearchError) return error.message;
    return "Search failed: " + (error && error.message ? error.message : String(error)) + ".";
  }

  // The base address a page's search element names (data-base), ending with a slash.
  function baseOf(root) {
    var base = root.getAttribute("data-base") || ".";
    return base.slice(-1) === "/" ? base : base + "/";
  }

  archive.results = {
    longDate: longDate, highlighted: highlighted, snippet: snippet, element: element, storyItem: storyItem, storyCard: storyCard,
    entityItem: entityItem, searchPageUrl: searchPageUrl, failure: failure, baseOf: baseOf
  };
})(globalThis.archive = globalThis.archive || {});
