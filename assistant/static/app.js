// Optional: everything works without this file. It only makes the chat smoother
// (answers without a full reload) and lets a person keep their plan for offline reading.
(function () {
  "use strict";
  var main = document.getElementById("inhoud");

  function focusQuestion() {
    var q = document.getElementById("vraag");
    if (!q) return;
    q.scrollIntoView({block: "end"});
    var legend = q.querySelector("legend h2");
    if (legend) { legend.setAttribute("tabindex", "-1"); legend.focus({preventScroll: true}); }
  }

  // Chat answers: POST in the background, then show the next page in place.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest(".question") || !window.fetch || !window.FormData) return;
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin"}).then(function (r) {
      return r.text().then(function (html) { return {url: r.url, html: html}; });
    }).then(function (page) {
      var doc = new DOMParser().parseFromString(page.html, "text/html");
      var next = doc.getElementById("inhoud");
      if (!next) { window.location = page.url; return; }
      main.innerHTML = next.innerHTML;
      document.title = doc.title;
      document.body.dataset.page = doc.body.dataset.page;
      history.pushState({}, "", page.url);
      focusQuestion();
    }).catch(function () { form.submit(); });
  });

  window.addEventListener("popstate", function () { window.location.reload(); });

  // Keep the plan on this phone, only when the person asks for it.
  var keep = document.getElementById("keep-plan");
  if (keep && "serviceWorker" in navigator && window.caches) {
    keep.hidden = false;
    keep.addEventListener("click", function () {
      navigator.serviceWorker.register("/sw.js").then(function () {
        return navigator.serviceWorker.ready;
      }).then(function () {
        var css = document.querySelector('link[rel="stylesheet"]');
        return caches.open("plan").then(function (cache) {
          return cache.addAll([window.location.pathname, css ? css.getAttribute("href") : "/"]);
        });
      }).then(function () {
        keep.textContent = keep.dataset.done;
        keep.disabled = true;
      });
    });
  }
  if (document.body.dataset.page === "question") focusQuestion();
})();
