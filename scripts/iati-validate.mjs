#!/usr/bin/env node
// Validates IATI 2.03 activity files against the official schema (docs/standards/iati-2.03, a
// byte-for-byte copy of IATI's; or IATI_SCHEMA_DIR) with libxml2's XML Schema validator: `npm run iati:validate -- file.xml`,
// or the document on stdin when no file is given. Prints each problem and exits 1 on any.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = resolve(
  process.env.IATI_SCHEMA_DIR ?? join(root, 'docs', 'standards', 'iati-2.03'),
);
xmlRegisterFsInputProviders();
const schemaPath = join(schemaDir, 'iati-activities-schema.xsd');
const schema = XmlDocument.fromString(readFileSync(schemaPath, 'utf8'), {
  url: `file://${schemaPath}`,
});
const validator = XsdValidator.fromDoc(schema);

const files = process.argv.slice(2);
const inputs = files.length
  ? files.map((f) => [f, readFileSync(f, 'utf8')])
  : [['stdin', readFileSync(0, 'utf8')]];
let failed = false;
for (const [name, text] of inputs) {
  let doc;
  try {
    doc = XmlDocument.fromString(text);
    validator.validate(doc);
    console.log(`${name}: valid IATI 2.03`);
  } catch (e) {
    failed = true;
    const details = e?.details?.length ? e.details : [{ message: String(e?.message ?? e) }];
    for (const d of details)
      console.log(`${name}: ${d.line ? `line ${d.line}: ` : ''}${d.message.trim()}`);
  } finally {
    doc?.dispose();
  }
}
validator.dispose();
schema.dispose();
process.exit(failed ? 1 : 0);
