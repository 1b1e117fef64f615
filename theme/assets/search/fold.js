/*
 * Folding and words: the one specification is in generator/text.py; this implements the same, and
 * tests/fixtures/folding-cases.json holds both to it. Accents are removed; every other mark (Indic
 * vowel signs and virama, Thai marks, kana voicing) stays in its word.
 */
(function (archive) {
  "use strict";

  var EXTRA_FOLDS = {
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ħ": "h", "ı": "i",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d",
    "’": "'", "‘": "'", "ʼ": "'", "ß": "ss", "ς": "σ"
  };
  var EXTRA_RE = new RegExp("[" + Object.keys(EXTRA_FOLDS).join("") + "]", "g");
  // A class of combining marks, on purpose: they are what folding removes.
  // eslint-disable-next-line no-misleading-character-class
  var ACCENT_RE = new RegExp("[" +
    "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f" +  // Latin, Greek, Cyrillic, general
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7" +  // Hebrew points
    "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed" +  // Arabic
    "]", "g");
  var TOKEN_RE = /[\p{L}\p{N}\p{M}]+/gu;
  var IDEOGRAPH_RE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

  function extra(c) { return EXTRA_FOLDS[c]; }

  function fold(text) {
    return text.replace(EXTRA_RE, extra).normalize("NFKD").replace(ACCENT_RE, "")
      .normalize("NFC").toLowerCase().replace(EXTRA_RE, extra);
  }

  // Chinese and Japanese script, written without spaces, is searched a character at a time.
  function splitIdeographs(word) {
    var parts = [], current = "";
    for (var i = 0; i < word.length; i++) {
      var c = word[i];
      if (IDEOGRAPH_RE.test(c)) {
        if (current) { parts.push(current); current = ""; }
        parts.push(c);
      } else {
        current += c;
      }
    }
    if (current) parts.push(current);
    return parts;
  }

  function tokens(text) {
    var found = [];
    (fold(text).match(TOKEN_RE) || []).forEach(function (word) {
      if (IDEOGRAPH_RE.test(word)) found.push.apply(found, splitIdeographs(word));
      else found.push(word);
    });
    return found;
  }

  // A shard's key as it is written in file names: its UTF-8 bytes in hexadecimal.
  function hex(text) {
    return Array.from(new TextEncoder().encode(text), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  archive.fold = { fold: fold, tokens: tokens, hex: hex, TOKEN_RE: TOKEN_RE };
})(globalThis.archive = globalThis.archive || {});
