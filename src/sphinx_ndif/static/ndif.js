/* sphinx-ndif: filter bar for `.ndif-papers` lists and copy buttons for
 * BibTeX and citations. Progressive enhancement only: the HTML is complete
 * without this file, so everything here is added, never required.
 * Page text is only ever set with textContent, never parsed as markup. */
(function () {
  'use strict';

  // English defaults; the extension passes translated labels as window.NDIF_LABELS.
  const DEFAULT_LABELS = {
    search: 'Search titles, authors, venues, summaries', tags: 'Tags', matchAll: 'Match all tags',
    from: 'From', to: 'To', sort: 'Sort', default: 'Default order', newest: 'Newest first',
    oldest: 'Oldest first', title: 'Title', author: 'First author', clear: 'Clear filters',
    count: '{shown} of {total} papers', copy: 'Copy', copied: 'Copied', copyFailed: 'Copy failed',
    copyBibtex: 'Copy BibTeX', copyCitation: 'Copy citation',
  };
  const given = window.NDIF_LABELS;
  const LABELS = Object.assign({}, DEFAULT_LABELS, given && typeof given === 'object' ? given : {});
  const label = (key) => String(LABELS[key] == null || LABELS[key] === '' ? DEFAULT_LABELS[key] : LABELS[key]);

  const SORTS = ['default', 'newest', 'oldest', 'title', 'author'];
  const URL_KEYS = ['tags', 'match', 'q', 'from', 'to', 'sort'];
  const SEARCH_URL_DELAY = 250; // ms: the URL follows typing lazily; filtering does not wait
  const COPIED_DELAY = 2000;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const lists = [];

  // Accent- and case-insensitive form used for both the papers and the query.
  const fold = (text) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ');

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

  function parseYear(value) {
    const text = String(value == null ? '' : value).trim();
    return /^-?\d{1,6}$/.test(text) ? Number(text) : null;
  }

  function emptyState() {
    return { tags: new Set(), match: 'any', q: '', from: null, to: null, sort: 'default' };
  }

  /* ---------- reading the list once ---------- */

  function readList(container) {
    const items = [];
    const groups = [];
    const tagsSeen = new Set();
    for (const ul of container.querySelectorAll('ul.ndif-paper-list')) {
      const rubric = ul.previousElementSibling;
      const group = { ul, rubric: rubric && rubric.classList.contains('ndif-group') ? rubric : null, items: [], visible: 0 };
      for (const li of ul.children) {
        if (!li.classList.contains('ndif-paper')) continue;
        const part = (cls) => (li.querySelector(cls) || {}).textContent || '';
        const tags = (li.dataset.tags || '').split(/\s+/).filter(Boolean);
        tags.forEach((tag) => tagsSeen.add(tag));
        const title = part('.ndif-paper-title');
        // The paper's data as the extension wrote it (title, authors, venue, year,
        // summary), whatever the list shows; older pages: the shown parts.
        const searched = li.dataset.search != null ? li.dataset.search
          : [title, part('.ndif-paper-byline'), part('.ndif-paper-summary')].join(' ');
        const item = {
          li, group, index: items.length, hidden: li.hidden, tags: new Set(tags), year: parseYear(li.dataset.year),
          // Searched text, folded once here so a keystroke only compares strings.
          text: fold(searched),
          sortTitle: li.dataset.sortTitle || fold(title).trim(),
          sortAuthor: li.dataset.sortAuthor || '',
        };
        items.push(item);
        group.items.push(item);
      }
      groups.push(group);
    }
    // [[name, label], ...] in the vocabulary's order: a Map keeps it (an object
    // would not promise to, and sorted keys are what the chips must not show).
    const tagLabels = new Map();
    try {
      const parsed = JSON.parse(container.dataset.ndifTagLabels || '[]');
      const pairs = Array.isArray(parsed) ? parsed : Object.entries(parsed || {});
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

  function buildBar(list) {
    const bar = el('div', { className: 'ndif-filter' });
    if (list.id) bar.dataset.ndifFor = list.id;

    const search = el('input', {
      type: 'search', className: 'ndif-filter-search', placeholder: label('search'),
      'aria-label': label('search'), autocomplete: 'off', spellcheck: 'false',
    });
    const years = list.items.map((item) => item.year).filter((year) => year !== null);
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
    const field = (text, control, cls) =>
      el('label', { className: `ndif-filter-field ${cls}` }, [el('span', { text }), control]);

    const controls = el('div', { className: 'ndif-filter-controls' }, [
      el('div', { className: 'ndif-filter-field ndif-filter-field-search' }, [search]),
      field(label('from'), from, 'ndif-filter-field-year'),
      field(label('to'), to, 'ndif-filter-field-year'),
      field(label('sort'), sort, 'ndif-filter-field-sort'),
    ]);
    bar.appendChild(controls);

    const chips = list.tags.map((tag) => el('button', {
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
    const count = el('div', { className: 'ndif-filter-count', 'aria-live': 'polite' });
    const clear = el('button', { type: 'button', className: 'ndif-clear', text: label('clear') });
    bar.appendChild(el('div', { className: 'ndif-filter-status' }, [count, clear]));

    list.controls = { bar, search, from, to, sort, chips, match, count, clear };
    wire(list);
    return bar;
  }

  function wire(list) {
    const c = list.controls;
    for (const chip of c.chips) {
      chip.addEventListener('click', () => {
        const tag = chip.dataset.tag;
        if (list.state.tags.has(tag)) list.state.tags.delete(tag);
        else list.state.tags.add(tag);
        commit(list, 'push');
      });
    }
    if (c.match) {
      c.match.addEventListener('click', () => {
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
    for (const key of ['from', 'to']) {
      // Filter while typing, but only add a history entry once the value is committed.
      c[key].addEventListener('input', () => {
        list.state[key] = parseYear(c[key].value);
        commit(list, null);
      });
      c[key].addEventListener('change', () => {
        list.state[key] = parseYear(c[key].value);
        commit(list, 'push');
      });
    }
    c.sort.addEventListener('change', () => {
      list.state.sort = SORTS.includes(c.sort.value) ? c.sort.value : 'default';
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
  function showState(list) {
    const c = list.controls;
    const s = list.state;
    for (const chip of c.chips) chip.setAttribute('aria-pressed', String(s.tags.has(chip.dataset.tag)));
    if (c.match) c.match.setAttribute('aria-pressed', String(s.match === 'all'));
    // Only touch values that differ, so the caret does not jump while typing.
    if (c.search.value !== s.q) c.search.value = s.q;
    for (const key of ['from', 'to']) {
      if (parseYear(c[key].value) !== s[key]) c[key].value = s[key] === null ? '' : String(s[key]);
    }
    if (c.sort.value !== s.sort) c.sort.value = s.sort;
  }

  /* ---------- filtering and sorting ---------- */

  function filterList(list) {
    const s = list.state;
    const words = fold(s.q).split(' ').filter(Boolean);
    const wanted = [...s.tags];
    const all = s.match === 'all';
    const yearBound = s.from !== null || s.to !== null;
    const changed = [];
    let shown = 0;
    for (const group of list.groups) group.visible = 0;
    // One pass over plain data; DOM writes are collected and done afterwards.
    for (const item of list.items) {
      let ok = true;
      if (wanted.length) {
        ok = all ? wanted.every((tag) => item.tags.has(tag)) : wanted.some((tag) => item.tags.has(tag));
      }
      if (ok && yearBound) {
        ok = item.year !== null && (s.from === null || item.year >= s.from) && (s.to === null || item.year <= s.to);
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
  }

  const byYear = (a, b, direction) => {
    if (a.year === b.year) return 0;
    if (a.year === null) return 1; // unknown years go last either way
    if (b.year === null) return -1;
    return direction * (a.year - b.year);
  };
  const byText = (a, b) => {
    if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1); // empty last
    return collator.compare(a, b);
  };
  const COMPARE = {
    default: (a, b) => a.index - b.index,
    newest: (a, b) => byYear(a, b, -1) || byText(a.sortTitle, b.sortTitle) || a.index - b.index,
    oldest: (a, b) => byYear(a, b, 1) || byText(a.sortTitle, b.sortTitle) || a.index - b.index,
    title: (a, b) => byText(a.sortTitle, b.sortTitle) || byYear(a, b, -1) || a.index - b.index,
    author: (a, b) => byText(a.sortAuthor, b.sortAuthor) || byYear(a, b, -1) || byText(a.sortTitle, b.sortTitle) || a.index - b.index,
  };

  // Move the existing <li> nodes within their own <ul>; nothing is rebuilt.
  function sortList(list) {
    if (list.sorted === list.state.sort) return;
    list.sorted = list.state.sort;
    const compare = COMPARE[list.state.sort] || COMPARE.default;
    for (const group of list.groups) {
      const ordered = group.items.slice().sort(compare);
      const fragment = document.createDocumentFragment();
      for (const item of ordered) fragment.appendChild(item.li);
      group.ul.appendChild(fragment);
    }
  }

  /* ---------- URL state ---------- */

  function readUrl(list) {
    const state = emptyState();
    if (!list.id) return state;
    const params = new URLSearchParams(window.location.search);
    const get = (key) => params.get(`${list.id}.${key}`);
    const known = new Set(list.tags.map((tag) => tag.name));
    for (const tag of (get('tags') || '').split(',')) if (known.has(tag)) state.tags.add(tag);
    if (get('match') === 'all') state.match = 'all';
    state.q = get('q') || '';
    state.from = parseYear(get('from'));
    state.to = parseYear(get('to'));
    if (SORTS.includes(get('sort'))) state.sort = get('sort');
    return state;
  }

  function urlFor(list) {
    const url = new URL(window.location.href);
    const params = url.searchParams;
    for (const key of URL_KEYS) params.delete(`${list.id}.${key}`);
    const s = list.state;
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

  function writeUrl(list, mode) {
    clearTimeout(list.urlTimer);
    list.urlTimer = null;
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

  // Apply the state to the page, then record it: 'push', 'replace' (debounced) or null.
  function commit(list, mode) {
    showState(list);
    filterList(list);
    sortList(list);
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
      list.urlTimer = null;
      list.state = readUrl(list);
      commit(list, null);
    }
  }

  function setUpList(container) {
    if (container.dataset.ndifEnhanced) return;
    const data = readList(container);
    if (!data.items.length) return;
    container.dataset.ndifEnhanced = '1';
    // `sorted` is the order the <li> nodes are in now: the server's, at first.
    const list = Object.assign(data, { id: container.id, container, state: null, sorted: 'default', urlTimer: null });
    container.parentNode.insertBefore(buildBar(list), container);
    list.state = readUrl(list);
    commit(list, null);
    lists.push(list);
  }

  /* ---------- copy buttons ---------- */

  let status = null; // one shared, visually hidden live region for copy results

  function announce(text) {
    if (!status) {
      status = el('span', { className: 'ndif-visually-hidden', role: 'status', 'aria-live': 'polite' });
      document.body.appendChild(status);
    }
    status.textContent = '';
    // A fresh change in a later task makes repeated announcements audible.
    setTimeout(() => { status.textContent = text; }, 50);
  }

  function copyWithTextarea(text) {
    const active = document.activeElement;
    const area = el('textarea', { readonly: '', 'aria-hidden': 'true', className: 'ndif-copy-buffer' });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (error) { ok = false; }
    area.remove();
    if (active && typeof active.focus === 'function') active.focus();
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(() => true, () => copyWithTextarea(text));
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  function addCopyButton(block, ariaLabel, getText) {
    const button = el('button', { type: 'button', className: 'ndif-copy', 'aria-label': ariaLabel, text: label('copy') });
    let timer = null;
    button.addEventListener('click', () => {
      copyText(getText()).then((ok) => {
        const text = ok ? label('copied') : label('copyFailed');
        button.textContent = text;
        button.classList.toggle('ndif-copied', ok);
        button.classList.toggle('ndif-copy-failed', !ok);
        announce(text);
        clearTimeout(timer);
        timer = setTimeout(() => {
          button.textContent = label('copy');
          button.classList.remove('ndif-copied', 'ndif-copy-failed');
        }, COPIED_DELAY);
      });
    });
    block.appendChild(button);
  }

  // The blocks sphinx-copybutton gives a button of its own: those matching its
  // selector (the extension passes the site's `copybutton_selector`; a page that
  // loads copybutton.js by hand gets its default). Asking the selector, not whether
  // a button is there yet, gives the same answer whichever script runs first.
  function copybuttonSelector() {
    const options = window.NDIF_OPTIONS;
    const given = options && typeof options === 'object' ? options.copybuttonSelector : null;
    if (typeof given === 'string' && given) return given;
    return document.querySelector('script[src*="copybutton"]') ? 'div.highlight pre' : null;
  }

  function handledByCopybutton(pre, selector) {
    if (!selector) return false;
    // An invalid selector stops copybutton too, so the block needs our button.
    try { return pre.matches(selector); } catch (error) { return false; }
  }

  function setUpCopyButtons() {
    const selector = copybuttonSelector();
    for (const block of document.querySelectorAll('.ndif-bibtex, .ndif-copyable')) {
      if (block.querySelector('.copybtn, .ndif-copy')) continue;
      const pre = block.querySelector('pre');
      if (!pre || handledByCopybutton(pre, selector)) continue;
      addCopyButton(block, label('copyBibtex'), () => pre.textContent);
    }
    for (const para of document.querySelectorAll('.ndif-citation-reference')) {
      if (para.querySelector('.ndif-copy')) continue;
      // The paragraph's own text, without the button we add to it.
      const getText = () => Array.from(para.childNodes)
        .filter((node) => !(node.nodeType === 1 && node.classList.contains('ndif-copy')))
        .map((node) => node.textContent).join('').replace(/\s+/g, ' ').trim();
      addCopyButton(para, label('copyCitation'), getText);
    }
  }

  /* ---------- format tabs ---------- */

  // Each `.ndif-format` panel (a titled block without JavaScript) becomes a tab;
  // one panel shows at a time. Arrow keys, Home and End move between tabs.
  let tabCount = 0;
  function setUpTabs(container) {
    const panels = Array.from(container.children).filter((el) => el.classList.contains('ndif-format'));
    if (panels.length < 2) return;
    const list = el('div', { className: 'ndif-tablist', role: 'tablist', 'aria-label': label('formats') });
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
        'aria-controls': panel.id, text: title ? title.textContent : String(index + 1),
      });
      list.appendChild(tab);
      return tab;
    });
    const select = (index, focus) => {
      tabs.forEach((tab, i) => {
        const on = i === index;
        tab.setAttribute('aria-selected', String(on));
        tab.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
      if (focus) tabs[index].focus();
    };
    tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => select(index, false));
      tab.addEventListener('keydown', (event) => {
        const last = tabs.length - 1;
        const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1,
          Home: 0, End: last }[event.key];
        if (next === undefined) return;
        event.preventDefault();
        select(next, true);
      });
    });
    container.insertBefore(list, container.firstChild);
    container.classList.add('ndif-formats-tabbed');
    select(0, false);
  }

  /* ---------- start ---------- */

  function init() {
    if (document.documentElement.dataset.ndifReady === '1') return; // loaded twice
    for (const container of document.querySelectorAll('.ndif-papers:not(.ndif-no-filter)')) {
      setUpList(container);
    }
    for (const container of document.querySelectorAll('.ndif-formats')) setUpTabs(container);
    setUpCopyButtons();
    window.addEventListener('popstate', onPopState);
    window.ndifFilter = { ready: true };
    document.documentElement.dataset.ndifReady = '1';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
