// @ts-check
/* sphinx-ndif: filter bar for `.ndif-papers` lists and copy buttons for
 * BibTeX and citations. Progressive enhancement only: the HTML is complete
 * without this file, so everything here is added, never required.
 * Page text is only ever set with textContent, never parsed as markup.
 * Typed with JSDoc; `.ci/run` checks it with `tsc` (see tsconfig.json). */
(function () {
  'use strict';

  // English defaults; the extension passes translated labels as window.NDIF_LABELS.
  const DEFAULT_LABELS = {
    search: 'Search titles, authors, venues, summaries', tags: 'Tags', matchAll: 'Match all tags',
    from: 'From', to: 'To', sort: 'Sort', default: 'Default order', newest: 'Newest first',
    oldest: 'Oldest first', title: 'Title', author: 'First author', clear: 'Clear filters',
    count: '{shown} of {total} papers', copy: 'Copy', copied: 'Copied', copyFailed: 'Copy failed',
    copyBibtex: 'Copy BibTeX', copyBibtexOf: 'Copy BibTeX of {title}', copyCitation: 'Copy citation',
    copyFormat: 'Copy citation as {format}', formats: 'Citation formats',
  };

  /** @typedef {keyof typeof DEFAULT_LABELS} LabelKey */
  /** @typedef {'default' | 'newest' | 'oldest' | 'title' | 'author'} SortName */
  /** @typedef {'push' | 'replace' | null} HistoryMode */
  /**
   * What the reader asked for; the URL and the controls both show it.
   * @typedef {{tags: Set<string>, match: 'any' | 'all', q: string,
   *   from: number | null, to: number | null, sort: SortName}} State
   */
  /**
   * One `<ul>` of a list (a group under its rubric, or the whole list).
   * @typedef {{ul: HTMLElement, rubric: HTMLElement | null, items: Item[], visible: number}} Group
   */
  /**
   * One paper, read once from its `<li>`: filtering only compares these values.
   * @typedef {{li: HTMLElement, group: Group, index: number, hidden: boolean, tags: Set<string>,
   *   year: number | null, text: string, sortTitle: string, sortAuthor: string}} Item
   */
  /** @typedef {{name: string, label: string}} Tag */
  /**
   * @typedef {{bar: HTMLDivElement, search: HTMLInputElement, from: HTMLInputElement,
   *   to: HTMLInputElement, sort: HTMLSelectElement, chips: HTMLButtonElement[],
   *   match: HTMLButtonElement | null, count: HTMLDivElement, announcer: HTMLDivElement,
   *   clear: HTMLButtonElement}} Controls
   */
  /**
   * A `.ndif-papers` list with its bar. `sorted` is the order its `<li>` nodes are in.
   * @typedef {{items: Item[], groups: Group[], tags: Tag[], id: string, controls: Controls,
   *   state: State, sorted: SortName, urlTimer: number, announceTimer: number}} PaperList
   */

  /** What the extension may set on the page before this script runs. */
  const page = /** @type {Window & {NDIF_LABELS?: unknown, NDIF_OPTIONS?: unknown}} */ (window);
  const givenLabels = objectOrEmpty(page.NDIF_LABELS);
  /** @param {LabelKey} key @returns {string} */
  const label = (key) => {
    const value = givenLabels[key];
    return value == null || value === '' ? DEFAULT_LABELS[key] : String(value);
  };

  /** @type {readonly SortName[]} */
  const SORTS = ['default', 'newest', 'oldest', 'title', 'author'];
  const URL_KEYS = ['tags', 'match', 'q', 'from', 'to', 'sort'];
  const SEARCH_URL_DELAY = 250; // ms: the URL follows typing lazily; filtering does not wait
  // ms of quiet before the new count is announced: a screen reader says it once when
  // typing pauses instead of queueing one count per keystroke.
  const ANNOUNCE_DELAY = 500;
  const COPIED_DELAY = 2000;
  // What gets a copy button, unless inside a closed <details> (its button waits until
  // it opens). One selector: one walk of a page of thousands of papers, not one per kind.
  const COPY_HOSTS = ':is(.ndif-bibtex, .ndif-copyable, .ndif-citation-reference):not(details:not([open]) *)';
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  /** @type {PaperList[]} */
  const lists = [];

  /** @param {unknown} value @returns {Record<string, unknown>} */
  function objectOrEmpty(value) {
    return value && typeof value === 'object' ? /** @type {Record<string, unknown>} */ (value) : {};
  }

  /** @param {unknown} value @returns {value is SortName} */
  const isSort = (value) => SORTS.some((sort) => sort === value);

  /** Accent- and case-insensitive form used for both the papers and the query. @param {string} text */
  const fold = (text) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ');

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Record<string, string>} [props] attributes, plus `text` and `className`
   * @param {Node[]} [children]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  /** @param {unknown} value @returns {number | null} */
  function parseYear(value) {
    const text = String(value == null ? '' : value).trim();
    return /^-?\d{1,6}$/.test(text) ? Number(text) : null;
  }

  /** @returns {State} */
  function emptyState() {
    return { tags: new Set(), match: 'any', q: '', from: null, to: null, sort: 'default' };
  }

  /* ---------- reading the list once ---------- */

  /** @param {HTMLElement} container */
  function readList(container) {
    /** @type {Item[]} */
    const items = [];
    /** @type {Group[]} */
    const groups = [];
    /** @type {Set<string>} */
    const tagsSeen = new Set();
    for (const ul of container.querySelectorAll('ul.ndif-paper-list')) {
      if (!(ul instanceof HTMLElement)) continue;
      const rubric = ul.previousElementSibling;
      /** @type {Group} */
      const group = {
        ul, rubric: rubric instanceof HTMLElement && rubric.classList.contains('ndif-group') ? rubric : null,
        items: [], visible: 0,
      };
      for (const li of ul.children) {
        if (!(li instanceof HTMLElement) || !li.classList.contains('ndif-paper')) continue;
        // Attributes, not `dataset`, and the shown parts only when the attributes are
        // missing (older pages): this loop runs once per paper, thousands of times.
        /** @param {string} name */
        const attribute = (name) => li.getAttribute(name);
        /** @param {string} selector */
        const part = (selector) => li.querySelector(selector)?.textContent || '';
        const tags = (attribute('data-tags') || '').split(/\s+/).filter(Boolean);
        tags.forEach((tag) => tagsSeen.add(tag));
        // The paper's data as the extension wrote it (title, authors, venue, year,
        // summary), whatever the list shows; older pages: the shown parts.
        const searched = attribute('data-search')
          ?? [part('.ndif-paper-title'), part('.ndif-paper-byline'), part('.ndif-paper-summary')].join(' ');
        /** @type {Item} */
        const item = {
          li, group, index: items.length, hidden: li.hidden === true, tags: new Set(tags),
          year: parseYear(attribute('data-year')),
          // Searched text, folded once here so a keystroke only compares strings.
          text: fold(searched),
          sortTitle: attribute('data-sort-title') || fold(part('.ndif-paper-title')).trim(),
          sortAuthor: attribute('data-sort-author') || '',
        };
        items.push(item);
        group.items.push(item);
      }
      groups.push(group);
    }
    // [[name, label], ...] in the vocabulary's order: a Map keeps it (an object
    // would not promise to, and sorted keys are what the chips must not show).
    /** @type {Map<string, string>} */
    const tagLabels = new Map();
    try {
      /** @type {unknown} */
      const parsed = JSON.parse(container.dataset.ndifTagLabels || '[]');
      const pairs = Array.isArray(parsed) ? parsed : Object.entries(objectOrEmpty(parsed));
      for (const pair of pairs) {
        if (Array.isArray(pair) && typeof pair[0] === 'string') tagLabels.set(pair[0], String(pair[1] || pair[0]));
      }
    } catch (error) {
      tagLabels.clear(); // a broken attribute only costs the labels, not the filter
    }
    // The server's order for labelled tags, then any unlabelled tag by name.
    const names = [...tagLabels.keys()].filter((name) => tagsSeen.has(name));
    const rest = [...tagsSeen].filter((name) => !tagLabels.has(name)).sort(collator.compare);
    const tags = names.concat(rest).map((name) => ({ name, label: tagLabels.get(name) || name }));
    return { items, groups, tags };
  }

  /* ---------- the filter bar ---------- */

  /** @param {Item[]} items @param {Tag[]} tags @param {string} id @returns {Controls} */
  function buildBar(items, tags, id) {
    const bar = el('div', { className: 'ndif-filter' });
    if (id) bar.dataset.ndifFor = id;

    const search = el('input', {
      type: 'search', className: 'ndif-filter-search', placeholder: label('search'),
      'aria-label': label('search'), autocomplete: 'off', spellcheck: 'false',
    });
    const years = items.map((item) => item.year).filter((year) => year !== null);
    /** @param {string} key */
    const yearInput = (key) => {
      const input = el('input', { type: 'number', className: `ndif-filter-${key}`, step: '1', inputmode: 'numeric' });
      if (years.length) {
        input.min = String(Math.min(...years));
        input.max = String(Math.max(...years));
      }
      return input;
    };
    const from = yearInput('from');
    const to = yearInput('to');
    const sort = el('select', { className: 'ndif-filter-sort' },
      SORTS.map((value) => el('option', { value, text: label(value) })));
    /** @param {string} text @param {HTMLElement} control @param {string} cls */
    const field = (text, control, cls) =>
      el('label', { className: `ndif-filter-field ${cls}` }, [el('span', { text }), control]);

    const controls = el('div', { className: 'ndif-filter-controls' }, [
      el('div', { className: 'ndif-filter-field ndif-filter-field-search' }, [search]),
      field(label('from'), from, 'ndif-filter-field-year'),
      field(label('to'), to, 'ndif-filter-field-year'),
      field(label('sort'), sort, 'ndif-filter-field-sort'),
    ]);
    bar.appendChild(controls);

    const chips = tags.map((tag) => el('button', {
      type: 'button', className: 'ndif-chip', 'aria-pressed': 'false', 'data-tag': tag.name, text: tag.label,
    }));
    let match = null;
    if (chips.length) {
      match = el('button', { type: 'button', className: 'ndif-match', 'aria-pressed': 'false', text: label('matchAll') });
      bar.appendChild(el('div', { className: 'ndif-filter-tags', role: 'group', 'aria-label': label('tags') }, [
        el('span', { className: 'ndif-filter-legend', 'aria-hidden': 'true', text: label('tags') }),
        ...chips,
        match,
      ]));
    }

    // Not a <p>: sites rewrite paragraphs with scripts of their own, and a replaced
    // element would take the count's class (and this reference) with it.
    // The count shows each change at once; the hidden live region beside it speaks
    // the count only once changes pause (see announceCount).
    const count = el('div', { className: 'ndif-filter-count' });
    const announcer = el('div', { className: 'ndif-visually-hidden ndif-filter-announcer', role: 'status' });
    const clear = el('button', { type: 'button', className: 'ndif-clear', text: label('clear') });
    bar.appendChild(el('div', { className: 'ndif-filter-status' }, [count, announcer, clear]));

    return { bar, search, from, to, sort, chips, match, count, announcer, clear };
  }

  /** @param {PaperList} list */
  function wire(list) {
    const c = list.controls;
    for (const chip of c.chips) {
      chip.addEventListener('click', () => {
        const tag = chip.dataset.tag || '';
        if (list.state.tags.has(tag)) list.state.tags.delete(tag);
        else list.state.tags.add(tag);
        commit(list, 'push');
      });
    }
    const match = c.match;
    if (match) {
      match.addEventListener('click', () => {
        list.state.match = list.state.match === 'all' ? 'any' : 'all';
        commit(list, 'push');
      });
    }
    // Typing filters at once; the URL entry is replaced, debounced, not pushed.
    c.search.addEventListener('input', () => {
      list.state.q = c.search.value;
      commit(list, 'replace');
    });
    c.search.addEventListener('keydown', (event) => {
      // Escape clears a non-empty box; an empty one lets Escape reach the page.
      if (event.key !== 'Escape' || c.search.value === '') return;
      event.preventDefault();
      c.search.value = '';
      list.state.q = '';
      commit(list, 'replace');
    });
    for (const key of /** @type {const} */ (['from', 'to'])) {
      const input = c[key];
      // Filter while typing, but only add a history entry once the value is committed.
      input.addEventListener('input', () => {
        list.state[key] = parseYear(input.value);
        commit(list, null);
      });
      input.addEventListener('change', () => {
        list.state[key] = parseYear(input.value);
        commit(list, 'push');
      });
    }
    c.sort.addEventListener('change', () => {
      const value = c.sort.value;
      list.state.sort = isSort(value) ? value : 'default';
      commit(list, 'push');
    });
    c.clear.addEventListener('click', () => {
      const sort = list.state.sort; // sorting is not a filter: keep it
      list.state = emptyState();
      list.state.sort = sort;
      commit(list, 'push');
    });
  }

  // Make the controls show the state (after load, popstate or clear).
  /** @param {PaperList} list */
  function showState(list) {
    const c = list.controls;
    const s = list.state;
    for (const chip of c.chips) chip.setAttribute('aria-pressed', String(s.tags.has(chip.dataset.tag || '')));
    if (c.match) c.match.setAttribute('aria-pressed', String(s.match === 'all'));
    // Only touch values that differ, so the caret does not jump while typing.
    if (c.search.value !== s.q) c.search.value = s.q;
    for (const key of /** @type {const} */ (['from', 'to'])) {
      const value = s[key];
      if (parseYear(c[key].value) !== value) c[key].value = value === null ? '' : String(value);
    }
    if (c.sort.value !== s.sort) c.sort.value = s.sort;
  }

  /* ---------- filtering and sorting ---------- */

  /** Show the papers the state asks for; returns the count's text. @param {PaperList} list */
  function filterList(list) {
    const s = list.state;
    const words = fold(s.q).split(' ').filter(Boolean);
    const wanted = [...s.tags];
    const all = s.match === 'all';
    const { from, to } = s;
    /** @type {Item[]} */
    const changed = [];
    let shown = 0;
    for (const group of list.groups) group.visible = 0;
    // One pass over plain data; DOM writes are collected and done afterwards.
    for (const item of list.items) {
      let ok = true;
      if (wanted.length) {
        ok = all ? wanted.every((tag) => item.tags.has(tag)) : wanted.some((tag) => item.tags.has(tag));
      }
      if (ok && (from !== null || to !== null)) {
        ok = item.year !== null && (from === null || item.year >= from) && (to === null || item.year <= to);
      }
      if (ok && words.length) ok = words.every((word) => item.text.includes(word));
      if (ok) {
        shown += 1;
        item.group.visible += 1;
      }
      if (item.hidden === ok) {
        item.hidden = !ok;
        changed.push(item);
      }
    }
    for (const item of changed) item.li.hidden = item.hidden;
    for (const group of list.groups) {
      const empty = group.visible === 0;
      if (group.ul.hidden !== empty) group.ul.hidden = empty;
      if (group.rubric && group.rubric.hidden !== empty) group.rubric.hidden = empty;
    }
    const text = label('count').replace('{shown}', String(shown)).replace('{total}', String(list.items.length));
    if (list.controls.count.textContent !== text) list.controls.count.textContent = text;
    return text;
  }

  /** @param {Item} a @param {Item} b @param {number} direction */
  const byYear = (a, b, direction) => {
    if (a.year === b.year) return 0;
    if (a.year === null) return 1; // unknown years go last either way
    if (b.year === null) return -1;
    return direction * (a.year - b.year);
  };
  /** @param {string} a @param {string} b */
  const byText = (a, b) => {
    if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1); // empty last
    return collator.compare(a, b);
  };
  /** @type {Record<SortName, (a: Item, b: Item) => number>} */
  const COMPARE = {
    default: (a, b) => a.index - b.index,
    newest: (a, b) => byYear(a, b, -1) || byText(a.sortTitle, b.sortTitle) || a.index - b.index,
    oldest: (a, b) => byYear(a, b, 1) || byText(a.sortTitle, b.sortTitle) || a.index - b.index,
    title: (a, b) => byText(a.sortTitle, b.sortTitle) || byYear(a, b, -1) || a.index - b.index,
    author: (a, b) => byText(a.sortAuthor, b.sortAuthor) || byYear(a, b, -1) || byText(a.sortTitle, b.sortTitle) || a.index - b.index,
  };

  // Move the existing <li> nodes within their own <ul>; nothing is rebuilt.
  /** @param {PaperList} list */
  function sortList(list) {
    if (list.sorted === list.state.sort) return;
    list.sorted = list.state.sort;
    const compare = COMPARE[list.state.sort];
    for (const group of list.groups) {
      const ordered = group.items.slice().sort(compare);
      const fragment = document.createDocumentFragment();
      for (const item of ordered) fragment.appendChild(item.li);
      group.ul.appendChild(fragment);
    }
  }

  /* ---------- URL state ---------- */

  /** @param {string} id @param {Tag[]} tags @returns {State} */
  function readUrl(id, tags) {
    const state = emptyState();
    if (!id) return state;
    const params = new URLSearchParams(window.location.search);
    /** @param {string} key */
    const get = (key) => params.get(`${id}.${key}`);
    const known = new Set(tags.map((tag) => tag.name));
    for (const tag of (get('tags') || '').split(',')) if (known.has(tag)) state.tags.add(tag);
    if (get('match') === 'all') state.match = 'all';
    state.q = get('q') || '';
    state.from = parseYear(get('from'));
    state.to = parseYear(get('to'));
    const sort = get('sort');
    if (isSort(sort)) state.sort = sort;
    return state;
  }

  /** @param {PaperList} list */
  function urlFor(list) {
    const url = new URL(window.location.href);
    const params = url.searchParams;
    for (const key of URL_KEYS) params.delete(`${list.id}.${key}`);
    const s = list.state;
    /** @param {string} key @param {string} value */
    const set = (key, value) => params.set(`${list.id}.${key}`, value);
    // Tags in chip order, so one state has one URL.
    const tags = list.tags.map((tag) => tag.name).filter((name) => s.tags.has(name));
    if (tags.length) set('tags', tags.join(','));
    if (s.match === 'all') set('match', 'all');
    if (s.q.trim()) set('q', s.q.trim());
    if (s.from !== null) set('from', String(s.from));
    if (s.to !== null) set('to', String(s.to));
    if (s.sort !== 'default') set('sort', s.sort);
    // Commas are legal in a query string; keeping them readable is friendlier.
    url.search = params.toString().replace(/%2C/gi, ',');
    return url.href;
  }

  /** @param {PaperList} list @param {'push' | 'replace'} mode */
  function writeUrl(list, mode) {
    clearTimeout(list.urlTimer);
    list.urlTimer = 0;
    if (!list.id) return;
    const href = urlFor(list);
    if (href === window.location.href) return;
    try {
      if (mode === 'push') window.history.pushState(null, '', href);
      else window.history.replaceState(window.history.state, '', href);
    } catch (error) {
      // Some sandboxed or file:// pages refuse history changes; filtering still works.
    }
  }

  /** Speak the count once changes pause (the visible count is already up to date).
   * @param {PaperList} list @param {string} text */
  function announceCount(list, text) {
    clearTimeout(list.announceTimer);
    list.announceTimer = setTimeout(() => {
      list.announceTimer = 0;
      const announcer = list.controls.announcer;
      if (announcer.textContent !== text) announcer.textContent = text;
    }, ANNOUNCE_DELAY);
  }

  // Apply the state to the page, then record it: 'push', 'replace' (debounced) or null.
  // Every change but the first (the page as loaded) is announced.
  /** @param {PaperList} list @param {HistoryMode} mode @param {boolean} [quiet] */
  function commit(list, mode, quiet) {
    showState(list);
    const text = filterList(list);
    sortList(list);
    if (!quiet) announceCount(list, text);
    if (mode === 'replace') {
      clearTimeout(list.urlTimer);
      list.urlTimer = setTimeout(() => writeUrl(list, 'replace'), SEARCH_URL_DELAY);
    } else if (mode === 'push') {
      // Settle pending typing into the current entry first, so Back returns to it.
      if (list.urlTimer) writeUrl(list, 'replace');
      writeUrl(list, 'push');
    }
  }

  function onPopState() {
    for (const list of lists) {
      clearTimeout(list.urlTimer); // a pending search write must not undo Back
      list.urlTimer = 0;
      list.state = readUrl(list.id, list.tags);
      commit(list, null);
    }
  }

  /** @param {HTMLElement} container */
  function setUpList(container) {
    if (container.dataset.ndifEnhanced || !container.parentNode) return;
    const { items, groups, tags } = readList(container);
    if (!items.length) return;
    container.dataset.ndifEnhanced = '1';
    const id = container.id;
    const controls = buildBar(items, tags, id);
    /** @type {PaperList} */
    const list = {
      items, groups, tags, id, controls, state: readUrl(id, tags), sorted: 'default', urlTimer: 0, announceTimer: 0,
    };
    wire(list);
    container.parentNode.insertBefore(controls.bar, container);
    commit(list, null, true);
    lists.push(list);
  }

  /* ---------- copy buttons ---------- */

  // One click listener on the document serves every copy button: a page of 5,000
  // papers has no listener or closure per paper, and the buttons of collapsed BibTeX
  // are only made when their disclosure opens. A button knows what it copies from
  // where it sits: the <pre> of its block, or (data-ndif-copies=text) its parent's text.

  /** @type {HTMLSpanElement | null} */
  let status = null; // one shared, visually hidden live region for copy results
  /** @type {WeakMap<HTMLButtonElement, number>} */
  const resetTimers = new WeakMap();

  /** @param {string} text */
  function announce(text) {
    if (!status) {
      status = el('span', { className: 'ndif-visually-hidden', role: 'status', 'aria-live': 'polite' });
      document.body.appendChild(status);
    }
    const region = status;
    region.textContent = '';
    // A fresh change in a later task makes repeated announcements audible.
    setTimeout(() => { region.textContent = text; }, 50);
  }

  /** @param {string} text @returns {boolean} */
  function copyWithTextarea(text) {
    const active = document.activeElement;
    const area = el('textarea', { readonly: '', 'aria-hidden': 'true', className: 'ndif-copy-buffer' });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (error) { ok = false; }
    area.remove();
    if (active instanceof HTMLElement) active.focus();
    return ok;
  }

  /** @param {string} text @returns {Promise<boolean>} */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(() => true, () => copyWithTextarea(text));
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  /** The text a button copies. @param {HTMLButtonElement} button */
  function textFor(button) {
    const host = button.parentElement;
    if (!host) return '';
    if (button.dataset.ndifCopies === 'text') {
      // The host's own text, without this button.
      return Array.from(host.childNodes)
        .filter((node) => node !== button)
        .map((node) => node.textContent).join('').replace(/\s+/g, ' ').trim();
    }
    return host.querySelector('pre')?.textContent || '';
  }

  /** @param {HTMLButtonElement} button @param {boolean} ok */
  function showCopied(button, ok) {
    const text = ok ? label('copied') : label('copyFailed');
    button.textContent = text;
    button.classList.toggle('ndif-copied', ok);
    button.classList.toggle('ndif-copy-failed', !ok);
    announce(text);
    clearTimeout(resetTimers.get(button));
    resetTimers.set(button, setTimeout(() => {
      button.textContent = label('copy');
      button.classList.remove('ndif-copied', 'ndif-copy-failed');
    }, COPIED_DELAY));
  }

  /** @param {MouseEvent} event */
  function onClick(event) {
    const target = event.target;
    const button = target instanceof Element ? target.closest('button.ndif-copy') : null;
    if (!(button instanceof HTMLButtonElement)) return;
    copyText(textFor(button)).then((ok) => showCopied(button, ok));
  }

  // The blocks sphinx-copybutton gives a button of its own: those matching its
  // selector (the extension passes the site's `copybutton_selector`; a page that
  // loads copybutton.js by hand gets its default). Asking the selector, not whether
  // a button is there yet, gives the same answer whichever script runs first.
  /** @returns {string | null} */
  function copybuttonSelector() {
    const given = objectOrEmpty(page.NDIF_OPTIONS).copybuttonSelector;
    if (typeof given === 'string' && given) return given;
    return document.querySelector('script[src*="copybutton"]') ? 'div.highlight pre' : null;
  }

  /** @param {Element} pre @param {string | null} selector */
  function handledByCopybutton(pre, selector) {
    if (!selector) return false;
    // An invalid selector stops copybutton too, so the block needs our button.
    try { return pre.matches(selector); } catch (error) { return false; }
  }

  /** @param {HTMLElement} host @param {string} ariaLabel @param {boolean} copiesText */
  function addCopyButton(host, ariaLabel, copiesText) {
    const button = el('button', { type: 'button', className: 'ndif-copy', 'aria-label': ariaLabel, text: label('copy') });
    if (copiesText) button.dataset.ndifCopies = 'text';
    host.appendChild(button);
  }

  /** Which block a button copies, in words: its paper, its format, or BibTeX. @param {Element} block */
  function blockLabel(block) {
    const title = block.closest('li.ndif-paper')?.querySelector('.ndif-paper-title')?.textContent;
    if (title && title.trim()) return label('copyBibtexOf').replace('{title}', title.replace(/\s+/g, ' ').trim());
    const format = block.closest('.ndif-format')?.querySelector('.ndif-format-title')?.textContent;
    if (format && format.trim() && !block.classList.contains('ndif-bibtex')) {
      return label('copyFormat').replace('{format}', format.trim());
    }
    return label('copyBibtex');
  }

  /** Give every shown block under `root` its copy button, once. @param {ParentNode} root */
  function addCopyButtons(root) {
    const selector = copybuttonSelector();
    for (const host of root.querySelectorAll(COPY_HOSTS)) {
      if (!(host instanceof HTMLElement) || host.querySelector('.copybtn, .ndif-copy')) continue;
      if (host.classList.contains('ndif-citation-reference')) {
        addCopyButton(host, label('copyCitation'), true);
        continue;
      }
      const pre = host.querySelector('pre');
      if (!pre || handledByCopybutton(pre, selector)) continue;
      addCopyButton(host, blockLabel(host), false);
    }
  }

  // `toggle` does not bubble: a capturing listener on the document sees every <details>.
  /** @param {Event} event */
  function onToggle(event) {
    const details = event.target;
    if (details instanceof HTMLDetailsElement && details.open) addCopyButtons(details);
  }

  /* ---------- format tabs ---------- */

  // Each `.ndif-format` panel (a titled block without JavaScript) becomes a tab;
  // one panel shows at a time. Arrow keys, Home and End move between tabs.
  let tabCount = 0;
  /** @param {Element} container */
  function setUpTabs(container) {
    const panels = Array.from(container.children).filter(
      /** @returns {child is HTMLElement} */ (child) => child instanceof HTMLElement && child.classList.contains('ndif-format'));
    if (panels.length < 2) return;
    const tablist = el('div', { className: 'ndif-tablist', role: 'tablist', 'aria-label': label('formats') });
    const tabs = panels.map((panel, index) => {
      const title = panel.querySelector('.ndif-format-title');
      const id = `ndif-tab-${++tabCount}`;
      panel.id = panel.id || `${id}-panel`;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', id);
      panel.tabIndex = 0;
      if (title) title.classList.add('ndif-visually-hidden');
      const tab = el('button', {
        type: 'button', role: 'tab', id, className: 'ndif-tab',
        'aria-controls': panel.id, text: title ? title.textContent || '' : String(index + 1),
      });
      tablist.appendChild(tab);
      return tab;
    });
    /** @param {number} index @param {boolean} focus */
    const select = (index, focus) => {
      tabs.forEach((tab, i) => {
        const on = i === index;
        tab.setAttribute('aria-selected', String(on));
        tab.tabIndex = on ? 0 : -1;
        const panel = panels[i];
        if (panel) panel.hidden = !on;
      });
      if (focus) tabs[index]?.focus();
    };
    tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => select(index, false));
      tab.addEventListener('keydown', (event) => {
        const last = tabs.length - 1;
        /** @type {Record<string, number>} */
        const moves = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last };
        const next = moves[event.key];
        if (next === undefined) return;
        event.preventDefault();
        select(next, true);
      });
    });
    container.insertBefore(tablist, container.firstChild);
    container.classList.add('ndif-formats-tabbed');
    select(0, false);
  }

  /* ---------- start ---------- */

  function init() {
    if (document.documentElement.dataset.ndifReady === '1') return; // loaded twice
    for (const container of document.querySelectorAll('.ndif-papers:not(.ndif-no-filter)')) {
      if (container instanceof HTMLElement) setUpList(container);
    }
    for (const container of document.querySelectorAll('.ndif-formats')) setUpTabs(container);
    addCopyButtons(document);
    document.addEventListener('click', onClick);
    document.addEventListener('toggle', onToggle, true);
    window.addEventListener('popstate', onPopState);
    document.documentElement.dataset.ndifReady = '1';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
