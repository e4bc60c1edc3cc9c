// Serves the plan the person chose to keep when there is no connection. Nothing else.
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (event) {
  if (event.request.method !== "GET") return;
  event.respondWith(
    fetch(event.request).catch(function () {
      return caches.open("plan").then(function (cache) {
        return cache.match(event.request, {ignoreSearch: true}).then(function (hit) {
          return hit || Response.error();
        });
      });
    })
  );
});
