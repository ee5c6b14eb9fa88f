// Pure helpers of the 就业状况 page (employment.html): series documents as the
// API returns them in, chart-ready arrays out. No DOM, so node tests them.

// The series each chart draws (ids of corpus/importers/labour_stats.py).
export const SERIES = {
  unemployment: ['nbs-urban-unemp', 'nbs-urban-unemp-31city'],
  youth: ['nbs-urban-unemp-youth-1624', 'nbs-urban-unemp-youth-1624-exstudent'],
  newEmployment: 'mohrss-urban-new-employment-ytd',
  graduates: ['nbs-graduates-vocational', 'nbs-graduates-undergraduate',
    'nbs-graduates-postgraduate'],
  graduatesTotal: 'nbs-graduates-total',
  wages: 'nbs-average-wage-urban-units',
};

// Series with a forecast drawn (GET /api/v1/insights/forecast): the monthly ones
// with a long enough history.
export const FORECAST_SERIES = ['nbs-urban-unemp', 'mohrss-urban-new-employment-ytd'];
export const FORECAST_HORIZON = 12;

// Monthly flows of a year-to-date series: January is its own value, every
// other month the difference from the previous month of the same year. A month
// whose previous month is missing (MOHRSS's combined releases, the missing
// 2016-11/12) has no flow: null, drawn as a gap, never guessed.
export function monthlyFlows(observations) {
  const byPeriod = new Map(observations.map((o) => [o.period, o.value]));
  return observations.map(({ period, value }) => {
    const [year, month] = period.split('-').map(Number);
    if (month === 1) return { period, value };
    const previous = `${year}-${String(month - 1).padStart(2, '0')}`;
    if (!byPeriod.has(previous)) return { period, value: null };
    return { period, value: round(value - byPeriod.get(previous), 4) };
  });
}

export function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// The next `count` periods after `period` ('YYYY-MM', 'YYYY-Qn' or 'YYYY').
export function nextPeriods(period, count) {
  const out = [];
  let [year, rest] = period.split('-');
  year = Number(year);
  if (rest === undefined) {
    for (let i = 1; i <= count; i++) out.push(String(year + i));
    return out;
  }
  const quarterly = rest.startsWith('Q');
  let n = Number(quarterly ? rest.slice(1) : rest);
  const per = quarterly ? 4 : 12;
  for (let i = 0; i < count; i++) {
    n += 1;
    if (n > per) { n = 1; year += 1; }
    out.push(quarterly ? `${year}-Q${n}` : `${year}-${String(n).padStart(2, '0')}`);
  }
  return out;
}

// Every period from the first to the last of several [{period}] lists, gaps
// included: a missing month keeps its place on the axis, so the two sides of
// a gap (or of a break) are drawn apart, never next to each other.
export function periodAxis(...lists) {
  const all = new Set();
  for (const list of lists) for (const o of list || []) all.add(o.period);
  const sorted = [...all].sort();
  if (sorted.length < 2) return sorted;
  const last = sorted[sorted.length - 1];
  const axis = [sorted[0]];
  // Bounded: periods of one frequency; mixed formats fall back to the union.
  while (axis[axis.length - 1] < last && axis.length <= 5000) {
    axis.push(nextPeriods(axis[axis.length - 1], 1)[0]);
  }
  return axis[axis.length - 1] === last ? axis : sorted;
}

// Values of `observations` on `axis`, null where a period has none: a line
// through nulls breaks, so two series (or two sides of a break) never join.
export function onAxis(axis, observations) {
  const byPeriod = new Map((observations || []).map((o) => [o.period, o.value]));
  return axis.map((p) => (byPeriod.has(p) ? byPeriod.get(p) : null));
}

// The caption under a chart: agency, last update, latest period.
export function sourceLine(docs) {
  const parts = [];
  for (const doc of docs) {
    if (!doc) continue;
    const last = doc.observations.length ? doc.observations[doc.observations.length - 1].period : '';
    const bits = [doc.org || '未注明来源'];
    if (doc.published_at) bits.push(`更新于 ${doc.published_at}`);
    if (last) bits.push(`最新数据 ${last}`);
    parts.push(`${doc.title}：${bits.join(' · ')}`);
  }
  return parts.join('；');
}

// 毕业去向落实率 (employed + further study over graduates), one decimal.
export function placementRate(report) {
  return round((100 * (report.employed + (report.further_study || 0))) / report.graduates, 1);
}

// The rows of the report table for one school and year, with the change of
// the employment rate against the same major's report of the previous year.
export function reportRows(reports, school, year) {
  const key = (r) => `${r.school}\u0000${r.major || ''}`;
  const previous = new Map(reports.filter((r) => r.year === year - 1).map((r) => [key(r), r]));
  return reports
    .filter((r) => r.school === school && r.year === year)
    .sort((a, b) => (a.major || '').localeCompare(b.major || '', 'zh-CN'))
    .map((r) => {
      const before = previous.get(key(r));
      return {
        ...r,
        placement_rate: placementRate(r),
        rate_change: before ? round(r.employment_rate - before.employment_rate, 1) : null,
      };
    });
}

// Reports of the same major in other schools, same year: the comparison.
export function sameMajorElsewhere(reports, major, year) {
  return reports.filter((r) => r.major === major && r.year === year);
}
