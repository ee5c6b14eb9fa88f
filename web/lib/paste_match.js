// "粘贴简历 / 岗位描述，找匹配": a pasted CV, job description or syllabus is
// sent whole with POST /api/v1/search (too long for a URL) and searched as
// text; the matching documents are shown as hit cards, the words they share
// with the text marked (<mark>) in title and snippet, their skills listed.
// Not part of the URL routing: the text is not put in the address bar.

import { apiPost } from './api.js';
import { el } from './dom.js';
import { renderHit } from './results_view.js';
import { emptySearch } from './search_state.js';

const MAX_CHARS = 20000;  // the server takes 64 KiB of UTF-8: 20,000 Han characters fit

export function initPasteMatch({ form, text, type, status, results }) {
  let controller = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = text.value.trim();
    if (!q) {
      status.textContent = '请先粘贴一段简历、岗位描述或课程大纲。';
      text.focus();
      return;
    }
    if (q.length > MAX_CHARS) {
      status.textContent = `文本太长：最多 ${MAX_CHARS} 字，当前 ${q.length} 字。`;
      return;
    }
    controller?.abort();
    controller = new AbortController();
    results.replaceChildren();
    results.setAttribute('aria-busy', 'true');
    status.textContent = '正在匹配…';
    try {
      const body = { q, size: 10 };
      if (type.value) body.type = type.value;
      const response = await apiPost('search', body, controller.signal);
      const hits = Array.isArray(response.hits) ? response.hits : [];
      status.textContent = hits.length
        ? `与这段文字最匹配的 ${hits.length} 条结果（共 ${response.total} 条相关）`
        : '没有找到匹配的结果，换一段更具体的描述试试。';
      const state = emptySearch();
      results.replaceChildren(...hits.map((hit) => renderHit(state, hit)));
    } catch (err) {
      if (err.name === 'AbortError') return;
      status.replaceChildren(el('span', { className: 'paste-error', role: 'alert' }, err.message));
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  });
}
