#!/usr/bin/env node
// A dry run from the command line: saves a programme file as its draft, runs a sample
// application through it (simulateProgrammeDraft) and prints each funder's share and each
// stage with who acts and when its deadline would fall. `npm run simulate -- --help`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const USAGE = `Dry-runs a programme draft with a sample application, writing no application.

  npm run simulate -- <programme.yaml> <sample.json> --token <designer token>

  <programme.yaml>  the definition (YAML or JSON); saved as the programme's draft first
  <sample.json>     what a submission would send: { title, sector, projectJurisdictionCode,
                    totalAmount, parties: [{ role, organisationId }] } (programmeKey is added)
  --token           a token of the programme's designers (npm run token -- --org <id>
                    --roles programme-designer), or CODEV_TOKEN
  --api             the API (default: the running npm start's, from .codev/stack.json)
  --no-save         simulate the draft already saved, without saving the file`;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fail = (message) => {
  console.error(message);
  process.exit(1);
};

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      token: { type: 'string' },
      api: { type: 'string' },
      'no-save': { type: 'boolean' },
    },
  });
} catch (e) {
  fail(`${e.message}\n\n${USAGE}`);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 2) fail(USAGE);
const token = values.token ?? process.env.CODEV_TOKEN;
if (!token) fail(`No token: pass --token or set CODEV_TOKEN.\n\n${USAGE}`);
const stackFile = join(process.env.CODEV_STATE_DIR ?? join(root, '.codev'), 'stack.json');
const api =
  values.api ??
  (existsSync(stackFile) ? JSON.parse(readFileSync(stackFile, 'utf8')).apiUrl : undefined);
if (!api) fail(`npm start is not running (no ${stackFile}): start it, or pass --api.`);

const [programmeFile, sampleFile] = positionals;
const definitionText = readFileSync(programmeFile, 'utf8');
const key = parse(definitionText)?.key;
if (typeof key !== 'string') fail(`${programmeFile} names no programme key`);
const sample = JSON.parse(readFileSync(sampleFile, 'utf8'));

async function gql(query, variables) {
  const res = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) {
    const [e] = body.errors;
    const fields = (e.extensions?.fields ?? []).map((f) => `  ${f.path}: ${f.message}`);
    fail([`${e.extensions?.code ?? 'ERROR'}: ${e.message}`, ...fields].join('\n'));
  }
  return body.data;
}

if (!values['no-save']) {
  const saved = await gql(
    `mutation($d: String!) { saveProgrammeDraft(definition: $d) { version warnings { message } } }`,
    { d: definitionText },
  );
  console.log(`Saved ${key} as draft version ${saved.saveProgrammeDraft.version}.`);
  for (const w of saved.saveProgrammeDraft.warnings) console.log(`  warning: ${w.message}`);
}
const { simulateProgrammeDraft: run } = await gql(
  `query($input: SubmitApplicationInput!) { simulateProgrammeDraft(input: $input) {
     version currency totalAmount fundingSplit { role amount pledgedAmount pledgedCurrency }
     stages { id name kind within actingRoles localDueAt calendar } } }`,
  { input: { ...sample, programmeKey: key } },
);
console.log(`\nDraft ${run.version}: ${run.totalAmount} ${run.currency}`);
for (const l of run.fundingSplit)
  console.log(
    `  ${l.role.padEnd(16)} ${l.amount.padStart(16)} ${run.currency}` +
      (l.pledgedCurrency ? `  (${l.pledgedAmount} ${l.pledgedCurrency})` : ''),
  );
console.log('\nStages, were each to open now:');
for (const s of run.stages)
  console.log(
    `  ${(s.within ? '  ' : '') + s.id} (${s.kind})` +
      (s.actingRoles.length ? `  acts: ${s.actingRoles.join(', ')}` : '') +
      (s.localDueAt ? `  due ${s.localDueAt} [${s.calendar}]` : ''),
  );
