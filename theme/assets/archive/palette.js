/*
 * The reader's light or dark choice, applied before the page is drawn: loaded by a script tag right
 * after the header's palette toggle (partials/header.html), so every page shares it instead of
 * carrying it inline. Material's own script (the bundle) records the choice and switches it later.
 */
(function () {
  "use strict";

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
