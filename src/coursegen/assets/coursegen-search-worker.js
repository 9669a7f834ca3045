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
 * "öğrenme", as typed on a keyboard without them, and dotless ı is read as i ("sifir" finds "sıfır", and
 * "sigmoid_flat" the code's SIGMOID_FLAT, which Turkish lowercases to "sıgmoıd_flat"). Arabic and Hebrew
 * lose their vowel signs, Arabic its hamza on alef (أ إ آ are read as ا) and the tatweel that stretches
 * words: "الاوزان" finds "الأوزان", "يتبين" finds "يتبيّن", as most people type them; so are its ta marbuta
 * and alef maqsura, often typed as ه and ي ("مصفوفه" finds "مصفوفة"), and Devanagari's chandrabindu, often
 * typed as an anusvara ("इकाइयां" finds "इकाइयाँ"). Latin letters whose
 * stroke is no accent Unicode could take off are read without it too (Vietnamese đ as d: "dao ham" finds
 * "đạo hàm"; Polish ł, Danish ø, Maltese ħ), and Devanagari's nukta goes, often left out in typing ("फीचर"
 * finds "फ़ीचर"). The letters of other scripts with case lose their accents as well, since capitals are
 * written without them and most people search without them (Greek "ΑΡΧΙΚΟΠΟΙΗΣΗ" and "αρχικοποιηση" find
 * "αρχικοποίηση"; Greek's final ς is read as σ, as case folding reads it, or a word typed in capitals
 * matched nothing until its end), except a mark that makes a letter of its own in the page's language, as
 * its collation (the browser's ICU) tells: Ukrainian й and ї are not и and і. Scripts without case keep
 * their marks, which are letters there (Hindi vowel signs, Thai tone marks, kana voicing marks).
 * Letters and digits typed in full width (as Chinese, Japanese and Korean input methods do in their full-width
 * mode) and other compatibility forms are read as the characters they stand for, on both sides ("ｔａｎｈ" finds
 * "tanh", "finale" finds "ﬁnale", pasted from a PDF); German ß is read as ss, as written in capitals; soft
 * hyphens, joiners and variation selectors left inside a word by a word processor are read away.
 * Punctuation the index's separator leaves inside a word is read away (Armenian "ինչո՞ւ" is "ինչու",
 * Hebrew acronyms lose their gershayim however typed: "ע"י", "ע״י" and "עי" find each other), except
 * before a digit ("0.01" is not "001"). On Arabic
 * pages, the article and the clitics written onto a word (ال، وال، بال، كال، فال، لل، و) are set aside on both
 * sides too, so that "الاستقراء" and "استقراء" find "بالاستقراء" (no stemmer: see coursegen.search); after
 * the stop words are taken out, not before: what is left of "بالصفر" (with zero), "صفر", is on lunr's Arabic
 * stop list, and the lecture's subject could not be found.
 *
 * Material's worker cuts a run of Han characters at the words its index holds, but never tries the whole run:
 * a word whose first character is also a word of the index was searched as that character ("對稱" as "對*",
 * marking 對於 and 對齊). A run that is a word of the index as it stands gets a character after it that no
 * index word holds (U+2F00), so that the cut keeps it whole and leaves that character out.
 *
 * Han characters are read in their Simplified form on both sides, from the pairs the index carries
 * ("config.variants", written by coursegen.search for the characters it holds): "权重", as most Chinese keyboards
 * type it, finds "權重" on a Traditional Chinese page, and "權重" finds "权重" on a Simplified one.
 *
 * A word in another form than the text has it finds nothing as a prefix: Ukrainian "симетрія" (the text says
 * "симетрію", "симетрії"), Turkish "ağırlığı" ("ağırlık"), Korean "가중치의" ("가중치가"), French "initialisés"
 * ("initialisé"). A query word that no word of the index starts with is searched without its last letters,
 * down to the longest start that some word of the index has, keeping three fifths of it (two Hangul
 * syllables, three letters of other scripts, at least): the stem the forms share, whatever the language.
 * Not a word the text has as a start, which is searched as typed, nor a number, nor a word of a script
 * written without spaces (Han, Thai...), which the page's word breaker cuts instead.
 *
 * The index leaves out its language's stop words ("de", "la", "l" of "l'initialisation"), but Material adds a
 * wildcard to every query term, so a stop word in a query matched as a prefix ("de*": "demandent",
 * "default_rng") and outranked the words searched for; they are taken out of the query as well, unless
 * nothing else is left.
 */
(function () {
  "use strict";
  var params = new URLSearchParams(self.location.hash.slice(1)); // not the query: see coursegen.html
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
  var marked = /([\p{Script=Latin}\p{Script=Arabic}\p{Script=Hebrew}])\p{M}+|(\p{Cased})(\p{M}+)|\u093c/gu;
  var typed = {"\u0629": "\u0647", "\u0649": "\u064a", "\u0901": "\u0902"}; // as often typed
  var stroked = {
    "\u0111": "d", "\u0142": "l", "\u00f8": "o", "\u0127": "h", "\u0131": "i", "\u03c2": "\u03c3", "\u00df": "ss"
  };
  // Soft hyphen, zero-width (non-)joiner, word joiner, variation selectors: invisible, inside words.
  var invisible = /[\u00ad\u200c\u200d\u2060\ufe00-\ufe0f]/g;
  var collator;
  try {
    collator = new Intl.Collator(lang || [], { sensitivity: "base" });
  } catch (e) {
    collator = new Intl.Collator([], { sensitivity: "base" });
  }
  var accent = new Map(); // letter and mark: whether the mark is an accent there
  function lettersOnly(letter, marks) {
    return Array.from(marks).filter(function (mark) {
      var pair = letter + mark;
      if (!accent.has(pair)) accent.set(pair, collator.compare(pair.normalize("NFC"), letter) === 0);
      return !accent.get(pair);
    }).join("");
  }
  function unaccented(match, bare, letter, marks) {
    if (bare) return bare;
    return letter ? letter + lettersOnly(letter, marks) : "";
  }
  // A word of at least two letters must remain (three after a bare و, which also starts many words).
  var proclitics = /^(?:[وبكف]?ال|لل)(?=[^\s]{2})|^و(?=[^\s]{3})/;
  var arabic = /^ar(?:-|$)/i.test(lang || "");
  // Punctuation left inside a word, other than lunr's wildcard, and not before a digit: gershayim and geresh
  // (ע״י, ע"י, ג׳ירפה, ג'ירפה: Material takes the quotation mark out of a query, so the index and the query
  // read the word without them), Armenian marks on a vowel (ինչո՞ւ, որտեղի՞ց), the Cyrillic apostrophe (U+02BC,
  // a letter for Unicode, as Ukrainian keyboards type it, and U+2018 too).
  var inner = /(\p{L}\p{M}*)(?:[^\P{Po}*]|\p{Pf}|[\u02bc\u2018])+(?!\p{N})/gu;
  var variants = null; // Han character: its Simplified form, where it differs
  var titleLanguages = null; // location: [lang, dir] of a title in another language than its page's
  function plainObject(value) {
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  }
  function simplified(text) {
    if (!variants) return text;
    return text.replace(/\p{Script=Han}/gu, function (han) {
      return Object.prototype.hasOwnProperty.call(variants, han) ? variants[han] : han;
    });
  }
  String.prototype.toLowerCase = function () {
    var text = byLanguage.call(this);
    if (!/[^\u0000-\u007f]/.test(text)) return text;
    text = simplified(text.normalize("NFKC").replace(invisible, "")).normalize("NFD")
      .replace(marked, unaccented).normalize("NFC")
      .replace(/[\u0111\u0142\u00f8\u0127\u0131\u03c2\u00df]/g, function (letter) { return stroked[letter]; })
      .replace(/\u0640/g, "")
      .replace(/[\u0629\u0649\u0901]/g, function (letter) { return typed[letter]; })
      .replace(inner, "$1");
    return text;
  };
  function withoutClitics(word) {
    return word.replace(proclitics, "");
  }

  var SETUP = 0; // Material's SearchMessageType
  var QUERY = 2;
  var isStopWord = null;
  var HAN_END = "\u2f00"; // KANGXI RADICAL ONE: Han script, never written in running text
  var hanWords = null; // the Han words of the index
  var hanText = ""; // the index's text, its Han words joined by U+200B as the build cut them
  var indexData = null; // the index, until its words are read (at the first query: its stop words known)
  var indexWords = null; // the index's words as lunr reads them, sorted
  var querySeparator = null; // where lunr cuts a query into words: the index's separator

  function indexHanWords(data) {
    var words = new Set();
    hanText = "";
    if (!data || !data.config || !Array.isArray(data.docs)) return words;
    var separator = new RegExp(data.config.separator, "g");
    var han = /^\p{Script=Han}+$/u;
    var texts = [];
    for (var i = 0; i < data.docs.length; i++) {
      var doc = data.docs[i];
      var text = simplified(String(doc.title || "") + " " + String(doc.text || "").replace(/<[^>]*>/g, " "));
      if (text.indexOf(HAN_END) >= 0) return new Set(); // the character is taken: leave the cut as it is
      text.split(separator).forEach(function (word) { if (han.test(word)) words.add(word); });
      texts.push(text);
    }
    hanText = words.size ? texts.join("\n") : "";
    return words;
  }

  // A run of Han characters that the page cut into several words (joined by U+200B, as the index joins them)
  // is searched as one where the index holds those words one after the other: each word required as it
  // stands. As words of their own, "權重" (weight, no word of ICU's dictionary) found every page with a "重"
  // and marked 重要, 重點 and 重複 on them. Elsewhere (a word being typed: "隱藏單" of "隱藏單元") the words
  // are searched one by one, each as a prefix, as before.
  function joinedHanRuns(query) {
    return query.replace(/\p{Script=Han}+(?:\u200b\p{Script=Han}+)+/gu, function (run) {
      var words = run.split("\u200b");
      if (!hanText || !followedInIndex(run)) return words.join(" ");
      return words.map(function (word) { return "+" + word; }).join(" ");
    });
  }

  function followedInIndex(run) {
    for (var at = hanText.indexOf(run); at >= 0; at = hanText.indexOf(run, at + 1)) {
      var before = hanText.charAt(at - 1), after = hanText.charAt(at + run.length);
      if (!HAN_CHAR.test(before) && !HAN_CHAR.test(after)) return true;
    }
    return false;
  }
  var HAN_CHAR = /\p{Script=Han}/u;

  function wholeHanWords(query) {
    if (!hanWords || !hanWords.size) return query;
    return query.replace(/\p{Script=Han}+/gu, function (run) { return hanWords.has(run) ? run + HAN_END : run; });
  }

  // The stop word filter the index runs, once Material's worker has loaded the index's languages.
  function stopWordTest(config) {
    if (!config || (config.pipeline || []).indexOf("stopWordFilter") < 0) return null;
    var filters = (config.lang || []).map(function (code) {
      return code === "en" ? self.lunr.stopWordFilter : (self.lunr[code] || {}).stopWordFilter;
    }).filter(function (filter) { return typeof filter === "function"; });
    if (!filters.length) return null;
    return function (word) {
      var forms = [byLanguage.call(word), word.toLowerCase()];
      return filters.some(function (filter) {
        return forms.some(function (form) { return filter(form) === undefined; });
      });
    };
  }

  function withoutStopWords(query) {
    if (!isStopWord) return query;
    var parts = query.split(/(\s+)/);
    // Words joined by an apostrophe are looked at one by one ("l'initialisation"), as the index cut them.
    var kept = parts.map(function (part) {
      if (/^\s*$/.test(part) || /^[+\-]/.test(part)) return part;
      var pieces = part.split(/(['\u2019])/);
      var words = pieces.filter(function (piece, i) { return i % 2 === 0 && piece; });
      if (!words.length || words.every(isStopWord)) return words.length ? "" : part;
      return pieces.filter(function (piece, i) {
        return i % 2 === 1 ? false : piece && !isStopWord(piece);
      }).join(" ");
    }).join("");
    return /\S/.test(kept) ? kept.replace(/\s+/g, " ").trim() : query;
  }

  function sortedIndexWords() {
    if (indexWords) return indexWords;
    indexWords = [];
    var data = indexData;
    indexData = null;
    if (!data || !data.config || typeof data.config.separator !== "string" || !Array.isArray(data.docs)) {
      return indexWords;
    }
    var separator = new RegExp(data.config.separator, "g");
    var written = new Set(); // each word once before it is lowercased: the lowering above costs
    data.docs.forEach(function (doc) {
      var text = String(doc.title || "") + " " + String(doc.text || "").replace(/<[^>]*>/g, " ");
      text.split(separator).forEach(function (word) { if (word) written.add(word); });
    });
    var words = new Set();
    written.forEach(function (word) {
      if (isStopWord && isStopWord(word)) return;
      word = word.toLowerCase();
      words.add(arabic ? withoutClitics(word) : word);
    });
    indexWords = Array.from(words).sort();
    return indexWords;
  }

  function startsAWord(start) {
    var words = sortedIndexWords();
    var low = 0, high = words.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (words[middle] < start) low = middle + 1; else high = middle;
    }
    return low < words.length && words[low].lastIndexOf(start, 0) === 0;
  }

  // A run of katakana is one word of the index (coursegen.search): a word typed that ends a compound
  // ("ネットワーク" of "ニューラルネットワーク", "サイエンス" of "コンピュータサイエンス") is searched as
  // itself and as the index's words holding it. Each result then names the word typed, not those it was
  // searched as ("Missing:" listed every other compound, struck through).
  var KATAKANA_WORD = /^[\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff]{2,}$/;
  var HOLDERS = 20; // at most this many words holding it
  var searchedAs = {}; // a word of the index searched for words typed: those words
  var typedWords = {}; // the katakana words typed
  function katakanaHolders(word) {
    var lowered = word.toLowerCase();
    if (!KATAKANA_WORD.test(lowered)) return word;
    typedWords[lowered] = true;
    var holding = sortedIndexWords().filter(function (other) {
      return other.indexOf(lowered) > 0 && KATAKANA_WORD.test(other);
    }).slice(0, HOLDERS);
    holding.forEach(function (other) {
      if (!Object.prototype.hasOwnProperty.call(searchedAs, other)) searchedAs[other] = [];
      searchedAs[other].push(lowered);
    });
    return [word].concat(holding).join(" ");
  }

  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
  function knownStart(word) {
    if (!word || /[\p{N}*~^:\s]/u.test(word) || UNSPACED.test(word)) return word;
    if (!querySeparator || word.split(querySeparator).filter(Boolean).length !== 1) return word;
    var letters = Array.from(word.toLowerCase());
    var least = Math.max(/\p{Script=Hangul}/u.test(word) ? 2 : 3, Math.ceil(letters.length * 0.6));
    if (letters.length <= least || startsAWord(letters.join(""))) return word;
    for (var length = letters.length - 1; length >= least; length--) {
      var start = letters.slice(0, length).join("");
      if (startsAWord(start)) return start;
    }
    return word;
  }

  function knownStarts(query) {
    return query.split(/(\s+)/).map(function (word) {
      if (/^\s*$/.test(word)) return word;
      var term = /^([+-]?(?:\w+:)?)(.*)$/.exec(word);
      if (/^-/.test(term[1])) return word;
      // Not a word required or looked for in one field: the presence or field would hold for one word only.
      if (KATAKANA_WORD.test(term[2].toLowerCase())) return term[1] ? word : katakanaHolders(word);
      return term[1] + knownStart(term[2]);
    }).join("");
  }

  // Material's worker reads each message's data only: its listener gets the query without stop words, and
  // with the Han words the index holds kept whole.
  var listen = self.addEventListener;
  self.addEventListener = function (type, listener, options) {
    if (type !== "message" || typeof listener !== "function") return listen.call(this, type, listener, options);
    return listen.call(this, type, function (event) {
      var message = event.data;
      if (message && message.type === QUERY && typeof message.data === "string") {
        var query = wholeHanWords(joinedHanRuns(simplified(withoutStopWords(message.data))));
        if (arabic) {
          // Past what lunr reads before a term: a presence (+, -) and a field ("title:").
          query = query.split(/(\s+)/).map(function (word) {
            var term = /^([+-]?(?:\w+:)?)(.*)$/.exec(word);
            return /^\s*$/.test(word) ? word : term[1] + withoutClitics(term[2].toLowerCase());
          }).join("");
        }
        searchedAs = {};
        typedWords = {};
        return listener.call(this, { data: { type: QUERY, data: knownStarts(query) } });
      }
      if (message && message.type === SETUP) {
        var config = (message.data && message.data.config) || {};
        variants = plainObject(config.variants);
        titleLanguages = plainObject(config.titleLanguages);
        hanWords = indexHanWords(message.data);
        indexData = message.data;
        indexWords = null;
        try {
          querySeparator = new RegExp(config.separator);
        } catch (e) {
          querySeparator = null;
        }
      }
      var result = listener.call(this, event);
      if (message && message.type === SETUP) {
        Promise.resolve(result).then(function () { isStopWord = stopWordTest(message.data && message.data.config); });
      }
      return result;
    }, options);
  };

  // A result shows the lines of a code listing around its marked words, not the whole listing: a word in one
  // comment of the examples' setup code (folded on the page) made a result of 225 lines, several screens on
  // a phone, with the next result below it. A listing without a marked word shows its first lines.
  var CONTEXT = 1; // lines kept around a marked line
  var OPENING = 3; // lines kept of a listing without a marked line
  var GAP = "\u22ef"; // what stands for the lines left out
  function codeExcerpt(match, open, code, close) {
    var lines = code.split("\n");
    var kept = new Set();
    lines.forEach(function (line, at) {
      if (line.indexOf("<mark") < 0) return;
      for (var near = Math.max(0, at - CONTEXT); near <= Math.min(lines.length - 1, at + CONTEXT); near++) {
        kept.add(near);
      }
    });
    if (!kept.size) for (var first = 0; first < Math.min(OPENING, lines.length); first++) kept.add(first);
    if (kept.size >= lines.length - 1) return match;
    var shown = [];
    lines.forEach(function (line, at) {
      if (kept.has(at)) shown.push(line);
      else if (kept.has(at - 1) || (at === 0 && !kept.has(0))) shown.push(GAP);
    });
    return open + shown.join("\n") + close;
  }
  // A result's words found and missing, as typed: a word searched for others (katakanaHolders) counts for
  // them, and for itself only where it was typed too ("ネットワーク ニューラルネットワーク").
  function termsTyped(terms) {
    var typed = {};
    function found(word, yes) { typed[word] = Boolean(typed[word]) || Boolean(yes); }
    Object.keys(terms).forEach(function (word) {
      var holds = Object.prototype.hasOwnProperty.call(searchedAs, word) ? searchedAs[word] : [];
      if (!holds.length || Object.prototype.hasOwnProperty.call(typedWords, word)) found(word, terms[word]);
      holds.forEach(function (as) { found(as, terms[word]); });
    });
    return typed;
  }
  var RESULT = 3;
  var post = self.postMessage;
  self.postMessage = function (message) {
    var items = message && message.type === RESULT && message.data && message.data.items;
    (Array.isArray(items) ? items : []).forEach(function (group) {
      (Array.isArray(group) ? group : [group]).forEach(function (doc) {
        if (doc && doc.terms && typeof doc.terms === "object") doc.terms = termsTyped(doc.terms);
        if (doc && typeof doc.text === "string") {
          doc.text = doc.text.replace(/(<pre[^>]*><code[^>]*>)([\s\S]*?)(<\/code><\/pre>)/g, codeExcerpt);
        }
        // A heading in another language than its page's (English on a page not fully translated), as the
        // page marks it: a screen reader read it with the voice of the page's language.
        var named = doc && titleLanguages && titleLanguages[doc.location];
        var lang = Array.isArray(named) && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*$/.test(named[0]) ? named[0] : "";
        if (lang && typeof doc.title === "string") {
          var dir = named[1] === "rtl" || named[1] === "ltr" ? ' dir="' + named[1] + '"' : "";
          doc.title = '<span lang="' + lang + '"' + dir + ">" + doc.title + "</span>";
        }
      });
    });
    return post.apply(this, arguments);
  };

  // Only Material's own worker, from this folder (its lunr languages are loaded relative to it).
  if (/^search\.[0-9a-f]+\.min\.js$/.test(worker)) importScripts(worker);

  // The index's words lose their clitics last, once the stop word filter has seen them as written.
  var lunr = self.lunr;
  if (arabic && lunr && lunr.Builder && lunr.Pipeline) {
    var clitics = function (token) { return token.update(withoutClitics); };
    lunr.Pipeline.registerFunction(clitics, "coursegenClitics");
    var add = lunr.Builder.prototype.add;
    lunr.Builder.prototype.add = function () {
      if (this.pipeline._stack.indexOf(clitics) < 0) this.pipeline.add(clitics);
      return add.apply(this, arguments);
    };
  }
})();
