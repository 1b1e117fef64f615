/*
 * A story's citation as BibTeX and RIS, made in the reader's browser from the CSL-JSON the page holds
 * (its "Cite this story" download, a data: address). The page carries the citation once instead of
 * three times: the other two formats were a twentieth of a story page. Without script, the CSL-JSON
 * download and the citation as a sentence are there; these two links stay hidden. What it writes is
 * what generator/pages/citations.py specifies, field for field (tests/test_citations.py holds both).
 */
(function (archive) {
  "use strict";

  var MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  // BibTeX's specials, each as the text it stands for: an unbalanced brace would break the file.
  var BIBTEX_SPECIALS = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "#": "\\#",
    "$": "\\$", "_": "\\_", "^": "\\textasciicircum{}", "~": "\\textasciitilde{}"
  };
  var BIBTEX_RE = /[\\{}%&#$_^~]/g;
  var TYPES = { bibtex: "application/x-bibtex", ris: "application/x-research-info-systems" };

  function text(value) {
    return typeof value === "string" ? value : "";
  }

  function bibtexText(value) {
    return text(value).replace(BIBTEX_RE, function (c) { return BIBTEX_SPECIALS[c]; });
  }

  function pad(number, width) {
    var digits = String(number);
    while (digits.length < width) digits = "0" + digits;
    return digits;
  }

  function dateParts(item) {
    var parts = item.issued && item.issued["date-parts"] && item.issued["date-parts"][0];
    return Array.isArray(parts) && parts.length === 3 ? parts.map(Number) : [0, 1, 1];
  }

  function names(item) {
    return (Array.isArray(item.author) ? item.author : []).map(function (author) {
      return text(author && author.literal);
    });
  }

  function bibtex(item) {
    var date = dateParts(item);
    var fields = [
      ["title", "{" + bibtexText(item.title) + "}"],  // the inner braces keep its capitals
      ["author", names(item).map(function (name) { return "{" + bibtexText(name) + "}"; }).join(" and ")],
      ["organization", bibtexText(item["container-title"])],
      ["date", pad(date[0], 4) + "-" + pad(date[1], 2) + "-" + pad(date[2], 2)],
      ["year", String(date[0])],
      ["month", MONTHS[date[1] - 1]],
      ["url", bibtexText(item.URL)],
      ["langid", bibtexText(item.language)],
      ["abstract", bibtexText(item.abstract)]
    ];
    var body = fields.filter(function (field) { return field[1]; }).map(function (field) {
      return field[0] === "month" ? "  month = " + field[1] : "  " + field[0] + " = {" + field[1] + "}";
    });
    return "@online{" + text(item.id) + ",\n" + body.join(",\n") + "\n}\n";
  }

  function ris(item) {
    var date = dateParts(item);
    var lines = [["TY", "ELEC"], ["TI", text(item.title)]];
    names(item).forEach(function (name) { lines.push(["AU", name]); });
    lines.push(
      ["PY", String(date[0])],
      ["DA", date[0] + "/" + pad(date[1], 2) + "/" + pad(date[2], 2)],
      ["T2", text(item["container-title"])],
      ["PB", text(item.publisher)],
      ["LA", text(item.language)]
    );
    if (text(item.URL)) lines.push(["UR", item.URL]);
    if (text(item.abstract)) lines.push(["AB", item.abstract]);
    lines.push(["ID", text(item.id)]);
    return lines.map(function (line) { return line[0] + "  - " + line[1] + "\r\n"; }).join("") + "ER  - \r\n";
  }

  archive.cite = { bibtex: bibtex, ris: ris };

  if (typeof document === "undefined") return;  // loaded by the tests, in Node
  var files = document.querySelector(".story-cite__files");
  var source = files && files.querySelector("a[data-cite=csl]");
  var made = files && files.querySelector(".story-cite__made");
  if (!source || !made) return;
  var item;
  try {
    var address = source.getAttribute("href") || "";
    item = JSON.parse(decodeURIComponent(address.slice(address.indexOf(",") + 1)))[0];
  } catch {
    return;  // not a citation this script can read: the CSL-JSON download is still there
  }
  if (!item || typeof item !== "object") return;
  var makers = { bibtex: bibtex, ris: ris };
  made.querySelectorAll("a[data-cite]").forEach(function (link) {
    var format = link.getAttribute("data-cite");
    if (!Object.hasOwn(makers, format)) return;
    link.setAttribute("href", "data:" + TYPES[format] + ";charset=utf-8," + encodeURIComponent(makers[format](item)));
  });
  made.hidden = false;
})(globalThis.archive = globalThis.archive || {});
