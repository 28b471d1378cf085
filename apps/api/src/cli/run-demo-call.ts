import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { LOCAL_TOKEN_AUDIENCE, LOCAL_TOKEN_ISSUER } from '@codev/auth';
import { DemoCallPlan, runDemoCall } from './demo-call';

/**
 * `node dist/apps/api/src/cli/run-demo-call.js <root> <plan.json>`: replays a demo call plan
 * against the running API (npm start runs it in the background; a resolved call is only read).
 */
async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? '.');
  const secret = process.env.JWT_SECRET;
  if (!secret || !process.env.DATABASE_URL)
    throw new Error('JWT_SECRET and DATABASE_URL must be set');
  const planFile = process.argv[3];
  if (!planFile) throw new Error('name the demo plan, e.g. demo/<name>-call.json');
  const plan = JSON.parse(readFileSync(resolve(root, planFile), 'utf8')) as DemoCallPlan;
  const db = new Client(process.env.DATABASE_URL);
  await db.connect();
  const rows = (
    await db.query<{ name: string; id: string; kind: string }>(
      'SELECT name, id, kind FROM organisation',
    )
  ).rows;
  await db.end();
  const outcome = await runDemoCall({
    graphqlUrl: `http://localhost:${process.env.PORT ?? 3000}/graphql`,
    plan,
    callDefinitionText: readFileSync(join(root, 'calls', plan.callFile), 'utf8'),
    organisations: new Map(rows.map((r) => [r.name, { id: r.id, kind: r.kind }])),
    mint: (claims) =>
      jwt.sign(claims, secret, {
        algorithm: 'HS256',
        expiresIn: '1h',
        issuer: process.env.JWT_ISSUER ?? LOCAL_TOKEN_ISSUER,
        audience: process.env.JWT_AUDIENCE ?? LOCAL_TOKEN_AUDIENCE,
      }),
    log: (m) => process.stdout.write(`[demo call] ${m}\n`),
  });
  const kinds = new Map(rows.map((r) => [r.name, r.kind]));
  const ngos = outcome.funded.filter((f) => kinds.get(f.applicant) === 'NGO').length;
  process.stdout.write(
    `[demo call] ${outcome.key} is ${outcome.status}: ${outcome.funded.length} projects funded ` +
      `(${ngos} through NGOs, ${outcome.funded.length - ngos} by migrant organisations), ${outcome.reserve.length} on the reserve list.\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`[demo call] failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
