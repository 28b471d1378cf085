import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Principal, Role } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { ProgrammeService } from '../programmes/programme.service';

const LOADER: Principal = {
  subject: 'system:programme-files',
  organisationId: null,
  roles: new Set([Role.PlatformAdmin]),
};

/**
 * Publishes each definition file of `folder` whose content differs from the version in force.
 * Every file is checked before any is published, so one bad file publishes nothing.
 */
export async function loadProgrammeFiles(
  folder: string,
  programmes: ProgrammeService,
): Promise<{ file: string; key: string; published: boolean }[]> {
  const files = readdirSync(folder)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const problems: string[] = [];
  const parsed = files.flatMap((file) => {
    try {
      return [{ file, definition: programmes.parse(readFileSync(join(folder, file), 'utf8')) }];
    } catch (e) {
      if (!(e instanceof CodevError)) throw e;
      problems.push(...e.violations.map((v) => `${file}: ${v.path}: ${v.message}`));
      return [];
    }
  });
  if (problems.length)
    throw new Error(`Invalid programme definitions:\n  ${problems.join('\n  ')}`);
  const results = [];
  for (const { file, definition } of parsed) {
    results.push({
      file,
      key: definition.key,
      published: await programmes.publishIfChanged(definition, LOADER),
    });
  }
  return results;
}
