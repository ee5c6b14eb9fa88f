// The document detail view. Every document field is set as text; only http(s)
// URLs become links.

import { apiGet } from './api.js';
import { $, clear, el, show } from './dom.js';
import { FIELD_LABELS, TYPE_LABELS, formatSalary, isHttpUrl } from './format.js';

const RELATED_PER_GROUP = 4;
let relatedController = null;

// Shown in the header (salary as the subtitle) or as the body.
const NOT_A_FIELD = new Set(['type', 'title', 'body', 'salary_min', 'salary_max']);

export function showDetailLoading(backHref, backLabel) {
  const back = $('back-link');
  back.href = backHref;
  back.textContent = backLabel;
  if (relatedController) relatedController.abort();
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
  loadRelated(doc);
}

// 相关推荐: one group per recommended type (jobs ↔ resources ↔ cases), each
// card with the server's reasons. Failures stay inside the panel.
async function loadRelated(doc) {
  const panel = $('related');
  if (relatedController) relatedController.abort();
  clear(panel);
  const groups = RELATED_GROUPS[doc.type];
  if (!doc.id || !groups) return;
  const controller = new AbortController();
  relatedController = controller;
  panel.className = 'related';
  panel.setAttribute('aria-labelledby', 'related-title');
  const status = el('p', { className: 'status status-loading', role: 'status' },
    el('span', { className: 'spinner', 'aria-hidden': 'true' }), '正在查找相关推荐…');
  panel.append(el('h2', { id: 'related-title' }, '相关推荐'), status);
  const results = await Promise.allSettled(groups.map(([type]) =>
    apiGet(`recommend?id=${encodeURIComponent(doc.id)}&type=${type}&size=${RELATED_PER_GROUP}`,
      controller.signal)));
  if (controller.signal.aborted) return;
  status.remove();
  let shown = 0;
  results.forEach((result, i) => {
    const [type, label] = groups[i];
    if (result.status !== 'fulfilled') return;
    const hits = Array.isArray(result.value.hits) ? result.value.hits : [];
    if (hits.length === 0) return;
    shown += hits.length;
    panel.append(el('section', { className: 'related-group', 'data-type': type },
      el('h3', { className: 'related-group-title' }, label),
      el('ol', { className: 'hits' }, hits.map((hit) => renderRecommendation(hit, relatedHref(hit.id))))));
  });
  if (shown === 0) {
    const failed = results.find((r) => r.status === 'rejected');
    panel.append(el('p', { className: failed ? 'error-message' : 'muted' },
      failed ? `相关推荐加载失败：${failed.reason.message}` : '暂无相关推荐。'));
  }
}

function relatedHref(id) {
  const params = new URLSearchParams(location.search);
  params.delete('doc');
  const qs = params.toString();
  return `${qs ? `?${qs}` : './'}#/doc/${encodeURIComponent(id)}`;
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

// ---------------------------------------------------------------- recommendation cards
// A hit of /api/v1/recommend with its reasons (also used by profile.js).
// Document fields are text; only the server-made title_html is markup.

// Which types a document's panel recommends, each as its own group.
export const RELATED_GROUPS = Object.freeze({
  job: [['resource', '学习这些技能的教学资源'], ['case', '同行业的企业实践案例'], ['job', '相似岗位']],
  resource: [['job', '需要这些技能的岗位'], ['case', '相关企业实践案例'], ['resource', '相似教学资源']],
  case: [['job', '相关岗位'], ['resource', '相关教学资源'], ['case', '相似案例']],
});

export function renderRecommendation(hit, href) {
  const type = Object.hasOwn(TYPE_LABELS, hit.type) ? hit.type : 'other';
  const fields = hit.fields && typeof hit.fields === 'object' ? hit.fields : {};
  const link = el('a', { href, 'data-nav': '', className: 'hit-link' });
  if (typeof hit.title_html === 'string' && hit.title_html) link.innerHTML = hit.title_html;
  else link.textContent = hit.title || hit.id;

  const meta = el('ul', { className: 'hit-meta' });
  const org = fields.org || fields.school || fields.enterprise;
  for (const value of [org, fields.region, fields.education, fields.major]) {
    if (typeof value === 'string' && value) meta.append(el('li', {}, value));
  }
  const salary = type === 'job' && (fields.salary_min || fields.salary_max)
    ? el('p', { className: 'hit-salary' }, formatSalary(fields.salary_min, fields.salary_max))
    : null;
  const reasons = Array.isArray(hit.reasons) ? hit.reasons.filter((r) => typeof r === 'string') : [];
  const reasonList = reasons.length
    ? el('ul', { className: 'hit-tags reasons', 'aria-label': '推荐理由' },
      reasons.map((r) => el('li', { className: 'reason' }, r)))
    : null;
  return el('li', { className: `hit hit-${type} recommendation`, 'data-id': hit.id, 'data-type': type },
    el('article', { className: 'hit-card' },
      el('div', { className: 'hit-head' },
        el('span', { className: `badge badge-${type}` }, TYPE_LABELS[hit.type] || hit.type || '文档'),
        el('h3', { className: 'hit-title' }, link)),
      el('div', { className: 'hit-sub' }, salary, meta.children.length ? meta : null),
      reasonList ? el('div', { className: 'hit-foot' }, el('span', { className: 'muted' }, '推荐理由：'), reasonList) : null));
}
