#!/usr/bin/env node
// Mints local HS256 bearer tokens for the stack `npm start` runs (its secret and its database
// are found in .codev/, or CODEV_STATE_DIR). `npm run token -- --help` says how.
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Mints bearer tokens for the local stack (npm start).

  npm run token -- --admin                      a platform administrator
  npm run token -- --list                       a token per registered organisation, with its id
  npm run token -- --org <id>                   a token acting for one organisation
  options:  --roles a,b   roles the token carries (default: org-admin,member)
            --sub name    who the token is (default: demo-user-<organisation id>)
            --hours n     how long it lives (default 12; the API accepts at most 24)

What each role may do:
${[
  [
    'platform-admin',
    'keeps jurisdictions and organisations, hands programmes over, reads the audit trail',
  ],
  [
    'org-admin',
    "edits its organisation's profile, submits, withdraws, publishes and closes its calls",
  ],
  ['member', 'acts for its organisation: submits, withdraws, takes the steps its party takes'],
  ['programme-designer', "writes, publishes and retires its organisation's programmes"],
  ['evaluator', "scores applications to its organisation's calls"],
]
  .map(([role, may]) => `  ${role.padEnd(19)} ${may}`)
  .join('\n')}
A programme may name roles of its own (e.g. committee-member) for its steps.`;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = process.env.CODEV_STATE_DIR ?? join(root, '.codev');

let values;
try {
  ({ values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      admin: { type: 'boolean' },
      list: { type: 'boolean' },
      org: { type: 'string' },
      roles: { type: 'string', default: 'org-admin,member' },
      sub: { type: 'string' },
      hours: { type: 'string', default: '12' },
    },
  }));
} catch (e) {
  fail(`${e.message}\n\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const secretFile = join(stateDir, 'jwt-secret');
const secret =
  process.env.JWT_SECRET ??
  (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined);
if (!secret)
  fail(`No JWT_SECRET and no ${secretFile}: run \`npm start\` once first, or set JWT_SECRET.`);
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) fail(`--hours must be a positive number of hours`);

// The API checks issuer and audience (JWT_ISSUER / JWT_AUDIENCE, these by default) and refuses
// a token that lives longer than JWT_MAX_LIFETIME_HOURS (24 by default).
const mint = (claims) =>
  jwt.sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn: `${hours}h`,
    issuer: process.env.JWT_ISSUER ?? 'codev-local',
    audience: process.env.JWT_AUDIENCE ?? 'codev-api',
  });
const roles = values.roles.split(',').filter(Boolean);

if (values.admin) {
  console.log(mint({ sub: values.sub ?? 'demo-admin', roles: ['platform-admin'] }));
} else if (values.org) {
  console.log(mint({ sub: values.sub ?? `demo-user-${values.org}`, org: values.org, roles }));
} else if (values.list) {
  const client = new pg.Client(databaseUrl());
  try {
    await client.connect();
  } catch (e) {
    fail(`Cannot reach the database at ${redacted(client)}: ${e.message}. Is npm start running?`);
  }
  const { rows } = await client.query(
    'SELECT id, name, kind FROM organisation ORDER BY name_key, id',
  );
  await client.end();
  console.log(
    `# ${rows.length} organisations; each token carries the roles ${roles.join(', ')}.\n`,
  );
  for (const o of rows)
    console.log(
      `# ${o.name} (${o.kind})  id ${o.id}\n${mint({ sub: `demo-user-${o.id}`, org: o.id, roles })}\n`,
    );
} else {
  fail(`Say --admin, --list or --org <id>.\n\n${USAGE}`);
}

/** The running stack's database: DATABASE_URL, or what `npm start` wrote where it keeps its state. */
function databaseUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const stack = join(stateDir, 'stack.json');
  if (!existsSync(stack))
    fail(`npm start is not running (no ${stack}): start it, or set DATABASE_URL.`);
  return JSON.parse(readFileSync(stack, 'utf8')).databaseUrl;
}

function redacted(client) {
  return `${client.host}:${client.port}/${client.database}`;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
