// Validate SARIF files against the official SARIF 2.1.0 JSON schema (the sarif-2.1.0.json shipped in npm's
// @microsoft/sarif-multitool-linux) with Ajv, a JSON Schema validator (draft 2020-12, formats checked).
//   node validate.cjs NODE_MODULES SCHEMA FILE...
// Prints each error with its JSON pointer; exits 1 when a file is invalid. Each file is also held to GitHub code
// scanning's documented hard limits ("SARIF support for code scanning"; "SARIF results file is too large"):
// 20 runs per file, 25,000 results and 25,000 rules per run, 100 tool extensions per run, 1,000 locations per
// result, 20 tags per rule, 10 MB gzip-compressed (as Node's zlib.gzipSync compresses it; taken as 10,000,000
// bytes). SARIF_MAX_RESULTS / SARIF_MAX_BYTES lower the last two (for reports made with --limit sarif-*).
'use strict';
const path = require('path');
const fs = require('fs');
const zlib = require('zlib');
const maxResults = Number(process.env.SARIF_MAX_RESULTS || 25000);
const maxBytes = Number(process.env.SARIF_MAX_BYTES || 10000000);

function githubLimits(doc, text) {
  const errs = [];
  const gz = zlib.gzipSync(Buffer.from(text, 'utf8')).length;
  if (gz > maxBytes) errs.push(`${gz} bytes gzip-compressed, more than ${maxBytes}`);
  if (doc.runs.length > 20) errs.push(`${doc.runs.length} runs, more than 20`);
  for (const run of doc.runs) {
    const results = run.results || [], rules = (run.tool.driver.rules || []);
    if (results.length > maxResults) errs.push(`${results.length} results in a run, more than ${maxResults}`);
    if (rules.length > 25000) errs.push(`${rules.length} rules in a run, more than 25000`);
    if ((run.tool.extensions || []).length > 100) errs.push('more than 100 tool extensions');
    for (const r of rules)
      if (((r.properties || {}).tags || []).length > 20) errs.push(`rule ${r.id}: more than 20 tags`);
    for (const r of results)
      if ((r.locations || []).length > 1000) errs.push(`a result of ${r.ruleId}: more than 1000 locations`);
  }
  return {errs, gz};
}
const modules = process.argv[2];
const Ajv2020 = require(path.join(modules, 'ajv/dist/2020')).default;
const addFormats = require(path.join(modules, 'ajv-formats')).default;
const schema = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
for (const file of process.argv.slice(4)) {
  const text = fs.readFileSync(file, 'utf8');
  const doc = JSON.parse(text);
  if (validate(doc)) {
    const {errs, gz} = githubLimits(doc, text);
    if (errs.length) {
      bad++;
      for (const e of errs) console.log(`${path.basename(file)}: beyond GitHub code scanning's limits: ${e}`);
    } else {
      console.log(`${path.basename(file)}: valid SARIF 2.1.0, within GitHub's limits (${gz} bytes gzip-compressed)`);
    }
  } else {
    bad++;
    for (const e of validate.errors.slice(0, 20))
      console.log(`${path.basename(file)}: ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(bad ? 1 : 0);
