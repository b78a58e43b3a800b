/* xxgk: the larger-text switch (适老化). Works without it: nothing else needs JS. */
(function () {
  var KEY = "xxgk-large-text";
  var root = document.documentElement;
  if (localStorage.getItem(KEY) === "1") root.classList.add("xxgk-large");
  function install() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".xxgk-textsize")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "xxgk-textsize";
    function label() {
      var on = root.classList.contains("xxgk-large");
      button.textContent = on ? "标准字号" : "大字号";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    button.addEventListener("click", function () {
      root.classList.toggle("xxgk-large");
      localStorage.setItem(KEY, root.classList.contains("xxgk-large") ? "1" : "0");
      label();
    });
    label();
    var options = header.querySelector("form.md-header__option, .md-header__option");
    header.insertBefore(button, options || null);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();

/* xxgk: print buttons (打印本页). A listener, not onclick="…": the page's
   Content-Security-Policy forbids inline event handlers. */
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-xxgk-print]")) window.print();
});
