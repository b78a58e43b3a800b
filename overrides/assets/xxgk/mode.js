/* xxgk: the 适老化 switch (大字号). Loaded in <head>, so a reader who chose it
   never sees a page drawn small first; the choice is kept in localStorage and
   applies on every page. The styles are in xxgk.css (html.xxgk-large). */
(function () {
  var KEY = "xxgk-large-text";
  var root = document.documentElement;
  try {
    if (localStorage.getItem(KEY) === "1") root.classList.add("xxgk-large");
  } catch (e) {}
  function install() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".xxgk-textsize")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "xxgk-textsize";
    button.title = "适老化：加大字号、行距和点击区域";
    // A long and a short label; xxgk.css shows the short one in a phone's header.
    var long = document.createElement("span");
    var short = document.createElement("span");
    long.className = "xxgk-textsize__long";
    short.className = "xxgk-textsize__short";
    button.append(long, short);
    function label() {
      var on = root.classList.contains("xxgk-large");
      long.textContent = on ? "标准字号" : "大字号";
      short.textContent = on ? "标准" : "大字";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    button.addEventListener("click", function () {
      root.classList.toggle("xxgk-large");
      try {
        localStorage.setItem(KEY, root.classList.contains("xxgk-large") ? "1" : "0");
      } catch (e) {}
      label();
    });
    label();
    var options = header.querySelector("form.md-header__option, .md-header__option");
    header.insertBefore(button, options || null);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();
