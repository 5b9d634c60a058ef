// A search box with suggestions as you type (names and aliases, accents folded
// by the server), driven by the keyboard as well as the mouse: ↓ ↑ to move,
// Enter to pick, Escape to close.
import * as api from './api.js';
import { h } from './panels.js';
import { kindStyle } from './styles.js';

function fold(s) {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

// matchedAlias returns the alias that the text matched when the name did not.
function matchedAlias(e, q) {
  const fq = fold(q);
  if (fold(e.name).includes(fq)) return '';
  return (e.aliases || []).find((a) => fold(a).includes(fq)) || '';
}

export function attachSearch(input, list, onPick) {
  let items = [];
  let active = -1;
  let ctl = null;
  let timer = 0;
  let seq = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    }
  };

  const pick = (i) => {
    const e = items[i];
    if (!e) return;
    input.value = e.name;
    input.dataset.id = e.id;
    close();
    onPick(e);
  };

  const show = (q, res) => {
    items = res.items;
    if (!items.length) {
      list.replaceChildren(h('li', { class: 'none', role: 'option', 'aria-disabled': 'true' }, `Nothing matches “${q}”`));
    } else {
      list.replaceChildren(...items.map((e, i) => {
        const alias = matchedAlias(e, q);
        return h('li', {
          id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': e.id,
          onmousedown: (ev) => { ev.preventDefault(); pick(i); },
        },
        h('span', { class: 'swatch ' + kindStyle(e.kind).shape, style: `background:${kindStyle(e.kind).color};width:10px;height:10px` }),
        h('span', {}, e.name),
        alias ? h('span', { class: 'alias' }, alias) : null,
        h('span', { class: 'kind' }, kindStyle(e.kind).label));
      }));
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(items.length ? 0 : -1);
  };

  const lookup = async () => {
    const q = input.value.trim();
    if (!q) { close(); return; }
    if (ctl) ctl.abort();
    ctl = new AbortController();
    const mine = ++seq;
    try {
      const res = await api.search(q, { limit: 10, signal: ctl.signal });
      if (mine === seq && document.activeElement === input) show(q, res);
    } catch (err) {
      if (err.name !== 'AbortError') console.warn('search failed:', err.message);
    }
  };

  input.addEventListener('input', () => {
    delete input.dataset.id;
    clearTimeout(timer);
    timer = setTimeout(lookup, 120);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' && !list.hidden) { ev.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
    else if (ev.key === 'ArrowUp' && !list.hidden) { ev.preventDefault(); highlight(Math.max(active - 1, 0)); }
    else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (!list.hidden && active >= 0) pick(active);
      else lookup();
    } else if (ev.key === 'Escape' && !list.hidden) { ev.stopPropagation(); close(); }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));

  return {
    set(entity) {
      input.value = entity ? entity.name : '';
      if (entity) input.dataset.id = entity.id; else delete input.dataset.id;
    },
    id: () => input.dataset.id || '',
  };
}
