// Search-as-you-type suggestions for the search box: an ARIA 1.2 combobox
// (the input) controlling a listbox. Requests are debounced and superseded
// ones aborted; a pinyin IME's composition is left alone until it commits.

import { apiGet } from './api.js';
import { clear, el } from './dom.js';
import { SUGGESTION_KINDS } from './format.js';

const DELAY_MS = 120;

// `onChoose(text)` runs when a suggestion is picked (Enter or click).
// Returns { close }.
export function initSuggest({ input, listbox, onChoose }) {
  let timer = 0;
  let controller = null;
  let active = -1;
  let composing = false;

  const options = () => [...listbox.children];
  const isOpen = () => !listbox.hidden && listbox.children.length > 0;

  function close() {
    clearTimeout(timer);
    if (controller) controller.abort();
    controller = null;
    active = -1;
    clear(listbox);
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function schedule() {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      close();
      return;
    }
    timer = setTimeout(() => load(text), DELAY_MS);
  }

  async function load(text) {
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    try {
      const result = await apiGet(`suggest?${new URLSearchParams({ q: text })}`, signal);
      if (signal.aborted || input.value.trim() !== text || document.activeElement !== input) return;
      render(Array.isArray(result.suggestions) ? result.suggestions : []);
    } catch (err) {
      if (err.name !== 'AbortError') close();   // suggestions are a nicety: fail quietly
    }
  }

  function render(items) {
    clear(listbox);
    active = -1;
    input.removeAttribute('aria-activedescendant');
    const seen = new Set();
    for (const item of items) {
      const text = item && typeof item.text === 'string' ? item.text : '';
      if (!text || seen.has(text)) continue;
      const option = el('li', {
        id: `suggestion-${seen.size}`, role: 'option', className: 'suggestion',
        'aria-selected': 'false', 'data-text': text,
      }, el('span', { className: 'suggestion-text' }, text));
      seen.add(text);
      if (Object.hasOwn(SUGGESTION_KINDS, item.kind)) {
        option.append(el('span', { className: 'suggestion-kind' }, SUGGESTION_KINDS[item.kind]));
      }
      // mousedown, not click: the input keeps focus, so its blur does not close the list first.
      option.addEventListener('mousedown', (event) => {
        event.preventDefault();
        choose(text);
      });
      listbox.append(option);
    }
    const open = listbox.children.length > 0;
    listbox.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function setActive(index) {
    const all = options();
    if (all.length === 0) return;
    active = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute('aria-selected', i === active ? 'true' : 'false'));
    input.setAttribute('aria-activedescendant', all[active].id);
    all[active].scrollIntoView({ block: 'nearest' });
  }

  function choose(text) {
    input.value = text;
    close();
    onChoose(text);
  }

  input.addEventListener('compositionstart', () => { composing = true; });
  input.addEventListener('compositionend', () => {
    composing = false;
    schedule();
  });
  input.addEventListener('input', () => {
    if (!composing) schedule();
  });
  input.addEventListener('blur', () => setTimeout(() => {
    if (document.activeElement !== input) close();
  }, 0));
  input.addEventListener('keydown', (event) => {
    // While an IME converts pinyin, Enter and the arrows belong to it.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (isOpen()) setActive(active + 1);
      else schedule();
    } else if (event.key === 'ArrowUp') {
      if (isOpen()) {
        event.preventDefault();
        setActive(active - 1);
      }
    } else if (event.key === 'Enter') {
      if (isOpen() && active >= 0) {
        event.preventDefault();
        choose(options()[active].dataset.text);
      }
      // Otherwise the form submits what was typed.
    } else if (event.key === 'Escape') {
      if (isOpen()) event.preventDefault();   // keep the typed text (type=search would clear it)
      close();                                // also cancels a pending request
    }
  });

  return { close };
}
