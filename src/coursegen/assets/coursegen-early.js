/*
 * coursegen: what must run before Material's script, inlined into the head of every page.
 *
 * The search index, fetched when the reader goes to search. Material fetched it as each page loaded, for the
 * few readers who search: a language's index grows with its lessons (777 KB, 225 KB compressed, for twenty;
 * 58% of what a lesson page's first visit fetched), and the index of every language, which the root and "not
 * found" pages search, with lessons times languages (8 MB for twenty lessons in ten languages): a reader sent
 * to a missing address paid it on a phone's connection. The fetch now waits until the search box gets the
 * focus, as it does from a click, a tap on its button or its keyboard shortcut, or, on a page opened from a
 * result, happens at once. Material asks with XMLHttpRequest; every other request goes as it came.
 *
 * Folded code the reader unfolded is printed (coursegen.css). Material opens every folded block as printing
 * starts, which the print style undoes for those the reader left folded: what is open before Material's
 * listener runs is the reader's, unfolded with a click or by the browser itself, which opens a block to show
 * a passage found in it (find in page, a link to a passage). Listeners of an event run in the order they were
 * added, so this one is added before Material's script runs.
 */
(function () {
  "use strict";
  var request = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (!request || !window.Promise) return;
  var release;
  var wanted = new Promise(function (resolve) {
    release = resolve;
  });
  function opensSearch(target) {
    return target instanceof Element && (target.matches("input.md-search__input") || target.id === "__search");
  }
  // A page opened from a result (?h=...) marks the words searched for with the index's rules: at once.
  if (/[?&]h=/.test(window.location.search)) release();
  document.addEventListener("focusin", function (event) {
    if (opensSearch(event.target)) release();
  }, true);
  document.addEventListener("change", function (event) {
    if (opensSearch(event.target) && event.target.checked) release();
  }, true);
  var open = request.open;
  var send = request.send;
  var held = new WeakSet();
  request.open = function (method, address) {
    var index = false;
    try {
      index = /\/search\/search_index\.json$/.test(new URL(String(address), document.baseURI).pathname);
    } catch (error) {
      index = false;
    }
    if (index) held.add(this);
    else held.delete(this);
    return open.apply(this, arguments);
  };
  request.send = function () {
    if (!held.has(this)) return send.apply(this, arguments);
    var xhr = this;
    var body = arguments;
    wanted.then(function () {
      send.apply(xhr, body);
    });
  };
})();

(function () {
  "use strict";
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.coursegen-code").forEach(function (details) {
      details.toggleAttribute("data-coursegen-unfolded", details.open);
    });
  });
})();
