import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Principal, Role } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { DirectiveService } from '../calls/directive.service';
import { ProgrammeService } from '../programmes/programme.service';

const LOADER: Principal = {
  subject: 'system:programme-files',
  organisationId: null,
  roles: new Set([Role.PlatformAdmin]),
};

/**
 * Every YAML or JSON file of `folder`, read by `parse`; all their problems at once, each
 * named by its file, so that one bad file loads nothing.
 */
export function parseFolder<T>(
  folder: string,
  parse: (text: string) => T,
  what: string,
): { file: string; definition: T }[] {
  const files = readdirSync(folder)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const problems: string[] = [];
  const parsed = files.flatMap((file) => {
    try {
      return [{ file, definition: parse(readFileSync(join(folder, file), 'utf8')) }];
    } catch (e) {
      if (!(e instanceof CodevError)) throw e;
      problems.push(...e.violations.map((v) => `${file}: ${v.path}: ${v.message}`));
      return [];
    }
  });
  if (problems.length) throw new Error(`Invalid ${what}:\n  ${problems.join('\n  ')}`);
  return parsed;
}

/**
 * Publishes each definition file of `folder` whose content differs from the version in force.
 * Every file is checked before any is published, so one bad file publishes nothing.
 */
export async function loadProgrammeFiles(
  folder: string,
  programmes: ProgrammeService,
): Promise<{ file: string; key: string; published: boolean }[]> {
  const parsed = parseFolder(folder, (text) => programmes.parse(text), 'programme definitions');
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

/** Publishes each directive of `folder` that is not published yet (directives never change). */
export async function loadDirectiveFiles(
  folder: string,
  directives: DirectiveService,
): Promise<{ file: string; key: string; published: boolean }[]> {
  const files = readdirSync(folder)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const parsed = files.map((file) => ({
    file,
    definition: directives.parse(readFileSync(join(folder, file), 'utf8')),
  }));
  const existing = new Set(
    (await directives.byKeys(parsed.map((p) => p.definition.key))).map((d) => d.key),
  );
  const results = [];
  for (const { file, definition } of parsed) {
    const published = !existing.has(definition.key);
    if (published) await directives.publish(definition, LOADER);
    results.push({ file, key: definition.key, published });
  }
  return results;
}
