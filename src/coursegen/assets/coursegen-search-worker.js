/* coursegen: Material's search worker, with letters lowercased by the rules of the page's language.
 *
 * lunr lowercases every word of the index and of the query with String.prototype.toLowerCase, whose rules
 * are the same for every language. In Turkish and Azerbaijani, "I" is the capital of "ı" and "İ" of "i", so
 * a query typed in capitals ("SIFIR", "AĞIRLIK") became "sifir", "ağirlik", and a word capitalized in the
 * text ("İşte") was indexed as "i̇şte" (with a combining dot): neither matched. Here both sides are lowercased
 * with toLocaleLowerCase(lang), which the browser's ICU knows for every language; for most languages the
 * result is the same as before. The page names its language and Material's worker in this script's URL.
 */
(function () {
  "use strict";
  var params = new URLSearchParams(self.location.search);
  var lang = params.get("lang");
  var worker = params.get("worker") || "";
  var lower = String.prototype.toLocaleLowerCase;
  if (lang) {
    try {
      lower.call("I", lang); // a tag the browser does not accept throws here, and the default rules stay
      String.prototype.toLowerCase = function () { return lower.call(this, lang); };
    } catch (e) { /* not a language tag */ }
  }
  // Only Material's own worker, from this folder (its lunr languages are loaded relative to it).
  if (/^search\.[0-9a-f]+\.min\.js$/.test(worker)) importScripts(worker);
})();
