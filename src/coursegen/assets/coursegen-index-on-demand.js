/*
 * coursegen: the search index of every language, fetched when the reader goes to search.
 *
 * Inlined into the head of the pages that search every language (the root page, the "not found" page), before
 * Material's script. Their index holds every locale's pages and grows with lessons times locales (2 MB, 600 KB
 * compressed, for five lessons in ten languages); Material fetched it as the page loaded, for the few readers
 * who search there: a reader sent to a missing address paid it on a phone's connection. The fetch now waits
 * until the search box gets the focus, as it does from a click, a tap on its button or its keyboard shortcut.
 * Material asks with XMLHttpRequest; every other request goes as it came.
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
