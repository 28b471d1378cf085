import { existsSync } from 'node:fs';
import { CodevError } from '@codev/domain';
import { AgreementService } from '../agreements/agreement.service';
import { parseFolder } from './programme-files';

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
  const parsed = parseFolder(folder, (text) => agreements.parse(text), 'agreements');
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
