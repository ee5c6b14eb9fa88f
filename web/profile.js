// profile.html: a student's profile → POST /api/v1/recommend → cards with
// reasons. The form state lives in the URL query (shareable, survives reload).

import { ApiError } from './lib/api.js';
import { $, clear, el, show } from './lib/dom.js';
import { renderRecommendation } from './lib/detail_view.js';

const form = $('profile-form');
let controller = null;

// "Java, SpringBoot；MySQL 焊接" → ["Java", "SpringBoot", "MySQL", "焊接"]
export function splitSkills(text) {
  return text.split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean).slice(0, 50);
}

function readForm() {
  const data = new FormData(form);
  const profile = {
    major: String(data.get('major') || '').trim(),
    skills: splitSkills(String(data.get('skills') || '')),
    region: String(data.get('region') || '').trim(),
    education: String(data.get('education') || ''),
    interests: String(data.get('interests') || '').trim(),
    // A pasted CV (POST /api/v1/recommend "text"); not put in the URL: too long.
    text: String(data.get('text') || '').trim(),
    types: data.getAll('types').map(String),
    size: 20,
  };
  for (const key of ['major', 'region', 'education', 'interests', 'text']) {
    if (!profile[key]) delete profile[key];
  }
  return profile;
}

function writeForm(params) {
  for (const key of ['major', 'skills', 'region', 'education', 'interests']) {
    if (params.has(key)) form.elements[key].value = params.get(key);
  }
  if (params.has('types')) {
    const types = new Set(params.get('types').split(','));
    for (const box of form.querySelectorAll('input[name="types"]')) box.checked = types.has(box.value);
  }
}

async function postProfile(profile, signal) {
  let response;
  try {
    response = await fetch('api/v1/recommend', {
      method: 'POST', signal, body: JSON.stringify(profile),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError('无法连接到推荐服务，请检查网络后重试。', 0);
  }
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  if (!response.ok) {
    const message = body?.error?.message || `服务器返回错误（HTTP ${response.status}）`;
    throw new ApiError(message, response.status);
  }
  if (!body || typeof body !== 'object') throw new ApiError('服务器返回了无法识别的数据。', response.status);
  return body;
}

function setStatus(kind, ...content) {
  const status = $('profile-status');
  status.className = `status status-${kind}`;
  status.replaceChildren(...content);
  show(status, true);
}

async function recommend(profile) {
  if (!profile.major && !profile.skills.length && !profile.interests && !profile.text) {
    setStatus('error', el('p', { className: 'error-message' }, '请至少填写专业、技能、兴趣方向或粘贴简历中的一项。'));
    show($('profile-results'), false);
    return;
  }
  if (controller) controller.abort();
  controller = new AbortController();
  const mine = controller;
  setStatus('loading', el('span', { className: 'spinner', 'aria-hidden': 'true' }), '正在为你匹配…');
  try {
    const body = await postProfile(profile, mine.signal);
    if (mine.signal.aborted) return;
    const hits = Array.isArray(body.hits) ? body.hits : [];
    const list = $('profile-hits');
    clear(list);
    list.append(...hits.map((hit) => renderRecommendation(hit, `./#/doc/${encodeURIComponent(hit.id)}`)));
    show($('profile-results'), hits.length > 0);
    if (hits.length === 0) setStatus('empty', el('p', {}, '没有找到匹配的内容，试试补充技能或放宽条件。'));
    else show($('profile-status'), false);
  } catch (err) {
    if (err.name === 'AbortError') return;
    setStatus('error', el('p', { className: 'status-title' }, '推荐失败'),
      el('p', { className: 'error-message' }, err.message));
    show($('profile-results'), false);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const profile = readForm();
  const params = new URLSearchParams();
  for (const key of ['major', 'region', 'education', 'interests']) if (profile[key]) params.set(key, profile[key]);
  if (profile.skills.length) params.set('skills', profile.skills.join(', '));
  params.set('types', profile.types.join(','));
  history.replaceState(null, '', `?${params}`);
  recommend(profile);
});

const initial = new URLSearchParams(location.search);
if ([...initial.keys()].length) {
  writeForm(initial);
  recommend(readForm());
}
