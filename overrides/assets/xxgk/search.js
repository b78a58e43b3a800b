/* Search (issue 4): the keyboard shortcut on every page, and the search page
   (search/) on the Pagefind bundle the build writes into pagefind/<shard>/.
   No external requests: pagefind.js is imported from this site.

   URL state: ?q=…&sort=date&column=…&topic=…&genre=…&publisher=…&year=…&validity=…
   (the form's own fields, so a search is a link that can be bookmarked). */
(() => {
  "use strict";

  // ---- Every page: / s f jump to the search box (as Material's own search did).
  const editable = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    if (!["/", "s", "f"].includes(ev.key) || editable(document.activeElement)) return;
    const input = document.getElementById("xxgk-search-q") || document.getElementById("xxgk-header-q");
    if (!input) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });

  const root = document.querySelector("[data-xxgk-search]");
  if (!root) return;

  const PAGE_SIZE = 10;
  const FACETS = JSON.parse(root.dataset.facets); // key → label, in display order
  const TOKEN = /xk[0-9a-f]{16}/g; // exact-lookup words (generator/search/fields.py)
  const form = root.querySelector("form");
  const input = form.elements.q;
  const facetBox = root.querySelector("[data-xxgk-facets]");
  const status = root.querySelector("[data-xxgk-status]");
  const list = root.querySelector("[data-xxgk-results]");
  const more = root.querySelector("[data-xxgk-more]");
  const headerInput = document.getElementById("xxgk-header-q");
  const pageTitle = document.title;

  // ---- The same normalisation and hash as generator/search/fields.py (lookup_key, lookup_token).
  const lookupKey = (text) =>
    text
      .normalize("NFKC")
      .replace(/[〔[（【〖［]/g, "(")
      .replace(/[〕\]）】〗］]/g, ")")
      .replace(/[\s\u3000·•]+/g, "")
      .toLowerCase();
  const fnv1a = (bytes, basis) => {
    let h = basis >>> 0;
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h.toString(16).padStart(8, "0");
  };
  const lookupToken = (text) => {
    const bytes = new TextEncoder().encode(lookupKey(text));
    return "xk" + fnv1a(bytes, 0x811c9dc5) + fnv1a(bytes, 0x5bd1e995);
  };

  // ---- State <-> URL.
  const readState = (params) => {
    const filters = {};
    for (const key of Object.keys(FACETS)) {
      const values = params.getAll(key).filter(Boolean);
      if (values.length) filters[key] = values;
    }
    return { q: (params.get("q") || "").trim(), sort: params.get("sort") === "date" ? "date" : "", filters };
  };
  const writeParams = (state) => {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.sort) params.set("sort", state.sort);
    for (const [key, values] of Object.entries(state.filters)) for (const v of values) params.append(key, v);
    return params;
  };
  const formState = () => readState(new URLSearchParams(new FormData(form)));

  // ---- Pagefind, loaded on first use: shard 0 (newest) plus the others merged.
  let loading = null; // one promise, however many searches start before it resolves
  let shards = [];
  const load = () => {
    loading = loading || open().catch((err) => {
      loading = null; // let the next search try again
      throw err;
    });
    return loading;
  };
  const open = async () => {
    const manifestUrl = new URL(root.dataset.manifest, location.href);
    const manifest = await (await fetch(manifestUrl)).json();
    shards = manifest.shards;
    const baseUrl = new URL(root.dataset.root, location.href).pathname;
    const path = (shard) => new URL(shard.path, manifestUrl).pathname;
    const pf = await import(path(shards[0]) + "pagefind.js");
    await pf.options({ baseUrl, excerptLength: 40, mergeFilter: { shard: shards[0].id } });
    await Promise.all(shards.slice(1).map((s) => pf.mergeIndex(path(s), { baseUrl, mergeFilter: { shard: s.id } })));
    return pf;
  };

  const pfFilters = (filters, skip) => {
    const out = {};
    for (const [key, values] of Object.entries(filters)) if (key !== skip) out[key] = { any: values };
    return out;
  };
  const segments = (q) => {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return q.split(/\s+/).filter(Boolean);
    const seg = new Intl.Segmenter("zh-CN", { granularity: "word" });
    return [...seg.segment(q)].filter((s) => s.isWordLike).map((s) => s.segment);
  };
  const uniqueById = (lists) => {
    const seen = new Set();
    const out = [];
    for (const r of lists.flat()) if (!seen.has(r.id)) seen.add(r.id) && out.push(r);
    return out;
  };

  // Pagefind drops a query word its index does not hold at all, so a shard
  // without 政务 would answer 政务公开 with every page holding 公开. Every word
  // must be found: a multi-word query is limited to the shards holding each word.
  const allWords = async (pf, term, filters) => {
    const words = term && !/^".*"$/.test(term) ? segments(term) : [];
    if (words.length < 2) return filters;
    const hits = await Promise.all(words.map((w) => pf.search(w, { filters })));
    const asked = filters.shard ? [filters.shard] : shards.map((s) => s.id); // one shard when sorting by date
    const holding = asked.filter((id) => hits.every((r) => (r.filters.shard || {})[id] > 0));
    return holding.length ? { ...filters, shard: { any: holding } } : null;
  };
  const NOTHING = { results: [], filters: {} };
  const searchAll = async (pf, term, options) => {
    const filters = await allWords(pf, term, options.filters);
    return filters ? pf.search(term, { ...options, filters }) : NOTHING;
  };

  // A pasted 文号 or 索引号: digits with brackets, a slash, a hyphen or 号.
  const looksLikeNumber = (term) => term && term.length <= 60 && /\d/.test(term) && /[〔〕[\]（）()【】/\-号]/.test(term);
  const exactHits = async (pf, state) =>
    looksLikeNumber(state.q) ? (await pf.search(lookupToken(state.q), { filters: pfFilters(state.filters) })).results : [];

  // The full-text search: by relevance, pages holding the query as a phrase
  // first; by date, shard after shard (newest first), each sorted by Pagefind.
  const runSearch = async (pf, state) => {
    const term = state.q || null;
    const filters = pfFilters(state.filters);
    let near = false;
    let results;
    if (state.sort === "date") {
      results = [];
      for (const shard of shards) {
        const r = await searchAll(pf, term, { filters: { ...filters, shard: shard.id }, sort: { date: "desc" } });
        results.push(...r.results);
      }
    } else {
      results = (await searchAll(pf, term, { filters })).results;
      if (term && segments(term).length > 1 && !/^".*"$/.test(term)) {
        const phrase = await pf.search(`"${term.replace(/"/g, "")}"`, { filters });
        results = uniqueById([phrase.results, results]);
      }
    }
    if (term && results.length === 0) {
      // No page holds every word: Pagefind has no fuzzy matching, so try the
      // query with one word left out (a typo'd word, usually) and say so.
      const words = segments(term);
      if (words.length > 1 && words.length <= 8) {
        const tries = await Promise.all(
          words.map((_, i) => searchAll(pf, words.filter((__, j) => j !== i).join(" "), { filters })),
        );
        results = uniqueById(tries.map((t) => t.results)).sort((a, b) => b.score - a.score);
        near = results.length > 0;
      }
    }
    return { results, near };
  };

  // Facet counts, fetched after the results are shown (they need the filter
  // data, which the first results do not). A facet with a selection is
  // counted without it, as its values add up (OR).
  let filtersLoaded = false;
  const facetCounts = async (pf, state) => {
    if (!filtersLoaded) {
      await pf.filters();
      filtersLoaded = true;
    }
    const term = state.q || null;
    const counts = { ...(await searchAll(pf, term, { filters: pfFilters(state.filters) })).filters };
    await Promise.all(
      Object.keys(state.filters).map(async (key) => {
        const r = await searchAll(pf, term, { filters: pfFilters(state.filters, key) });
        counts[key] = r.filters[key] || {};
      }),
    );
    return counts;
  };

  // ---- Rendering.
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...children);
    return node;
  };
  const escapeHtml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  // Pagefind's excerpt is HTML with <mark>; keep only text and <mark>.
  const excerpt = (html) => {
    const tpl = document.createElement("template");
    tpl.innerHTML = html || "";
    const p = el("p", { class: "xxgk-result__excerpt" });
    for (const node of tpl.content.childNodes) {
      const text = (node.textContent || "").replace(TOKEN, "");
      if (!text) continue;
      p.append(node.nodeName === "MARK" ? el("mark", {}, text) : text);
    }
    return p;
  };
  const renderResult = (data) => {
    const meta = data.meta || {};
    const info = el("p", { class: "xxgk-result__meta" });
    if (meta.date) info.append(el("span", {}, "发布日期：", el("time", { datetime: meta.date }, meta.date)));
    if (meta.doc_no) info.append(el("span", {}, "文号：" + meta.doc_no));
    if (meta.kind) info.append(el("span", {}, meta.kind));
    return el(
      "li",
      { class: "xxgk-result" },
      el("h2", { class: "xxgk-result__title" }, el("a", { href: data.url }, meta.title || data.url)),
      info,
      excerpt(data.excerpt),
    );
  };

  const renderFacets = (state, counts) => {
    const focused = document.activeElement;
    const refocus = focused && focused.name in FACETS ? [focused.name, focused.value] : null;
    facetBox.replaceChildren();
    for (const [key, label] of Object.entries(FACETS)) {
      const values = Object.entries(counts[key] || {});
      const chosen = state.filters[key] || [];
      for (const v of chosen) if (!values.some(([name]) => name === v)) values.push([v, 0]);
      const shown = values.filter(([name, n]) => n > 0 || chosen.includes(name));
      if (!shown.length) continue;
      shown.sort(key === "year" ? (a, b) => b[0].localeCompare(a[0]) : (a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh-CN"));
      const box = el("fieldset", { class: "xxgk-facet" }, el("legend", {}, label));
      shown.forEach(([name, n], i) => {
        const id = `xxgk-facet-${key}-${i}`;
        const cb = el("input", { type: "checkbox", name: key, value: name, id });
        cb.checked = chosen.includes(name);
        box.append(el("div", { class: "xxgk-facet__option" }, cb,
          el("label", { for: id }, name, el("span", { class: "xxgk-count", "aria-label": `${n} 条` }, String(n)))));
      });
      facetBox.append(box);
    }
    if (refocus) {
      const again = [...facetBox.querySelectorAll("input")].find((i) => i.name === refocus[0] && i.value === refocus[1]);
      if (again) again.focus();
    }
  };

  let all = [];
  let shown = 0;
  let exactIds = new Set(); // their excerpt would show the lookup words: show the opening instead
  const summary = (state, near) => {
    const what = state.q ? `“${state.q}”` : "所选条件";
    if (!all.length) return `没有找到与${what}相关的结果。请换一个词语，或减少筛选条件。`;
    if (near) return `没有找到完全匹配${what}的结果，以下是 ${all.length} 条相近的结果。`;
    if (exactIds.size) return `找到 ${all.length} 条结果，文号或索引号完全相符的文件排在第一位。`;
    return `找到 ${all.length} 条结果` + (state.sort === "date" ? "，按发布日期排序（最新在前）。" : "，按相关度排序。");
  };
  const showMore = async (focusFirst) => {
    const slice = all.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(slice.map((r) => r.data()));
    slice.forEach((r, i) => {
      if (exactIds.has(r.id)) data[i].excerpt = escapeHtml(data[i].content.slice(0, 80)) + "…";
    });
    const items = data.map(renderResult);
    list.append(...items);
    shown += slice.length;
    more.hidden = shown >= all.length;
    if (focusFirst && items[0]) items[0].querySelector("a").focus();
  };

  let generation = 0;
  const search = async (state) => {
    const mine = ++generation;
    input.value = state.q;
    if (headerInput) headerInput.value = state.q;
    for (const radio of form.querySelectorAll("input[name=sort]")) radio.checked = radio.value === state.sort;
    document.title = (state.q ? `${state.q} - ` : "") + pageTitle;
    if (!state.q && !Object.keys(state.filters).length) {
      list.replaceChildren();
      facetBox.replaceChildren();
      more.hidden = true;
      status.textContent = "请输入要检索的词语、文号或索引号。";
      root.dataset.state = "done";
      return;
    }
    root.setAttribute("aria-busy", "true");
    root.dataset.state = "busy";
    status.textContent = "正在检索…";
    performance.mark("xxgk-search-start");
    try {
      const pf = await load();
      // A pasted 文号/索引号 shows its document at once; the full-text results follow.
      const exact = await exactHits(pf, state);
      if (mine !== generation) return;
      exactIds = new Set(exact.map((r) => r.id));
      list.replaceChildren();
      shown = 0;
      if (exact.length) {
        all = exact;
        await showMore(false);
        status.textContent = `找到文号或索引号完全相符的文件，正在查找其他结果…`;
        performance.mark("xxgk-search-results");
      }
      const found = await runSearch(pf, state);
      if (mine !== generation) return;
      all = uniqueById([exact, found.results]);
      await showMore(false);
      if (mine !== generation) return;
      status.textContent = summary(state, found.near);
      if (!exact.length) performance.mark("xxgk-search-results");
      renderFacets(state, await facetCounts(pf, state));
      if (mine !== generation) return;
      performance.mark("xxgk-search-done");
      root.dataset.state = "done";
    } catch (err) {
      status.textContent = "检索暂时无法使用，请稍后再试，或通过网站地图按栏目查找。";
      root.dataset.state = "error";
      console.error(err);
    } finally {
      root.removeAttribute("aria-busy");
    }
  };

  // ---- Events: a new query adds a history entry; changing a filter or the sort replaces it.
  const go = (push) => {
    const state = formState();
    const params = writeParams(state).toString();
    const url = location.pathname + (params ? "?" + params : "");
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    search(state);
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    go(true);
  });
  form.addEventListener("change", (ev) => {
    if (ev.target.name !== "q") go(false);
  });
  more.addEventListener("click", () => showMore(true));
  window.addEventListener("popstate", () => search(readState(new URLSearchParams(location.search))));
  const initial = readState(new URLSearchParams(location.search));
  search(initial);
  // Opened without a query: get Pagefind ready while the reader types.
  if (!initial.q && !Object.keys(initial.filters).length) (window.requestIdleCallback || setTimeout)(() => load().catch(() => {}));
})();
