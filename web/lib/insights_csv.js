// CSV export of the dashboard's tables, made in the browser from the JSON the
// API returned. RFC 4180 quoting; a leading BOM so spreadsheet programs read
// the Chinese text as UTF-8. Cells that a spreadsheet would run as a formula
// (=, +, -, @ first) get a leading apostrophe.

function cell(value) {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// rows: arrays of cells; header: array of column names.
export function toCsv(header, rows) {
  return '\ufeff' + [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

// The exportable tables of one dashboard state: { name: { header, rows } }.
export function demandTables(demand, gap, queries) {
  const tables = {};
  if (demand) {
    tables.trend = { header: ['月份', '岗位数'],
                     rows: demand.by_month.map((m) => [m.value, m.count]) };
    tables.skills = {
      header: ['技能', '岗位数', '占比', '月薪中位数'],
      rows: demand.skills.map((s, i) => [s.value, s.count, s.share.toFixed(4),
                                         salaryCell(demand.salary_by_skill[i])]),
    };
    tables.salary = {
      header: ['学历', '有薪资岗位数', '最低', '下四分位', '中位数', '上四分位', '最高'],
      rows: demand.salary_by_education.map((g) => [g.value, g.salary.count, g.salary.min,
        g.salary.p25, g.salary.median, g.salary.p75, g.salary.max]),
    };
  }
  if (gap) {
    tables.gap = {
      header: ['类别', '名称', '岗位需求', '教学供给', '供需比'],
      rows: [...gap.skills.map((r) => ['技能', r.value, r.demand, r.supply, r.ratio.toFixed(2)]),
             ...gap.majors.map((r) => ['专业', r.value, r.demand, r.supply, r.ratio.toFixed(2)])],
    };
  }
  if (queries) {
    tables.no_results = { header: ['无结果查询', '次数'],
                          rows: queries.no_results.map((q) => [q.query, q.count]) };
  }
  return tables;
}

function salaryCell(group) {
  return group && group.salary.count > 0 ? group.salary.median : '';
}
