// The preview's error page reloads itself when the content is fixed (xxgk serve).
// MkDocs's own live reload is an inline script, which the page's Content-Security-Policy
// forbids; this file does the same from the site's origin: it asks MkDocs's server
// (/livereload/<epoch>/<id>, which answers once a newer build is served) and reloads.
(function () {
  "use strict";
  var epoch = Number(document.documentElement.getAttribute("data-xxgk-epoch") || "0");
  var id = Date.now();
  function poll() {
    var request = new XMLHttpRequest();
    request.onloadend = function () {
      if (parseFloat(request.responseText) > epoch) {
        location.reload();
      } else {
        setTimeout(poll, request.status === 200 ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + epoch + "/" + id);
    request.send();
  }
  poll();
})();
