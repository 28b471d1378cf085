import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const stack = globalThis.__codevStack;
  if (!stack) return;
  await Promise.allSettled([stack.temporal.teardown(), stack.postgres.stop()]);
  rmSync(stack.scratch, { recursive: true, force: true });
}
