/*
 * A story's citation as files to download: BibTeX, RIS and CSL-JSON, made in the reader's browser
 * from what the page says of the story already. Its `citation_*` meta tags are the citation as
 * reference managers read it (title, bylines, date, publisher, language, address), its JSON-LD
 * gives the summary, and the "Cite this story" box its key (data-key): a copy of the citation
 * in the page as a data: address was a twentieth of a story page. Without script, the citation is
 * there as a sentence, and every story's data is on the data page. What it writes is what
 * generator/pages/citations.py specifies, byte for byte (tests/test_citations.py holds both).
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
  // Each format: what the link says, the suffix of the file it saves, its media type.
  var FORMATS = [
    ["bibtex", "BibTeX", ".bib", "application/x-bibtex"],
    ["ris", "RIS", ".ris", "application/x-research-info-systems"],
    ["csl", "CSL-JSON", ".csl.json", "application/vnd.citationstyles.csl+json"]
  ];

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

  // The story as a CSL-JSON item, from the page's fields: the same keys, in the same cases, as
  // citations.csl has, each where it has it.
  function item(fields) {
    var parts = text(fields.date).split("/").map(Number);
    var data = {
      id: text(fields.key),
      type: "article-newspaper",
      title: text(fields.title),
      "container-title": text(fields.publisher),
      publisher: text(fields.publisher),
      issued: { "date-parts": [parts.length === 3 ? parts : [0, 1, 1]] },
      language: text(fields.language)
    };
    var authors = Array.isArray(fields.authors) ? fields.authors.map(text) : [];
    if (authors.length) data.author = authors.map(function (name) { return { literal: name }; });
    if (text(fields.url)) data.URL = fields.url;
    if (text(fields.abstract)) data.abstract = fields.abstract;
    return data;
  }

  // JSON with every object's keys sorted, as Python's json.dumps(sort_keys=True) writes it.
  function sorted(value) {
    if (Array.isArray(value)) return value.map(sorted);
    if (!value || typeof value !== "object") return value;
    var out = {};
    Object.keys(value).sort().forEach(function (key) { out[key] = sorted(value[key]); });
    return out;
  }

  function csl(entry) {
    return JSON.stringify([sorted(entry)]) + "\n";
  }

  // The citation's files: [file name, link text, media type, contents] in the order the page offers them.
  function files(fields) {
    var entry = item(fields), slug = text(fields.key).replace(/^archive-[0-9]+-/, "");
    var makers = { bibtex: bibtex, ris: ris, csl: csl };
    return FORMATS.map(function (format) {
      return [slug + format[2], format[1], format[3], makers[format[0]](entry)];
    });
  }

  archive.cite = { bibtex: bibtex, ris: ris, item: item, csl: csl, files: files };

  if (typeof document === "undefined") return;  // loaded by the tests, in Node
  var box = document.querySelector("details.story-cite[data-key]");
  if (!box) return;
  function metas(name) {
    return Array.prototype.map.call(document.querySelectorAll('meta[name="' + name + '"]'), function (meta) {
      return meta.getAttribute("content") || "";
    });
  }
  var summary;
  try {
    var described = JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent);
    summary = text(described && described.description);
  } catch {
    summary = "";  // no structured data this script can read: the files go without the summary
  }
  var fields = {
    key: box.getAttribute("data-key"),
    title: metas("citation_title")[0],
    authors: metas("citation_author"),
    date: metas("citation_publication_date")[0],
    publisher: metas("citation_publisher")[0],
    language: metas("citation_language")[0],
    url: metas("citation_public_url")[0],
    abstract: summary
  };
  var line = document.createElement("p");
  line.className = "story-cite__files";
  line.appendChild(document.createTextNode("Download: "));
  files(fields).forEach(function (file, n) {
    if (n) line.appendChild(document.createTextNode(" · "));
    var link = document.createElement("a");
    link.download = file[0];
    link.textContent = file[1];
    link.href = "data:" + file[2] + ";charset=utf-8," + encodeURIComponent(file[3]);
    line.appendChild(link);
  });
  box.appendChild(line);
})(globalThis.archive = globalThis.archive || {});
