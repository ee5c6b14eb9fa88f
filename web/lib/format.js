// Display text for document values. Pure functions, no DOM: unit-tested in Node
// (tests/format_state.test.mjs).

export const TYPE_LABELS = Object.freeze({ job: '岗位', resource: '教学资源', case: '企业案例' });

export const FACET_LABELS = Object.freeze({
  type: '类型', region: '地区', industry: '行业', education: '学历',
  major: '专业', org: '单位', salary: '薪资',
});

// Detail-view labels, in display order; fields not listed follow under their own name.
export const FIELD_LABELS = Object.freeze([
  ['org', '单位'], ['enterprise', '企业'], ['school', '学校'],
  ['region', '地区'], ['education', '学历要求'], ['experience', '经验要求'],
  ['industry', '行业'], ['major', '专业'], ['level', '层次'], ['format', '形式'],
  ['year', '年份'], ['published_at', '发布日期'], ['skills', '技能'], ['tags', '标签'],
  ['url', '原文链接'], ['id', '编号'],
]);

// How a completion matched, shown beside it; kinds not listed show nothing.
export const SUGGESTION_KINDS = Object.freeze({
  pinyin: '拼音', initials: '首字母', synonym: '近义词', correction: '纠错',
  title: '标题', skill: '技能', org: '单位', major: '专业', tag: '标签',
});

// Yuan as thousands: 8000 → "8k", 7500 → "7.5k", 500 → "500".
export function formatK(yuan) {
  if (yuan < 1000) return String(yuan);
  return `${Math.round(yuan / 100) / 10}k`;
}

const positive = (n) => typeof n === 'number' && Number.isFinite(n) && n > 0;

// A monthly salary range: "8k-12k/月", "15k/月", "8k以上/月", or "面议" when absent.
export function formatSalary(min, max) {
  if (positive(min) && positive(max)) {
    return min === max ? `${formatK(min)}/月` : `${formatK(min)}-${formatK(max)}/月`;
  }
  if (positive(min)) return `${formatK(min)}以上/月`;
  if (positive(max)) return `${formatK(max)}以下/月`;
  return '面议';
}

// A salary filter band from its URL parameters (strings of digits): "5k-10k", "20k以上".
export function formatSalaryBand(min, max) {
  const lo = Number(min || 0);
  const hi = Number(max || 0);
  if (lo && hi) return `${formatK(lo)}-${formatK(hi)}`;
  if (lo) return `${formatK(lo)}以上`;
  if (hi) return `${formatK(hi)}以下`;
  return '不限';
}

export function facetValueLabel(field, value) {
  return field === 'type' ? (TYPE_LABELS[value] || value) : value;
}

// Only http(s) URLs become links; anything else (javascript:, data:…) stays text.
export function isHttpUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
