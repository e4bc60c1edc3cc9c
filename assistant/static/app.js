// Optional: everything works without this file. It only makes the chat smoother
// (answers without a full reload, Back without one) and lets a person keep their plan
// for offline reading.
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

  // Keep the plan on this phone, only when the person asks for it. Bound again after
  // every in-page swap: a plan can arrive without a reload.
  function offerKeep() {
    var keep = document.getElementById("keep-plan");
    if (!keep || keep.dataset.bound || !("serviceWorker" in navigator) || !window.caches) return;
    keep.dataset.bound = "1";
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

  // Put a page fetched in the background in place of this one. False: do a real load.
  function show(page) {
    var doc = new DOMParser().parseFromString(page.html, "text/html");
    var next = doc.getElementById("inhoud");
    if (!next) return false;
    main.innerHTML = next.innerHTML;
    document.title = doc.title;
    document.body.dataset.page = doc.body.dataset.page;
    offerKeep();
    focusQuestion();
    return true;
  }

  function load(url, options) {
    return fetch(url, Object.assign({credentials: "same-origin"}, options || {})).then(function (r) {
      return r.text().then(function (html) { return {url: r.url, html: html}; });
    });
  }

  // Every question has its own address: each answer is a new history entry, so the
  // phone's Back button goes to the question before.
  function go(page) {
    if (!show(page)) { window.location = page.url; return; }
    var here = window.location.href.split("#")[0];
    if (page.url.split("#")[0] === here) history.replaceState({}, "", page.url);
    else history.pushState({}, "", page.url);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest(".question") || !window.fetch || !window.FormData) return;
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    load(form.action, {method: "POST", body: data}).then(go).catch(function () { form.submit(); });
  });

  // "Vorige vraag" and "Ga verder waar je was" without a reload.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".question a[href^='/']");
    if (!link || !window.fetch || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    load(link.getAttribute("href")).then(go).catch(function () { window.location = link.href; });
  });

  window.addEventListener("popstate", function () {
    if (!window.fetch) { window.location.reload(); return; }
    load(window.location.href).then(function (page) {
      if (!show(page)) { window.location.reload(); return; }
      // The server may send on (a question not reached yet): the address says where we are.
      if (page.url.split("#")[0] !== window.location.href.split("#")[0]) history.replaceState({}, "", page.url);
    }).catch(function () { window.location.reload(); });
  });

  offerKeep();
  if (document.body.dataset.page === "question") focusQuestion();
})();
