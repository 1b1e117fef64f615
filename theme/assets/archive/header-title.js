/*
 * The header's second line, which Material's script shows once the page's heading has scrolled out
 * of sight: the heading's text, put there from the page rather than written into every page twice
 * (theme/partials/header.html). Without script that line never shows, so nothing is lost.
 */
(function () {
  "use strict";
  var topic = document.querySelector("[data-md-component=header-topic] .md-ellipsis");
  var heading = document.querySelector("article h1");
  if (topic && heading && !topic.textContent.trim()) topic.textContent = heading.textContent.trim();
})();
