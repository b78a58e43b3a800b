/* xxgk: print buttons (打印本页). A listener, not onclick="…": the page's
   Content-Security-Policy forbids inline event handlers. */
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-xxgk-print]")) window.print();
});

/* xxgk: a table wider than the page says so (它可以左右滚动): the region gets a
   class while it overflows, and xxgk.css shows the hint and edge shadows. */
(function () {
  var regions = document.querySelectorAll(".xxgk-table");
  if (!regions.length || !("ResizeObserver" in window)) return;
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var el = entry.target;
      el.classList.toggle("xxgk-table--overflows", el.scrollWidth > el.clientWidth + 1);
    });
  });
  regions.forEach(function (el) {
    observer.observe(el);
  });
})();
