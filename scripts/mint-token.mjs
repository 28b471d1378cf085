#!/usr/bin/env node
// Mints local HS256 bearer tokens for the demo (the secret `npm start` keeps in .codev/).
//   npm run token -- --admin                       a platform administrator
//   npm run token -- --list                        one org-admin token per registered organisation
//   npm run token -- --org <id> [--roles a,b] [--sub name] [--hours 12]
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    admin: { type: 'boolean' },
    list: { type: 'boolean' },
    org: { type: 'string' },
    roles: { type: 'string', default: 'org-admin,member' },
    sub: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});

const secretFile = join(root, '.codev', 'jwt-secret');
const secret =
  process.env.JWT_SECRET ??
  (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined);
if (!secret) {
  console.error(
    'No JWT_SECRET and no .codev/jwt-secret: run `npm start` once first, or set JWT_SECRET.',
  );
  process.exit(2);
}
// The API checks issuer and audience (JWT_ISSUER / JWT_AUDIENCE, these by default) and refuses
// a token that lives longer than JWT_MAX_LIFETIME_HOURS (24 by default).
const mint = (claims) =>
  jwt.sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn: `${Number(values.hours)}h`,
    issuer: process.env.JWT_ISSUER ?? 'codev-local',
    audience: process.env.JWT_AUDIENCE ?? 'codev-api',
  });

if (values.admin) {
  console.log(mint({ sub: values.sub ?? 'demo-admin', roles: ['platform-admin'] }));
} else if (values.org) {
  console.log(
    mint({
      sub: values.sub ?? `demo-user-${values.org}`,
      org: values.org,
      roles: values.roles.split(','),
    }),
  );
} else if (values.list) {
  const client = new pg.Client(
    process.env.DATABASE_URL ?? 'postgres://postgres:codev-local@127.0.0.1:54320/codev',
  );
  await client.connect();
  const { rows } = await client.query(
    'SELECT id, name, kind FROM organisation ORDER BY name_key, id',
  );
  await client.end();
  for (const o of rows) {
    console.log(
      `# ${o.name} (${o.kind})\n${mint({ sub: `demo-user-${o.id}`, org: o.id, roles: values.roles.split(',') })}\n`,
    );
  }
} else {
  console.error('Say --admin, --list or --org <id>; see the header of scripts/mint-token.mjs.');
  process.exit(2);
}
