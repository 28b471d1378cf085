import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const REFUSED: [string, string][] = [
  ["import { readFileSync } from 'fs';", 'Node builtins'],
  ["import { randomUUID } from 'node:crypto';", 'Node builtins'],
  ["import { DataSource } from 'typeorm';", 'database'],
  ["import { Client } from 'pg';", 'database'],
  ["import { Injectable } from '@nestjs/common';", 'Nest'],
  ["import { Connection } from '@temporalio/client';", '@temporalio/workflow'],
];
const ACCEPTED =
  "import { sleep } from '@temporalio/workflow';\nimport { parseJurisdictionCode } from '@codev/domain';\n" +
  'export async function w(): Promise<boolean> {\n  await sleep(1);\n  return parseJurisdictionCode("MX").ok;\n}\n';

/**
 * Workflows are replayed and must be deterministic; the lint config is what enforces it.
 * Probe files are linted in one run of the real CLI (jest's sandbox cannot load the flat
 * config, and typed linting costs seconds per start).
 */
describe('lint rules for workflows/', () => {
  const dir = mkdtempSync(join(ROOT, 'workflows', 'lint-probe-'));
  const messages = new Map<string, string>();

  beforeAll(() => {
    const files = [...REFUSED.map(([line]) => `${line}\nexport const x = 1;\n`), ACCEPTED].map(
      (source, i) => {
        const file = join(dir, `probe-${i}.workflow.ts`);
        writeFileSync(file, source);
        return file;
      },
    );
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'eslint'),
      ['--format', 'json', ...files],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    for (const result of JSON.parse(run.stdout) as {
      filePath: string;
      messages: { message: string }[];
    }[]) {
      messages.set(result.filePath, result.messages.map((m) => m.message).join('\n'));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(REFUSED.map(([line, reason], i) => [line, reason, i] as const))(
    'refuses %s',
    (_line, reason, i) => {
      expect(messages.get(join(dir, `probe-${i}.workflow.ts`))).toContain(reason);
    },
  );

  it('accepts domain code and the workflow API', () => {
    expect(messages.get(join(dir, `probe-${REFUSED.length}.workflow.ts`))).toBe('');
  });
});
