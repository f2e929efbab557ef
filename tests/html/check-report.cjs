'use strict';
// The HTML report (--format html) in headless Chromium: static checks of the file (self-contained, escaped,
// the embedded data equal to the JSON report), DOM checks after the page's script ran (counts, filters and
// sorting driven by the URL fragment the page honours, the page without JavaScript), screenshots at desktop
// and phone width checked for being non-blank, and printing to PDF.
//
//   node tests/html/check-report.cjs SHINSA CHROMIUM      (run from the source tree)
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert/strict');

const [bin, chromium] = process.argv.slice(2);
if (!bin || !chromium) {
  console.error('usage: node tests/html/check-report.cjs SHINSA CHROMIUM');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shinsa-html-'));
let checks = 0;
function ok(cond, what) {
  assert.ok(cond, what);
  checks++;
}
function eq(actual, expected, what) {
  assert.deepStrictEqual(actual, expected, what);
  checks++;
}

function shinsa(args) {
  const r = spawnSync(bin, args, { maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`shinsa ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  }
  return r.stdout;
}

// Chromium, headless, with a fresh profile each time and nothing that reaches the network.
function chrome(args) {
  const profile = fs.mkdtempSync(path.join(tmp, 'profile-'));
  const r = spawnSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars',
    `--user-data-dir=${profile}`, ...args], { maxBuffer: 1 << 28, timeout: 120000 });
  fs.rmSync(profile, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`chromium ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout.toString('utf8');
}

const inputs = ['--no-config', 'examples/laws', 'examples/measures/sakushu-sample.yaml', 'tests/html/hostile.txt'];
const html = shinsa(['check', '-f', 'html', '-j', '1', ...inputs]);
const report = JSON.parse(shinsa(['check', '-f', 'json', ...inputs]).toString('utf8'));
const sum = report.summary;
const total = report.findings.length;
ok(total > 10 && sum.by_severity.error > 0 && sum.by_severity.warning > 0 && sum.by_severity.info > 0,
  'the test input has findings of every severity');

// ---- the file ---------------------------------------------------------------------------------------------
eq(Buffer.compare(html, shinsa(['check', '-f', 'html', '-j', '3', ...inputs])), 0, 'same bytes for -j 1 and -j 3');
const text = html.toString('utf8');
ok(text.startsWith('<!DOCTYPE html>\n<html lang="ja">'), 'an HTML5 document');
ok(text.includes('content="default-src \'none\'; style-src \'unsafe-inline\'; script-src \'unsafe-inline\'"'),
  'a Content-Security-Policy that forbids loading anything');
ok(!/<[a-z]+\s[^>]*\b(src|href|action|srcset|poster|data)\s*=/i.test(text), 'no element refers to another resource');
const style = text.slice(text.indexOf('<style>'), text.indexOf('</style>'));
ok(!/url\(|@import|@font-face/i.test(style), 'the style loads nothing');
eq((text.match(/<script/g) || []).length, 2, 'two script elements (data and code)');
eq((text.match(/<\/script>/g) || []).length, 2, 'no other text closes a script');
ok(text.includes('「&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;」及び&quot;引用&quot;と&#39;単引用&#39;＆A&amp;amp;B&lt;b&gt;太字&lt;/b&gt;'),
  'hostile clause text is escaped in the page');
ok(!text.includes('<script>alert') && !text.includes('<b>太字'), 'no hostile markup survives');
const open = '<script type="application/json" id="shinsa-data">';
const start = text.indexOf(open) + open.length;
const data = JSON.parse(text.slice(start, text.indexOf('</script>', start)));
eq(data.findings, report.findings, 'the embedded data are the JSON report\'s findings');

// ---- the page after its script ran -------------------------------------------------------------------------
const page = path.join(tmp, 'report.html');
fs.writeFileSync(page, html);
const url = 'file://' + page;
function dom(hash, extra = []) {
  const d = chrome([...extra, '--dump-dom', url + hash]);
  const shown = d.match(/<output id="shown">(\d+)<\/output>/);
  const rows = [...d.matchAll(/<tr id="finding-(\d+)" class="finding sev-(\w+)"( hidden="")?>/g)]
    .map((m) => ({ n: Number(m[1]), sev: m[2], visible: !m[3] }));
  const count = (id) => Number((d.match(new RegExp(`id="count-${id}">(\\d+)<`)) || [])[1]);
  return { d, shown: shown ? Number(shown[1]) : NaN, rows, visible: rows.filter((r) => r.visible), count };
}
const all = dom('');
ok(all.d.includes('data-ready="1"'), 'the script ran');
eq(all.count('findings'), total, 'summary: findings');
eq([all.count('error'), all.count('warning'), all.count('info')],
  [sum.by_severity.error, sum.by_severity.warning, sum.by_severity.info], 'summary: by severity');
eq(all.count('inputs'), sum.inputs, 'summary: inputs');
eq(all.rows.length, total, 'one row per finding');
eq([all.shown, all.visible.length], [total, total], 'unfiltered: every row shown');
ok(/<form id="filters" onsubmit/.test(all.d), 'the filters are shown');
for (const [type, n] of Object.entries(sum.by_type)) {
  ok(new RegExp(`<tr data-key="${type}"><th scope="row">${type}</th><td><span class="bar" style="width:[0-9.]+%"></span></td><td class="num">${n}</td>`).test(all.d),
    `chart by analog type: ${type} ${n}`);
}

const warn = dom('#sev=warning');
eq([warn.shown, warn.visible.length], [sum.by_severity.warning, sum.by_severity.warning], 'severity filter');
ok(warn.visible.every((r) => r.sev === 'warning'), 'severity filter: only warnings visible');
eq(warn.rows.length, total, 'filtered rows are hidden, not removed');

const type = Object.keys(sum.by_type)[0];
const byType = dom('#type=' + encodeURIComponent(type));
eq([byType.shown, byType.visible.length], [sum.by_type[type], sum.by_type[type]], 'analog type filter: ' + type);

const rule = 'kpi.incomplete';
const byRule = dom(`#rule=${rule}&sort=severity`);
eq(byRule.visible.length, sum.by_rule[rule], 'rule filter');
const rank = { error: 3, warning: 2, info: 1 };
ok(byRule.visible.every((r, i, a) => i === 0 || rank[a[i - 1].sev] >= rank[r.sev]), 'sorted by severity, most severe first');
eq(dom('#sort=severity').rows[0].sev, 'error', 'sort by severity puts an error first');

const law = '358AC1000000032';
const byLaw = dom('#law=' + law);
eq(byLaw.visible.length, report.findings.filter((f) => f.address.law_id === law).length, 'law filter');
const principle = dom('#principle=ebpm');
eq(principle.visible.length, report.findings.filter((f) => f.principle === 'ebpm').length, 'principle filter');

const q = dom('#q=' + encodeURIComponent('alert(1)'));
eq([q.shown, q.visible.length], [1, 1], 'free text finds the hostile clause');
eq(dom('#q=' + encodeURIComponent('掲示') + '&sev=error').shown, 0, 'filters combine; nothing left');
const bogus = dom('#sev=' + encodeURIComponent('<nonsense>'));
eq(bogus.shown, total, 'an unknown filter value is ignored');

// ---- charts by law and by ministry for e-Gov XML laws ------------------------------------------------------
// e-Gov XML names no competent ministry (所管): the chart by law labels each law with its LawTitle; the chart by
// ministry counts a plan's findings by the measure's lead ministry and an ordinance's by the ministry its 法令番号
// names (昭和二十一年厚生省令第四十二号 → 厚生省), and says how many findings of Acts it could not place.
{
  const lawInputs = ['--no-config', 'tests/fixtures/egov', 'examples/measures/sakushu-sample.yaml'];
  const lawPage = path.join(tmp, 'laws.html');
  fs.writeFileSync(lawPage, shinsa(['check', '-f', 'html', ...lawInputs]));
  const lr = JSON.parse(shinsa(['check', '-f', 'json', ...lawInputs]).toString('utf8'));
  const d = chrome(['--dump-dom', 'file://' + lawPage]);
  ok(d.includes('data-ready="1"'), 'laws page: the script ran');
  const figure = (id) => {
    const at = d.indexOf(`<figure class="chart" id="${id}">`);
    return at < 0 ? '' : d.slice(at, d.indexOf('</figure>', at));
  };
  const bars = (fig) => Object.fromEntries([...fig.matchAll(/<tr data-key="([^"]*)"><th scope="row">([^<]*)<\/th><td>.*?<td class="num">(\d+)<\/td>/g)]
    .map((m) => [m[1], { label: m[2], n: Number(m[3]) }]));
  const byLawChart = bars(figure('chart-law'));
  const lawIds = [...new Set(lr.findings.filter((f) => f.address.kind === 'law').map((f) => f.address.law_id))];
  eq(lawIds.length, 3, 'laws page: findings in each of the three e-Gov laws');
  for (const id of lawIds) {
    const xml = fs.readFileSync(`tests/fixtures/egov/${id}.xml`, 'utf8');
    const title = xml.match(/<LawTitle[^>]*>([^<]*)<\/LawTitle>/)[1];
    eq(byLawChart[id], { label: `${title} (${id})`, n: lr.findings.filter((f) => f.address.law_id === id).length },
      `chart by law: ${id} labelled with its title, counted`);
  }
  const byMinistry = bars(figure('chart-ministry'));
  const ordinance = lr.findings.filter((f) => f.address.law_id === '321M30000100042').length;
  eq(byMinistry['厚生省'] && byMinistry['厚生省'].n, ordinance, 'chart by ministry: the ordinance under the ministry of its 法令番号');
  const measureFindings = lr.findings.filter((f) => f.address.kind === 'measure').length;
  const barSum = Object.values(byMinistry).reduce((a, b) => a + b.n, 0);
  eq(barSum, measureFindings + ordinance, 'chart by ministry: bars add up to the measures\' and the ordinance\'s findings');
  const acts = lr.findings.filter((f) => f.address.kind === 'law' && f.address.law_id !== '321M30000100042').length;
  ok(acts > 0 && figure('chart-ministry').includes(`ほかに法律・政令の指摘 ${acts} 件`), `chart by ministry: the ${acts} findings of Acts are said to be elsewhere`);
  const lawUrl = 'file://' + lawPage;
  const filtered = chrome(['--dump-dom', lawUrl + '#law=321M30000100042']);
  const visible = [...filtered.matchAll(/<tr id="finding-(\d+)" class="finding sev-(\w+)"( hidden="")?>/g)].filter((m) => !m[3]).length;
  eq(visible, ordinance, 'the law filter shows the ordinance\'s findings');
  ok(/<option value="321M30000100042">昭和二十一年厚生省令第四十二号（死産の届出に関する規程） \(321M30000100042\) \(\d+\)<\/option>/.test(filtered),
    'the law filter offers the law by its title');
}

// Without JavaScript the page is what was written: headless Chromium's --dump-dom and --screenshot need
// scripting themselves, so this part is checked on the file.
const fileRows = [...text.matchAll(/<tr id="finding-(\d+)" class="finding sev-(\w+)"( hidden)?>/g)];
eq([fileRows.length, fileRows.filter((m) => !m[3]).length], [total, total], 'without JavaScript every finding is listed');
ok(/<form id="filters" hidden/.test(text) && text.includes('<noscript>'), 'without JavaScript the filters stay hidden, with a note');

// ---- screenshots and print -------------------------------------------------------------------------------
const template = fs.readFileSync(path.join(__dirname, 'colours.html'), 'utf8');
function shot(size) {
  const png = path.join(tmp, `shot-${size}.png`);
  chrome([`--window-size=${size}`, `--screenshot=${png}`, url]);
  const buf = fs.readFileSync(png);
  ok(buf.subarray(1, 4).toString() === 'PNG', `screenshot ${size} is a PNG`);
  const probe = path.join(tmp, 'colours.html');
  fs.writeFileSync(probe, template.replace('<!--SHOT-->', `<img id="shot" src="data:image/png;base64,${buf.toString('base64')}">`));
  const d = chrome(['--virtual-time-budget=10000', '--dump-dom', 'file://' + probe]);
  const m = d.match(/width=(\d+) height=(\d+) colours=(\d+) nonbg=([0-9.]+)/);
  ok(m, `screenshot ${size}: colours counted`);
  const [w, h] = size.split(',').map(Number);
  eq([Number(m[1]), Number(m[2])], [w, h], `screenshot ${size}: size`);
  ok(Number(m[3]) >= 50, `screenshot ${size}: ${m[3]} distinct colours (>= 50)`);
  ok(Number(m[4]) >= 0.03, `screenshot ${size}: ${m[4]} of the pixels unlike the background (>= 0.03)`);
  return m[0];
}
const desktop = shot('1280,1600');
const phone = shot('390,1600');
const pdf = path.join(tmp, 'report.pdf');
chrome(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, url]);
const pdfBytes = fs.readFileSync(pdf);
ok(pdfBytes.subarray(0, 5).toString() === '%PDF-' && pdfBytes.length > 20000, 'prints to a PDF');

fs.rmSync(tmp, { recursive: true, force: true });
console.log(`html report: ${checks} checks passed (${total} findings; desktop ${desktop}; phone ${phone}; PDF ${pdfBytes.length} bytes)`);
