/* coursegen: the reader's language and place.
 * - the root page sends readers to the language they chose before, or the best match of their browser's;
 * - the "not found" page shows the reader's language first;
 * - choosing a language (root list or header menu) is remembered, and the menu keeps the section in view;
 * - the side-by-side view shows the two languages the reader picks, and keeps them in its address;
 * - the search box searches whatever way the text arrives (typed, pasted, or composed by an input method),
 *   and finds words typed without spaces between them ("S型", "隠れユニット") as the index holds them.
 */
(function () {
  "use strict";
  // -- the language choice: also the root page's first script, in its head (coursegen.plugin) --
  var KEY = "coursegen.locale";

  function remember(code) {
    try { window.localStorage.setItem(KEY, code); } catch (e) { /* storage disabled */ }
  }

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  // A tag's language, script and region, those it leaves out filled in as the browser's likely subtags have
  // them ("zh-TW" is Chinese in Traditional script, "zh" in Simplified, in China); its language alone where
  // the browser cannot tell.
  function subtags(tag) {
    try {
      var full = new Intl.Locale(tag).maximize();
      return [full.language, full.script || "", full.region || ""].map(function (p) { return p.toLowerCase(); });
    } catch (e) {
      // A browser without Intl.Locale: the tag's own subtags, and Chinese's script from its region.
      var parts = tag.toLowerCase().split(/[-_]/);
      var script = parts.filter(function (p, i) { return i > 0 && /^[a-z]{4}$/.test(p); })[0] || "";
      var region = parts.filter(function (p, i) { return i > 0 && /^([a-z]{2}|[0-9]{3})$/.test(p); })[0] || "";
      if (parts[0] === "zh" && !script) script = /^(tw|hk|mo)$/.test(region) ? "hant" : "hans";
      return [parts[0], script, region];
    }
  }

  // Of ``available``, the locale nearest the first of ``wanted`` that has one of its language: the same tag,
  // else the same language, script and region, else the same language and script, else the language. The
  // first of a language was taken whatever its script: Taiwan's and Hong Kong's readers got Simplified
  // Chinese where the course had zh-CN and zh-TW.
  function bestMatch(available, wanted) {
    var lower = available.map(function (c) { return c.toLowerCase(); });
    var known = available.map(subtags);
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i]).toLowerCase();
      var exact = lower.indexOf(tag);
      if (exact >= 0) return available[exact];
      var mine = subtags(tag);
      var best = -1, nearest = 0;
      known.forEach(function (theirs, j) {
        if (theirs[0] !== mine[0]) return;
        var near = theirs[1] !== mine[1] ? 1 : theirs[2] !== mine[2] ? 2 : 3;
        if (near > nearest) { best = j; nearest = near; }
      });
      if (best >= 0) return available[best];
    }
    return null;
  }

  // Of codes, the language the reader chose before, else the best match of the browser's (or null).
  function preferred(codes) {
    var choice = remembered();
    if (codes.indexOf(choice) >= 0) return choice;
    return bestMatch(codes, navigator.languages || [navigator.language || ""]);
  }
  // -- end of the language choice --

  // The root page's head sends the reader on before its stylesheets and scripts load (coursegen.plugin);
  // this is for a browser that ran no inline script (a site's content security policy).
  function setupChooser() {
    var list = document.querySelector("[data-coursegen-chooser]");
    if (!list) return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a[data-coursegen-locale]"));
    links.forEach(function (link) {
      link.addEventListener("click", function () { remember(link.getAttribute("data-coursegen-locale")); });
    });
    if (/[?&]choose\b/.test(window.location.search)) return;
    var codes = links.map(function (link) { return link.getAttribute("data-coursegen-locale"); });
    var choice = preferred(codes);
    if (choice) {
      var target = links[codes.indexOf(choice)];
      window.location.replace(target.href);
    }
  }

  // The language folder of an address of this site: the first folder after the site's own address (a site
  // published at /uk/courses/ is not Ukrainian throughout), or "" for an address elsewhere.
  function languageFolder(href) {
    var base = "/";
    try {
      // The theme's "base": the site's address from this page (relative), or from the domain (the 404 page).
      base = JSON.parse(document.getElementById("__config").textContent).base || "/";
    } catch (e) { /* no theme configuration: the domain's root */ }
    var site = new URL(/\/$/.test(base) ? base : base + "/", window.location.href).pathname;
    var path = new URL(href, window.location.href).pathname;
    if (path.indexOf(site) !== 0) return "";
    return decodeURIComponent(path.slice(site.length).split("/")[0]);
  }

  // The site has one "not found" page, served for any missing address, and it speaks every language: the
  // reader's comes first, that of the language folder in the address that failed, else the one chosen before,
  // else the browser's.
  function setupNotFound() {
    var list = document.querySelector("[data-coursegen-not-found]");
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-coursegen-locale]"));
    var codes = items.map(function (item) { return item.getAttribute("data-coursegen-locale"); });
    var lower = codes.map(function (c) { return c.toLowerCase(); });
    var at = lower.indexOf(languageFolder(window.location.href).toLowerCase());
    var choice = at >= 0 ? codes[at] : preferred(codes);
    if (choice) list.insertBefore(items[codes.indexOf(choice)], list.firstChild);
    items.forEach(function (item) {
      var link = item.querySelector("a");
      link.addEventListener("click", function () { remember(item.getAttribute("data-coursegen-locale")); });
    });
  }

  // The section the reader is in: the last heading above a line a quarter down the screen (below the header),
  // or, scrolled to the very end, the last heading on screen (the last sections never reach that line).
  // Scrolling does not change location.hash, so the hash alone would lose a reader who scrolled rather than
  // followed a link. Section ids are the same in every language (lessons: the outline's; guides: the English
  // heading's), so the other language opens at the same section.
  function sectionInView() {
    if (window.scrollY <= 0) return "";
    var header = document.querySelector(".md-header");
    var atEnd = window.innerHeight + window.scrollY >= document.scrollingElement.scrollHeight - 2;
    var line = atEnd
      ? window.innerHeight
      : (header ? header.getBoundingClientRect().bottom : 0) + window.innerHeight / 4;
    var found = "";
    var headings = document.querySelectorAll(".md-content h2[id], .md-content h3[id]");
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > line) break;
      found = headings[i].id;
    }
    return found;
  }

  // The section of the page that holds ``element``: the last heading before it.
  function sectionOf(element) {
    var found = "";
    var headings = document.querySelectorAll(".md-content h2[id], .md-content h3[id]");
    for (var i = 0; i < headings.length; i++) {
      if (headings[i] !== element && !(headings[i].compareDocumentPosition(element) & 4)) break;
      found = headings[i].id;
    }
    return found;
  }

  // Where the reader is, for a language chosen with the keyboard. The menu is in the header: Shift+Tab up to
  // it moves the focus through everything above, each step scrolling the page, which ends at its top; and
  // "the section on screen" was then the first. A focus in the page counts once it has stayed a second (the
  // reader stopped there; a sweep passes); a scroll the reader made (the focus outside the page's content, as
  // after a click) counts at once, and so does a link followed to a section.
  var readingPlace = null;
  function trackReadingPlace() {
    var content = document.querySelector(".md-content");
    if (!content) return;
    var pending = null;
    var queued = false;
    var focusMoved = 0;
    function inContent(element) { return element && element !== content && content.contains(element); }
    function settle() {
      clearTimeout(pending);
      pending = setTimeout(function () {
        var focused = document.activeElement;
        if (!inContent(focused)) return;
        var box = focused.getBoundingClientRect();
        var seen = box.bottom > 0 && box.top < window.innerHeight;
        readingPlace = seen ? sectionOf(focused) : sectionInView();
      }, 1000);
    }
    document.addEventListener("focusin", function (event) {
      focusMoved = Date.now();
      if (inContent(event.target)) settle();
    });
    window.addEventListener("scroll", function () {
      // The scroll a focus moved into view comes a frame after it, when the focus may have moved on.
      if (inContent(document.activeElement) || Date.now() - focusMoved < 500) { settle(); return; }
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; readingPlace = sectionInView(); });
    }, { passive: true });
    function followed() {
      var id = window.location.hash.slice(1);
      try { id = decodeURIComponent(id); } catch (error) { /* "%E0": the address as typed */ }
      var target = id && document.getElementById(id);
      if (target && content.contains(target)) readingPlace = sectionOf(target);
    }
    window.addEventListener("hashchange", followed);
    followed();
  }

  function setupSwitcher() {
    trackReadingPlace();
    document.querySelectorAll("a[data-coursegen-switch]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        remember(link.getAttribute("hreflang"));
        if (link.hasAttribute("data-coursegen-home")) return; // that language's home: no section of this page
        // A click of the keyboard's (Enter) has no count of pointer presses.
        var section = event.detail === 0 && readingPlace !== null ? readingPlace : sectionInView();
        // The side-by-side page keeps its pair of languages (?a=&b=) in the other language too.
        var pair = document.querySelector("[data-coursegen-pickers]") ? window.location.search : "";
        if (section || pair) {
          event.preventDefault();
          window.location.href =
            link.href.split("#")[0].split("?")[0] + pair + (section ? "#" + encodeURIComponent(section) : "");
        }
      });
    });
  }

  // The side-by-side view holds two languages' columns; the others' are each in a script of their own (the
  // option's data-coursegen-columns), loaded when picked: a script, not a fetch, so that a site opened from
  // disk (file://) loads them too. A script hands its columns' text to window.coursegenColumns, which builds
  // them as text (textContent): a transcript's words never become HTML.
  var columnsLoading = {};  // code -> the promise of its columns in the page, while its script loads
  var columnsHandedTo = {};  // code -> what its script hands its columns to
  window.coursegenColumns = function (data) {
    if (data && typeof data.code === "string" && columnsHandedTo[data.code]) columnsHandedTo[data.code](data);
  };

  function hasColumns(code) {
    return !!document.querySelector('.coursegen-row [data-coursegen-locale="' + CSS.escape(code) + '"]');
  }

  function loadColumns(option) {
    var code = option.value;
    if (hasColumns(code)) return Promise.resolve();
    if (!columnsLoading[code]) {
      columnsLoading[code] = new Promise(function (resolve, reject) {
        columnsHandedTo[code] = resolve;
        var script = document.createElement("script");
        script.src = option.getAttribute("data-coursegen-columns");
        // Loaded or not, the script is done with. One that ran without handing its columns (a file of another
        // build, cut short) fails as well; columns handed stay handed (a promise settles once).
        script.onload = script.onerror = function () {
          reject(new Error(script.src));
          delete columnsLoading[code];
          delete columnsHandedTo[code];
          script.remove();
        };
        document.head.appendChild(script);
      }).then(addColumns);
    }
    return columnsLoading[code];
  }

  function addColumns(data) {
    if (hasColumns(data.code)) return;
    var note = document.querySelector("template[data-coursegen-missing]");
    document.querySelectorAll(".coursegen-row[data-coursegen-section]").forEach(function (row) {
      var column = document.createElement("div");
      column.className = "coursegen-column";
      column.lang = data.code;
      column.dir = data.dir === "rtl" ? "rtl" : "ltr";
      column.setAttribute("data-coursegen-locale", data.code);
      column.hidden = true;
      var name = document.createElement("p");
      name.className = "coursegen-column-name";
      name.textContent = data.name;
      column.appendChild(name);
      var paragraphs = (data.sections || {})[row.getAttribute("data-coursegen-section")] || [];
      paragraphs.forEach(function (text) {
        var paragraph = document.createElement("p");
        paragraph.textContent = text;
        column.appendChild(paragraph);
      });
      if (!paragraphs.length && note) column.appendChild(note.content.cloneNode(true));
      row.appendChild(column);
    });
  }

  function setupParallel() {
    var form = document.querySelector("[data-coursegen-pickers]");
    if (!form) return;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-coursegen-column]"));
    var codes = Array.prototype.map.call(selects[0].options, function (o) { return o.value; });
    var first = form.getAttribute("data-default");
    var params = new URLSearchParams(window.location.search);
    // A code from the address is matched as the language menu matches (any case, "zh-hant"); an unknown one
    // falls back, and the two columns always show two languages.
    var chosen = [
      bestMatch(codes, [params.get("a") || first]) || first,
      bestMatch(codes, [params.get("b") || ""])
    ];
    if (!chosen[1] || chosen[1] === chosen[0]) {
      chosen[1] = codes[(codes.indexOf(chosen[0]) + 1) % codes.length];
    }
    var shownPair = selects.map(function (s) { return s.value; });  // as the page came
    selects.forEach(function (select, i) { select.value = chosen[i]; });

    // The two columns are put in the chosen order in the page itself, not only on screen (CSS order): a screen
    // reader, the Tab key and a copy read them in the page's order, the second language first. A language not
    // in the page yet is loaded first; the page says it is busy meanwhile (aria-busy), and if one cannot be
    // loaded the pickers go back to the pair shown.
    var turn = 0;
    function apply() {
      var wanted = selects.map(function (s) { return s.value; });
      var mine = ++turn;
      var article = form.closest("article") || document.body;
      article.setAttribute("aria-busy", "true");
      Promise.all(selects.map(function (select) { return loadColumns(select.selectedOptions[0]); })).then(
        function () {
          if (mine !== turn) return;
          show(wanted);
          article.removeAttribute("aria-busy");
        },
        function () {
          if (mine !== turn) return;
          selects.forEach(function (select, i) { select.value = shownPair[i]; });
          settle();
          keep();
          article.removeAttribute("aria-busy");
        }
      );
    }
    function show(wanted) {
      shownPair = wanted;
      document.querySelectorAll(".coursegen-row").forEach(function (row) {
        var columns = {};
        row.querySelectorAll("[data-coursegen-locale]").forEach(function (column) {
          var code = column.getAttribute("data-coursegen-locale");
          column.hidden = wanted.indexOf(code) < 0;
          columns[code] = column;
        });
        wanted.forEach(function (code) { if (columns[code]) row.appendChild(columns[code]); });
      });
    }
    // The pair is kept in the address, so that reloading, going back or sharing the link shows the same two.
    function keep() {
      var query = new URLSearchParams(window.location.search);
      query.set("a", selects[0].value);
      query.set("b", selects[1].value);
      window.history.replaceState(null, "", "?" + query.toString() + window.location.hash);
    }

    // Choosing in one column the language the other shows swaps the two, rather than showing one column. While
    // a picker has focus the pair it changes is the one from before: Chromium fires "change" at each arrow-key
    // step of a closed picker, and stepping over the other column's language must not lose it for the next.
    function settle() {
      chosen = selects.map(function (s) { return s.value; });
    }
    selects.forEach(function (select, i) {
      select.addEventListener("focus", settle);
      select.addEventListener("blur", settle);
      select.addEventListener("change", function () {
        var other = selects[1 - i];
        other.value = select.value === chosen[1 - i] ? chosen[i] : chosen[1 - i];
        if (document.activeElement !== select) settle();
        apply();
        keep();
      });
    });
    form.hidden = false;
    apply();
  }

  // Material's search reads the box on keyup only: text pasted with the mouse, or committed by an input method
  // (Chinese, Korean, Japanese) or a phone's keyboard, can arrive with no keyup and would never be searched.
  function setupSearchInput() {
    var input = document.querySelector("input.md-search__input");
    if (!input) return;
    input.addEventListener("input", function () {
      input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }

  // The index marks word breaks in Chinese and Japanese text (and between scripts) with zero-width spaces,
  // for lunr; shown in the results, they would be copied with the text. They are taken out of the results.
  //
  // A result's link asks the page it opens to highlight the query's words (?h=), as the search worker holds
  // them: lowercased and without accents ("sigmoide", "agirlik"), so the page, which looks for them as they
  // are, found no "sigmoïde" and no "ağırlık". The words the result itself marks, as the text writes them,
  // are added to the link.
  //
  // The root page (and the "not found" page) searches every language: each result is marked with the language
  // and direction of its locale, which the page's language list tells, or a screen reader read Korean with
  // the page's English voice, and Arabic ran left to right.
  function setupSearchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    var locales = localesListed();
    new MutationObserver(function () {
      var walker = document.createTreeWalker(list, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.data.indexOf("\u200b") >= 0) node.data = node.data.replace(/\u200b/g, "");
      }
      list.querySelectorAll("a.md-search-result__link").forEach(highlightMarkedWords);
      list.querySelectorAll(".md-search-result__item").forEach(function (item) {
        markLocale(item, locales);
      });
    }).observe(list, { childList: true, subtree: true });
  }

  // Whether nothing but an empty text (the zero-width space taken out) stands between two marks.
  function nextTo(first, second) {
    for (var node = first.nextSibling; node; node = node.nextSibling) {
      if (node === second) return true;
      if (node.nodeType !== Node.TEXT_NODE || node.data.replace(/\u200b/g, "") !== "") return false;
    }
    return false;
  }

  // The locales the page lists (the root's chooser, the "not found" page): code -> direction.
  function localesListed() {
    var found = {};
    var listed = "[data-coursegen-chooser] [data-coursegen-locale], [data-coursegen-not-found] [data-coursegen-locale]";
    document.querySelectorAll(listed).forEach(function (element) {
      var code = element.getAttribute("data-coursegen-locale");
      found[code] = element.getAttribute("data-coursegen-dir") || element.getAttribute("dir") || "";
    });
    return found;
  }

  // Marks ``item`` with the language of the locale its link (``link``, else the first inside it) leads to.
  function markLocale(item, locales, link) {
    link = link || item.querySelector("a[href]");
    if (!link) return;
    var code = languageFolder(link.href);
    if (!Object.prototype.hasOwnProperty.call(locales, code) || item.getAttribute("lang") === code) return;
    item.setAttribute("lang", code);
    if (locales[code]) item.setAttribute("dir", locales[code]);
  }

  // The root page's and the "not found" page's navigation and footer lead to every language's home, each
  // named in its language ("Leçons", "강의", "Уроки"): marked so, or a screen reader read them with the page's
  // English voice and 單元 took a Japanese font. Only the name: the footer's "Next" stays the page's. A name
  // still in English (its catalog does not translate it yet) was marked English already (setupEnglishEchoes).
  function setupLocaleLinks() {
    var locales = localesListed();
    document.querySelectorAll("a.md-nav__link[href], a.md-footer__link[href]").forEach(function (link) {
      var name = link.querySelector(".md-ellipsis") || link;
      if (!name.hasAttribute("lang")) markLocale(name, locales, link);
    });
  }

  // Han words the result marks side by side are one word of the text ("權" and "重" of "權重", which the
  // dictionary cuts in two): the page highlights them joined, not each piece alone, which lit up every 重 of
  // 重要 and 重複, every 化 of the page for "初始化".
  function highlightMarkedWords(link) {
    var url = new URL(link.href, window.location.href);
    var words = (url.searchParams.get("h") || "").split(/\s+/).filter(Boolean);
    var previous = null;
    link.querySelectorAll("mark").forEach(function (mark) {
      var word = mark.textContent.trim();
      if (previous && HAN_RUN.test(word) && HAN_RUN.test(previous.word) && nextTo(previous.mark, mark)) {
        word = previous.word + word;
        var at = words.indexOf(previous.word);
        if (at >= 0 && previous.added) words.splice(at, 1);
      }
      var added = Boolean(word) && words.indexOf(word) < 0;
      if (added) words.push(word);
      previous = word ? { mark: mark, word: word, added: added } : null;
    });
    // The pieces of a joined word go, the query's own cut of it included ("初始" and "化" of "初始化", and
    // "权", a piece in its Simplified form).
    var joined = words.filter(function (word) { return HAN_RUN.test(word) && Array.from(word).length > 1; });
    words = words.filter(function (word) {
      if (!HAN_RUN.test(word) || !joined.length) return true;
      return Array.from(word).length > 1 && !joined.some(function (other) {
        return other !== word && other.indexOf(word) >= 0;
      });
    });
    if (!words.length) return;
    url.searchParams.set("h", words.join(" "));
    if (url.href !== link.href) link.href = url.href;
  }

  // Material's search worker cuts a query at spaces and punctuation only, so "S型" or "隠れユニット", written
  // without a space as those languages are, stays one term and matches nothing: the build's word breaker (ICU)
  // indexed "S" and "型", "隠れ" and "ユニット". A run of Han characters it does cut, at the words its index
  // holds, but its cut never tries a word that ends the run: "梯度下降" (gradient descent) searched "梯度"
  // alone, "權重" (weight) "權" alone. The browser's word breaker (ICU too, with the same dictionary) cuts the
  // query as the build cut the text before it reaches the worker, so each word arrives as a term of its own.
  var SEARCH_QUERY = 2; // Material's SearchMessageType.QUERY

  // A lone letter of a script with case (the "S" of "S型") is left out of a query of several words: as a
  // prefix it matched every word in s, and the page a result opened marked every "s" of its text and code.
  function spaceWords(query, segmenter) {
    var parts = Array.from(segmenter.segment(query));
    var words = parts.filter(function (part) { return part.isWordLike; }).length;
    var out = "";
    var previous = false;
    var previousHan = false;
    var previousKana = false;
    parts.forEach(function (part) {
      if (part.isWordLike && words > 1 && loneLetter(part.segment)) return;
      var han = part.isWordLike && HAN_RUN.test(part.segment);
      var kana = part.isWordLike && KATAKANA_RUN.test(part.segment);
      // The words of one run of Han characters stay joined (by the index's own word break): the worker
      // searches them as one (coursegen-search-worker.js). A run of katakana is one word, as the index
      // holds it (coursegen.search).
      if (part.isWordLike && previous) out += han && previousHan ? "\u200b" : kana && previousKana ? "" : " ";
      out += part.segment;
      previous = part.isWordLike;
      previousHan = han;
      previousKana = kana;
    });
    return out;
  }
  var HAN_RUN = /^\p{Script=Han}+$/u;
  var KATAKANA_RUN = /^[\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]+$/;

  function loneLetter(text) {
    return Array.from(text).length === 1 && text.toLowerCase() !== text.toUpperCase();
  }

  function setupSearchWords() {
    if (typeof Worker === "undefined" || typeof Intl === "undefined" || !Intl.Segmenter) return;
    var segmenter = new Intl.Segmenter(document.documentElement.lang || undefined, { granularity: "word" });
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
        args[0] = { type: SEARCH_QUERY, data: spaceWords(message.data, segmenter) };
      }
      return post.apply(this, args);
    };
  }

  // The header's buttons for the drawer and the search box (labels of Material's hidden checkboxes) open them
  // from the keyboard too, and the focus moves into what they opened; Escape closes the drawer, back on its
  // button (Material's own Escape closes the search). On narrow screens the drawer shows the page's table of
  // contents as a panel of its own, opened and closed by two more labels: they become buttons too, and
  // closing the panel puts the focus back on its opener.
  function setupHeaderButtons() {
    document.querySelectorAll('.md-nav--primary label[for="__toc"]').forEach(function (label) {
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.setAttribute("data-coursegen-opens", "");
    });
    var inside = { __drawer: ".md-sidebar--primary a[href]", __search: "input.md-search__input" };
    // The drawer reopens on the table-of-contents panel it was left on, over the links of the site's
    // navigation: the focus goes to the panel's first section, not to a link under it.
    function intoDrawer() {
      var toc = document.getElementById("__toc");
      var panel = toc && toc.checked ? toc.parentElement.querySelector(":scope > .md-nav") : null;
      var first = panel && panel.offsetParent !== null ? panel.querySelector("a[href]") : null;
      return first || document.querySelector(inside.__drawer);
    }
    document.querySelectorAll("label[data-coursegen-opens]").forEach(function (label) {
      label.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        // Not on to Material's own Enter handler, which would click the opener the focus has moved back to.
        event.preventDefault();
        event.stopPropagation();
        label.click();
        var toggle = document.getElementById(label.htmlFor);
        if (!toggle) return;
        var target = toggle.checked
          ? (toggle.id === "__drawer" ? intoDrawer()
             : inside[toggle.id] ? document.querySelector(inside[toggle.id])
             : toggle.parentElement.querySelector(":scope > .md-nav a[href]"))
          : toggle.parentElement.querySelector('label.md-nav__link[for="' + toggle.id + '"]');
        if (target) target.focus();
      });
    });
    // A tap on the search button puts the cursor in the box, as a click does on a wide screen: on narrow ones
    // Material focused the box while it was still hidden (it takes no focus until it has slid in), and a
    // phone's keyboard did not come up.
    var search = document.getElementById("__search");
    if (search) {
      search.addEventListener("change", function () {
        var input = document.querySelector(inside.__search);
        if (search.checked && input && document.activeElement !== input) input.focus();
      });
    }
    // Tab out of the open drawer closes it: the focus went on to the page's buttons hidden under it.
    document.addEventListener("focusin", function (event) {
      var drawer = document.getElementById("__drawer");
      var panel = document.querySelector(".md-sidebar--primary");
      if (!drawer || !drawer.checked || !panel || panel.contains(event.target)) return;
      if (event.target.matches && event.target.matches('label[for="__drawer"]')) return;
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change"));
    });
    // Material's Escape closes the search and leaves the focus nowhere (on the page's body): where the search
    // has a button of its own (narrow screens), the focus goes back to it, as it does for the drawer.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !search || !search.checked) return;
      var frames = 0;
      (function refocus() {
        // Material closes the search on its own time: a few frames are waited for, no more.
        if (search.checked) {
          if (++frames < 30) window.requestAnimationFrame(refocus);
          return;
        }
        var button = document.querySelector('label[data-coursegen-opens][for="__search"]');
        var at = document.activeElement;
        if (!button || button.offsetParent === null) return;
        if (!at || at === document.body || at.closest(".md-search")) button.focus();
      })();
    });
    document.addEventListener("keydown", function (event) {
      var drawer = document.getElementById("__drawer");
      if (event.key !== "Escape" || !drawer || !drawer.checked) return;
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change"));
      var button = document.querySelector('label[data-coursegen-opens][for="__drawer"]');
      if (button) button.focus();
    });
  }

  // Material wraps each code block's copy button in a <nav> of its own: a lesson page had nineteen unnamed
  // "navigation" landmarks for a screen reader to wade through. They are plain groups of buttons.
  function setupCodeButtons() {
    function plain(root) {
      if (root.nodeType !== 1) return;
      var found = root.matches("nav.md-code__nav") ? [root] : root.querySelectorAll("nav.md-code__nav");
      Array.prototype.forEach.call(found, function (nav) { nav.setAttribute("role", "none"); });
    }
    plain(document.body);
    if (!window.MutationObserver) return;
    new MutationObserver(function (records) {
      records.forEach(function (record) { Array.prototype.forEach.call(record.addedNodes, plain); });
    }).observe(document.body, { childList: true, subtree: true });
  }

  // A search result opens its section with the query's words highlighted (?h=), but a section of a long
  // lecture runs over several screens: the word the result showed could be far below the heading, out of
  // sight. The first highlighted word of the section opened is brought into view, once.
  function setupHighlightedWord() {
    if (!new URLSearchParams(window.location.search).get("h")) return;
    var article = document.querySelector("article");
    if (!article) return;
    var hash = window.location.hash;
    var start = hash ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    function show() {
      var marks = article.querySelectorAll("mark[data-md-highlight]");
      var first = Array.prototype.find.call(marks, function (mark) {
        return !start || start.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      if (!first) return false;
      var box = first.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
      return true;
    }
    if (show() || !window.MutationObserver) return;
    var watching = new MutationObserver(function () {
      if (show()) watching.disconnect();
    });
    watching.observe(article, { childList: true, subtree: true });
    window.setTimeout(function () { watching.disconnect(); }, 5000);
  }

  // On a page of a language not fully translated, the table of contents and the header repeat the headings
  // the article marks as English (lang="en"): they are marked the same, or a screen reader read them with
  // the voice of the page's language.
  function setupEnglishEchoes() {
    var article = document.querySelector("article");
    if (!article || typeof CSS === "undefined" || !CSS.escape) return;
    function mark(element, heading) {
      element.setAttribute("lang", heading.getAttribute("lang"));
      if (heading.hasAttribute("dir")) element.setAttribute("dir", heading.getAttribute("dir"));
    }
    article.querySelectorAll("h1[lang], h2[id][lang], h3[id][lang]").forEach(function (heading) {
      if (heading.id) {
        var links = document.querySelectorAll('a.md-nav__link[href="#' + CSS.escape(heading.id) + '"]');
        links.forEach(function (link) { mark(link, heading); });
      }
      if (heading.tagName === "H1") {
        var topic = document.querySelector('.md-header__topic[data-md-component="header-topic"] .md-ellipsis');
        var title = heading.textContent.replace(/\u00b6/g, "").trim();
        if (topic && topic.textContent.trim() === title) mark(topic, heading);
      }
    });
    // The theme's own places: the site's name (header, drawer, logo), the other pages' titles (navigation,
    // footer), the colour toggle, for the names the build listed as shown in English.
    var listed = document.getElementById("coursegen-english");
    var english = listed ? JSON.parse(listed.textContent) : [];
    if (!english.length) return;
    var sample = document.createElement("span");
    sample.setAttribute("lang", "en");
    sample.setAttribute("dir", "ltr");
    function isEnglish(text) { return english.indexOf((text || "").replace(/\s+/g, " ").trim()) >= 0; }
    document.querySelectorAll(
      ".md-header__topic .md-ellipsis, .md-nav__title, .md-nav__link .md-ellipsis, .md-footer__title .md-ellipsis"
    ).forEach(function (element) {
      var own = Array.prototype.filter.call(element.childNodes, function (node) { return node.nodeType === 3; });
      var text = own.map(function (node) { return node.textContent; }).join("");
      if (isEnglish(text)) mark(element, sample);
    });
    // A name held only by an attribute (a logo, a toggle): the element says nothing else.
    document.querySelectorAll(".md-logo[aria-label], [data-md-component=palette] [aria-label], " +
      "[data-md-component=palette] label[title]").forEach(function (element) {
      if (isEnglish(element.getAttribute("aria-label") || element.getAttribute("title"))) mark(element, sample);
    });
  }

  // Opened from the disk (file://), a link to a folder shows a listing: a web server answers it with the
  // folder's index.html, which the links then name themselves.
  function setupLocalFiles() {
    if (window.location.protocol !== "file:") return;
    document.querySelectorAll("a[href]").forEach(function (link) {
      var url = new URL(link.getAttribute("href"), window.location.href);
      if (url.protocol === "file:" && /\/$/.test(url.pathname)) {
        url.pathname += "index.html";
        link.href = url.href;
      }
    });
  }

  // The plots wait below the fold (loading="lazy") only for the page's first paint: once it has loaded, they
  // load too. A browser fetches lazy images when printing starts and does not wait for them: a lesson saved as
  // a PDF soon after it opened on a slow connection had empty boxes for most of its plots.
  function setupPlots() {
    function load() {
      document.querySelectorAll('.md-typeset img[loading="lazy"]').forEach(function (image) {
        image.loading = "eager";
      });
    }
    if (document.readyState === "complete") load();
    else window.addEventListener("load", load);
  }

  // On paper a button is only its words: the address of the notebook and of the side-by-side view is printed
  // after it (coursegen.css), whole, as the page was opened.
  function setupPrintedAddresses() {
    document.querySelectorAll(".md-typeset a.md-button[href]").forEach(function (link) {
      // Without the file's digest (?v=...), which only browsers' caches need.
      link.setAttribute("data-coursegen-address", link.href.replace(/[?&]v=[0-9a-f]+$/, ""));
    });
  }

  function setup() {
    setupLocalFiles(); // first: the chooser and the language menu follow the links
    setupPrintedAddresses();
    setupPlots();
    setupEnglishEchoes();
    setupCodeButtons();
    setupChooser();
    setupNotFound();
    setupLocaleLinks();
    setupSwitcher();
    setupParallel();
    setupSearchInput();
    setupSearchResults();
    setupHeaderButtons();
    setupHighlightedWord();
  }

  setupSearchWords(); // now: a shared search link (?q=) sends its query as soon as the index is ready

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
