/*
 * The header's search button and box, put in place by the script tag that loads this file (in
 * partials/header.html). Search needs script, so a reader without it sees no search control, and
 * no page carries the box's markup: every page shares this file. The box's behaviour is
 * dropdown.js's; the base address of the site comes from this file's own address, as the tag
 * names it (".../assets/search/dialog.js", or the header's script the build joins it into,
 * ".../assets/archive/header.js").
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) return;
  var source = script.getAttribute("src") || "";
  var at = source.lastIndexOf("assets/");
  var base = at > 0 ? source.slice(0, at) : "./";

  function make(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // The archive's icons are CSS masks named by class (assets/archive/icons.css).
  function icon(name) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "archive-icon archive-icon--material-" + name);
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    return svg;
  }

  var button = make("label", { "class": "md-header__button md-icon", "for": "__search", "title": "Search" }, [icon("magnify")]);

  var input = make("input", {
    "type": "text", "class": "md-search__input", "name": "q", "aria-label": "Search stories",
    "placeholder": "Search stories, people, tags", "autocapitalize": "off", "autocorrect": "off",
    "autocomplete": "off", "spellcheck": "false", "data-archive-search-input": ""
  });
  var form = make("form", { "class": "md-search__form", "name": "archive-search", "autocomplete": "off" }, [
    input,
    make("label", { "class": "md-search__icon md-icon", "for": "__search" }, [icon("magnify"), icon("arrow-left")]),
    make("nav", { "class": "md-search__options", "aria-label": "Search options" }, [
      make("button", {
        "type": "reset", "class": "md-search__icon md-icon", "title": "Clear", "aria-label": "Clear", "tabindex": "-1"
      }, [icon("close")])
    ])
  ]);
  var output = make("div", { "class": "md-search__output" }, [
    make("div", { "class": "md-search__scrollwrap", "tabindex": "0" }, [
      make("div", { "class": "md-search-result" }, [
        make("div", { "class": "md-search-result__meta", "data-archive-search-meta": "", "aria-live": "polite" },
          ["Type to search the archive"]),
        make("ol", {
          "class": "md-search-result__list", "role": "listbox", "aria-label": "Search results",
          "data-archive-search-results": ""
        })
      ])
    ])
  ]);
  var box = make("div", {
    "class": "md-search archive-search", "role": "dialog", "aria-label": "Search",
    "data-archive-search": "", "data-base": base
  }, [
    make("label", { "class": "md-search__overlay", "for": "__search" }),
    make("div", { "class": "md-search__inner", "role": "search" }, [form, output])
  ]);

  script.parentNode.insertBefore(button, script);
  script.parentNode.insertBefore(box, script);

  // Material's stylesheet places the box (in the header on a desktop, over the page on a phone),
  // so it is never left in the flow. A theme with no search box of its own to style (Zensical's,
  // for the exported site) leaves it there: the archive's stylesheet then lays it out itself.
  var inner = box.querySelector(".md-search__inner");
  if (window.getComputedStyle(inner).position === "static") {
    box.classList.add("archive-search--own");
    button.classList.add("archive-search-button--own");
  }
})();
