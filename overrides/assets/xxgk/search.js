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

  // ---- Every other page: a reader who puts the cursor in the header's search
  // box is about to search. Fetch the index's start (Pagefind's script and
  // WebAssembly, each shard's entry and metadata) meanwhile, as low-priority
  // prefetches the search page then finds in the browser's cache.
  const prefetchIndex = async (form) => {
    const manifestUrl = new URL(form.dataset.xxgkManifest, location.href);
    const manifest = await (await fetch(manifestUrl)).json();
    const files = manifest.shards.flatMap((s, i) => {
      const base = new URL(s.path, manifestUrl).pathname;
      return [`${base}pagefind-entry.json?ts=${manifest.tag}`, base + s.meta, ...(i ? [] : [base + "pagefind.js", base + s.wasm])];
    });
    for (const href of files) document.head.append(Object.assign(document.createElement("link"), { rel: "prefetch", href }));
  };
  const headerForm = document.querySelector(".xxgk-header-search[data-xxgk-manifest]");
  if (headerForm && !document.querySelector("[data-xxgk-search]")) {
    headerForm.addEventListener("focusin", () => prefetchIndex(headerForm).catch(() => {}), { once: true });
  }

  const root = document.querySelector("[data-xxgk-search]");
  if (!root) return;

  const PAGE_SIZE = 10;
  const FACETS = JSON.parse(root.dataset.facets); // key → label, in display order
  const form = root.querySelector("form");
  const input = form.elements.q;
  const facetBox = root.querySelector("[data-xxgk-facets]");
  const filterToggle = root.querySelector("[data-xxgk-filter-toggle]");
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
    const rowsOf = async (name) => {
      const response = await fetch(new URL(`${name}.json`, new URL(root.dataset.lookup, location.href)));
      return response.ok ? response.json() : []; // not ok: no number of this site falls in that bucket
    };
    const here = await rowsOf(bucket);
    // A document's second number names the bucket holding its row (r): fetched too.
    const found = await Promise.all(
      here.filter((row) => row.k === key).map(async (row) => (row.r ? (await rowsOf(row.r)).find((full) => full.u === row.u) : row)),
    );
    const rows = found.filter(
      (row) => row && Object.entries(state.filters).every(([facet, values]) => values.includes(row.f[facet])),
    );
    return uniqueBy(rows, (row) => row.u).map((row) => {
      const url = new URL(row.u, siteRoot).pathname;
      const meta = { title: row.t, date: row.d, doc_no: row.n, kind: row.f.column, validity: row.v, replaced_by: row.rb, replaced_url: row.ru };
      const data = { url, meta, excerpt: escapeHtml(row.s) };
      return { id: `exact:${url}`, url, data: async () => data };
    });
  };

  // ---- Pagefind, loaded on first use: shard 0 (newest) plus the others merged.
  // On the main thread (noWorker): a worker costs a script and ~100 ms to start,
  // and its fetches could not use the preloads below.
  const INDEX_LANGUAGE = "und"; // the language the build gives the staged pages (generator/search/staged.py)
  let loading = null; // one promise, however many searches start before it resolves
  let shards = [];
  const load = () => {
    loading =
      loading ||
      open().then(
        (pf) => {
          root.dataset.pagefind = "ready"; // for tests and benchmarks
          // The facets' data, meanwhile: a search that starts once it is here
          // counts the facets itself (see counting), with no second search.
          pf.filters().then(() => (filtersLoaded = true), () => {});
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
    pf.init();
    await Promise.all(
      shards.slice(1).map((s) => pf.mergeIndex(path(s), { ...common, language: INDEX_LANGUAGE, mergeFilter: { shard: s.id } })),
    );
    return pf;
  };

  const pfFilters = (filters, skip) => {
    const out = {};
    for (const [key, values] of Object.entries(filters)) if (key !== skip) out[key] = { any: values };
    return out;
  };
  // ---- Tokens: the same rules as generator/search/tokens.py (keep the two in
  // step). Pagefind's own Chinese words (jieba, at indexing) and the browser's
  // (ICU, at query time) disagree; so the index holds, in each page's text
  // order, only tokens the browser makes identically from a query: two
  // adjacent Han characters and each run's last one, runs of other letters
  // and digits, and (after them) each 文号 without brackets. Each reaches
  // Pagefind as a word of letters (see word), which no segmenter cuts.
  const HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
  const RUNS = new RegExp(`([${HAN}]+)|((?:(?![${HAN}])[\\p{L}\\p{N}])+)`, "gu");
  const PADDING = new RegExp(`(?<=[${HAN}])\u3000(?=[${HAN}])`, "gu");
  const DOC_NO = new RegExp(
    `([${HAN}]{1,12})\\s*[〔\\[(（【［]?\\s*((?:19|20)\\d\\d)\\s*[〕\\])）】］年]?\\s*第?\\s*(\\d{1,5})\\s*号`,
    "gu",
  );
  const DOC_NO_PREFIX_MAX = 8;
  const IS_HAN = new RegExp(`^[${HAN}]$`, "u");
  const fold = (text) => text.replace(PADDING, "").normalize("NFKC").toLowerCase();
  // A 文号 as typed: the whole issuer (its last characters if it is longer than the index keeps).
  const docNoKeys = (text) =>
    [...fold(text).matchAll(DOC_NO)].map(([, issuer, year, number]) => `${[...issuer].slice(-DOC_NO_PREFIX_MAX).join("")}${year}${Number(number)}号`);
  // A token as the index word: its UTF-16 code units, each as four hexadecimal
  // digits written with the letters a-p (政务 → "gfdpfckb").
  const word = (token) => {
    let out = "";
    for (let i = 0; i < token.length; i++) {
      for (const digit of token.charCodeAt(i).toString(16).padStart(4, "0")) out += String.fromCharCode(97 + parseInt(digit, 16));
    }
    return out;
  };
  const tokensOf = (text) => {
    const out = [];
    for (const [, han, other] of fold(text).matchAll(RUNS)) {
      if (!han) {
        out.push(other);
        continue;
      }
      const chars = [...han];
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      out.push(chars[chars.length - 1]);
    }
    return out;
  };
  // The tokens a piece of a query must match one after the other: its 文号 if
  // it is one, else its tokens without the last run's last character (the
  // text may go on after it: 国家电网 in 国家电网公司).
  const phraseTokens = (text) => {
    const keys = docNoKeys(text);
    if (keys.length) return keys;
    const out = tokensOf(text);
    const [prev, last] = [[...(out[out.length - 2] || "")], out[out.length - 1]];
    return prev.length === 2 && IS_HAN.test(prev[1]) && prev[1] === last ? out.slice(0, -1) : out;
  };
  // The words of the query as the reader's browser splits them (ICU), for
  // words typed together that are not found together (农村规划).
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

  // Pagefind answers a query word its index lacks with the longest indexed
  // word the query word starts with (台风 → 台), and drops a word a shard does
  // not hold. A phrase search (quoted) does neither: it is used for every
  // query that is one piece of text. A query of several pieces (words typed
  // apart) is a search for all tokens anywhere, run only on the shards that
  // hold each token of two or more characters (an exact one-word search under
  // a filter no page has counts a token per shard without ranking pages); a
  // single character needs no check: it has no shorter form to fall back to.
  const NO_PAGE = { shard: "\u0000" };
  const tokenShards = new Map(); // token → promise of the shard ids holding it
  const holding = (pf, token) => {
    if (!tokenShards.has(token)) {
      tokenShards.set(
        token,
        pf.search(`"${word(token)}"`, { filters: NO_PAGE }).then((r) => shards.map((s) => s.id).filter((id) => (r.totalFilters.shard || {})[id] > 0)),
      );
    }
    return tokenShards.get(token);
  };
  const restrict = async (pf, tokens, filters) => {
    const checked = tokens.filter((t) => [...t].length > 1 && /^\p{Script=Han}/u.test(t));
    const asked = typeof filters.shard === "string" ? [filters.shard] : shards.map((s) => s.id); // one shard when sorting by date
    const lists = await Promise.all(checked.map((t) => holding(pf, t)));
    const ids = asked.filter((id) => lists.every((list) => list.includes(id)));
    return ids.length ? { ...filters, shard: { any: ids } } : null;
  };
  // A response's facet counts are complete only if the filter data was
  // loaded before the search ran: say so on the response.
  const counting = async (pf, query, options) => {
    const counted = filtersLoaded;
    return { ...(await pf.search(query, options)), counted };
  };
  const NOTHING = { results: [], filters: {}, counted: false };
  // A query: { phrase: [tokens] } (one after the other) or { all: [tokens] } (anywhere).
  const searchAll = async (pf, query, options) => {
    if (!query) return counting(pf, null, options);
    if (query.phrase) {
      const exact = query.phrase.length > 1 || [...query.phrase[0]].length > 1;
      return counting(pf, exact ? `"${query.phrase.map(word).join(" ")}"` : word(query.phrase[0]), options);
    }
    const filters = await restrict(pf, query.all, options.filters || {});
    return filters ? counting(pf, query.all.map(word).join(" "), { ...options, filters }) : NOTHING;
  };
  const tokensIn = (query) => query.phrase || query.all;

  // What the query means: one piece of text (typed without spaces, or quoted)
  // is meant as written: 农村发展 is not found where 农村 and 发展 stand apart;
  // if no page holds it so and the browser finds words of two characters or
  // more in it, those words, each anywhere (农村规划 → 农村 … 规划); a single
  // character left over means a slip more likely (see nearMatches). Pieces typed apart are
  // each found anywhere. The meaning is the query's own, not the filters':
  // it is settled without them.
  const meaning = new Map(); // term → { query, response: its unfiltered one }
  const understand = async (pf, term) => {
    if (!meaning.has(term)) {
      const text = term ? term.replace(/"/g, " ").trim() : "";
      const pieces = text.split(/\s+/).filter(Boolean);
      let found = { query: null, response: null };
      // A 文号 is found as written or not at all: another number is no near match.
      if (docNoKeys(text).length) found.query = { phrase: docNoKeys(text), number: true };
      else if (pieces.length === 1) found.query = { phrase: phraseTokens(text) };
      else if (pieces.length > 1) found.query = { all: [...new Set(pieces.flatMap(phraseTokens))] };
      if (found.query && found.query.number) found.response = await searchAll(pf, found.query, {});
      else if (found.query && tokensIn(found.query).length) {
        found.response = await searchAll(pf, found.query, {});
        if (!found.response.results.length && found.query.phrase && pieces.length === 1) {
          // Punctuation the reader left out (双随机一公开 for 双随机、一公开):
          // the text broken in one place between two Han characters.
          const chars = [...text];
          const tries = [];
          for (let i = 1; i < chars.length; i++) {
            if (!IS_HAN.test(chars[i - 1]) || !IS_HAN.test(chars[i])) continue;
            const phrase = [...tokensOf(chars.slice(0, i).join("")), ...phraseTokens(chars.slice(i).join(""))];
            tries.push(searchAll(pf, { phrase }, {}).then((response) => ({ query: { phrase }, response })));
          }
          const hit = (await Promise.all(tries)).find((t) => t.response.results.length);
          if (hit) found = hit;
        }
        const words = segments(text);
        if (!found.response.results.length && pieces.length === 1 && words.length > 1 && words.every((w) => [...w].length > 1)) {
          const apart = { all: [...new Set(words.flatMap(phraseTokens))] };
          const response = await searchAll(pf, apart, {});
          if (response.results.length) found = { query: apart, response };
        }
      } else found.query = null;
      meaning.set(term, found);
    }
    return meaning.get(term);
  };

  // Ranking: a phrase search scores every page alike, and Pagefind's own
  // ranking (BM25, a search of the same words anywhere) costs seconds for a
  // word most pages hold. So pages with the query in their title come first:
  // the build gives each title the first TITLE_SPAN positions of its page
  // (generator/search/staged.py), and a phrase result's first location is
  // where its first match starts. Then the rest, in Pagefind's order (newest
  // shard first). Words typed apart keep Pagefind's ranking. Among equally
  // good matches, documents in force come first: a repealed or expired one
  // yields to a current one scoring within 5 %.
  const TITLE_SPAN = 48;
  const ENDED = ["废止", "失效"];
  const YIELD = 0.95;
  const ranked = async (pf, query, filters, results, response) => {
    if (results.length < 2) return results;
    // The results' own facet counts, when Pagefind had the filter data, say
    // whether any of them has ended: if none has, no second search is needed.
    const counts = response && response.counted ? (response.filters || {}).validity || {} : null;
    const ended =
      counts && !ENDED.some((v) => counts[v] > 0)
        ? NOTHING
        : await searchAll(pf, query, { filters: { ...filters, validity: { any: ENDED } } });
    const score = query.phrase ? (r) => (r.words.length && r.words[0] < TITLE_SPAN ? 2 : 1) : (r) => r.score;
    const gone = new Set(ended.results.map((r) => r.id));
    const rank = (r) => (gone.has(r.id) ? score(r) * YIELD : score(r));
    return results.map((r, i) => [r, i]).sort((a, b) => rank(b[0]) - rank(a[0]) || a[1] - b[1]).map(([r]) => r);
  };

  // No page holds the query: a typing slip, perhaps (Pagefind has no fuzzy
  // matching). Try the text with two neighbouring characters swapped (源能 for
  // 能源), then with one character of a word of three or more left open: the
  // tokens that do not touch it, the character before it as the start of a
  // token, and the page's own text read for the pattern (石.山).
  const NEAR_CHECKED = 60; // pages read in all, at most (shared by the open characters)
  const nearMatches = async (pf, term, filters) => {
    const chars = [...fold(term.replace(/"/g, " ").trim())];
    const swapped = [];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (!IS_HAN.test(chars[i]) || !IS_HAN.test(chars[i + 1]) || chars[i] === chars[i + 1]) continue;
      const text = [...chars];
      [text[i], text[i + 1]] = [text[i + 1], text[i]];
      swapped.push(searchAll(pf, { phrase: phraseTokens(text.join("")) }, { filters }));
    }
    let results = uniqueBy((await Promise.all(swapped)).flatMap((r) => r.results), (r) => r.id);
    if (results.length) return results;
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const open = [];
    const perCharacter = Math.max(5, Math.floor(NEAR_CHECKED / Math.max(1, chars.filter((c) => IS_HAN.test(c)).length)));
    for (let i = 0; i < chars.length; i++) {
      const left = chars.slice(0, i).join("");
      const right = chars.slice(i + 1).join("");
      const word = left.match(new RegExp(`[${HAN}]*$`, "u"))[0].length + 1 + right.match(new RegExp(`^[${HAN}]*`, "u"))[0].length;
      if (!IS_HAN.test(chars[i]) || word < 3) continue;
      const tokens = new Set([...(left ? phraseTokens(left) : []), ...(right ? phraseTokens(right) : [])]);
      if (i > 0 && IS_HAN.test(chars[i - 1])) tokens.add(chars[i - 1]);
      const pattern = new RegExp(escape(left.slice(-3)) + "." + escape(right.slice(0, 3)), "u");
      open.push(
        searchAll(pf, { all: [...tokens] }, { filters }).then(async (r) => {
          const some = r.results.slice(0, perCharacter);
          const data = await Promise.all(some.map((x) => x.data()));
          return some.filter((_, k) => pattern.test(fold(data[k].content)));
        }),
      );
    }
    results = uniqueBy((await Promise.all(open)).flat(), (r) => r.id);
    return results.sort((a, b) => b.score - a.score);
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
    if (term && !query) return { results: [], near, query, response: NOTHING };
    if (state.sort === "date") {
      results = [];
      for (const shard of shards) {
        const r = await searchAll(pf, query, { filters: { ...filters, shard: shard.id }, sort: { date: "desc" } });
        results.push(...r.results);
      }
    } else {
      response = unfiltered && !Object.keys(filters).length ? unfiltered : await searchAll(pf, query, { filters });
      results = query ? await ranked(pf, query, filters, response.results, response) : response.results;
    }
    if (term && results.length === 0 && !query.number) {
      results = await nearMatches(pf, term, filters);
      near = results.length > 0;
      response = null;
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
    // The result's 栏目: the column facet's value (generator/search/fields.py).
    const kind = meta.kind || ((data.filters || {}).column || [])[0];
    if (kind) info.append(el("span", {}, kind));
    const item = el(
      "li",
      { class: "xxgk-result" },
      el("h2", { class: "xxgk-result__title" }, el("a", { href: data.url }, meta.title || data.url)),
      info,
    );
    // A repealed or expired document says so, with the document now in force.
    if (meta.validity) {
      const ended = el("p", { class: "xxgk-result__ended" }, el("strong", {}, `已${meta.validity}`));
      if (meta.replaced_url) {
        const href = new URL(meta.replaced_url, siteRoot).pathname;
        ended.append("，现行文件：", el("a", { href }, meta.replaced_by || href));
      }
      item.append(ended);
    }
    item.append(excerpt(data.excerpt));
    return item;
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
    layout();
    if (refocus) {
      const again = [...facetBox.querySelectorAll("input")].find((i) => i.name === refocus[0] && i.value === refocus[1]);
      if (again) again.focus();
    }
  };

  // Phones: the facets fill more than a screen before the first result, so
  // they fold behind a 筛选 button (a disclosure button: aria-expanded, the
  // panel named by aria-controls); wider screens show them beside the form.
  const narrow = window.matchMedia("(max-width: 44.9375em)");
  let filtersOpen = false;
  const layout = () => {
    const folded = narrow.matches;
    filterToggle.hidden = !folded || !facetBox.childElementCount;
    facetBox.hidden = folded && !filtersOpen;
    filterToggle.setAttribute("aria-expanded", String(!facetBox.hidden));
    const chosen = Object.values(readState(new URLSearchParams(location.search)).filters).flat().length;
    filterToggle.textContent = chosen ? `筛选（已选 ${chosen} 项）` : "筛选";
  };
  filterToggle.addEventListener("click", () => {
    filtersOpen = !filtersOpen;
    layout();
    if (filtersOpen) (facetBox.querySelector("input") || filterToggle).focus();
  });
  narrow.addEventListener("change", layout);

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
  // Pagefind's page records hold the page's readable text (the build puts it
  // back in place of the index words, generator/search/staged.py), but its
  // excerpts count the index words: cut the excerpt here, around the first
  // piece of the query the text holds (spaces inside it allowed: 尤　权), or
  // from the start of the text below the title.
  const EXCERPT = 40; // characters, as Pagefind's excerptLength
  let shownTerm = "";
  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const withExcerpt = (data, term) => {
    if (typeof data.content !== "string") return data;
    const title = (data.meta || {}).title || "";
    const text = data.content.startsWith(title) ? data.content.slice(title.length).trimStart() : data.content;
    const hit = (term || "")
      .replace(/"/g, " ")
      .split(/\s+/)
      .filter(Boolean)
      .map((piece) => new RegExp([...piece].map(escapeRegExp).join("\\s*"), "iu").exec(text))
      .find(Boolean);
    if (!hit) return { ...data, excerpt: escapeHtml(text.slice(0, EXCERPT)) };
    const [at, length] = [hit.index, hit[0].length];
    const start = Math.max(0, at - Math.floor((EXCERPT - length) / 2));
    const end = Math.min(text.length, start + Math.max(EXCERPT, length));
    const mark = text.slice(at, at + length);
    const excerpt = escapeHtml(text.slice(start, at)) + `<mark>${escapeHtml(mark)}</mark>` + escapeHtml(text.slice(at + length, end));
    return { ...data, excerpt };
  };
  const showMore = async (focusFirst) => {
    const slice = all.slice(shown, shown + PAGE_SIZE);
    shown += slice.length;
    const data = await Promise.all(slice.map((r) => r.data()));
    const fresh = data.filter((d, i) => slice[i].url || !exactUrls.has(d.url));
    duplicates += data.length - fresh.length;
    const items = fresh.map((d) => renderResult(withExcerpt(d, shownTerm)));
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
      layout();
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
      shownTerm = state.q;
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
