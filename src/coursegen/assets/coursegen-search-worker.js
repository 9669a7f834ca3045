/* coursegen: Material's search worker, with letters lowercased by the rules of the page's language.
 *
 * lunr lowercases every word of the index and of the query with String.prototype.toLowerCase, whose rules
 * are the same for every language. In Turkish and Azerbaijani, "I" is the capital of "ı" and "İ" of "i", so
 * a query typed in capitals ("SIFIR", "AĞIRLIK") became "sifir", "ağirlik", and a word capitalized in the
 * text ("İşte") was indexed as "i̇şte" (with a combining dot): neither matched. Here both sides are lowercased
 * with toLocaleLowerCase(lang), which the browser's ICU knows for every language; for most languages the
 * result is the same as before. The page names its language and Material's worker in this script's URL.
 *
 * Accents on Latin letters are dropped on both sides too, so that "sigmoide" finds "sigmoïde" and "ogrenme"
 * "öğrenme", as typed on a keyboard without them; letters of other scripts keep their marks, which tell
 * letters apart there (Ukrainian й and и, Hindi vowel signs).
 */
(function () {
  "use strict";
  var params = new URLSearchParams(self.location.search);
  var lang = params.get("lang");
  var worker = params.get("worker") || "";
  var lower = String.prototype.toLocaleLowerCase;
  var byLanguage = String.prototype.toLowerCase;
  if (lang) {
    try {
      lower.call("I", lang); // a tag the browser does not accept throws here, and the default rules stay
      byLanguage = function () { return lower.call(this, lang); };
    } catch (e) { /* not a language tag */ }
  }
  var marked = /(\p{Script=Latin})\p{M}+/gu;
  String.prototype.toLowerCase = function () {
    var text = byLanguage.call(this);
    if (!/[^\u0000-\u007f]/.test(text)) return text;
    return text.normalize("NFD").replace(marked, "$1").normalize("NFC");
  };
  // Only Material's own worker, from this folder (its lunr languages are loaded relative to it).
  if (/^search\.[0-9a-f]+\.min\.js$/.test(worker)) importScripts(worker);
})();
