/* Material's small inline scripts (partials/javascripts/base.html, palette.html
   and content.html of mkdocs-material 9.8.1), as one file: the page's
   Content-Security-Policy forbids inline scripts. The overridden partials load
   this file where Material had each script, with data-part naming which one runs
   (one download: the browser caches the file). */
(function () {
  var script = document.currentScript;
  var part = script.getAttribute("data-part");
  if (part === "base") {
    // Material's scope is the site root (base_url); this file is <root>/assets/xxgk/material.js.
    window.__md_scope = new URL("../../", script.src);
    window.__md_hash = (e) => [...e].reduce((h, c) => (h << 5) - h + c.charCodeAt(0), 0);
    window.__md_get = (key, storage = localStorage, scope = window.__md_scope) =>
      JSON.parse(storage.getItem(scope.pathname + "." + key));
    window.__md_set = (key, value, storage = localStorage, scope = window.__md_scope) => {
      try {
        storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
      } catch (e) {}
    };
  } else if (part === "palette") {
    // The reader's colour scheme (high contrast), applied before the page is painted.
    var palette = __md_get("__palette");
    if (palette && palette.color) {
      if (palette.color.media === "(prefers-color-scheme)") {
        var media = matchMedia("(prefers-color-scheme: light)");
        var input = document.querySelector(
          media.matches
            ? "[data-md-color-media='(prefers-color-scheme: light)']"
            : "[data-md-color-media='(prefers-color-scheme: dark)']",
        );
        palette.color.media = input.getAttribute("data-md-color-media");
        palette.color.scheme = input.getAttribute("data-md-color-scheme");
        palette.color.primary = input.getAttribute("data-md-color-primary");
        palette.color.accent = input.getAttribute("data-md-color-accent");
      }
      for (var [key, value] of Object.entries(palette.color)) document.body.setAttribute("data-md-color-" + key, value);
    }
  } else if (part === "content") {
    if (script.hasAttribute("data-tabs-link")) {
      var tabs = __md_get("__tabs");
      if (Array.isArray(tabs))
        sets: for (var set of document.querySelectorAll(".tabbed-set")) {
          var labels = set.querySelector(".tabbed-labels");
          for (var tab of tabs)
            for (var label of labels.getElementsByTagName("label"))
              if (label.innerText.trim() === tab) {
                document.getElementById(label.htmlFor).checked = true;
                continue sets;
              }
        }
    }
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
  }
})();
