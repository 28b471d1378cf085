import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodevError } from '@codev/domain';
import { AgreementService } from '../agreements/agreement.service';

/**
 * Loads each agreement of `folder` (YAML or JSON) that is new or changed, its parties bound
 * to registered organisations. Every file is checked before any is saved. Programmes that
 * run under an agreement's component are loaded after it.
 */
export async function loadAgreementFiles(
  folder: string,
  agreements: AgreementService,
): Promise<{ file: string; key: string; published: boolean }[]> {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const problems: string[] = [];
  const parsed = files.flatMap((file) => {
    try {
      return [{ file, definition: agreements.parse(readFileSync(join(folder, file), 'utf8')) }];
    } catch (e) {
      if (!(e instanceof CodevError)) throw e;
      problems.push(...e.violations.map((v) => `${file}: ${v.path}: ${v.message}`));
      return [];
    }
  });
  if (problems.length) throw new Error(`Invalid agreements:\n  ${problems.join('\n  ')}`);
  const results = [];
  for (const { file, definition } of parsed) {
    try {
      results.push({ file, key: definition.key, published: await agreements.load(definition) });
    } catch (e) {
      if (!(e instanceof CodevError)) throw e;
      throw new Error(`${file}: ${e.violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`);
    }
  }
  return results;
}
