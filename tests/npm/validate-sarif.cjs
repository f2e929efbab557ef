// Validate SARIF files against the official SARIF 2.1.0 JSON schema (the sarif-2.1.0.json shipped in npm's
// @microsoft/sarif-multitool-linux) with Ajv, a JSON Schema validator (draft 2020-12, formats checked).
//   node validate.cjs NODE_MODULES SCHEMA FILE...
// Prints each error with its JSON pointer; exits 1 when a file is invalid.
'use strict';
const path = require('path');
const fs = require('fs');
const modules = process.argv[2];
const Ajv2020 = require(path.join(modules, 'ajv/dist/2020')).default;
const addFormats = require(path.join(modules, 'ajv-formats')).default;
const schema = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
for (const file of process.argv.slice(4)) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(doc)) {
    console.log(`${path.basename(file)}: valid SARIF 2.1.0`);
  } else {
    bad++;
    for (const e of validate.errors.slice(0, 20))
      console.log(`${path.basename(file)}: ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(bad ? 1 : 0);
