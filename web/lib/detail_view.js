// The document detail view. Every document field is set as text; only http(s)
// URLs become links.

import { $, clear, el, show } from './dom.js';
import { FIELD_LABELS, TYPE_LABELS, formatSalary, isHttpUrl } from './format.js';

// Shown in the header (salary as the subtitle) or as the body.
const NOT_A_FIELD = new Set(['type', 'title', 'body', 'salary_min', 'salary_max']);

export function showDetailLoading(backHref, backLabel) {
  const back = $('back-link');
  back.href = backHref;
  back.textContent = backLabel;
  clear($('related'));
  show($('detail-content'), false);
  const status = $('detail-status');
  status.className = 'status status-loading';
  status.replaceChildren(el('span', { className: 'spinner', 'aria-hidden': 'true' }), '正在加载…');
  show(status, true);
}

export function showDetailError(err, id) {
  const status = $('detail-status');
  const missing = err.status === 404;
  status.className = 'status status-error';
  status.replaceChildren(
    el('p', { className: 'status-title' }, missing ? '没有找到这条内容' : '加载失败'),
    el('p', { className: 'error-message' },
      missing ? `编号为“${id}”的内容不存在，可能已被删除。` : err.message));
  show(status, true);
}

export function showDocument(doc) {
  const type = Object.hasOwn(TYPE_LABELS, doc.type) ? doc.type : 'other';
  const badge = $('detail-badge');
  badge.className = `badge badge-${type}`;
  badge.textContent = TYPE_LABELS[doc.type] || doc.type || '文档';
  $('detail-title').textContent = doc.title || doc.id || '';

  const subtitle = $('detail-subtitle');
  subtitle.textContent = doc.type === 'job' ? formatSalary(doc.salary_min, doc.salary_max) : '';
  show(subtitle, Boolean(subtitle.textContent));

  const rows = FIELD_LABELS.filter(([key]) => key in doc).map(([key, label]) => [key, label, doc[key]]);
  const known = new Set(FIELD_LABELS.map(([key]) => key));
  for (const [key, value] of Object.entries(doc)) {
    if (!known.has(key) && !NOT_A_FIELD.has(key)) rows.push([key, key, value]);
  }
  const dl = $('detail-fields');
  clear(dl);
  for (const [key, label, value] of rows) {
    const dd = fieldValue(key, value);
    if (dd) dl.append(el('div', { className: 'field', 'data-field': key }, el('dt', {}, label), dd));
  }

  const body = $('detail-body');
  clear(body);
  const text = typeof doc.body === 'string' ? doc.body.trim() : '';
  const paragraphs = text.split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
  if (paragraphs.length) body.append(...paragraphs.map((p) => el('p', {}, p)));
  else body.append(el('p', { className: 'muted' }, '暂无详细介绍。'));

  show($('detail-status'), false);
  show($('detail-content'), true);
}

function fieldValue(key, value) {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    return el('dd', {}, el('ul', { className: 'inline-list' }, value.map((v) => el('li', {}, String(v)))));
  }
  if (key === 'url' && typeof value === 'string' && isHttpUrl(value)) {
    return el('dd', {}, el('a', { href: value, rel: 'noopener noreferrer nofollow', target: '_blank' }, value));
  }
  if (typeof value === 'object') return el('dd', {}, JSON.stringify(value));
  return el('dd', {}, String(value));
}
