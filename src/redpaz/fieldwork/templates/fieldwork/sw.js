/* RedPaz service worker: keeps the field form and its files on the phone so it opens without a
 * connection. The form page is fetched from the network first (fresh zones and texts) and taken
 * from the cache when offline; static files come from the cache first. Records never pass
 * through here: the page keeps them in IndexedDB and syncs them itself. */
"use strict";
var CACHE = "{{ cache_version|escapejs }}";
var FORM_URL = "{{ form_url|escapejs }}";
var ASSETS = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(ASSETS).then(function () {
        return fetch(FORM_URL, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) { return cache.put(FORM_URL, response); }
        }).catch(function () {});
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key !== CACHE; }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname === FORM_URL) {
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(FORM_URL, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(FORM_URL);
      })
    );
    return;
  }
  if (ASSETS.indexOf(url.pathname) >= 0) {
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
          return response;
        });
      })
    );
  }
});
