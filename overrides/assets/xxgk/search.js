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
  const form = root.querySelector("form");
  const input = form.elements.q;
  const facetBox = root.querySelector("[data-xxgk-facets]");
  const status = root.querySelector("[data-xxgk-status]");
  const list = root.querySelector("[data-xxgk-results]");
  const more = root.querySelector("[data-xxgk-more]");
  const headerInput = document.getElementById("xxgk-header-q");
  const pageTitle = document.title;
  const siteRoot = new URL(root.dataset.root, location.href);

  // ---- The same normalisation and hash as generator/search/fields.py
  // (lookup_key) and generator/search/lookup.py (fnv1a32).
  const lookupKey = (text) =>
    text
      .normalize("NFKC")
      .replace(/[〔[（【〖［]/g, "(")
      .replace(/[〕\]）】〗］]/g, ")")
      .replace(/[\s\u3000·•]+/g, "")
      .toLowerCase();
  const fnv1a = (text) => {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h.toString(16).padStart(8, "0");
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

  // ---- Exact lookups: a pasted 文号 or 索引号 (digits with brackets, a slash,
  // a hyphen or 号) is looked up in the table generator/search/lookup.py
  // writes, one small bucket file, before and without Pagefind.
  const looksLikeNumber = (term) => term && term.length <= 60 && /\d/.test(term) && /[〔〕[\]（）()【】/\-号]/.test(term);
  const exactHits = async (state) => {
    if (!looksLikeNumber(state.q)) return [];
    const key = lookupKey(state.q);
    const bucket = fnv1a(key).slice(0, Number(root.dataset.lookupDigits) || 1);
    const response = await fetch(new URL(`${bucket}.json`, new URL(root.dataset.lookup, location.href)));
    if (!response.ok) return []; // no number of this site falls in that bucket
    const rows = (await response.json()).filter(
      (row) => row.k === key && Object.entries(state.filters).every(([facet, values]) => values.includes(row.f[facet])),
    );
    return uniqueBy(rows, (row) => row.u).map((row) => {
      const url = new URL(row.u, siteRoot).pathname;
      const data = { url, meta: { title: row.t, date: row.d, doc_no: row.n, kind: row.c }, excerpt: escapeHtml(row.s) };
      return { id: `exact:${url}`, url, data: async () => data };
    });
  };

  // ---- Pagefind, loaded on first use: shard 0 (newest) plus the others merged.
  // On the main thread (noWorker): a worker costs a script and ~100 ms to start,
  // and its fetches could not use the preloads below.
  let loading = null; // one promise, however many searches start before it resolves
  let shards = [];
  const load = () => {
    loading =
      loading ||
      open().then(
        (pf) => {
          root.dataset.pagefind = "ready"; // for tests and benchmarks
          return pf;
        },
        (err) => {
          loading = null; // let the next search try again
          throw err;
        },
      );
    return loading;
  };
  const preload = (url) => {
    const link = Object.assign(document.createElement("link"), { rel: "preload", as: "fetch", href: url, crossOrigin: "anonymous" });
    document.head.append(link);
  };
  const open = async () => {
    const manifestUrl = new URL(root.dataset.manifest, location.href);
    const manifest = await (await fetch(manifestUrl)).json();
    shards = manifest.shards;
    const baseUrl = siteRoot.pathname;
    const path = (shard) => new URL(shard.path, manifestUrl).pathname;
    // Pagefind fetches each merged shard's files only once the first shard's
    // WebAssembly is running; ask for all of them now, in parallel. (The
    // cache tag makes the entry files' URLs known in advance.)
    for (const shard of shards) {
      preload(`${path(shard)}pagefind-entry.json?ts=${manifest.tag}`);
      preload(path(shard) + shard.meta);
    }
    preload(path(shards[0]) + shards[0].wasm);
    const pf = await import(path(shards[0]) + "pagefind.js");
    const common = { baseUrl, excerptLength: 40, metaCacheTag: manifest.tag };
    await pf.options({ ...common, noWorker: true, mergeFilter: { shard: shards[0].id } });
    await Promise.all(shards.slice(1).map((s) => pf.mergeIndex(path(s), { ...common, mergeFilter: { shard: s.id } })));
    return pf;
  };

  const pfFilters = (filters, skip) => {
    const out = {};
    for (const [key, values] of Object.entries(filters)) if (key !== skip) out[key] = { any: values };
    return out;
  };
  // The words of a query as Pagefind splits it (Intl.Segmenter, made once).
  let segmenter = null;
  const segments = (q) => {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return q.split(/\s+/).filter(Boolean);
    segmenter = segmenter || new Intl.Segmenter("zh-CN", { granularity: "word" });
    return [...segmenter.segment(q)].filter((s) => s.isWordLike).map((s) => s.segment);
  };
  const uniqueBy = (rows, key) => {
    const seen = new Set();
    return rows.filter((r) => !seen.has(key(r)) && seen.add(key(r)));
  };
  const uniqueById = (lists) => uniqueBy(lists.flat(), (r) => r.id);
  const isPhrase = (term) => /^".*"$/.test(term);

  // Pagefind drops a query word its index does not hold at all, so a shard
  // without 政务 would answer 政务公开 with every page holding 公开. Every word
  // must be found: a multi-word query is limited to the shards holding each
  // word. Each word is counted per shard by a search under a filter no page
  // has: Pagefind then counts the word's pages (totalFilters) but ranks none,
  // which for a word in most pages is the costly part.
  const NO_PAGE = { shard: "\u0000" };
  const holdingShards = new Map(); // term → shard ids holding every word
  const allWords = async (pf, term, filters) => {
    const words = term && !isPhrase(term) ? segments(term) : [];
    if (words.length < 2) return filters;
    if (!holdingShards.has(term)) {
      const counts = await Promise.all(words.map((w) => pf.search(w, { filters: NO_PAGE })));
      holdingShards.set(term, shards.map((s) => s.id).filter((id) => counts.every((r) => (r.totalFilters.shard || {})[id] > 0)));
    }
    const asked = typeof filters.shard === "string" ? [filters.shard] : shards.map((s) => s.id); // one shard when sorting by date
    const holding = asked.filter((id) => holdingShards.get(term).includes(id));
    return holding.length ? { ...filters, shard: { any: holding } } : null;
  };
  // A response's facet counts are complete only if the filter data was
  // loaded before the search ran: say so on the response.
  const counting = async (pf, term, options) => {
    const counted = filtersLoaded;
    return { ...(await pf.search(term, options)), counted };
  };
  const NOTHING = { results: [], filters: {}, counted: false };
  const searchAll = async (pf, term, options) => {
    const filters = await allWords(pf, term, options.filters);
    return filters ? counting(pf, term, { ...options, filters }) : NOTHING;
  };

  // What the query means. Several words typed without a space (乡村振兴,
  // which Pagefind splits into 乡村 振兴) are one term to the reader: the pages
  // holding them as written; only if no page does, the pages holding all the
  // words anywhere. (The second is also several times dearer for Pagefind to
  // rank: ~1 s against ~0.2 s for a term in most of 10 000 pages.) The meaning
  // is the query's own, not the filters': it is settled without them.
  const meaning = new Map(); // term → { query: what Pagefind is given, response: its unfiltered one }
  const understand = async (pf, term) => {
    if (!meaning.has(term)) {
      let found = { query: term, response: null };
      if (term && !isPhrase(term) && !/\s/.test(term) && segments(term).length > 1) {
        const phrase = `"${term.replace(/"/g, "")}"`;
        const response = await counting(pf, phrase);
        if (response.results.length) found = { query: phrase, response };
      }
      meaning.set(term, found);
    }
    return meaning.get(term);
  };

  // The full-text search: by relevance, or by date shard after shard (newest
  // first), each sorted by Pagefind.
  const runSearch = async (pf, state) => {
    const term = state.q || null;
    const filters = pfFilters(state.filters);
    const { query, response: unfiltered } = await understand(pf, term);
    let near = false;
    let results;
    let response = null; // the one search the results come from, for its facet counts
    if (state.sort === "date") {
      results = [];
      for (const shard of shards) {
        const r = await searchAll(pf, query, { filters: { ...filters, shard: shard.id }, sort: { date: "desc" } });
        results.push(...r.results);
      }
    } else {
      response = unfiltered && !Object.keys(filters).length ? unfiltered : await searchAll(pf, query, { filters });
      results = response.results;
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
        response = null;
      }
    }
    return { results, near, query, response };
  };

  // Facet counts, fetched after the results are shown (they need the filter
  // data, which the first results do not). A facet with a selection is
  // counted without it, as its values add up (OR).
  let filtersLoaded = false;
  const facetCounts = async (pf, state, found) => {
    const reuse = found.response && found.response.counted; // the results' own search counted them
    if (!filtersLoaded) {
      await pf.filters();
      filtersLoaded = true;
    }
    const counts = { ...(reuse ? found.response : await searchAll(pf, found.query, { filters: pfFilters(state.filters) })).filters };
    await Promise.all(
      Object.keys(state.filters).map(async (key) => {
        const r = await searchAll(pf, found.query, { filters: pfFilters(state.filters, key) });
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
      const text = node.textContent || "";
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

  let all = []; // exact hits first, then Pagefind's results
  let shown = 0;
  let exactUrls = new Set();
  // A Pagefind result is only known to be an exact hit once its data is
  // loaded: it is then skipped and no longer counted. (The exact document
  // holds the whole query as a phrase, so it is among the first results.)
  let duplicates = 0;
  const summary = (state, near) => {
    const what = state.q ? `“${state.q}”` : "所选条件";
    const n = all.length - duplicates;
    if (!n) return `没有找到与${what}相关的结果。请换一个词语，或减少筛选条件。`;
    if (near) return `没有找到完全匹配${what}的结果，以下是 ${n} 条相近的结果。`;
    if (exactUrls.size) return `找到 ${n} 条结果，文号或索引号完全相符的文件排在第一位。`;
    return `找到 ${n} 条结果` + (state.sort === "date" ? "，按发布日期排序（最新在前）。" : "，按相关度排序。");
  };
  const showMore = async (focusFirst) => {
    const slice = all.slice(shown, shown + PAGE_SIZE);
    shown += slice.length;
    const data = await Promise.all(slice.map((r) => r.data()));
    const fresh = data.filter((d, i) => slice[i].url || !exactUrls.has(d.url));
    duplicates += data.length - fresh.length;
    const items = fresh.map(renderResult);
    list.append(...items);
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
      const loaded = load();
      loaded.catch(() => {}); // a failure is reported where it is awaited
      // A pasted 文号/索引号 shows its document at once, while Pagefind loads;
      // the full-text results follow.
      const exact = await exactHits(state).catch(() => []);
      if (mine !== generation) return;
      exactUrls = new Set(exact.map((r) => r.url));
      duplicates = 0;
      list.replaceChildren();
      shown = 0;
      all = exact;
      if (exact.length) {
        await showMore(false);
        status.textContent = `找到文号或索引号完全相符的文件，正在查找其他结果…`;
        performance.mark("xxgk-search-results");
      }
      const pf = await loaded;
      const found = await runSearch(pf, state);
      if (mine !== generation) return;
      all = [...exact, ...found.results];
      await showMore(false);
      if (mine !== generation) return;
      status.textContent = summary(state, found.near);
      if (!exact.length) performance.mark("xxgk-search-results");
      renderFacets(state, await facetCounts(pf, state, found));
      if (mine !== generation) return;
      performance.mark("xxgk-search-done");
      root.dataset.state = "done";
    } catch (err) {
      status.textContent =
        (exactUrls.size ? "已找到文号或索引号完全相符的文件（见下方）；其他结果暂时无法检索，" : "检索暂时无法使用，") +
        "请稍后再试，或通过网站地图按栏目查找。";
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
