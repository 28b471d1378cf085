import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Workflows are replayed and must be deterministic; the lint config is what enforces it. */
describe('lint rules for workflows/', () => {
  const dir = mkdtempSync(join(ROOT, 'workflows', 'lint-probe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function lint(source: string): string[] {
    const file = join(dir, 'probe.workflow.ts');
    writeFileSync(file, source);
    // The real CLI, as CI runs it (jest's module sandbox cannot load the flat config).
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'eslint'),
      ['--format', 'json', file],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const [result] = JSON.parse(run.stdout) as { messages: { message: string }[] }[];
    return result.messages.map((m) => m.message);
  }

  it.each([
    ["import { readFileSync } from 'fs';", 'Node builtins'],
    ["import { randomUUID } from 'node:crypto';", 'Node builtins'],
    ["import { DataSource } from 'typeorm';", 'database'],
    ["import { Client } from 'pg';", 'database'],
    ["import { Injectable } from '@nestjs/common';", 'Nest'],
    ["import { Connection } from '@temporalio/client';", '@temporalio/workflow'],
  ])('refuses %s', (importLine, reason) => {
    const messages = lint(`${importLine}\nexport const x = 1;\n`);
    expect(messages.join('\n')).toContain(reason);
  });

  it('accepts domain code and the workflow API', () => {
    const messages = lint(
      "import { sleep } from '@temporalio/workflow';\nimport { parseJurisdictionCode } from '@codev/domain';\n" +
        'export async function w(): Promise<boolean> {\n  await sleep(1);\n  return parseJurisdictionCode("MX").ok;\n}\n',
    );
    expect(messages).toEqual([]);
  });
});
