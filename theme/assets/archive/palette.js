/*
 * The header's light/dark toggle and the reader's choice, applied before the page is drawn. Loaded
 * right after the header's empty palette form (partials/header.html), so every page shares it
 * instead of carrying it: it puts in the form the radio buttons and labels Material's header has,
 * from the options the build writes before it (in assets/archive/header.js, from mkdocs.yml), then sets
 * the saved choice. Material's own script (the bundle, later in the page) reads the form, records
 * the choice and switches it.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var options = Array.isArray(window.__archive_palette) ? window.__archive_palette : [];
  var form = document.querySelector("form[data-md-component=palette]");
  if (!form) return;  // a site without the toggle (mkdocs.yml names no palettes): no choice to apply

  if (!form.firstElementChild) {
    options.forEach(function (option, index) {
      var input = document.createElement("input");
      input.className = "md-option";
      input.type = "radio";
      input.name = "__palette";
      input.id = "__palette_" + index;
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        input.setAttribute("data-md-color-" + key, String(option[key]));
      });
      var toggle = option.toggle;
      if (toggle) input.setAttribute("aria-label", String(toggle.name));
      else input.setAttribute("aria-hidden", "true");
      form.appendChild(input);
      if (!toggle) return;
      // Each label shows the icon of the scheme it switches to: the next option's.
      var label = document.createElement("label");
      label.className = "md-header__button md-icon";
      label.title = String(toggle.name);
      label.htmlFor = "__palette_" + ((index + 1) % options.length);
      label.hidden = true;
      var icon = document.createElementNS(SVG, "svg");
      icon.setAttribute("class", "archive-icon archive-icon--" + String(toggle.icon));
      icon.setAttribute("viewBox", "0 0 24 24");
      icon.setAttribute("aria-hidden", "true");
      label.appendChild(icon);
      form.appendChild(label);
    });
  }

  // Material's head script defines __md_get, which reads what the bundle saved for this site.
  var saved = typeof window.__md_get === "function" ? window.__md_get("__palette") : null;
  var color = saved && saved.color;
  if (!color || typeof color !== "object") return;
  // "Automatic": the toggle whose media query the system matches now.
  if (color.media === "(prefers-color-scheme)") {
    var light = window.matchMedia("(prefers-color-scheme: light)").matches;
    var option = document.querySelector(
      "[data-md-color-media='(prefers-color-scheme: " + (light ? "light" : "dark") + ")']"
    );
    if (option) {
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = option.getAttribute("data-md-color-" + key);
      });
    }
  }
  Object.keys(color).forEach(function (key) {
    if (typeof color[key] === "string") document.body.setAttribute("data-md-color-" + key, color[key]);
  });
})();
